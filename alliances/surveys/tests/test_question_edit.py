from alliances.surveys.tests.test_builder_helpers import (
    AGE,
    BELONGING,
    NEIGHBOURHOOD,
    SurveyTestCase,
    answer,
)


class QuestionEditTests(SurveyTestCase):
    def setUp(self):
        self.login(self.editor)

    def edit(self, name, data):
        return self.client.post(self.url("question_edit", name), data)

    def items(self):
        return self.refreshed().definition["items"]

    def test_form_shows_the_question_as_saved(self):
        self.set_items(
            NEIGHBOURHOOD,
            {**AGE, "constraint": ". >= 16 and . <= 99", "relevant": "${quartier} = 'trois_cites'"},
        )
        response = self.client.get(self.url("question_edit", "age"))
        form = response.context["form"]
        self.assertEqual(form["label_en"].value(), "Your age")
        self.assertEqual(form["minimum"].value(), "16")
        self.assertEqual(form["maximum"].value(), "99")
        self.assertEqual(form["show_if"].value(), "quartier")
        self.assertEqual(form["show_operator"].value(), "is")
        self.assertEqual(form["show_value"].value(), "trois_cites")
        self.assertEqual(form["relevant"].value(), None)
        response = self.client.get(self.url("question_edit", "quartier"))
        self.assertEqual(
            response.context["form"]["choices_fr"].value(),
            "couronneries = Les Couronneries\ntrois_cites = Les Trois-Cités",
        )

    def test_unknown_question_is_not_found(self):
        self.assertEqual(self.client.get(self.url("question_edit", "nope")).status_code, 404)

    def test_change_keeps_what_the_form_does_not_edit(self):
        self.set_items({**AGE, "appearance": "numbers", "row": 4})
        self.edit("age", {"label_fr": "Âge", "number_kind": "integer", "name": "age"})
        self.assertEqual(
            self.items(),
            [
                {
                    "name": "age",
                    "type": "integer",
                    "label": {"fr": "Âge"},
                    "appearance": "numbers",
                    "row": 4,
                }
            ],
        )

    def test_choice_filters_of_imported_choices_are_kept(self):
        question = {
            **NEIGHBOURHOOD,
            "choices": [
                {"name": "a", "label": {"fr": "A"}, "filter": {"ville": "poitiers"}},
                {"name": "b", "label": {"fr": "B"}},
            ],
        }
        self.set_items(question)
        self.edit("quartier", {"label_fr": "Quartier", "choices_fr": "a = AA\nb = BB"})
        self.assertEqual(
            self.items()[0]["choices"][0],
            {"name": "a", "label": {"fr": "AA"}, "filter": {"ville": "poitiers"}},
        )

    def test_renaming_an_answered_question_asks_first_and_keeps_the_answers(self):
        self.set_items(AGE, {**BELONGING, "relevant": "${age} >= 18"})
        answer(self.survey, {"age": 30})
        data = {"label_fr": "Âge", "number_kind": "integer", "name": "age_annees"}
        response = self.edit("age", data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "1 response has an answer to “age”")
        self.assertEqual(self.items()[0]["name"], "age")
        response = self.edit("age", {**data, "confirm": "on"})
        self.assertEqual(response.status_code, 302)
        items = self.items()
        self.assertEqual(items[0]["name"], "age_annees")
        # Conditions follow the new name; the response keeps its answer as it was.
        self.assertEqual(items[1]["relevant"], "${age_annees} >= 18")
        self.assertEqual(self.survey.responses.get().answers, {"age": 30})
        self.assertEqual(self.refreshed().version, 2)

    def test_renaming_without_answers_needs_no_confirmation(self):
        self.set_items(AGE)
        response = self.edit("age", {"label_fr": "Âge", "number_kind": "integer", "name": "years"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.items()[0]["name"], "years")
        self.assertEqual(self.refreshed().version, 1)

    def test_a_condition_cannot_use_a_later_question(self):
        self.set_items(AGE, NEIGHBOURHOOD)
        response = self.edit(
            "age", {"label_fr": "Âge", "number_kind": "integer", "relevant": "${quartier} = 'a'"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("only questions asked before", str(response.context["form"].errors))
        # The simple builder only offers the earlier questions.
        self.assertNotIn("quartier", dict(response.context["form"].fields["show_if"].choices))

    def test_moving_a_question_to_a_section(self):
        section = {"type": "group", "name": "page2", "appearance": "field-list", "items": []}
        self.set_items(AGE, section)
        self.edit("age", {"label_fr": "Âge", "number_kind": "integer", "section": "page2"})
        items = self.items()
        self.assertEqual(items[0]["name"], "page2")
        self.assertEqual(items[0]["items"][0]["name"], "age")

    def test_editing_a_section(self):
        section = {"type": "group", "name": "page2", "appearance": "field-list", "items": [AGE]}
        self.set_items(section)
        self.edit("page2", {"label_fr": "Vous", "label_en": "You", "name": "page2"})
        item = self.items()[0]
        self.assertEqual(item["label"], {"fr": "Vous", "en": "You"})
        self.assertEqual(item["items"][0]["name"], "age")

    def test_imported_groups_are_not_edited(self):
        self.set_items({"type": "repeat", "name": "enfants", "row": 2, "items": [AGE]})
        response = self.client.get(self.url("question_edit", "enfants"))
        self.assertRedirects(response, self.url("detail") + "#q-enfants")

    def test_viewer_is_refused(self):
        self.set_items(AGE)
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url("question_edit", "age")).status_code, 403)
