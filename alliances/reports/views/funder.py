"""Funder reports of a partnership: the Reports tab (list and request form), the progress of
a report being generated, its files, and trying a failed one again."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from alliances.core.audit import partnership_export_recorded
from alliances.core.forms import add_service_errors
from alliances.core.permissions import Action
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid
from alliances.reports.downloads import report_file_response
from alliances.reports.forms.reports import ReportRequestForm
from alliances.reports.models import Report
from alliances.reports.selectors import reports as selectors
from alliances.reports.services import reports as services

LIST = "reports/report_list.html"
STATUS = "reports/report_status.html"
STATUS_PAGE = "reports/report_status_page.html"


def _list_url(access: PartnershipAccess) -> str:
    return reverse("reports:list", args=[access.partnership.uuid])


def _form(request: HttpRequest, access: PartnershipAccess, data=None) -> ReportRequestForm:
    return ReportRequestForm(
        data,
        partnership=access.partnership,
        today=timezone.localdate(),
        language=translation.get_language() or "",
    )


def _with_step(report: Report) -> Report:
    report.step_label = services.step_label(report.step)
    return report


def _list_page(request, access: PartnershipAccess, form=None, *, status: int = 200):
    partnership = access.partnership
    can_request = access.can(Action.REQUEST_REPORTS)
    if form is None and can_request:
        form = _form(request, access)
    context = {
        "partnership": partnership,
        "access": access,
        "current": "reports",
        "reports": [
            _with_step(report)
            for report in selectors.reports_in_partnership(partnership=partnership)
        ],
        "form": form if can_request else None,
        "can_request": can_request,
        "public_page": selectors.public_page_in_partnership(partnership=partnership),
    }
    return render(request, LIST, context, status=status)


@login_required
@require_safe
def report_list(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    return _list_page(request, access)


@login_required
@require_POST
def report_request(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.REQUEST_REPORTS)
    form = _form(request, access, request.POST)
    if form.is_valid():
        try:
            report = services.report_request(access=access, user=request.user, **form.report_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your report “%(title)s” is being prepared. It appears below when ready.")
                % {"title": report.title},
            )
            return redirect(_list_url(access) + f"#report-{report.uuid}")
    return _list_page(request, access, form, status=400)


def _report(access: PartnershipAccess, report_uuid: UUID) -> Report:
    return selectors.report_in_partnership(partnership=access.partnership, report_uuid=report_uuid)


@login_required
@require_safe
def report_status(request: HttpRequest, partnership_uuid: UUID, report_uuid: UUID):
    """Where a report stands. htmx polls the fragment every 2 seconds while it is queued or
    running; without JavaScript the full page has a link to look again."""
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    report = _report(access, report_uuid)
    context = {
        "partnership": access.partnership,
        "access": access,
        "current": "reports",
        "report": _with_step(report),
        "can_request": access.can(Action.REQUEST_REPORTS),
    }
    template = STATUS if request.htmx else STATUS_PAGE
    return render(request, template, context)


@login_required
@require_safe
def report_download(
    request: HttpRequest, partnership_uuid: UUID, report_uuid: UUID, fmt: str
) -> FileResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    report = _report(access, report_uuid)
    response = report_file_response(report, fmt)
    partnership_export_recorded(
        access=access, what="report", obj=report, actor=request.user, data={"format": fmt}
    )
    return response


@login_required
@require_POST
def report_retry(request: HttpRequest, partnership_uuid: UUID, report_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.REQUEST_REPORTS)
    report = _report(access, report_uuid)
    try:
        services.report_retry(access=access, user=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report is being prepared again."))
    return redirect(_list_url(access) + f"#report-{report.uuid}")


@login_required
@require_POST
def report_delete(request: HttpRequest, partnership_uuid: UUID, report_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.REQUEST_REPORTS)
    report = _report(access, report_uuid)
    try:
        services.report_delete(access=access, user=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The report “%(title)s” has been deleted.") % {"title": report.title}
        )
    return redirect(_list_url(access))


urlpatterns = [
    path("", report_list, name="list"),
    path("request/", report_request, name="request"),
    path("<uuid:report_uuid>/status/", report_status, name="status"),
    path("<uuid:report_uuid>/retry/", report_retry, name="retry"),
    path("<uuid:report_uuid>/delete/", report_delete, name="delete"),
    path("<uuid:report_uuid>/<str:fmt>/", report_download, name="download"),
]
