"""The weekly digest, for cron: `manage.py send_weekly_digests` every Monday morning."""

from django.core.management.base import BaseCommand

from alliances.governance.management.commands._dates import day_option
from alliances.governance.services.digest import weekly_digests_send


class Command(BaseCommand):
    help = "E-mail each person the week of their partnerships (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Pretend today is this day (YYYY-MM-DD).")

    def handle(self, *args, **options):
        sent = weekly_digests_send(today=day_option(options.get("date")))
        self.stdout.write(f"{sent} digest(s) sent.")
