"""Approvals and saves racing each other on PostgreSQL, each in its own connection.

The test holds the partnership's row lock while the racers start, waits until both are
blocked on it, then lets them go: without the lock in the services they would both run
at once, each seeing only its own approval, and the version would never come into force.
"""

import threading
import time
import unittest
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, connections, transaction
from django.test import TransactionTestCase

from alliances.agreements import services
from alliances.agreements.models import Approval, MeetingFrequency, VersionStatus
from alliances.core.permissions import Role
from alliances.organisations.models import Kind
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import (
    Activity,
    Contribution,
    ContributionKind,
    DecisionRule,
    Partnership,
    PartyRole,
)
from alliances.test import add_member, make_organisation, make_partnership, make_user

WAIT_SECONDS = 10


def _blocked_sessions() -> int:
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL keeps showing the first snapshot of its statistics.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "Concurrent transactions need PostgreSQL: SQLite runs one writer at a time.",
)
class AgreementConcurrencyTests(TransactionTestCase):
    serialized_rollback = True

    def setUp(self):
        self.lead = make_organisation("Maison des Trois-Cités")
        self.company = make_organisation("Solidaires Industries", kind=Kind.COMPANY)
        self.commune = make_organisation("Ville de Poitiers", kind=Kind.COMMUNE)
        self.lead_admin = make_user("alice@example.org", full_name="Alice Admin")
        self.company_admin = make_user("paula@example.org", full_name="Paula Partner")
        self.commune_admin = make_user("pierre@example.org", full_name="Pierre Public")
        add_member(self.lead_admin, self.lead, Role.ADMIN)
        add_member(self.company_admin, self.company, Role.ADMIN)
        add_member(self.commune_admin, self.commune, Role.ADMIN)
        self.partnership, parties = make_partnership(
            "Réussir au collège",
            coordinator=self.lead,
            partners=[(self.company, [PartyRole.FUNDER]), (self.commune, [PartyRole.FUNDER])],
        )
        self.lead_party = parties[self.lead.pk]
        self.company_party = parties[self.company.pk]
        self.commune_party = parties[self.commune.pk]
        self.version = self.save(self.lead_admin)
        services.agreement_approve(
            access=self.access(self.lead_admin),
            actor=self.lead_admin,
            version=self.version,
            party=self.lead_party,
        )

    def access(self, user):
        return access_partnership_by_uuid(user, self.partnership.uuid)

    def save(self, user, clauses=None):
        return services.agreement_save(
            access=self.access(user),
            actor=user,
            clauses=clauses or {},
            workstreams=[],
            decision_rule=DecisionRule.CONSENSUS,
            meeting_frequency=MeetingFrequency.QUARTERLY,
        )

    def race(self, *jobs) -> list:
        """Run each job in its own thread and connection, all released at the same moment."""
        outcomes: list = [None] * len(jobs)

        def run(index, job):
            try:
                outcomes[index] = job()
            except Exception as exc:  # the test reads what each racer met
                outcomes[index] = exc
            finally:
                close_old_connections()
                connections.close_all()

        threads = [
            threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)
        ]
        with transaction.atomic():
            Partnership.objects.select_for_update().get(pk=self.partnership.pk)
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + WAIT_SECONDS
            while _blocked_sessions() < len(jobs) and time.monotonic() < deadline:
                time.sleep(0.01)
            blocked = _blocked_sessions()
        for thread in threads:
            thread.join(WAIT_SECONDS)
        self.assertEqual(blocked, len(jobs), "every racer waits for the partnership's lock")
        return outcomes

    def approve_job(self, user, party):
        def job():
            return services.agreement_approve(
                access=self.access(user), actor=user, version=self.version, party=party
            )

        return job

    def test_two_last_approvals_at_once_put_the_version_in_force_once(self):
        outcomes = self.race(
            self.approve_job(self.company_admin, self.company_party),
            self.approve_job(self.commune_admin, self.commune_party),
        )
        self.assertFalse([o for o in outcomes if isinstance(o, Exception)], outcomes)
        self.version.refresh_from_db()
        self.assertEqual(self.version.status, VersionStatus.IN_FORCE)
        self.assertEqual(Approval.objects.filter(version=self.version).count(), 3)
        self.assertEqual(Activity.objects.filter(verb="agreement.in_force").count(), 1)
        self.partnership.refresh_from_db()
        self.assertEqual(self.partnership.agreement_in_force, 1)

    def test_a_save_racing_the_last_approval_never_leaves_it_unnoticed(self):
        services.agreement_approve(
            access=self.access(self.company_admin),
            actor=self.company_admin,
            version=self.version,
            party=self.company_party,
        )
        Contribution.objects.create(
            partnership=self.partnership,
            party=self.commune_party,
            kind=ContributionKind.PREMISES,
            description="Salle municipale",
            planned_amount=Decimal("1500"),
        )
        approval, saved = self.race(
            self.approve_job(self.commune_admin, self.commune_party),
            lambda: self.save(self.lead_admin, clauses={"data": "Hébergement en France."}),
        )
        self.assertEqual(saved.number, 2)
        self.version.refresh_from_db()
        if isinstance(approval, ValidationError):
            # The save came first: the approval named a version that was no longer the latest.
            self.assertIn(
                "A newer version of the agreement exists (version 2)", approval.messages[0]
            )
            self.assertEqual(self.version.status, VersionStatus.DRAFT)
            self.assertFalse(Approval.objects.filter(party=self.commune_party).exists())
        else:
            # The approval came first: version 1 is in force, version 2 is a new draft.
            self.assertEqual(self.version.status, VersionStatus.IN_FORCE)
        self.assertFalse(Approval.objects.filter(version__number=2).exists())
        self.assertEqual(saved.status, VersionStatus.DRAFT)
