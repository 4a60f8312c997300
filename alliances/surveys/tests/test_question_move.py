from alliances.surveys.tests.test_builder_helpers import (
    AGE,
    BELONGING,
    NEIGHBOURHOOD,
    SurveyTestCase,
)

SECTION = {"type": "group", "name": "p2", "appearance": "field-list", "items": []}


class QuestionMoveTests(SurveyTestCase):
    def setUp(self):
        self.login(self.editor)

    def move(self, name, direction):
        return self.client.post(self.url("question_move", name), {"direction": direction})

    def outline(self, items=None):
        items = self.refreshed().definition["items"] if items is None else items
        return [
            (item["name"], self.outline(item["items"])) if "items" in item else item["name"]
            for item in items
        ]

    def test_up_and_down(self):
        self.set_items(AGE, NEIGHBOURHOOD, BELONGING)
        response = self.move("appartenance", "up")
        self.assertRedirects(response, self.url("detail") + "#q-appartenance")
        self.assertEqual(self.outline(), ["age", "appartenance", "quartier"])
        self.move("age", "down")
        self.assertEqual(self.outline(), ["appartenance", "age", "quartier"])

    def test_first_cannot_go_up(self):
        self.set_items(AGE, NEIGHBOURHOOD)
        response = self.move("age", "up")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.outline(), ["age", "quartier"])

    def test_into_and_out_of_a_section(self):
        self.set_items(AGE, {**SECTION, "items": [dict(NEIGHBOURHOOD)]}, BELONGING)
        self.move("appartenance", "up")
        self.assertEqual(self.outline(), ["age", ("p2", ["quartier", "appartenance"])])
        self.move("age", "down")
        self.assertEqual(self.outline(), [("p2", ["age", "quartier", "appartenance"])])
        self.move("age", "up")
        self.assertEqual(self.outline(), ["age", ("p2", ["quartier", "appartenance"])])

    def test_a_move_that_breaks_a_condition_is_refused(self):
        self.set_items(AGE, {**BELONGING, "relevant": "${age} >= 18"})
        response = self.client.post(
            self.url("question_move", "age"), {"direction": "down"}, follow=True
        )
        self.assertContains(response, "which would then be asked after it")
        self.assertEqual(self.outline(), ["age", "appartenance"])

    def test_missing_direction_is_a_bad_request(self):
        self.set_items(AGE)
        self.assertEqual(self.client.post(self.url("question_move", "age")).status_code, 400)

    def test_viewer_is_refused(self):
        self.set_items(AGE, NEIGHBOURHOOD)
        self.login(self.viewer)
        self.assertEqual(self.move("age", "down").status_code, 403)
