"""Shared set-up of the health-check tests (no tests here): answers are written straight to
the database, as the answer service stores them, so each test builds its round quickly."""

import secrets
from datetime import date, timedelta

from alliances.core.permissions import Role
from alliances.governance.models import (
    Dimension,
    HealthCheckParticipation,
    HealthCheckRating,
    HealthCheckRound,
    Rating,
    RoundStatus,
)
from alliances.partnerships.access import PartnershipAccess, seats_of
from alliances.test import PartnershipTestCase, add_member, make_user


def access_of(user, partnership) -> PartnershipAccess:
    return PartnershipAccess(partnership, seats_of(user, partnership))


def make_round(partnership, number=1, *, status=RoundStatus.CLOSED, opens_on=None, closes_on=None):
    opens_on = opens_on or date(2026, 1, 5 + number)
    return HealthCheckRound.objects.create(
        partnership=partnership,
        number=number,
        opens_on=opens_on,
        closes_on=closes_on or opens_on + timedelta(days=21),
        status=status,
    )


def add_answer(round, party, rating=Rating.GREEN, *, user=None, comments=None, **by_dimension):
    """One answer sheet: `rating` for every dimension, except those given by keyword."""
    if user is None:
        user = make_user(f"person-{secrets.token_hex(4)}@example.org")
        add_member(user, party.organisation, Role.VIEWER)
    HealthCheckParticipation.objects.create(round=round, user=user, party=party)
    sheet = secrets.token_hex(16)
    HealthCheckRating.objects.bulk_create(
        HealthCheckRating(
            round=round,
            party=party,
            sheet=sheet,
            dimension=code,
            rating=by_dimension.get(code, rating),
            comment=(comments or {}).get(code, ""),
        )
        for code in Dimension.values
    )
    return user


def add_answers(round, party, count, rating=Rating.GREEN, **by_dimension):
    return [add_answer(round, party, rating, **by_dimension) for _ in range(count)]


class HealthTestCase(PartnershipTestCase):
    """The walk's partnership, without any round yet."""

    def access(self, user) -> PartnershipAccess:
        return access_of(user, self.partnership)
