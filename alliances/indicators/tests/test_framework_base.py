"""Shared set-up of the results framework tests: a framework with one objective, one outcome
and one indicator in the test partnership."""

from datetime import date
from decimal import Decimal

from alliances.indicators.models import Indicator, Objective, Outcome, Target, Value
from alliances.test import PartnershipTestCase


class FrameworkTestCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.partnership
        p.starts_on = date(2026, 1, 1)
        p.ends_on = date(2027, 12, 31)
        p.save(update_fields=["starts_on", "ends_on"])
        cls.objective = Objective.objects.create(partnership=p, title="Lien social")
        cls.outcome = Outcome.objects.create(
            partnership=p, objective=cls.objective, title="Les habitants se sentent en sécurité"
        )
        cls.indicator = Indicator.objects.create(
            partnership=p,
            outcome=cls.outcome,
            title="Sentiment de sécurité",
            type="percentage",
            unit="%",
            frequency="yearly",
            reporting_start=date(2026, 1, 1),
            baseline_value=Decimal("42"),
            baseline_date=date(2025, 12, 31),
            responsible_party=cls.company_party,
            sdg_indicators=["16.1.4"],
            disaggregations=[
                {"name": "gender", "label": "Genre", "categories": ["femmes", "hommes"]}
            ],
        )
        Target.objects.create(
            indicator=cls.indicator, period_start=date(2026, 1, 1), value=Decimal("50")
        )

    @classmethod
    def add_value(cls, indicator=None, **groups):
        from alliances.indicators.grouping import disaggregation_key

        return Value.objects.create(
            partnership=cls.partnership,
            indicator=indicator or cls.indicator,
            period_start=date(2026, 1, 1),
            disaggregation=groups,
            disaggregation_key=disaggregation_key(groups),
            value=Decimal("48"),
        )

    def close_partnership(self):
        from alliances.partnerships.models import Stage

        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
