from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.test import TestCase

from alliances.accounts.models import User
from alliances.demo import data
from alliances.organisations.models import Kind, Membership, Organisation, Source
from alliances.territories.models import Territory, TerritoryKind


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


class LoadDemoTests(TestCase):
    def test_builds_a_coherent_territory_and_prints_the_accounts(self):
        out = StringIO()
        call_command("load_demo", stdout=out)
        text = out.getvalue()
        for local, _name, _staff in data.USERS:
            self.assertIn(f"{local}@{data.DOMAIN}", text)
        self.assertIn(data.PASSWORD, text)

        kinds = set(Organisation.objects.values_list("kind", flat=True))
        self.assertTrue({Kind.ASSOCIATION, Kind.COMPANY, Kind.FOUNDATION}.issubset(kinds))
        self.assertTrue({Kind.COMMUNE, Kind.EPCI, Kind.SCHOOL}.issubset(kinds))
        self.assertGreaterEqual(Organisation.objects.count(), 12)
        self.assertTrue(Organisation.objects.filter(kind=Kind.COMMUNE, name="Ville de Poitiers"))

        lead = Organisation.objects.get(name="Maison de quartier des Trois-Cités")
        roles = dict(
            Membership.objects.filter(organisation=lead).values_list("user__email", "role")
        )
        self.assertEqual(
            roles,
            {
                f"lea@{data.DOMAIN}": "admin",
                f"karim@{data.DOMAIN}": "editor",
                f"ines@{data.DOMAIN}": "viewer",
            },
        )
        self.assertTrue(lead.causes.filter(code="4").exists())
        self.assertTrue(lead.resources.filter(direction="needed", resource="funding").exists())
        self.assertFalse(
            Membership.objects.filter(organisation__name="Association Culturelle du Clain").exists()
        )
        self.assertTrue(User.objects.get(email=f"staff@{data.DOMAIN}").is_staff)

    def test_the_town_and_its_epci_are_the_imported_public_actors(self):
        call_command("load_demo", stdout=StringIO())
        # The whole département of Vienne is imported, and nothing beyond its région.
        communes = Territory.objects.filter(kind=TerritoryKind.COMMUNE)
        self.assertEqual(set(communes.values_list("departement__code", flat=True)), {"86"})
        self.assertGreater(communes.count(), 250)
        self.assertEqual(Territory.objects.filter(kind=TerritoryKind.REGION).count(), 1)

        ville = Organisation.objects.get(kind=Kind.COMMUNE, insee_code="86194")
        self.assertEqual(ville.name, "Ville de Poitiers")
        self.assertEqual(ville.source, Source.TERRITORY)
        self.assertEqual((ville.territory.code, ville.commune.code), ("86194", "86194"))
        self.assertTrue(ville.causes.exists())
        self.assertEqual(
            sorted(
                Membership.objects.filter(organisation=ville).values_list("user__email", "role")
            ),
            [
                (f"hugo@{data.DOMAIN}", "viewer"),
                (f"marion@{data.DOMAIN}", "editor"),
                (f"sophie@{data.DOMAIN}", "admin"),
            ],
        )
        epci = Organisation.objects.get(siren="200069854")
        self.assertEqual(epci.name, "Grand Poitiers Communauté urbaine")
        self.assertEqual(epci.territory.kind, TerritoryKind.EPCI)
        self.assertEqual(Organisation.objects.filter(name__icontains="Grand Poitiers").count(), 1)
        # Every demo organisation is placed in Poitiers.
        lead = Organisation.objects.get(name="Maison de quartier des Trois-Cités")
        self.assertEqual(lead.commune, ville.territory)

    def test_demo_users_can_log_in_with_the_printed_password(self):
        call_command("load_demo", stdout=StringIO())
        logged_in = self.client.login(email=f"lea@{data.DOMAIN}", password=data.PASSWORD)
        self.assertTrue(logged_in)

    def test_running_twice_changes_nothing(self):
        call_command("load_demo", stdout=StringIO())
        before = _row_counts()
        out = StringIO()
        call_command("load_demo", stdout=out)
        self.assertEqual(_row_counts(), before)
        self.assertIn("nothing changed", out.getvalue())


class DemoPartnershipTests(TestCase):
    def test_partnerships_at_different_stages_with_agreements_in_force(self):
        from alliances.agreements.models import AgreementVersion, VersionStatus
        from alliances.partnerships.models import Partnership, PartyStatus, Stage

        call_command("load_demo", stdout=StringIO())
        stages = dict(Partnership.objects.values_list("title", "stage"))
        self.assertEqual(
            stages,
            {
                "Réussite éducative aux Trois-Cités": Stage.IMPLEMENTATION,
                "Parrainage vers l'emploi des jeunes": Stage.QUALIFICATION,
                "Jardins partagés et sobriété énergétique": Stage.EXPLORATION,
                "Vivre ensemble aux Trois-Cités": Stage.IMPLEMENTATION,
            },
        )
        education = Partnership.objects.get(title="Réussite éducative aux Trois-Cités")
        self.assertEqual(education.agreement_in_force, 2)
        versions = dict(
            AgreementVersion.objects.filter(partnership=education).values_list("number", "status")
        )
        self.assertEqual(versions, {1: VersionStatus.SUPERSEDED, 2: VersionStatus.IN_FORCE})
        self.assertEqual(
            set(education.parties.values_list("organisation__kind", flat=True)),
            {Kind.ASSOCIATION, Kind.COMPANY, Kind.COMMUNE},
        )
        self.assertEqual(education.contributions.count(), 5)
        gardens = Partnership.objects.get(stage=Stage.EXPLORATION)
        self.assertTrue(gardens.parties.filter(status=PartyStatus.INVITED).exists())


class DemoImpactTests(TestCase):
    def test_the_cohesion_partnership_measures_two_years_with_a_resident_survey(self):
        from alliances.indicators.models import (
            IndicatorSource,
            Value,
            ValueEvent,
            ValueEventKind,
            ValueStatus,
        )
        from alliances.partnerships.models import Partnership
        from alliances.surveys.models import Response, SurveyIndicator

        call_command("load_demo", stdout=StringIO())
        cohesion = Partnership.objects.get(title="Vivre ensemble aux Trois-Cités")
        indicators = cohesion.indicators.all()
        self.assertEqual(indicators.filter(source=IndicatorSource.MANUAL).count(), 2)
        self.assertEqual(indicators.filter(source=IndicatorSource.SURVEY).count(), 4)
        totals = Value.objects.filter(partnership=cohesion, disaggregation_key="")
        # Two years of quarters for each indicator; the last one awaits review by hand.
        self.assertEqual(totals.count(), 6 * 8)
        self.assertEqual(
            totals.filter(status=ValueStatus.SUBMITTED).values("indicator").distinct().count(), 2
        )
        kinds = list(
            ValueEvent.objects.filter(
                value__indicator__title__startswith="Chantiers",
                value__period_start="2025-04-01",
            ).values_list("kind", flat=True)
        )
        self.assertEqual(
            kinds,
            [
                ValueEventKind.SUBMITTED,
                ValueEventKind.RETURNED,
                ValueEventKind.SUBMITTED,
                ValueEventKind.APPROVED,
            ],
        )
        survey = cohesion.surveys.get()
        self.assertGreaterEqual(Response.objects.filter(survey=survey).count(), 300)
        self.assertEqual(SurveyIndicator.objects.filter(survey=survey).count(), 4)
        survey_values = Value.objects.filter(partnership=cohesion, source="survey")
        # Small groups carry no figure at all.
        self.assertTrue(survey_values.filter(suppressed=True, value__isnull=True).exists())
        self.assertFalse(survey_values.filter(respondents__lt=5, suppressed=False).exists())
