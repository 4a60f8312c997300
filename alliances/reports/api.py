"""API endpoints of funder reports (mounted by alliances.api under /partnerships).

The same checkpoint, selectors and services as the pages: members list reports and download
their files; editors and administrators of any party ask for one (write scope). A report is
generated in the background: ask for it, then poll its status until `status` is "done".
"""

from datetime import date, datetime
from uuid import UUID

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from alliances.core.models import Interface
from alliances.core.permissions import Action
from alliances.lib.api import ERRORS, ApiError, page_schema, paginate, require_write
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.reports.downloads import report_file_response
from alliances.reports.models import Report, ReportStatus
from alliances.reports.selectors import reports as selectors
from alliances.reports.services import reports as services

router = Router(tags=["reports"])

REPORTS = "/{partnership_uuid}/reports"
REPORT = REPORTS + "/{report_uuid}"


class ReportOut(Schema):
    uuid: UUID
    title: str
    period_start: date
    period_end: date
    language: str
    next_steps: str
    status: ReportStatus
    progress: int
    step: str
    step_label: str
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    # Format ("pdf", "docx", "xlsx") → API path of the file, for the formats available.
    files: dict[str, str]

    @staticmethod
    def resolve_step_label(obj) -> str:
        return services.step_label(obj.step)

    @staticmethod
    def resolve_files(obj) -> dict[str, str]:
        if obj.status != ReportStatus.DONE:
            return {}
        return {
            fmt: reverse(
                "api:report_download",
                kwargs={
                    "partnership_uuid": obj.partnership.uuid,
                    "report_uuid": obj.uuid,
                    "fmt": fmt,
                },
            )
            for fmt in services.CONTENT_TYPES
            if getattr(obj, fmt)
        }


ReportPage = page_schema(ReportOut, "ReportPage")


class ReportIn(Schema):
    title: str
    period_start: date
    period_end: date
    language: str | None = None  # the site's default language when not given
    next_steps: str = ""


class PageQuery(Schema):
    cursor: str | None = None
    limit: int | None = None


@router.get(REPORTS, response={200: ReportPage, **ERRORS}, url_name="report_list")
def report_list(request, partnership_uuid: UUID, page: Query[PageQuery]):
    """The partnership's funder reports, the latest first."""
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    query = selectors.reports_in_partnership(partnership=access.partnership)
    rows, next_cursor = paginate(query, cursor=page.cursor, limit=page.limit, descending=True)
    for row in rows:
        row.partnership = access.partnership
    return {"items": rows, "next_cursor": next_cursor}


@router.post(REPORTS, response={202: ReportOut, **ERRORS}, url_name="report_request")
def report_request(request, partnership_uuid: UUID, payload: ReportIn | None = None):
    """Ask for a report over a period, in French or English. It is generated in the
    background: the answer is the queued report; poll its status."""
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.REQUEST_REPORTS)
    require_write(request)
    if payload is None:
        raise ApiError(422, "invalid", _("Send the values as a JSON object in the request body."))
    report = services.report_request(
        access=access,
        user=request.user,
        title=payload.title,
        period_start=payload.period_start,
        period_end=payload.period_end,
        language=payload.language or settings.LANGUAGE_CODE,
        next_steps=payload.next_steps,
        interface=Interface.API,
    )
    report.refresh_from_db()
    report.partnership = access.partnership
    return Status(202, report)


def _report(request, partnership_uuid: UUID, report_uuid: UUID) -> Report:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    return selectors.report_in_partnership(partnership=access.partnership, report_uuid=report_uuid)


@router.get(REPORT, response={200: ReportOut, **ERRORS}, url_name="report_status")
def report_status(request, partnership_uuid: UUID, report_uuid: UUID):
    """One report: where its generation stands and, once done, its files."""
    return _report(request, partnership_uuid, report_uuid)


@router.get(
    REPORT + "/{fmt}",
    response={200: None, **ERRORS},
    url_name="report_download",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file",
                "content": {content_type: {} for content_type in services.CONTENT_TYPES.values()},
            }
        }
    },
)
def report_download(request, partnership_uuid: UUID, report_uuid: UUID, fmt: str):
    """A file of a finished report: `pdf`, `docx` or `xlsx`."""
    report = _report(request, partnership_uuid, report_uuid)
    return report_file_response(report, fmt)
