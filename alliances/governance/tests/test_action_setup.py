"""The partnership of PartnershipTestCase with one meeting, one decision and a few actions.

Time is frozen on TODAY (Monday 2 March 2026) by the tests that need it.
- `overdue`: the company's, owned by `company_admin`, due 20 February, to do.
- `soon`: the lead's, owned by `viewer`, due 4 March, in progress, assigned by `editor`.
- `later`: the commune's, nobody named, due 30 June, to do.
- `done`: the lead's, owned by `editor`, done.
"""

from datetime import UTC, date, datetime, timedelta

from alliances.governance.models import ActionItem, ActionStatus, Decision, Meeting
from alliances.partnerships.models import DecisionRule
from alliances.test import PartnershipTestCase

TODAY = date(2026, 3, 2)
NOW = "2026-03-02 09:00 +0000"


def make_action(partnership, party, title, **fields) -> ActionItem:
    return ActionItem.objects.create(
        partnership=partnership, owner_party=party, title=title, **fields
    )


class ActionTestCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.partnership
        starts = datetime(2026, 2, 10, 14, 0, tzinfo=UTC)
        cls.meeting = Meeting.objects.create(
            partnership=p,
            title="Comité de février",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )
        cls.decision = Decision.objects.create(
            partnership=p,
            number=1,
            title="Ouvrir un second groupe",
            rule=DecisionRule.CONSENSUS,
            meeting=cls.meeting,
        )
        cls.overdue = make_action(
            p,
            cls.company_party,
            "Envoyer le budget révisé",
            owner=cls.company_admin,
            due_on=date(2026, 2, 20),
            meeting=cls.meeting,
            created_by=cls.admin,
        )
        cls.soon = make_action(
            p,
            cls.lead_party,
            "Réserver la salle",
            owner=cls.viewer,
            due_on=date(2026, 3, 4),
            status=ActionStatus.IN_PROGRESS,
            decision=cls.decision,
            created_by=cls.editor,
        )
        cls.later = make_action(p, cls.commune_party, "Prêter le gymnase", due_on=date(2026, 6, 30))
        cls.done = make_action(
            p,
            cls.lead_party,
            "Rédiger le compte rendu",
            owner=cls.editor,
            due_on=date(2026, 2, 15),
            status=ActionStatus.DONE,
            completed_at=datetime(2026, 2, 14, 10, 0, tzinfo=UTC),
        )
