"""Funder reports: asking for one, generating it in the background, trying again.

A request only writes a queued row and hands the work to the task queue once the transaction
commits. `report_generate` claims the row with a conditional UPDATE (queued → running), so
two workers picking up the same task never both run it; then it writes its progress as it
goes (each step committed on its own, so the page polling the status sees it move), stores
the three files and marks the report ready, or failed with a message a person can read.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.core.audit import audit_record
from alliances.core.models import Interface
from alliances.core.permissions import Action
from alliances.partnerships.access import PartnershipAccess
from alliances.reports.models import PublicPage, Report, ReportStatus

logger = logging.getLogger(__name__)

# The steps of a generation, with the progress reached when each starts.
STEPS = {
    "content": (10, gettext_lazy("Gathering the partnership's figures")),
    "charts": (40, gettext_lazy("Drawing the charts")),
    "pdf": (60, gettext_lazy("Writing the PDF file")),
    "docx": (80, gettext_lazy("Writing the Word file")),
    "xlsx": (95, gettext_lazy("Writing the spreadsheet")),
}
# A report still running after this long is taken as lost (its worker stopped) and may be
# started again.
STUCK_AFTER = timedelta(minutes=30)
FILE_FIELDS = ("pdf", "docx", "xlsx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def step_label(step: str) -> str:
    return str(STEPS[step][1]) if step in STEPS else ""


def report_filename(report: Report, extension: str) -> str:
    with translation.override(report.language):
        prefix = slugify(_("report")) or "report"
    slug = slugify(report.partnership.title)[:50].strip("-") or "partnership"
    period = f"{report.period_start.isoformat()}-{report.period_end.isoformat()}"
    return f"{prefix}-{slug}-{period}-{report.language}.{extension}"


def _enqueue(report_id: int) -> None:
    from alliances.reports.tasks import report_generate_task

    report_generate_task.enqueue(report_id=report_id)


def report_request(
    *,
    access: PartnershipAccess,
    user,
    title: str,
    period_start: date,
    period_end: date,
    language: str,
    next_steps: str = "",
    interface: str = Interface.WEB,
) -> Report:
    """Queue a funder report of the partnership over the period; it is generated in the
    background once this transaction commits."""
    if not access.can(Action.REQUEST_REPORTS):
        raise PermissionDenied
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _("The end of the period comes before its start.")})
    report = Report(
        partnership=access.partnership,
        title=(title or "").strip(),
        period_start=period_start,
        period_end=period_end,
        language=language,
        next_steps=(next_steps or "").strip(),
        status=ReportStatus.QUEUED,
        requested_by=user,
    )
    report.full_clean()
    with transaction.atomic():
        report.save()
        audit_record(
            actor=user,
            verb="report.requested",
            obj=report,
            interface=interface,
            data={
                "partnership": str(access.partnership.uuid),
                "period_start": period_start.isoformat(),
                "period_end": period_end.isoformat(),
                "language": language,
            },
        )
        transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def report_retry(*, access: PartnershipAccess, user, report: Report) -> Report:
    """Queue a failed report again (or one whose worker stopped mid-way)."""
    if not access.can(Action.REQUEST_REPORTS):
        raise PermissionDenied
    if report.partnership_id != access.partnership.pk:
        raise PermissionDenied
    stuck_before = timezone.now() - STUCK_AFTER
    with transaction.atomic():
        retried = (
            Report.objects.filter(pk=report.pk)
            .filter(
                Q(status=ReportStatus.FAILED)
                | Q(status=ReportStatus.RUNNING, started_at__lt=stuck_before)
            )
            .update(
                status=ReportStatus.QUEUED,
                progress=0,
                step="",
                error="",
                started_at=None,
                finished_at=None,
            )
        )
        if not retried:
            raise ValidationError(_("Only a report that failed can be generated again."))
        audit_record(actor=user, verb="report.retried", obj=report)
        transaction.on_commit(lambda: _enqueue(report.pk))
    report.refresh_from_db()
    return report


def _claim(report_id: int) -> bool:
    return bool(
        Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
            status=ReportStatus.RUNNING,
            started_at=timezone.now(),
            progress=0,
            step="",
            error="",
        )
    )


def _advance(report: Report, step: str) -> None:
    progress, _label = STEPS[step]
    report.progress, report.step = progress, step
    Report.objects.filter(pk=report.pk).update(progress=progress, step=step)


def _render(report: Report) -> dict[str, bytes]:
    """The three files, in the report's language. A server without WeasyPrint's libraries
    still gives the DOCX and XLSX."""
    # Imported here: matplotlib and WeasyPrint are heavy, and only workers need them.
    from alliances.reports.charts import charts_for_report
    from alliances.reports.content import report_content_in_partnership
    from alliances.reports.renderers.docx import report_docx
    from alliances.reports.renderers.pdf import PdfUnavailable, report_pdf
    from alliances.reports.renderers.xlsx import report_xlsx

    files = {}
    with translation.override(report.language):
        _advance(report, "content")
        content = report_content_in_partnership(
            partnership=report.partnership,
            title=report.title,
            period_start=report.period_start,
            period_end=report.period_end,
            next_steps=report.next_steps,
        )
        _advance(report, "charts")
        charts = charts_for_report(content.indicators)
        _advance(report, "pdf")
        try:
            files["pdf"] = report_pdf(content=content, charts=charts, language=report.language)
        except PdfUnavailable as exc:
            logger.warning("Report %s: no PDF, WeasyPrint is unavailable (%s)", report.pk, exc)
        _advance(report, "docx")
        files["docx"] = report_docx(content=content, charts=charts, language=report.language)
        _advance(report, "xlsx")
        files["xlsx"] = report_xlsx(content=content)
    return files


def _delete_files(report: Report) -> None:
    for name in FILE_FIELDS:
        field = getattr(report, name)
        if field:
            field.delete(save=False)


def report_generate(*, report_id: int) -> Report | None:
    """Generate a queued report. Returns it (ready or failed), or None when another worker
    already claimed it or it no longer exists."""
    if not _claim(report_id):
        return None
    report = Report.objects.select_related("partnership").get(pk=report_id)
    try:
        files = _render(report)
        for name in FILE_FIELDS:
            if name in files:
                getattr(report, name).save(
                    report_filename(report, name), ContentFile(files[name]), save=False
                )
        report.status = ReportStatus.DONE
        report.progress = 100
        report.step = ""
        report.finished_at = timezone.now()
        with transaction.atomic():
            report.save(update_fields=[*FILE_FIELDS, "status", "progress", "step", "finished_at"])
            audit_record(
                actor=None,
                verb="report.generated",
                obj=report,
                interface=Interface.SYSTEM,
                data={"files": sorted(files)},
            )
    except Exception:
        logger.exception("Generating report %s failed", report_id)
        _delete_files(report)
        with translation.override(report.language or settings.LANGUAGE_CODE):
            error = _(
                "The report could not be generated. Try again; if it fails again, "
                "tell the platform's team."
            )
        Report.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED,
            error=error,
            finished_at=timezone.now(),
            pdf="",
            docx="",
            xlsx="",
        )
        report.refresh_from_db()
    return report


def report_delete(*, access: PartnershipAccess, user, report: Report) -> None:
    """Delete a report and its files (not while it is being generated)."""
    if not access.can(Action.REQUEST_REPORTS):
        raise PermissionDenied
    if report.partnership_id != access.partnership.pk:
        raise PermissionDenied
    if report.status == ReportStatus.RUNNING:
        raise ValidationError(_("This report is being generated: wait until it is finished."))
    if PublicPage.objects.filter(report=report).exists():
        raise ValidationError(
            _("The public page shows this report: choose another one there before deleting it.")
        )
    with transaction.atomic():
        audit_record(actor=user, verb="report.deleted", obj=report)
        report.delete()
        transaction.on_commit(lambda: _delete_files(report))
