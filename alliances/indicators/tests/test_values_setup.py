"""The partnership of PartnershipTestCase with a small results framework.

- `attendance`: a quantity (pupils), disaggregated by gender (f, m), the company's.
- `share`: a percentage with no responsible party (so the coordinator's).
- `belonging`: a score from 1 to 5 computed from a survey.
"""

from datetime import date
from decimal import Decimal

from alliances.core.permissions import Role
from alliances.indicators.models import (
    Indicator,
    IndicatorSource,
    IndicatorType,
    Objective,
    Outcome,
    Value,
    ValueStatus,
)
from alliances.test import PartnershipTestCase, add_member, make_user

Q1 = date(2026, 1, 1)
Q2 = date(2026, 4, 1)


def make_indicator(partnership, outcome, title, **fields) -> Indicator:
    fields.setdefault("frequency", "quarterly")
    fields.setdefault("reporting_start", Q1)
    return Indicator.objects.create(partnership=partnership, outcome=outcome, title=title, **fields)


class ValuesTestCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.company_editor = make_user("carla@example.org", full_name="Carla Company")
        add_member(cls.company_editor, cls.company, Role.EDITOR)
        objective = Objective.objects.create(partnership=cls.partnership, title="Réussite")
        cls.outcome = Outcome.objects.create(
            partnership=cls.partnership, objective=objective, title="Les élèves progressent"
        )
        cls.attendance = make_indicator(
            cls.partnership,
            cls.outcome,
            "Élèves accompagnés",
            unit="élèves",
            responsible_party=cls.company_party,
            disaggregations=[
                {"name": "gender", "label": "Genre", "categories": ["f", "m"]},
            ],
            position=1,
        )
        cls.share = make_indicator(
            cls.partnership,
            cls.outcome,
            "Part des élèves assidus",
            type=IndicatorType.PERCENTAGE,
            position=2,
        )
        cls.belonging = make_indicator(
            cls.partnership,
            cls.outcome,
            "Sentiment d'appartenance",
            type=IndicatorType.SCORE,
            score_min=Decimal(1),
            score_max=Decimal(5),
            source=IndicatorSource.SURVEY,
            position=3,
        )

    def value(self, indicator, figure, *, period=Q1, key="", status=ValueStatus.DRAFT, **extra):
        groups = dict(part.split("=", 1) for part in key.split("|")) if key else {}
        return Value.objects.create(
            partnership=self.partnership,
            indicator=indicator,
            period_start=period,
            disaggregation=groups,
            disaggregation_key=key,
            value=figure,
            status=status,
            **extra,
        )
