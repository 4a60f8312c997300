"""Reporting reminders, for cron: `manage.py send_reporting_reminders` once a day."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alliances.indicators.tasks import reporting_reminders_send


class Command(BaseCommand):
    help = "E-mail reminders about indicator values due soon or overdue (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Pretend today is this day (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be written YYYY-MM-DD.") from exc
        sent = reporting_reminders_send(today=today)
        self.stdout.write(f"{sent} reminder(s) sent.")
