"""Shared set-up of the agreement tests: the walk's partnership with contributions."""

from datetime import date
from decimal import Decimal

from alliances.agreements import services
from alliances.agreements.models import MeetingFrequency
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import Contribution, ContributionKind, DecisionRule
from alliances.test import PartnershipTestCase


class AgreementTestCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.partnership.objectives = "Faire progresser 60 collégiens\nOuvrir le quartier"
        cls.partnership.starts_on = date(2026, 9, 1)
        cls.partnership.ends_on = date(2027, 8, 31)
        cls.partnership.save()
        cls.company.siren = "552100554"
        cls.company.address = "3 avenue du Futuroscope"
        cls.company.postal_code = "86360"
        cls.company.city = "Chasseneuil-du-Poitou"
        cls.company.save()
        Contribution.objects.create(
            partnership=cls.partnership,
            party=cls.company_party,
            recipient=cls.lead_party,
            kind=ContributionKind.MONEY,
            description="Subvention de fonctionnement",
            planned_amount=Decimal("20000"),
        )
        Contribution.objects.create(
            partnership=cls.partnership,
            party=cls.lead_party,
            kind=ContributionKind.SKILLS,
            description="Tutorat",
            unit_rate=Decimal("300"),
            planned_quantity=Decimal("10"),
            planned_amount=Decimal("3000"),
            period_start=date(2026, 9, 1),
            period_end=date(2027, 6, 30),
        )

    def access(self, user):
        return access_partnership_by_uuid(user, self.partnership.uuid)

    def save_version(self, user=None, *, clauses=None, workstreams=None, **terms):
        terms.setdefault("decision_rule", DecisionRule.CONSENSUS)
        terms.setdefault("meeting_frequency", MeetingFrequency.QUARTERLY)
        return services.agreement_save(
            access=self.access(user or self.editor),
            actor=user or self.editor,
            clauses=clauses or {},
            workstreams=workstreams or [],
            note=terms.pop("note", ""),
            **terms,
        )

    def approve(self, user, version, party):
        return services.agreement_approve(
            access=self.access(user), actor=user, version=version, party=party
        )

    def approve_by_all(self, version):
        for user, party in (
            (self.admin, self.lead_party),
            (self.company_admin, self.company_party),
            (self.commune_admin, self.commune_party),
        ):
            version = self.approve(user, version, party)
        return version
