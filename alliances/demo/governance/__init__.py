"""A year of shared governance for the social-cohesion demo partnership: its steering
committee and meetings, decisions and actions, one conflict resolved through mediation and four
health checks with a visible dip. Written straight into the models with backdated dates,
relative to today, so that the history always covers the last year and the next meeting is
always ahead."""

from django.utils import timezone

from alliances.demo.governance.common import History
from alliances.demo.governance.conflict import conflict
from alliances.demo.governance.decisions import actions, decisions
from alliances.demo.governance.health import health_rounds
from alliances.demo.governance.meetings import committee, governance_settings, meetings
from alliances.organisations.models import Organisation
from alliances.partnerships.models import Partnership

PARTIES = {"maison": "trois_cites", "ville": "ville_poitiers", "fondation": "fondation_vienne"}


def demo_governance(
    partnership: Partnership, users: dict, organisations: dict[str, Organisation]
) -> None:
    history = History(
        partnership=partnership,
        users=users,
        parties={
            key: partnership.parties.select_related("organisation").get(
                organisation=organisations[organisation]
            )
            for key, organisation in PARTIES.items()
        },
        today=timezone.localdate(),
    )
    governance_settings(history)
    committee(history)
    meetings(history)
    decisions(history)
    actions(history)
    conflict(history)
    health_rounds(history)
