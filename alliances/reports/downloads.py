"""A finished report's file as a download, for the pages and the API alike."""

from django.http import FileResponse, Http404

from alliances.reports.models import Report, ReportStatus
from alliances.reports.services.reports import CONTENT_TYPES, report_filename


def report_file_response(report: Report, fmt: str) -> FileResponse:
    """The report's `pdf`, `docx` or `xlsx` file as an attachment; 404 while it is not ready."""
    if fmt not in CONTENT_TYPES or report.status != ReportStatus.DONE:
        raise Http404
    field = getattr(report, fmt)
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=report_filename(report, fmt),
        content_type=CONTENT_TYPES[fmt],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response
