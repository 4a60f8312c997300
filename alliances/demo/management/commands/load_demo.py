from django.core.management.base import BaseCommand

from alliances.core.audit import audit_interface
from alliances.core.models import Interface
from alliances.demo import data
from alliances.demo.loader import demo_accounts, demo_load
from alliances.demo.reports import demo_token_secret


class Command(BaseCommand):
    help = "Load the demo territory (Poitiers) with organisations and demo accounts. Idempotent."

    def handle(self, *args, **options):
        # What the demo writes is recorded in the audit log as done by a command.
        with audit_interface(Interface.COMMAND):
            report = demo_load()
        if report.changed:
            if report.territories is not None and report.territories.changed:
                for line in report.territories.lines():
                    self.stdout.write(line)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo loaded: {len(report.created_users)} accounts, "
                    f"{len(report.created_organisations)} organisations created, "
                    f"{len(report.adopted_organisations)} public actors given a profile, "
                    f"{report.created_memberships} memberships, "
                    f"{len(report.created_partnerships)} partnerships."
                )
            )
        else:
            self.stdout.write("Demo already loaded: nothing changed.")
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {data.PASSWORD}):")
        for email, purpose in demo_accounts():
            self.stdout.write(f"  {email:32} {purpose}")
        self.stdout.write("")
        self.stdout.write(
            "API token of lea@ (read and write; docs at /api/v1/docs): " + demo_token_secret()
        )
