"""The decision tests' common ground (no tests here): a steering committee with one
representative per party, the lead's administrator in the chair, and short calls to the
decision services as a given person."""

from django.urls import reverse

from alliances.governance.models import CommitteeMember, Decision, Meeting
from alliances.governance.services import decisions as services
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.test import PartnershipTestCase


class DecisionTestCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.seat(cls.admin, cls.lead_party, is_chair=True)
        cls.seat(cls.company_admin, cls.company_party)
        cls.seat(cls.commune_admin, cls.commune_party)

    @classmethod
    def seat(cls, user, party, *, is_chair=False, is_representative=True) -> CommitteeMember:
        return CommitteeMember.objects.create(
            partnership=cls.partnership,
            party=party,
            user=user,
            is_representative=is_representative,
            is_chair=is_chair,
        )

    def access(self, user):
        return access_partnership_by_uuid(user, self.partnership.uuid)

    def propose(self, user=None, title="Ouvrir un second groupe de tutorat", **extra):
        user = user or self.admin
        extra.setdefault("context", "Douze élèves attendent une place.")
        with self.captureOnCommitCallbacks(execute=True):
            return services.decision_propose(
                access=self.access(user), actor=user, title=title, **extra
            )

    def vote(self, user, party, choice, decision, comment=""):
        return services.vote_cast(
            access=self.access(user),
            actor=user,
            decision=decision,
            party=party,
            choice=choice,
            comment=comment,
        )

    def close(self, decision, user=None, rationale="Voté en comité."):
        user = user or self.admin
        with self.captureOnCommitCallbacks(execute=True):
            return services.decision_close(
                access=self.access(user), actor=user, decision=decision, rationale=rationale
            )

    def closed_decision(self, *votes, **extra) -> Decision:
        """A decision voted by (user, party, choice) triples, then closed by the chair."""
        decision = self.propose(**extra)
        for user, party, choice in votes:
            self.vote(user, party, choice, decision)
        return self.close(decision)

    def meeting(self, title="Comité de pilotage", **fields) -> Meeting:
        from datetime import UTC, datetime, timedelta

        starts = fields.pop("starts_at", datetime(2027, 3, 12, 14, 0, tzinfo=UTC))
        return Meeting.objects.create(
            partnership=self.partnership,
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            **fields,
        )

    def url(self, name: str, decision: Decision | None = None) -> str:
        args = [self.partnership.uuid] + ([decision.uuid] if decision else [])
        return reverse(f"governance:{name}", args=args)
