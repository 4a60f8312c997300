from django.test import SimpleTestCase, override_settings
from django.utils import translation

from alliances.partnerships.events import describe


@override_settings(TIME_ZONE="Europe/Paris")
class MeetingSentenceTests(SimpleTestCase):
    def test_the_invitation_says_when_in_the_site_time_zone(self):
        data = {"actor": "Léa", "meeting": "Copil", "starts": "2026-12-02T13:00:00+00:00"}
        with translation.override("fr"):
            sentence = describe("meeting.scheduled", data)
        self.assertIn("2 décembre 2026 14:00", sentence)
        self.assertIn("Copil", sentence)

    def test_without_a_start_the_sentence_still_reads(self):
        with translation.override("en"):
            sentence = describe("meeting.changed", {"actor": "Léa", "meeting": "Copil"})
        self.assertEqual(sentence, "Léa changed the meeting “Copil”.")

    def test_a_broken_start_is_left_out(self):
        data = {"actor": "Léa", "meeting": "Copil", "starts": "not a date"}
        with translation.override("en"):
            self.assertEqual(
                describe("meeting.scheduled", data), "Léa scheduled the meeting “Copil”."
            )
