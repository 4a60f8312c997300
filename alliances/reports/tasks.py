"""Background work of reports: tasks only load and call a service."""

from django_tasks import task

from alliances.reports.services.reports import report_generate


@task()
def report_generate_task(*, report_id: int) -> str:
    report = report_generate(report_id=report_id)
    return report.status if report is not None else "skipped"
