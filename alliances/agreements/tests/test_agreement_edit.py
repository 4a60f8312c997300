"""The edit page: clauses per section beside the generated text, workstreams, governance."""

from django.urls import reverse

from alliances.agreements.models import AgreementVersion, MeetingFrequency
from alliances.agreements.tests.base import AgreementTestCase
from alliances.partnerships.models import DecisionRule, Stage


def management(total=1, initial=0, prefix="workstreams"):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }


class AgreementEditTests(AgreementTestCase):
    def url(self):
        return reverse("agreements:edit", args=[self.partnership.uuid])

    def data(self, **values):
        data = {
            "decision_rule": DecisionRule.CONSENSUS,
            "meeting_frequency": MeetingFrequency.QUARTERLY,
            "note": "",
            **management(),
        }
        data.update(values)
        return data

    def test_permissions(self):
        self.assertEqual(self.client.get(self.url()).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 403),
            (self.editor, 200),
            (self.admin, 200),
            (self.company_admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url()).status_code, status)
        self.login(self.viewer)
        self.assertEqual(self.client.post(self.url(), self.data()).status_code, 403)
        self.assertFalse(AgreementVersion.objects.exists())

    def test_the_form_shows_the_generated_text_beside_each_section(self):
        self.login(self.editor)
        response = self.client.get(self.url())
        self.assertContains(response, '<p class="clause-label">Generated text</p>', count=10)
        self.assertContains(response, "Clauses added to section 5, Governance")
        self.assertContains(response, "Solidaires Industries contributes a planned value")
        self.assertContains(response, 'name="workstreams-0-name"')
        self.assertContains(response, "Save as version 1")

    def test_editor_saves_clauses_workstreams_and_terms(self):
        self.login(self.editor)
        response = self.client.post(
            self.url(),
            self.data(
                clause_governance="Réunions à la mairie.",
                decision_rule=DecisionRule.MAJORITY,
                meeting_frequency=MeetingFrequency.MONTHLY,
                note="Première rédaction",
                **{
                    "workstreams-0-name": "Aide aux devoirs",
                    "workstreams-0-lead": str(self.lead_party.uuid),
                    "workstreams-0-parties": [str(self.company_party.uuid)],
                    "workstreams-0-deliverables": "Bilan annuel",
                },
            ),
        )
        version = AgreementVersion.objects.get()
        self.assertRedirects(
            response, reverse("agreements:version", args=[self.partnership.uuid, 1])
        )
        self.assertEqual(version.content["clauses"], {"governance": "Réunions à la mairie."})
        self.assertEqual(version.content["workstreams"][0]["name"], "Aide aux devoirs")
        self.assertEqual(
            version.content["workstreams"][0]["parties"], [str(self.company_party.uuid)]
        )
        self.assertEqual(
            (version.decision_rule, version.meeting_frequency, version.note),
            (DecisionRule.MAJORITY, MeetingFrequency.MONTHLY, "Première rédaction"),
        )

    def test_the_form_starts_from_the_latest_version(self):
        self.save_version(
            clauses={"data": "Hébergement en France."},
            workstreams=[{"name": "Sorties", "lead": str(self.commune_party.uuid)}],
            decision_rule=DecisionRule.UNANIMITY,
        )
        self.login(self.editor)
        response = self.client.get(self.url())
        self.assertContains(response, "Hébergement en France.</textarea>")
        self.assertContains(response, 'value="Sorties"')
        self.assertContains(response, 'value="unanimity" required id="id_decision_rule_2" checked')
        self.assertContains(response, "Save as version 2")

    def test_saving_nothing_changed_says_so(self):
        self.save_version(clauses={"data": "Hébergement en France."})
        self.login(self.editor)
        response = self.client.post(self.url(), self.data(clause_data="Hébergement en France."))
        self.assertContains(
            response, "Nothing changed since version 1: no new version was saved.", status_code=400
        )
        self.assertEqual(AgreementVersion.objects.count(), 1)

    def test_an_empty_form_is_refused(self):
        self.login(self.editor)
        response = self.client.post(self.url())
        self.assertEqual(response.status_code, 400)
        self.assertFalse(AgreementVersion.objects.exists())

    def test_a_workstream_needs_its_lead(self):
        self.login(self.editor)
        response = self.client.post(
            self.url(), self.data(**{"workstreams-0-name": "Sorties", "workstreams-0-lead": ""})
        )
        self.assertContains(response, "This field is required.", status_code=400)
        self.assertContains(response, 'href="#id_workstreams-0-lead"', status_code=400)
        self.assertFalse(AgreementVersion.objects.exists())

    def test_workstreams_of_the_previous_version_are_kept_when_untouched(self):
        self.save_version(
            workstreams=[
                {"name": "Sorties", "lead": str(self.lead_party.uuid), "deliverables": "Six"}
            ]
        )
        self.login(self.editor)
        data = self.data(
            **management(total=2, initial=1),
            clause_data="Hébergement en France.",
            **{
                "workstreams-0-name": "Sorties",
                "workstreams-0-lead": str(self.lead_party.uuid),
                "workstreams-0-deliverables": "Six",
            },
        )
        self.client.post(self.url(), data)
        workstreams = AgreementVersion.objects.get(number=2).content["workstreams"]
        self.assertEqual([row["name"] for row in workstreams], ["Sorties"])

    def test_a_workstream_can_be_deleted(self):
        self.save_version(workstreams=[{"name": "Sorties", "lead": str(self.lead_party.uuid)}])
        self.login(self.editor)
        data = self.data(
            **management(total=2, initial=1),
            **{
                "workstreams-0-name": "Sorties",
                "workstreams-0-lead": str(self.lead_party.uuid),
                "workstreams-0-DELETE": "on",
            },
        )
        self.client.post(self.url(), data)
        self.assertEqual(AgreementVersion.objects.get(number=2).content["workstreams"], [])

    def test_closed_partnership(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save()
        self.login(self.editor)
        response = self.client.get(self.url())
        self.assertContains(response, "This partnership is closed")
        self.assertNotContains(response, "Save as version")
        response = self.client.post(self.url(), self.data())
        self.assertContains(response, "This partnership is closed", status_code=400)
        self.assertFalse(AgreementVersion.objects.exists())


class AgreementMalformedInputTests(AgreementTestCase):
    NASTY = ["x" * 10_000, "\x00null\x00byte", "<script>alert(1)</script>", "-1", "🙂" * 300]

    def test_nasty_values_never_break_the_pages(self):
        version = self.save_version()
        edit = reverse("agreements:edit", args=[self.partnership.uuid])
        approve = reverse("agreements:approve", args=[self.partnership.uuid, version.number])
        compare = reverse("agreements:compare", args=[self.partnership.uuid])
        docx = reverse("agreements:docx", args=[self.partnership.uuid, version.number])
        self.login(self.admin)
        names = [f"clause_{key}" for key in ("parties", "data", "signatures")]
        names += ["decision_rule", "meeting_frequency", "note", "party", "confirm"]
        names += [f"workstreams-0-{field}" for field in ("name", "lead", "parties", "deliverables")]
        for value in self.NASTY:
            with self.subTest(value=value[:20]):
                data = {**dict.fromkeys(names, value), **management()}
                self.assertEqual(self.client.post(edit, data).status_code, 400)
                self.assertEqual(self.client.post(approve, data).status_code, 400)
                self.assertLess(
                    self.client.get(compare, {"from": value, "to": value}).status_code, 500
                )
                self.assertEqual(self.client.get(docx, {"lang": value}).status_code, 200)
        self.assertEqual(AgreementVersion.objects.count(), 1)
