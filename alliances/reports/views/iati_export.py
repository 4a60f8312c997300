"""The IATI export of a partnership: the activity file, checked against the 2.03 schema before
it is served; when it cannot be made, a page says what is missing."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from alliances.core.audit import partnership_export_recorded
from alliances.core.permissions import Action
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.reports.iati.export import partnership_export


@login_required
@require_GET
def iati_export(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.VIEW_PARTNERSHIP
    )
    partnership = access.partnership
    export = partnership_export(partnership)
    if not export.ok:
        context = {
            "partnership": partnership,
            "access": access,
            "current": "reports",
            "export": export,
        }
        return render(request, "reports/iati_export_problems.html", context)
    partnership_export_recorded(access=access, what="iati", obj=partnership, actor=request.user)
    response = HttpResponse(export.content, content_type="application/xml")
    filename = f"{slugify(partnership.title) or 'partnership'}-iati.xml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [path("iati.xml", iati_export, name="iati_export")]
