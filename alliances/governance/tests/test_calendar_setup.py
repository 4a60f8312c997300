"""Shared data for the calendar and digest tests: the partnership of PartnershipTestCase with
its steering committee (the lead admin chairs it, the company admin represents the company)
and a scheduled meeting. The commune is on no committee seat."""

from datetime import UTC, datetime, timedelta

from alliances.governance.models import AgendaItem, CommitteeMember, Meeting
from alliances.test import PartnershipTestCase

# A Monday: the weekly digest's day.
NOW = datetime(2026, 3, 9, 7, 0, tzinfo=UTC)


def make_meeting(partnership, title="Comité de pilotage", *, starts=None, **fields) -> Meeting:
    starts = starts or datetime(2026, 3, 12, 14, 0, tzinfo=UTC)
    fields.setdefault("place", "Maison des Trois-Cités, salle 2")
    return Meeting.objects.create(
        partnership=partnership,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        **fields,
    )


class CalendarTestCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        CommitteeMember.objects.create(
            partnership=cls.partnership,
            party=cls.lead_party,
            user=cls.admin,
            is_representative=True,
            is_chair=True,
        )
        CommitteeMember.objects.create(
            partnership=cls.partnership,
            party=cls.company_party,
            user=cls.company_admin,
            is_representative=True,
        )
        cls.meeting = make_meeting(cls.partnership, created_by=cls.admin)
        AgendaItem.objects.create(meeting=cls.meeting, position=1, title="Bilan du trimestre")
        AgendaItem.objects.create(meeting=cls.meeting, position=2, title="Budget 2027")
