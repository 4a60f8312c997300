"""The public impact page: what anyone reads, nothing personal, cached yet never stale."""

from datetime import date

import time_machine
from django.test import override_settings
from django.urls import reverse

from alliances.indicators.models import ValueStatus
from alliances.indicators.services.values.review import values_review
from alliances.indicators.tests.test_dashboard_selector import (
    add_survey_value,
    add_value,
    make_indicator,
    make_outcome,
)
from alliances.organisations.models import Cause
from alliances.reports.models import PublicPageStatus
from alliances.reports.tests.test_publication_propose import make_page
from alliances.test import PartnershipTestCase

Q1, Q2 = date(2026, 1, 1), date(2026, 4, 1)
TODAY = date(2026, 8, 15)


def published_case(case):
    """The walk-like partnership with approved, submitted and survey figures, and its page."""
    outcome = make_outcome(case.partnership)
    case.indicator = make_indicator(
        outcome,
        "Collégiens accompagnés",
        type="quantitative",
        unit="élèves",
        baseline_value=10,
        targets={Q2: 60},
        disaggregations=[{"name": "genre", "label": "Genre", "categories": ["f", "m"]}],
    )
    add_value(
        case.indicator,
        Q1,
        42,
        party=case.company_party,
        entered_by=case.company_admin,
        comment="Chiffre vérifié par Paula au téléphone",
    )
    add_value(case.indicator, Q1, 20, key="genre=f", groups={"genre": "f"})
    add_value(case.indicator, Q2, 98765, status=ValueStatus.SUBMITTED, entered_by=case.admin)
    case.survey_indicator = make_indicator(
        outcome,
        "Sentiment d'appartenance",
        disaggregations=[{"name": "quartier", "label": "Quartier", "categories": ["N", "S"]}],
    )
    add_survey_value(case.survey_indicator, Q1, "62.5", 40)
    add_survey_value(
        case.survey_indicator, Q1, "71", 36, key="quartier=N", groups={"quartier": "N"}
    )
    # Three respondents: stored without a figure, as the surveys app does...
    add_survey_value(case.survey_indicator, Q1, None, 3, key="quartier=S", groups={"quartier": "S"})
    case.partnership.causes.add(Cause.objects.get(code="4"))
    return make_page(
        case,
        status=PublicPageStatus.PUBLISHED,
        agreed=[case.lead_party, case.company_party, case.commune_party],
    )


@time_machine.travel(TODAY, tick=False)
class PublicPageDetailTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.page = published_case(cls)

    def url(self):
        return reverse("public_pages:detail", args=[self.page.uuid])

    def test_anyone_reads_it_without_logging_in(self):
        response = self.client.get(self.url())
        self.assertContains(response, "Réussir au collège")
        self.assertContains(response, "Aide aux devoirs pour les collégiens du quartier.")
        self.assertContains(response, self.partnership.purpose)
        self.assertContains(response, "Maison des Trois-Cités")
        self.assertContains(response, "Solidaires Industries")
        self.assertContains(response, "Funder")
        self.assertContains(response, "SDG 4")
        self.assertContains(response, "Quality education")
        self.assertContains(response, "Collégiens accompagnés")
        self.assertContains(response, "42")
        self.assertContains(response, "Licence Ouverte / Open Licence 2.0 (Etalab)")
        self.assertContains(response, reverse("public_pages:data_csv", args=[self.page.uuid]))
        # The public profile of a party is linked.
        self.assertContains(response, reverse("organisations:detail", args=[self.org.uuid]))

    def test_only_approved_figures_are_shown(self):
        response = self.client.get(self.url())
        self.assertNotContains(response, "98,765")

    def test_nothing_personal_is_shown(self):
        response = self.client.get(self.url())
        for text in (
            "Paula",
            "paula@example.org",
            "Alice",
            "alice@example.org",
            "Eddie",
            "Chiffre vérifié",
        ):
            self.assertNotContains(response, text)

    def test_small_cells_are_not_shown(self):
        response = self.client.get(self.url())
        self.assertContains(response, "not shown (fewer than 5 respondents)")

    def test_a_figure_on_too_few_respondents_is_hidden_whatever_is_stored(self):
        add_value(
            self.survey_indicator,
            Q2,
            "93.5",
            respondents=2,
            source="survey",
        )
        response = self.client.get(self.url())
        self.assertNotContains(response, "93.5")
        self.assertNotContains(response, "93,5")

    @override_settings(SITE_URL="https://alliances.example.org")
    def test_share_tags_point_at_absolute_urls(self):
        response = self.client.get(self.url())
        image = "https://alliances.example.org" + reverse(
            "public_pages:preview", args=[self.page.uuid]
        )
        self.assertContains(response, f'<meta property="og:image" content="{image}">', html=True)
        self.assertContains(
            response,
            f'<meta property="og:url" content="https://alliances.example.org{self.url()}">',
            html=True,
        )
        self.assertContains(response, '<meta name="twitter:card" content="summary_large_image">')
        self.assertContains(response, "Copy the link")

    def test_unpublished_pages_are_not_found_for_everyone(self):
        for status in (PublicPageStatus.PROPOSED, PublicPageStatus.WITHDRAWN):
            self.page.status = status
            self.page.save()
            for user in (None, self.admin, self.company_admin, self.staff):
                self.login(user)
                self.assertEqual(self.client.get(self.url()).status_code, 404, (status, user))

    def test_unknown_page_is_not_found(self):
        url = reverse("public_pages:detail", args=["6f1c1d2e-8a43-4d8e-9a4c-0c6f3b1f2a10"])
        self.assertEqual(self.client.get(url).status_code, 404)


@time_machine.travel(TODAY, tick=False)
class PublicPageCacheTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.page = published_case(cls)

    def url(self):
        return reverse("public_pages:detail", args=[self.page.uuid])

    def test_a_second_request_does_not_render_again(self):
        self.client.get(self.url())
        with self.assertNumQueries(1):
            response = self.client.get(self.url())
        self.assertContains(response, "Collégiens accompagnés")

    def test_an_approval_shows_up_at_once(self):
        self.assertNotContains(self.client.get(self.url()), "98,765")
        values_review(indicator=self.indicator, period_start=Q2, actor=self.admin, approve=True)
        self.assertContains(self.client.get(self.url()), "98,765")

    def test_an_edit_of_the_partnership_shows_up_at_once(self):
        self.client.get(self.url())
        self.partnership.title = "Réussir au collège, saison 2"
        self.partnership.save()
        self.assertContains(
            self.client.get(self.url()),
            '<h1 id="public-page-title">Réussir au collège, saison 2</h1>',
            html=True,
        )

    def test_a_withdrawal_hides_a_cached_page_at_once(self):
        self.assertEqual(self.client.get(self.url()).status_code, 200)
        self.page.status = PublicPageStatus.WITHDRAWN
        self.page.save()
        self.assertEqual(self.client.get(self.url()).status_code, 404)
