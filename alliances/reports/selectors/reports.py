"""Reads of funder reports, always scoped to their partnership."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from alliances.partnerships.models import Partnership
from alliances.reports.models import PublicPage, Report, ReportStatus

ACTIVE_STATUSES = (ReportStatus.QUEUED, ReportStatus.RUNNING)


def reports_in_partnership(*, partnership: Partnership) -> QuerySet[Report]:
    """The partnership's reports, the latest first."""
    return (
        Report.objects.filter(partnership=partnership)
        .select_related("requested_by")
        .order_by("-created_at", "-id")
    )


def report_in_partnership(*, partnership: Partnership, report_uuid: UUID | str) -> Report:
    try:
        report = Report.objects.select_related("requested_by").get(
            partnership=partnership, uuid=report_uuid
        )
    except (Report.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    report.partnership = partnership
    return report


def public_page_in_partnership(*, partnership: Partnership) -> PublicPage | None:
    return PublicPage.objects.filter(partnership=partnership).first()


def is_in_progress(report: Report) -> bool:
    return report.status in ACTIVE_STATUSES
