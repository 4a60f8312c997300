"""What the framework pages share."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from alliances.core.permissions import Action
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_SESSION_KEY = "framework_import:%s"


def _url(access: PartnershipAccess, anchor: str = "") -> str:
    url = reverse("indicators:framework", args=[access.partnership.uuid])
    return f"{url}#{anchor}" if anchor else url


def _context(access: PartnershipAccess, **extra) -> dict:
    return {"partnership": access.partnership, "access": access, "current": "framework", **extra}


def _editing(request: HttpRequest, partnership_uuid: UUID) -> PartnershipAccess:
    return access_partnership_by_uuid(request.user, partnership_uuid, need=Action.EDIT_FRAMEWORK)


def _closed(request: HttpRequest, access: PartnershipAccess) -> HttpResponse:
    messages.error(request, _("This partnership is closed: its framework can no longer change."))
    return redirect(_url(access))


def _status(form) -> int:
    return 400 if form.errors else 200
