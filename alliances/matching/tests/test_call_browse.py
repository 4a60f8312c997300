from datetime import UTC, date, datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.matching.models import CallKind, CallStatus
from alliances.matching.selectors.calls import PAGE_SIZE
from alliances.matching.tests.test_call_setup import NOW, CallTestCase, make_call
from alliances.organisations.models import Cause
from alliances.test import make_organisation


def published(day: int) -> datetime:
    return datetime(2026, 2, day, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
class CallBrowseTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("matching:call_list")
        cls.vienne_call = make_call(
            cls.company,
            "Mécénat pour la Vienne",
            kind=CallKind.OFFER,
            resources_sought=[],
            resources_offered=["funding"],
            territory=cls.vienne,
            deadline=date(2026, 3, 20),
            published_at=published(15),
        )
        cls.vienne_call.causes.set([Cause.objects.get(code="1.2")])
        bordeaux_association = make_organisation("Lire à Bordeaux")
        cls.bordeaux_call = make_call(
            bordeaux_association,
            "Compétences numériques à Bordeaux",
            resources_sought=["skills"],
            territory=cls.bordeaux,
            deadline=date(2026, 4, 10),
            published_at=published(20),
        )
        # Never listed:
        make_call(cls.org, "Brouillon", status=CallStatus.DRAFT, published_at=None)
        make_call(cls.org, "Fermé", status=CallStatus.CLOSED)
        make_call(cls.org, "Échu hier", deadline=date(2026, 3, 1))
        hidden = make_organisation("Association discrète", is_public=False)
        make_call(hidden, "Appel d'une structure privée")
        dissolved = make_organisation("Association dissoute", is_active=False)
        make_call(dissolved, "Appel d'une structure dissoute")

    def titles(self, response) -> list[str]:
        return [line.call.title for line in response.context["page"].object_list]

    def test_anyone_sees_the_open_calls_newest_first(self):
        self.login(None)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            self.titles(response),
            [
                "Compétences numériques à Bordeaux",
                "Mécénat pour la Vienne",
                "Tuteurs pour l'aide aux devoirs",
            ],
        )
        self.assertContains(response, "3 open calls")

    def test_nearest_deadline_first(self):
        response = self.client.get(self.url, {"sort": "deadline"})
        self.assertEqual(
            self.titles(response),
            [
                "Mécénat pour la Vienne",
                "Tuteurs pour l'aide aux devoirs",
                "Compétences numériques à Bordeaux",
            ],
        )

    def test_a_place_matches_calls_inside_it_and_calls_around_it(self):
        cases = {
            # The commune's own call, and the département's call that contains it.
            "Poitiers (commune 86194)": [
                "Mécénat pour la Vienne",
                "Tuteurs pour l'aide aux devoirs",
            ],
            "86": ["Mécénat pour la Vienne", "Tuteurs pour l'aide aux devoirs"],
            "Grand Poitiers": ["Mécénat pour la Vienne", "Tuteurs pour l'aide aux devoirs"],
            "Gironde": ["Compétences numériques à Bordeaux"],
            "Nouvelle-Aquitaine": [
                "Compétences numériques à Bordeaux",
                "Mécénat pour la Vienne",
                "Tuteurs pour l'aide aux devoirs",
            ],
            "Châtellerault": ["Mécénat pour la Vienne"],
        }
        for where, titles in cases.items():
            with self.subTest(where=where):
                response = self.client.get(self.url, {"where": where})
                self.assertEqual(self.titles(response), titles)

    def test_an_unknown_place_is_said_and_left_aside(self):
        response = self.client.get(self.url, {"where": "Atlantide"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "No commune, intercommunality, département or region matches “Atlantide”."
        )
        self.assertEqual(len(self.titles(response)), 3)

    def test_filters_by_cause_goal_kind_and_resource(self):
        cases = [
            ({"goal": "4"}, ["Tuteurs pour l'aide aux devoirs"]),
            # A target counts for its goal.
            ({"goal": "1"}, ["Mécénat pour la Vienne"]),
            ({"kind": "offer"}, ["Mécénat pour la Vienne"]),
            ({"resource": "funding"}, ["Mécénat pour la Vienne"]),
            ({"resource": "premises"}, ["Tuteurs pour l'aide aux devoirs"]),
            ({"resource": "data"}, []),
            ({"kind": "need", "where": "86"}, ["Tuteurs pour l'aide aux devoirs"]),
        ]
        for params, titles in cases:
            with self.subTest(params=params):
                self.assertEqual(self.titles(self.client.get(self.url, params)), titles)

    def test_nonsense_filters_are_ignored(self):
        response = self.client.get(self.url, {"goal": "99", "kind": "x", "sort": "y"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.titles(response)), 3)

    def test_a_card_says_what_when_where_and_who(self):
        response = self.client.get(self.url)
        self.assertContains(response, "By Maison des Trois-Cités · Poitiers")
        self.assertContains(response, "We are looking for partners")
        self.assertContains(response, "29 days left")
        self.assertContains(response, "18 days left")
        self.assertContains(response, "Volunteers, Premises")
        self.assertContains(response, '<li class="goal-badge">SDG 4</li>', html=True)
        self.assertContains(response, reverse("matching:call_detail", args=[self.vienne_call.uuid]))

    def test_the_last_day_is_today(self):
        make_call(self.org, "Dernier jour", deadline=date(2026, 3, 2), published_at=published(25))
        response = self.client.get(self.url)
        self.assertContains(response, "Last day to answer: today")

    def test_publish_button_for_editors_only(self):
        create = reverse("matching:call_create", args=[self.org.uuid])
        self.login(self.editor)
        self.assertContains(self.client.get(self.url), create)
        self.login(self.viewer)
        self.assertNotContains(self.client.get(self.url), create)

    def test_pages(self):
        for number in range(PAGE_SIZE):
            make_call(self.org, f"Appel {number}", published_at=published(1))
        response = self.client.get(self.url)
        self.assertEqual(len(self.titles(response)), PAGE_SIZE)
        self.assertContains(response, "Page 1 of 2")
        response = self.client.get(self.url, {"page": "2"})
        self.assertEqual(len(self.titles(response)), 3)

    def test_query_count_does_not_grow_with_the_page(self):
        self.login(self.editor)

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(self.url, {"where": "Nouvelle-Aquitaine"})
            self.assertEqual(response.status_code, 200)
            return len(queries)

        few = count()
        for number in range(15):
            call = make_call(self.company, f"Appel {number}", territory=self.poitiers)
            call.causes.set(Cause.objects.filter(code__in=["4", "4.1", "10"]))
        self.assertEqual(len(self.titles(self.client.get(self.url))), 18)
        self.assertEqual(count(), few)

    def test_french_by_default(self):
        with self.settings(LANGUAGE_CODE="fr"):
            response = self.client.get(self.url)
        self.assertContains(response, '<html lang="fr">')
        self.assertEqual(response["Content-Language"], "fr")
