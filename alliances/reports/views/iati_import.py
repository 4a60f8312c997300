"""Importing an IATI activity file into a new partnership of the organisation, and the report
of what was mapped and what was skipped."""

import base64
import secrets
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alliances.core.forms import add_service_errors
from alliances.core.permissions import Action
from alliances.organisations.access import access_organisation_by_uuid
from alliances.reports.forms.iati import IatiChooseForm, IatiUploadForm
from alliances.reports.iati.importer import iati_import_create
from alliances.reports.iati.reading import IatiImportError, activity_choice, read_activities
from alliances.reports.models import IatiImport

SESSION_KEY = "iati_upload"


def _import(request, access, *, data: bytes, filename: str, kind: str, index: int):
    activities = read_activities(data)
    record = iati_import_create(
        user=request.user,
        organisation=access.organisation,
        filename=filename,
        activity=activities[index],
        kind=kind,
    )
    messages.success(request, _("The activity has been imported into a new partnership."))
    return redirect(
        "iati:import_report", organisation_uuid=access.organisation.uuid, import_uuid=record.uuid
    )


def _choose(request, access, *, data: bytes, filename: str, kind: str, activities) -> HttpResponse:
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "token": token,
        "filename": filename,
        "kind": kind,
        "data": base64.b64encode(data).decode("ascii"),
    }
    form = IatiChooseForm(initial={"token": token}, choices=_choices(activities))
    return _render_choose(request, access, form)


def _choices(activities) -> list[tuple[int, str]]:
    choices = []
    for index, activity in enumerate(activities):
        identifier, title = activity_choice(activity)
        choices.append((index, f"{title or _('Untitled')} ({identifier or _('no identifier')})"))
    return choices


def _render_choose(request, access, form, status=200) -> HttpResponse:
    context = {"organisation": access.organisation, "access": access, "form": form}
    return render(request, "reports/iati_choose.html", context, status=status)


def _chosen(request, access) -> HttpResponse:
    stored = request.session.get(SESSION_KEY) or {}
    if not stored or stored.get("token") != request.POST.get("token"):
        messages.error(request, _("This upload has expired: upload the file again."))
        return redirect("iati:import", organisation_uuid=access.organisation.uuid)
    data = base64.b64decode(stored["data"])
    activities = read_activities(data)
    form = IatiChooseForm(request.POST, choices=_choices(activities))
    if not form.is_valid():
        return _render_choose(request, access, form, status=400)
    response = _import(
        request,
        access,
        data=data,
        filename=stored["filename"],
        kind=stored["kind"],
        index=form.cleaned_data["activity"],
    )
    request.session.pop(SESSION_KEY, None)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def iati_import(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid, need=Action.EDIT_WORK)
    problems: list[str] = []
    if request.method == "POST" and "token" in request.POST:
        try:
            return _chosen(request, access)
        except (IatiImportError, ValidationError):
            request.session.pop(SESSION_KEY, None)
            messages.error(
                request, _("This upload could not be read again: upload the file again.")
            )
            return redirect("iati:import", organisation_uuid=access.organisation.uuid)
    form = IatiUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        kind = form.cleaned_data["kind"]
        try:
            activities = read_activities(data)
            if len(activities) > 1:
                return _choose(
                    request,
                    access,
                    data=data,
                    filename=upload.name,
                    kind=kind,
                    activities=activities,
                )
            return _import(request, access, data=data, filename=upload.name, kind=kind, index=0)
        except IatiImportError as exc:
            form.add_error("file", exc.message)
            problems = exc.problems
        except ValidationError as exc:
            add_service_errors(form, exc)
    context = {
        "organisation": access.organisation,
        "access": access,
        "form": form,
        "problems": problems,
        "imports": IatiImport.objects.filter(organisation=access.organisation).select_related(
            "partnership"
        )[:10],
    }
    return render(request, "reports/iati_import.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def iati_import_report(
    request: HttpRequest, organisation_uuid: UUID, import_uuid: UUID
) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid, need=Action.EDIT_WORK)
    record = (
        IatiImport.objects.filter(organisation=access.organisation, uuid=import_uuid)
        .select_related("partnership", "created_by")
        .first()
    )
    if record is None:
        raise Http404
    report = record.report or {}
    context = {
        "organisation": access.organisation,
        "access": access,
        "record": record,
        "mapped": report.get("mapped", []),
        "skipped": report.get("skipped", []),
        "counts": report.get("counts", {}),
    }
    return render(request, "reports/iati_import_report.html", context)


urlpatterns = [
    path("import/", iati_import, name="import"),
    path("<uuid:import_uuid>/", iati_import_report, name="import_report"),
]
