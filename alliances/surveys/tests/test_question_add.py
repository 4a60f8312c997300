from alliances.core.models import AuditEvent
from alliances.partnerships.models import Stage
from alliances.surveys.tests.test_builder_helpers import AGE, NEIGHBOURHOOD, SurveyTestCase


class QuestionAddTests(SurveyTestCase):
    def add(self, kind, data, **query):
        return self.client.post(self.url("question_add", type=kind, **query), data)

    def items(self):
        return self.refreshed().definition["items"]

    def setUp(self):
        self.login(self.editor)

    def test_without_a_type_the_page_offers_every_type(self):
        response = self.client.get(self.url("question_add"))
        for label in ("Short text", "Agreement scale", "Statements to agree with", "Phone number"):
            self.assertContains(response, label)

    def test_short_text_with_labels_in_each_language(self):
        response = self.add(
            "text",
            {
                "label_fr": "Votre prénom d'usage ?",
                "label_en": "Your first name?",
                "hint_fr": "Facultatif",
                "required": "on",
                "required_message_fr": "Merci de répondre",
            },
        )
        self.assertRedirects(
            response, self.url("detail") + "#q-votre_prenom_d_usage", fetch_redirect_response=False
        )
        self.assertEqual(
            self.items(),
            [
                {
                    "name": "votre_prenom_d_usage",
                    "type": "text",
                    "label": {"fr": "Votre prénom d'usage ?", "en": "Your first name?"},
                    "hint": {"fr": "Facultatif"},
                    "required": True,
                    "required_message": {"fr": "Merci de répondre"},
                }
            ],
        )
        self.assertTrue(AuditEvent.objects.filter(verb="survey.question_added").exists())

    def test_the_first_language_label_is_required(self):
        response = self.add("textarea", {"label_en": "Comments"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("label_fr", response.context["form"].errors)
        self.assertEqual(self.items(), [])

    def test_number_with_minimum_and_maximum(self):
        self.add(
            "number",
            {"label_fr": "Âge", "number_kind": "integer", "minimum": "16", "maximum": "120"},
        )
        item = self.items()[0]
        self.assertEqual(item["type"], "integer")
        self.assertEqual(item["constraint"], ". >= 16 and . <= 120")
        self.add("number", {"label_fr": "Loyer", "number_kind": "decimal", "minimum": "0,5"})
        self.assertEqual(self.items()[1]["constraint"], ". >= 0.5")
        self.assertEqual(self.items()[1]["type"], "decimal")

    def test_number_with_maximum_below_minimum(self):
        response = self.add(
            "number", {"label_fr": "Âge", "number_kind": "integer", "minimum": "9", "maximum": "2"}
        )
        self.assertIn("maximum", response.context["form"].errors)

    def test_single_choice_with_codes_and_labels_per_language(self):
        self.add(
            "select_one",
            {
                "label_fr": "Votre quartier",
                "choices_fr": "couronneries = Les Couronneries\nTrois Cités\n\n",
                "choices_en": "The Couronneries\nThree Cities",
            },
        )
        self.assertEqual(
            self.items()[0]["choices"],
            [
                {
                    "name": "couronneries",
                    "label": {"fr": "Les Couronneries", "en": "The Couronneries"},
                },
                {"name": "trois_cites", "label": {"fr": "Trois Cités", "en": "Three Cities"}},
            ],
        )

    def test_choices_in_other_languages_must_match(self):
        response = self.add(
            "select_multiple",
            {"label_fr": "Besoins", "choices_fr": "Aide\nLogement", "choices_en": "Help"},
        )
        self.assertIn("choices_en", response.context["form"].errors)

    def test_single_choice_needs_two_choices(self):
        response = self.add("select_one", {"label_fr": "Q", "choices_fr": "Oui"})
        self.assertIn("choices_fr", response.context["form"].errors)

    def test_duplicate_codes_are_refused(self):
        response = self.add("select_multiple", {"label_fr": "Q", "choices_fr": "a = A\na = B"})
        self.assertIn("choices_fr", response.context["form"].errors)

    def test_agreement_rating_date_note_and_matrix(self):
        self.add("agreement", {"label_fr": "Je me sens en sécurité"})
        self.add("rating", {"label_fr": "Note de 0 à 10", "name": "note_globale"})
        self.add("date", {"label_fr": "Date de l'atelier"})
        self.add("note", {"label_fr": "Merci !\nVos réponses sont anonymes."})
        self.add(
            "matrix",
            {
                "label_fr": "Dans le quartier",
                "statements_fr": (
                    "confiance = Je fais confiance aux voisins\nJe me sens en sécurité"
                ),
            },
        )
        items = self.items()
        self.assertEqual(
            [item["type"] for item in items], ["agreement", "rating", "date", "note", "matrix"]
        )
        self.assertEqual(items[1]["name"], "note_globale")
        self.assertEqual(items[3]["label"]["fr"], "Merci !\nVos réponses sont anonymes.")
        self.assertNotIn("required", items[3])
        self.assertEqual(
            [s["name"] for s in items[4]["statements"]], ["confiance", "je_me_sens_en_securite"]
        )

    def test_email_and_phone_are_flagged_as_personal_data(self):
        response = self.client.get(self.url("question_add", type="email"))
        self.assertContains(response, "This question collects personal data")
        self.add("phone", {"label_fr": "Téléphone"})
        self.assertEqual(self.items()[0]["type"], "phone")
        self.assertContains(self.client.get(self.url("detail")), "collects personal data")

    def test_names_are_unique(self):
        self.set_items(AGE)
        self.add("number", {"label_fr": "Âge", "number_kind": "integer"})
        self.assertEqual(self.items()[1]["name"], "age_2")
        response = self.add("text", {"label_fr": "X", "name": "age"})
        self.assertIn("name", response.context["form"].errors)
        response = self.add("text", {"label_fr": "X", "name": "2 mots"})
        self.assertIn("name", response.context["form"].errors)

    def test_section_and_a_question_added_into_it(self):
        self.set_items(AGE)
        self.add("section", {"label_fr": "Votre quartier"})
        section = self.items()[1]
        self.assertEqual(section["type"], "group")
        self.assertEqual(section["appearance"], "field-list")
        self.assertEqual(section["items"], [])
        self.add("text", {"label_fr": "Rue", "section": section["name"]}, section=section["name"])
        self.assertEqual([q["name"] for q in self.items()[1]["items"]], ["rue"])

    def test_condition_on_an_earlier_question(self):
        self.set_items(NEIGHBOURHOOD)
        self.add(
            "agreement",
            {
                "label_fr": "Sécurité",
                "show_if": "quartier",
                "show_operator": "is",
                "show_value": "Les Couronneries",
            },
        )
        self.assertEqual(self.items()[1]["relevant"], "${quartier} = 'couronneries'")

    def test_expression_using_an_unknown_question_is_refused(self):
        self.set_items(AGE)
        response = self.add("text", {"label_fr": "X", "relevant": "${inconnu} > 3"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("relevant", response.context["form"].errors)
        response = self.add("text", {"label_fr": "X", "relevant": "${age} >"})
        self.assertIn("relevant", response.context["form"].errors)

    def test_adding_to_an_answered_survey_bumps_the_version(self):
        from alliances.surveys.tests.test_builder_helpers import answer

        self.set_items(AGE)
        answer(self.survey, {"age": 20})
        self.add("text", {"label_fr": "X"})
        self.assertEqual(self.refreshed().version, 2)

    def test_viewer_is_refused(self):
        self.login(self.viewer)
        self.assertEqual(self.add("text", {"label_fr": "X"}).status_code, 403)
        self.assertEqual(self.items(), [])

    def test_closed_partnership_refuses(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.add("text", {"label_fr": "X"})
        self.assertEqual(self.items(), [])

    def test_every_type_has_a_form_with_a_label_per_language(self):
        from alliances.surveys.forms.builder import BUILDER_TYPES

        for kind in BUILDER_TYPES:
            with self.subTest(kind=kind):
                response = self.client.get(self.url("question_add", type=kind))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'name="label_fr"')
                self.assertContains(response, 'name="label_en"')
