"""What the governance history builders share: the partnership's people and parties, a clock
anchored on today (so that "the last year" is always the last year), backdating of what the
models stamp with the current time, and backdated activity lines."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from alliances.governance.models import Decision, Meeting
from alliances.governance.rules import rule_in_force_for_partnership
from alliances.partnerships.models import Activity, Partnership, Party
from alliances.partnerships.services.activity import activity_record

# Which party each demo person acts for in this partnership (their organisation's party).
PARTY_OF = {
    "lea": "maison",
    "karim": "maison",
    "ines": "maison",
    "sophie": "ville",
    "marion": "ville",
    "hugo": "ville",
    "julien": "fondation",
    "nadia": "fondation",
    "olivier": "fondation",
}
# Who speaks and votes for each party on the steering committee.
REPRESENTATIVES = {"maison": "lea", "ville": "sophie", "fondation": "julien"}


@dataclass
class History:
    partnership: Partnership
    users: dict
    parties: dict[str, Party]
    today: date
    meetings: dict[str, Meeting] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def at(self, offset: int, hour: int = 10, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(self.day(offset), time(hour, minute)))

    def party_of(self, person: str) -> Party:
        return self.parties[PARTY_OF[person]]

    @property
    def coordinator(self) -> Party:
        return self.parties["maison"]


def backdate(obj, **fields) -> None:
    """Set fields the models fill with "now" (auto_now, auto_now_add) to a past moment."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    for name, value in fields.items():
        setattr(obj, name, value)


def feed(
    history: History,
    when: datetime,
    verb: str,
    *,
    data: dict,
    actor=None,
    party: Party | None = None,
    audience: list[Party] | None = None,
) -> None:
    """An activity line, as if written at `when`."""
    activity = activity_record(
        partnership=history.partnership,
        actor=actor,
        verb=verb,
        party=party,
        data=data,
        audience=audience,
    )
    Activity.objects.filter(pk=activity.pk).update(created_at=when)


def rule_in_force(partnership: Partnership) -> tuple[str, str]:
    """The decision rule and the code of where it comes from, as a proposal stores them."""
    found = rule_in_force_for_partnership(partnership)
    return found.rule, found.source
