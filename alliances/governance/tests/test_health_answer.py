from datetime import date

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.core.permissions import Role
from alliances.governance.models import (
    Dimension,
    HealthCheckParticipation,
    HealthCheckRating,
    Rating,
    RoundStatus,
)
from alliances.governance.services.health import health_answer
from alliances.governance.tests.test_health_support import HealthTestCase, make_round
from alliances.test import add_member, make_partnership

TODAY = date(2026, 3, 10)


def full_sheet(rating=Rating.GREEN, **comments) -> dict:
    return {code: (rating, comments.get(code, "")) for code in Dimension.values}


def posted(rating=Rating.GREEN, **extra) -> dict:
    data = dict.fromkeys(Dimension.values, rating)
    data.update(extra)
    return data


class HealthAnswerServiceTests(HealthTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round(
            cls.partnership,
            1,
            status=RoundStatus.OPEN,
            opens_on=date(2026, 3, 1),
            closes_on=date(2026, 3, 21),
        )

    def answer(self, user, ratings=None, party=None, today=TODAY):
        return health_answer(
            access=self.access(user),
            actor=user,
            round=self.round,
            party=party or self.lead_party,
            ratings=ratings if ratings is not None else full_sheet(),
            today=today,
        )

    def test_ratings_are_stored_apart_from_the_person(self):
        self.answer(self.viewer, full_sheet(Rating.AMBER, trust="Des promesses non tenues"))
        participation = HealthCheckParticipation.objects.get()
        self.assertEqual((participation.user, participation.party), (self.viewer, self.lead_party))
        ratings = HealthCheckRating.objects.filter(round=self.round)
        self.assertEqual(ratings.count(), 7)
        self.assertEqual(len({rating.sheet for rating in ratings}), 1)
        self.assertEqual(len(ratings[0].sheet), 32)
        self.assertEqual(ratings.get(dimension=Dimension.TRUST).comment, "Des promesses non tenues")
        field_names = {field.name for field in HealthCheckRating._meta.get_fields()}
        self.assertNotIn("user", field_names)

    def test_each_sheet_gets_its_own_random_key(self):
        self.answer(self.viewer)
        self.answer(self.editor)
        self.assertEqual(HealthCheckRating.objects.values("sheet").distinct().count(), 2)

    def test_every_question_is_required(self):
        ratings = full_sheet()
        del ratings[Dimension.ROLES]
        ratings[Dimension.VALUE] = ("blue", "")
        with self.assertRaises(ValidationError) as caught:
            self.answer(self.viewer, ratings)
        self.assertEqual(set(caught.exception.message_dict), {Dimension.ROLES, Dimension.VALUE})
        self.assertFalse(HealthCheckParticipation.objects.exists())

    def test_once_per_person(self):
        self.answer(self.viewer)
        with self.assertRaisesMessage(ValidationError, "already answered"):
            self.answer(self.viewer)
        self.assertEqual(HealthCheckRating.objects.count(), 7)

    def test_for_ones_own_party_only(self):
        with self.assertRaises(PermissionDenied):
            self.answer(self.viewer, party=self.company_party)
        with self.assertRaises(PermissionDenied):
            self.answer(self.outsider)
        self.assertFalse(HealthCheckParticipation.objects.exists())

    def test_a_person_of_two_parties_answers_for_the_one_they_choose(self):
        add_member(self.viewer, self.company, Role.VIEWER)
        self.answer(self.viewer, party=self.company_party)
        self.assertEqual(HealthCheckRating.objects.filter(party=self.company_party).count(), 7)
        with self.assertRaisesMessage(ValidationError, "already answered"):
            self.answer(self.viewer, party=self.lead_party)

    def test_refused_after_the_closing_date_or_once_closed(self):
        with self.assertRaisesMessage(ValidationError, "closed"):
            self.answer(self.viewer, today=date(2026, 3, 22))
        self.answer(self.viewer, today=date(2026, 3, 21))
        self.round.status = RoundStatus.CLOSED
        self.round.save()
        with self.assertRaisesMessage(ValidationError, "closed"):
            self.answer(self.editor)


@time_machine.travel("2026-03-10 10:00 +0100", tick=False)
class HealthAnswerPageTests(HealthTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = make_round(
            cls.partnership,
            1,
            status=RoundStatus.OPEN,
            opens_on=date(2026, 3, 1),
            closes_on=date(2026, 3, 21),
        )
        cls.url = reverse("governance:health_answer", args=[cls.partnership.uuid, cls.round.uuid])

    def test_seven_questions_with_three_labelled_choices(self):
        self.login(self.company_admin)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'type="radio"', count=21)
        for label in ("No concern", "Some concern", "Serious concern", "Clarity of roles"):
            self.assertContains(response, label)
        self.assertNotContains(response, 'name="party"')

    def test_answer_then_thanks_then_refused_kindly(self):
        self.login(self.company_admin)
        data = posted(Rating.RED, trust_comment="On ne nous écoute pas")
        response = self.client.post(self.url, data)
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        response = self.client.get(self.url)
        self.assertContains(response, "Thank you for answering")
        self.assertEqual(
            HealthCheckRating.objects.filter(party=self.company_party, rating=Rating.RED).count(),
            7,
        )
        response = self.client.post(self.url, posted(Rating.GREEN))
        self.assertContains(response, "already answered", status_code=400)
        self.assertFalse(HealthCheckRating.objects.filter(rating=Rating.GREEN).exists())

    def test_missing_answers_keep_the_others(self):
        self.login(self.viewer)
        data = posted(Rating.AMBER, value_comment="Gardé")
        del data[Dimension.FAIRNESS]
        response = self.client.post(self.url, data)
        self.assertContains(response, "Choose one of the three answers.", status_code=400)
        self.assertContains(response, "Gardé", status_code=400)
        self.assertContains(response, 'value="amber" id="id_trust_1" checked', status_code=400)
        self.assertFalse(HealthCheckParticipation.objects.exists())

    def test_person_of_two_parties_chooses(self):
        add_member(self.viewer, self.company, Role.VIEWER)
        self.login(self.viewer)
        self.assertContains(self.client.get(self.url), 'name="party"')
        response = self.client.post(self.url, posted())
        self.assertContains(response, "This field is required", status_code=400)
        response = self.client.post(self.url, posted(party=str(self.company_party.uuid)))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(HealthCheckParticipation.objects.get().party, self.company_party)

    def test_closed_round_says_so(self):
        self.round.status = RoundStatus.CLOSED
        self.round.save()
        self.login(self.viewer)
        self.assertContains(self.client.get(self.url), "answers are no longer taken")
        response = self.client.post(self.url, posted())
        self.assertEqual(response.status_code, 400)
        self.assertFalse(HealthCheckParticipation.objects.exists())

    def test_permissions(self):
        self.login(None)
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        # A round of another partnership is not reached through this one.
        elsewhere, _parties = make_partnership("Jardins partagés", coordinator=self.org)
        foreign = make_round(elsewhere, 1, status=RoundStatus.OPEN, closes_on=date(2026, 3, 21))
        self.login(self.viewer)
        url = reverse("governance:health_answer", args=[self.partnership.uuid, foreign.uuid])
        self.assertEqual(self.client.get(url).status_code, 404)
