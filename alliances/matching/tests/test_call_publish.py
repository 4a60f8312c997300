from datetime import date

import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.matching.access import access_call_by_uuid
from alliances.matching.models import Call, CallStatus
from alliances.matching.services.calls import call_update
from alliances.matching.tests.test_call_setup import (
    NOW,
    CallTestCase,
    make_answer,
    make_call,
    score,
)
from alliances.organisations.models import Cause


def call_form(**overrides) -> dict:
    data = {
        "kind": "need",
        "title": "  Un local pour   le club de lecture ",
        "description": "Nous cherchons une salle deux soirs par semaine.",
        "resources_sought": ["premises"],
        "resources_offered": ["field_expertise"],
        "sectors_sought": ["public"],
        "causes": [str(Cause.objects.get(code="4.1").pk)],
        "where": "Poitiers (commune 86194)",
        "deadline": "2026-04-15",
        "criterion_0_label": "Proximité du quartier",
        "criterion_0_weight": "70",
        "criterion_1_label": "",
        "criterion_1_weight": "",
        "criterion_2_label": "Horaires du soir",
        "criterion_2_weight": "30",
        "action": "draft",
    }
    data.update(overrides)
    return data


@time_machine.travel(NOW, tick=False)
class CallCreateTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.url = reverse("matching:call_create", args=[cls.org.uuid])

    def new_call(self) -> Call:
        return Call.objects.exclude(pk=self.call.pk).get()

    def test_the_form_shows_six_criteria_rows_and_the_place_box(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="criterion_5_weight"')
        self.assertNotContains(response, 'name="criterion_6_weight"')
        self.assertContains(response, 'name="where"')
        self.assertContains(response, reverse("organisations:place_suggestions"))
        self.assertContains(response, "Total of the weights: <strong>0</strong> out of 100.")

    def test_an_editor_saves_a_draft_blank_rows_left_out(self):
        self.login(self.editor)
        response = self.client.post(self.url, call_form())
        call = self.new_call()
        self.assertRedirects(response, reverse("matching:call_detail", args=[call.uuid]))
        self.assertEqual(call.status, CallStatus.DRAFT)
        self.assertIsNone(call.published_at)
        self.assertEqual(call.title, "Un local pour le club de lecture")
        self.assertEqual(call.territory, self.poitiers)
        self.assertEqual(call.resources_sought, ["premises"])
        self.assertEqual(call.sectors_sought, ["public"])
        self.assertEqual(call.deadline, date(2026, 4, 15))
        self.assertEqual(call.created_by, self.editor)
        self.assertEqual([c.code for c in call.causes.all()], ["4.1"])
        self.assertEqual(
            [(c.label, c.weight, c.position) for c in call.criteria.all()],
            [("Proximité du quartier", 70, 0), ("Horaires du soir", 30, 1)],
        )
        event = AuditEvent.objects.get(verb="call.created")
        self.assertEqual(event.object_uuid, call.uuid)
        self.assertEqual(event.organisation_uuid, self.org.uuid)

    def test_publish_at_once(self):
        self.login(self.admin)
        response = self.client.post(self.url, call_form(action="publish"), follow=True)
        call = self.new_call()
        self.assertEqual(call.status, CallStatus.PUBLISHED)
        self.assertIsNotNone(call.published_at)
        self.assertContains(response, "Your call is published: anyone can read it and answer it.")

    def test_weights_must_add_up_to_100_and_the_error_says_the_total(self):
        self.login(self.editor)
        response = self.client.post(self.url, call_form(criterion_2_weight="20"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "The weights must add up to 100; they add up to 90 now.", status_code=400
        )
        # Nothing is lost: what was typed is still there.
        self.assertContains(response, 'value="Horaires du soir"', status_code=400)
        self.assertContains(
            response, "Nous cherchons une salle deux soirs par semaine.", status_code=400
        )
        self.assertContains(
            response, "Total of the weights: <strong>90</strong> out of 100.", status_code=400
        )
        self.assertFalse(Call.objects.exclude(pk=self.call.pk).exists())

    def test_a_weight_needs_its_criterion(self):
        self.login(self.editor)
        response = self.client.post(self.url, call_form(criterion_1_weight="10"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "Each weight needs the criterion it applies to.", status_code=400
        )

    def test_a_weight_out_of_range_is_refused(self):
        self.login(self.editor)
        response = self.client.post(
            self.url, call_form(criterion_0_weight="0", criterion_2_weight="100")
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "Ensure this value is greater than or equal to 1.", status_code=400
        )

    def test_publishing_needs_a_deadline_today_or_later(self):
        self.login(self.editor)
        response = self.client.post(self.url, call_form(action="publish", deadline="2026-03-01"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "The deadline must be today or later.", status_code=400)
        self.assertFalse(Call.objects.exclude(pk=self.call.pk).exists())
        # Today itself is fine.
        response = self.client.post(self.url, call_form(action="publish", deadline="2026-03-02"))
        self.assertEqual(response.status_code, 302)

    def test_publishing_needs_a_criterion_and_a_resource(self):
        self.login(self.editor)
        data = call_form(
            action="publish",
            criterion_0_label="",
            criterion_0_weight="",
            criterion_2_label="",
            criterion_2_weight="",
            resources_sought=[],
            resources_offered=[],
        )
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            "Add at least one criterion to score the answers on, with weights adding up to 100.",
            status_code=400,
        )
        self.assertContains(
            response, "Tick at least one resource that you seek or that you offer.", status_code=400
        )
        # A draft may wait for them.
        response = self.client.post(self.url, {**data, "action": "draft"})
        self.assertEqual(response.status_code, 302)

    def test_an_unknown_place_is_said(self):
        self.login(self.editor)
        response = self.client.post(self.url, call_form(where="Atlantide"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            "No commune, intercommunality, département or region matches “Atlantide”.",
            status_code=400,
        )

    def test_running_total_of_the_weights(self):
        self.login(self.editor)
        response = self.client.get(
            self.url,
            {"total": "1", "criterion_0_weight": "60", "criterion_1_weight": "25"},
            headers={"HX-Request": "true"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Total of the weights: <strong>85</strong> out of 100.")
        self.assertContains(response, "Some weight is still to share out.")
        self.assertNotContains(response, "<form")

    def test_viewer_403_outsider_404_anonymous_logs_in(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, call_form()).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(None)
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.assertFalse(Call.objects.exclude(pk=self.call.pk).exists())

    def test_an_inactive_organisation_publishes_nothing(self):
        self.org.is_active = False
        self.org.save(update_fields=["is_active"])
        self.login(self.editor)
        response = self.client.post(self.url, call_form())
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "Maison des Trois-Cités is no longer active.", status_code=400
        )


@time_machine.travel(NOW, tick=False)
class CallPublishAndEditTests(CallTestCase):
    def test_publishing_a_draft(self):
        draft = make_call(self.org, "Brouillon", status=CallStatus.DRAFT)
        self.login(self.editor)
        response = self.client.post(reverse("matching:call_publish", args=[draft.uuid]))
        self.assertRedirects(response, reverse("matching:call_detail", args=[draft.uuid]))
        draft.refresh_from_db()
        self.assertEqual(draft.status, CallStatus.PUBLISHED)
        self.assertTrue(AuditEvent.objects.filter(verb="call.published").exists())

    def test_a_draft_past_its_deadline_goes_back_to_its_form(self):
        draft = make_call(self.org, "Brouillon", status=CallStatus.DRAFT, deadline=date(2026, 2, 1))
        self.login(self.editor)
        response = self.client.post(
            reverse("matching:call_publish", args=[draft.uuid]), follow=True
        )
        self.assertRedirects(response, reverse("matching:call_edit", args=[draft.uuid]))
        self.assertContains(response, "The deadline must be today or later.")
        draft.refresh_from_db()
        self.assertEqual(draft.status, CallStatus.DRAFT)

    def test_editing_an_open_call(self):
        self.login(self.editor)
        url = reverse("matching:call_edit", args=[self.call.uuid])
        response = self.client.get(url)
        self.assertContains(response, 'value="Proximité"')
        self.assertContains(response, "Save the changes")
        data = call_form(
            title="Tuteurs pour les collégiens",
            criterion_0_label="Proximité",
            criterion_0_weight="50",
            criterion_2_label="Disponibilité",
            criterion_2_weight="50",
            action="save",
        )
        response = self.client.post(url, data)
        self.assertRedirects(response, reverse("matching:call_detail", args=[self.call.uuid]))
        self.call.refresh_from_db()
        self.assertEqual(self.call.title, "Tuteurs pour les collégiens")
        self.assertEqual(self.call.status, CallStatus.PUBLISHED)
        self.assertEqual(
            [(c.label, c.weight) for c in self.call.criteria.all()],
            [("Proximité", 50), ("Disponibilité", 50)],
        )

    def test_criteria_are_locked_once_an_answer_is_scored(self):
        answer = make_answer(self.call, self.company, self.company_admin)
        score(answer, 4)
        self.login(self.editor)
        url = reverse("matching:call_edit", args=[self.call.uuid])
        response = self.client.get(url)
        self.assertContains(
            response,
            "The criteria can no longer change: answers have already been scored on them.",
        )
        self.assertNotContains(response, 'name="criterion_0_label"')
        # The rest of the call may still change, the criteria stay.
        response = self.client.post(url, call_form(title="Nouveau titre", action="save"))
        self.assertEqual(response.status_code, 302)
        self.call.refresh_from_db()
        self.assertEqual(self.call.title, "Nouveau titre")
        self.assertEqual(
            [(c.label, c.weight) for c in self.call.criteria.all()],
            [("Proximité", 60), ("Disponibilité", 40)],
        )

    def test_the_service_refuses_to_change_scored_criteria(self):
        answer = make_answer(self.call, self.company, self.company_admin)
        score(answer, 4)
        access = access_call_by_uuid(self.editor, self.call.uuid)
        data = {name: getattr(self.call, name) for name in ("kind", "title", "description")}
        data.update(
            resources_sought=self.call.resources_sought,
            resources_offered=[],
            sectors_sought=[],
            territory=self.poitiers,
            deadline=self.call.deadline,
        )
        with self.assertRaisesMessage(
            ValidationError,
            "The criteria can no longer change: answers have already been scored on them.",
        ):
            call_update(access=access, actor=self.editor, data=data, criteria=[("Tout", 100)])

    def test_closing_a_call(self):
        self.login(self.admin)
        response = self.client.post(
            reverse("matching:call_close", args=[self.call.uuid]), follow=True
        )
        self.assertContains(response, "The call is closed: it takes no more answers.")
        self.call.refresh_from_db()
        self.assertEqual(self.call.status, CallStatus.CLOSED)
        self.assertIsNotNone(self.call.closed_at)
        # A closed call is no longer edited.
        response = self.client.get(reverse("matching:call_edit", args=[self.call.uuid]))
        self.assertRedirects(response, reverse("matching:call_detail", args=[self.call.uuid]))

    def test_publishing_an_open_call_says_so(self):
        self.login(self.editor)
        response = self.client.post(
            reverse("matching:call_publish", args=[self.call.uuid]), follow=True
        )
        self.assertContains(response, "This call is already open.")

    def test_viewer_may_not_publish_or_close(self):
        self.login(self.viewer)
        for name in ("matching:call_publish", "matching:call_close"):
            response = self.client.post(reverse(name, args=[self.call.uuid]))
            self.assertEqual(response.status_code, 403)
        self.call.refresh_from_db()
        self.assertEqual(self.call.status, CallStatus.PUBLISHED)
