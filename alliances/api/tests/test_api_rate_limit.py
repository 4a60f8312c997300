"""Rate limits: per token and per signed-in person, never shared between callers."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.test import override_settings

from alliances.accounts.tokens import token_create
from alliances.api.tests.base import ApiTestCase
from alliances.test import make_user

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@override_settings(API_RATE_LIMIT_PER_MINUTE=2)
class RateLimitTests(ApiTestCase):
    def test_over_the_limit_is_429_with_retry_after(self):
        with time_machine.travel(NOW, tick=False):
            for _n in range(2):
                self.assertEqual(self.api_get("/me", secret=self.read_secret).status_code, 200)
            response = self.api_get("/me", secret=self.read_secret)
        self.assertError(response, 429, "rate_limited")
        self.assertEqual(response["Retry-After"], "60")

    def test_the_limit_resets_after_a_minute(self):
        with time_machine.travel(NOW, tick=False):
            for _n in range(3):
                self.api_get("/me", secret=self.read_secret)
        with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
            self.assertEqual(self.api_get("/me", secret=self.read_secret).status_code, 200)

    def test_each_token_has_its_own_budget(self):
        with time_machine.travel(NOW, tick=False):
            for _n in range(3):
                self.api_get("/me", secret=self.read_secret)
            self.assertEqual(self.api_get("/me", secret=self.write_secret).status_code, 200)

    def test_people_with_the_same_name_do_not_share_a_budget(self):
        twin_a = make_user("twin-a@example.org", full_name="Camille Martin")
        twin_b = make_user("twin-b@example.org", full_name="Camille Martin")
        _token, secret_a = token_create(user=twin_a, name="A")
        _token, secret_b = token_create(user=twin_b, name="B")
        with time_machine.travel(NOW, tick=False):
            for _n in range(3):
                self.api_get("/me", secret=secret_a)
            self.assertEqual(self.api_get("/me", secret=secret_b).status_code, 200)

    def test_sessions_are_limited_per_person(self):
        with time_machine.travel(NOW, tick=False):
            self.login(self.viewer)
            for _n in range(2):
                self.assertEqual(self.api_get("/me").status_code, 200)
            self.assertError(self.api_get("/me"), 429, "rate_limited")
            self.login(self.editor)
            self.assertEqual(self.api_get("/me").status_code, 200)

    @override_settings(API_RATE_LIMIT_PER_MINUTE=0)
    def test_zero_turns_the_limit_off(self):
        for _n in range(4):
            self.assertEqual(self.api_get("/me", secret=self.read_secret).status_code, 200)
