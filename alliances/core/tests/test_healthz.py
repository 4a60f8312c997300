from unittest import mock

from django.db import DatabaseError
from django.test import TestCase
from django.urls import reverse


class HealthzTests(TestCase):
    def test_answers_ok_when_the_database_answers(self):
        response = self.client.get(reverse("healthz"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok"})

    def test_answers_503_when_the_database_does_not(self):
        with mock.patch("alliances.views.connection.cursor", side_effect=DatabaseError("down")):
            response = self.client.get(reverse("healthz"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["database"], "unavailable")
