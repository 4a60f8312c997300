"""One test per rate limit: login failures, sign-ups, public survey submissions, messages to
other organisations, wrong passwords on the account deletion page, and the API. Each answers
with a clear message, and a refused form keeps what the person typed."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils.translation import gettext

from alliances.accounts.models import User
from alliances.accounts.tokens import token_create
from alliances.core.permissions import Role
from alliances.lib.ratelimit import HOUR, MINUTE, rate_limit_exceeded
from alliances.matching.models import Introduction, Proposal
from alliances.matching.tests.test_call_setup import NOW, CallTestCase
from alliances.matching.tests.test_suggestion_setup import SuggestionCase
from alliances.organisations.models import Kind
from alliances.surveys.models import Response
from alliances.surveys.selectors.responses import survey_cache_clear
from alliances.surveys.tests.test_response_samples import make_survey
from alliances.test import (
    PASSWORD,
    BaseTestCase,
    PartnershipTestCase,
    add_member,
    make_organisation,
    make_user,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@time_machine.travel(START, tick=False)
class LimiterTests(TestCase):
    def request(self, address="192.0.2.1"):
        return RequestFactory().post("/", REMOTE_ADDR=address)

    def test_a_window_of_an_hour_counts_for_an_hour(self):
        for _n in range(2):
            self.assertEqual(
                rate_limit_exceeded(self.request(), scope="t", limit=2, window=HOUR), 0
            )
        wait = rate_limit_exceeded(self.request(), scope="t", limit=2, window=HOUR)
        self.assertGreater(wait, MINUTE)
        self.assertLessEqual(wait, HOUR)
        # Another client, or another scope, has its own count.
        self.assertEqual(rate_limit_exceeded(self.request("192.0.2.2"), scope="t", limit=2), 0)
        self.assertEqual(rate_limit_exceeded(self.request(), scope="u", limit=2, window=HOUR), 0)
        with time_machine.travel(START + timedelta(hours=1), tick=False):
            self.assertEqual(
                rate_limit_exceeded(self.request(), scope="t", limit=2, window=HOUR), 0
            )

    def test_a_window_of_a_minute_resets_after_a_minute(self):
        for _n in range(2):
            rate_limit_exceeded(self.request(), scope="t", limit=1, window=MINUTE)
        self.assertGreater(rate_limit_exceeded(self.request(), scope="t", limit=1), 0)
        with time_machine.travel(START + timedelta(minutes=1), tick=False):
            self.assertEqual(rate_limit_exceeded(self.request(), scope="t", limit=1), 0)


class LoginLimitTests(TestCase):
    def test_failed_logins_are_throttled_with_allauths_message(self):
        make_user("karim@example.org")
        url = reverse("account_login")
        for _attempt in range(5):
            self.client.post(url, {"login": "karim@example.org", "password": "wrong-password"})
        response = self.client.post(url, {"login": "karim@example.org", "password": PASSWORD})
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertIn(
            gettext("Too many failed login attempts. Try again later."),
            str(response.context["form"].errors),
        )


@override_settings(ACCOUNT_RATE_LIMITS={"signup": "2/m/ip"})
class SignupLimitTests(TestCase):
    def test_sign_ups_from_one_address_are_limited(self):
        for number in range(3):
            password = "un-mot-de-passe-solide-42"
            data = {
                "full_name": "Nadia Benali",
                "email": f"nadia{number}@example.org",
                "password1": password,
                "password2": password,
            }
            response = self.client.post(reverse("account_signup"), data)
        self.assertEqual(response.status_code, 429)
        self.assertEqual(User.objects.filter(email__startswith="nadia").count(), 2)


@override_settings(SURVEY_RATE_LIMIT_PER_MINUTE=1)
class SurveyLimitTests(PartnershipTestCase):
    def test_public_submissions_are_limited_per_client(self):
        survey_cache_clear()
        survey = make_survey(self.partnership)
        url = reverse("collect:submit", args=[survey.public_token])

        def send():
            body = {"submission_id": str(uuid.uuid4()), "answers": {"age": 30}, "channel": "web"}
            return self.client.post(url, json.dumps(body), content_type="application/json")

        self.assertEqual(send().status_code, 201)
        response = send()
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.json(), {"error": "Too many questionnaires sent: wait a minute."})
        self.assertTrue(response["Retry-After"])
        self.assertEqual(Response.objects.count(), 1)


def assert_kept(test, response, *typed):
    test.assertContains(response, "You have sent many messages in the last hour", status_code=429)
    test.assertGreater(int(response["Retry-After"]), 0)
    for text in typed:
        test.assertContains(response, text, status_code=429)


@time_machine.travel(NOW, tick=False)
@override_settings(CONTACT_RATE_LIMIT_PER_HOUR=1, CONTACT_RATE_LIMIT_PER_ADDRESS_PER_HOUR=100)
class IntroductionLimitTests(SuggestionCase):
    def test_introductions_per_person_are_limited_and_the_text_is_kept(self):
        self.login(self.editor)
        url = reverse(
            "matching:introduction_create", args=[self.org.uuid, self.volunteers_org.uuid]
        )
        self.client.post(url, {"subject": "Bonjour", "message": "Premier message."})
        self.assertEqual(Introduction.objects.count(), 1)
        mail.outbox.clear()
        add_member(make_user("emma@energie.example.org"), self.energy, Role.ADMIN)
        url = reverse("matching:introduction_create", args=[self.org.uuid, self.energy.uuid])
        data = {"subject": "Aide aux devoirs", "message": "Un texte écrit avec soin."}
        response = self.client.post(url, data)
        assert_kept(self, response, "Aide aux devoirs", "Un texte écrit avec soin.")
        self.assertEqual(Introduction.objects.count(), 1)
        self.assertEqual(mail.outbox, [])


@time_machine.travel(NOW, tick=False)
class ProposalLimitTests(CallTestCase):
    def form(self, **overrides):
        data = {
            "organisation": str(self.other_org.uuid),
            "title": "Mécénat de compétences",
            "message": "Nos comptables peuvent aider votre trésorier.",
            "resources_offered": ["skills"],
        }
        data.update(overrides)
        return data

    @override_settings(CONTACT_RATE_LIMIT_PER_HOUR=1, CONTACT_RATE_LIMIT_PER_ADDRESS_PER_HOUR=100)
    def test_proposals_and_answers_per_person_are_limited(self):
        self.login(self.outsider)
        url = reverse("matching:proposal_create", args=[self.org.uuid])
        self.assertEqual(self.client.post(url, self.form()).status_code, 302)
        answer = reverse("matching:call_answer", args=[self.call.uuid])
        data = {
            "organisation": str(self.other_org.uuid),
            "message": "Nos salariés encadrent deux soirs par semaine.",
            "resources_offered": ["volunteers"],
        }
        assert_kept(self, self.client.post(answer, data), "Nos salariés encadrent deux soirs")
        self.assertEqual(Proposal.objects.count(), 1)

    @override_settings(CONTACT_RATE_LIMIT_PER_HOUR=100, CONTACT_RATE_LIMIT_PER_ADDRESS_PER_HOUR=1)
    def test_messages_from_one_address_are_limited(self):
        self.login(self.outsider)
        url = reverse("matching:proposal_create", args=[self.org.uuid])
        self.assertEqual(self.client.post(url, self.form()).status_code, 302)
        # Someone else, from the same address.
        colleague = make_user("colleague@example.org")
        other = make_organisation("Entreprise d'à côté", kind=Kind.COMPANY)
        add_member(colleague, other, Role.ADMIN)
        self.login(colleague)
        data = self.form(organisation=str(other.uuid), title="Une seconde idée")
        response = self.client.post(url, data)
        assert_kept(self, response, "Une seconde idée")
        self.assertEqual(Proposal.objects.count(), 1)


@override_settings(DELETE_ACCOUNT_FAILURES_PER_HOUR=3)
class DeleteAccountLimitTests(BaseTestCase):
    def test_wrong_passwords_are_limited_then_even_the_right_one_waits(self):
        self.login(self.outsider)
        url = reverse("privacy:delete_account")
        for _n in range(3):
            data = {"password": "not-my-password", "email": self.outsider.email}
            self.assertEqual(self.client.post(url, data).status_code, 400)
        response = self.client.post(url, {"password": PASSWORD, "email": self.outsider.email})
        self.assertContains(response, "Too many attempts in a short time", status_code=429)
        self.assertGreater(int(response["Retry-After"]), 0)
        self.assertTrue(User.objects.filter(pk=self.outsider.pk, is_active=True).exists())
        # What was typed stays, but never the password.
        self.assertContains(response, self.outsider.email, status_code=429)
        self.assertNotContains(response, PASSWORD, status_code=429)


@override_settings(API_RATE_LIMIT_PER_MINUTE=1)
class ApiLimitTests(BaseTestCase):
    def test_api_calls_per_token_are_limited(self):
        _token, secret = token_create(user=self.viewer, name="Tableur")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        self.assertEqual(self.client.get("/api/v1/me", **headers).status_code, 200)
        response = self.client.get("/api/v1/me", **headers)
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.json()["error"]["code"], "rate_limited")
