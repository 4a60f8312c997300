"""The daily governance job, for cron: `manage.py governance_daily` once a day."""

from django.core.management.base import BaseCommand

from alliances.governance.management.commands._dates import day_option
from alliances.governance.tasks import governance_daily_run


class Command(BaseCommand):
    help = (
        "Action reminders, health-check rounds (open on schedule, close, alert) and stale "
        "conflicts (safe to run again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Pretend today is this day (YYYY-MM-DD).")

    def handle(self, *args, **options):
        report = governance_daily_run(today=day_option(options.get("date")))
        self.stdout.write(
            f"{report.action_reminders} action reminder e-mail(s), "
            f"{report.health_rounds} health-check round(s) opened or closed, "
            f"{report.stale_conflicts} stale conflict(s) flagged."
        )
