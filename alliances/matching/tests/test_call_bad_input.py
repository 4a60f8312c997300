"""Malformed data sent to every form of calls and proposals gets a clear 4xx, never a 500."""

import time_machine
from django.db import transaction
from django.urls import reverse

from alliances.matching.tests.test_call_setup import NOW, CallTestCase, make_answer
from alliances.tests.test_malformed_input import NASTY_VALUES


@time_machine.travel(NOW, tick=False)
class BadInputTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.answer = make_answer(cls.call, cls.company, cls.company_admin)

    def forms(self):
        """(persona, URL posted to, field names)."""
        call, answer = self.call.uuid, self.answer.uuid
        criteria = [f"criterion_{i}_{part}" for i in range(6) for part in ("label", "weight")]
        return [
            (
                self.editor,
                reverse("matching:call_create", args=[self.org.uuid]),
                [
                    "kind",
                    "title",
                    "description",
                    "resources_sought",
                    "sectors_sought",
                    "causes",
                    "where",
                    "deadline",
                    "action",
                    *criteria,
                ],
            ),
            (
                self.editor,
                reverse("matching:call_edit", args=[call]),
                ["title", "deadline", "where", *criteria],
            ),
            (
                self.outsider,
                reverse("matching:call_answer", args=[call]),
                ["organisation", "message", "resources_offered"],
            ),
            (
                self.outsider,
                reverse("matching:proposal_create", args=[self.org.uuid]),
                ["organisation", "title", "message", "resources_offered"],
            ),
            (
                self.company_admin,
                reverse("matching:proposal_edit", args=[answer]),
                ["message", "resources_offered"],
            ),
            (
                self.editor,
                reverse("matching:proposal_score", args=[answer]),
                ["score_0", "score_1"],
            ),
            (
                self.editor,
                reverse("matching:proposal_accept", args=[answer]),
                ["kind", "patronage_forms", "roles"],
            ),
        ]

    def test_nasty_values_never_break_a_form(self):
        failures = []
        for user, url, names in self.forms():
            self.login(user)
            for value in NASTY_VALUES:
                with transaction.atomic():
                    response = self.client.post(url, dict.fromkeys(names, value))
                    transaction.set_rollback(True)
                if response.status_code != 400:
                    failures.append(f"{url} {value[:20]!r}: {response.status_code}")
        self.assertEqual(failures, [])

    def test_a_decline_note_is_only_text(self):
        url = reverse("matching:proposal_decline", args=[self.answer.uuid])
        self.login(self.editor)
        for value in NASTY_VALUES:
            with transaction.atomic():
                response = self.client.post(url, {"note": value})
                transaction.set_rollback(True)
            # Any short text is a fine note; a null byte or 10 000 characters are not.
            expected = 400 if "\x00" in value or len(value) > 2000 else 302
            self.assertEqual(response.status_code, expected, value[:20])

    def test_nasty_filters_never_break_the_list(self):
        url = reverse("matching:call_list")
        for value in NASTY_VALUES:
            params = dict.fromkeys(["where", "goal", "kind", "resource", "sort", "page"], value)
            response = self.client.get(url, params)
            self.assertEqual(response.status_code, 200, value[:20])
