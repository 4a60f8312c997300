"""Dashboards: a partnership's indicators against their targets, an organisation's portfolio,
and the data behind every chart."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from alliances.core.permissions import Action
from alliances.indicators import dashboard_exports as exports
from alliances.indicators.selectors.dashboards import (
    dashboard_for_partnership,
    portfolio_for_organisation,
)
from alliances.organisations.access import access_organisation_by_uuid
from alliances.partnerships.access import access_partnership_by_uuid

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _file(content: bytes, file_format: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _format(request: HttpRequest) -> str | None:
    file_format = request.GET.get("format", "csv") or "csv"
    return file_format if file_format in exports.FORMATS else None


@login_required
@require_safe
def dashboard(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    context = {
        "partnership": access.partnership,
        "access": access,
        "current": "dashboard",
        "dashboard": dashboard_for_partnership(partnership=access.partnership),
        "can_record": access.can(Action.RECORD_VALUES),
    }
    return render(request, "indicators/dashboard_partnership.html", context)


@login_required
@require_safe
def dashboard_data(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    """One indicator's data (?indicator=<uuid>), or every indicator's."""
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    file_format = _format(request)
    if file_format is None:
        return HttpResponseBadRequest(_("Choose CSV or XLSX."))
    partnership = access.partnership
    items = dashboard_for_partnership(partnership=partnership).indicators
    wanted = request.GET.get("indicator")
    title = partnership.title
    if wanted:
        items = [item for item in items if str(item.indicator.uuid) == wanted]
        if not items:
            raise Http404
        title = items[0].indicator.title
    rows = exports.indicator_rows(partnership=partnership, items=items)
    headers = exports.indicator_headers()
    filename = exports.export_filename(title, _("indicators"), file_format)
    if file_format == "xlsx":
        return _file(exports.rows_xlsx(headers, rows, title=title), "xlsx", filename)
    return _file(exports.rows_csv(headers, rows), "csv", filename)


@login_required
@require_safe
def portfolio(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid, need=Action.VIEW_MEMBERS)
    context = {
        "organisation": access.organisation,
        "access": access,
        "portfolio": portfolio_for_organisation(
            organisation=access.organisation, user=request.user, page=_page_number(request)
        ),
    }
    return render(request, "indicators/portfolio_dashboard.html", context)


def _page_number(request: HttpRequest) -> int:
    # A mistyped page number shows the first page rather than an error.
    try:
        return max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        return 1


@login_required
@require_safe
def portfolio_data(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid, need=Action.VIEW_MEMBERS)
    file_format = _format(request)
    if file_format is None:
        return HttpResponseBadRequest(_("Choose CSV or XLSX."))
    organisation = access.organisation
    data = portfolio_for_organisation(organisation=organisation, user=request.user)
    rows = exports.portfolio_rows(data)
    headers = exports.portfolio_headers()
    filename = exports.export_filename(organisation.name, _("impact"), file_format)
    if file_format == "xlsx":
        return _file(exports.rows_xlsx(headers, rows, title=organisation.name), "xlsx", filename)
    return _file(exports.rows_csv(headers, rows), "csv", filename)


urlpatterns = [
    path("dashboard/", dashboard, name="dashboard"),
    path("dashboard/data/", dashboard_data, name="dashboard_data"),
]
# Mounted at organisations/<uuid:organisation_uuid>/impact/
portfolio_urlpatterns = [
    path("", portfolio, name="dashboard"),
    path("data/", portfolio_data, name="data"),
]
