"""The assessment page: a party's administrators save its answers as a draft; its other members
read them; nobody sees another party's answers."""

import uuid

from django.core.exceptions import ValidationError
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.core.permissions import Role
from alliances.partnerships.models import (
    Activity,
    Assessment,
    AssessmentStatus,
    Notification,
    PartyStatus,
    Stage,
)
from alliances.partnerships.services.assessments import assessment_save
from alliances.test import PartnershipTestCase, add_member

SECRET = "Our secret non-negotiable: no oil money"


def form_data(**overrides) -> dict:
    data = {
        "sent": "1",
        "lacks": "Volunteers who speak the families' languages",
        "lacks_resources": ["volunteers", "premises"],
        "our_bandwidth": "4",
        "their_bandwidth": "3",
        "bandwidth_note": "",
        "admin_load": "2",
        "expected_benefit": "4",
        "load_note": "",
        "non_negotiables": "We choose the families\nNo logo on our materials",
        "shared_values": "Every child deserves help",
        "gives": ["expertise", "audience"],
        "gets": ["funding"],
        "exchange_note": "",
        "audience": "Parents of pupils at the Jules-Verne secondary school",
        "influencers": "Teachers",
        "expected_action": "Sign up for homework help",
        "success_measure": "40 pupils by June",
        "asks_in_return": "",
        "guard_rails": "No unpaid work",
        "decision_rights": "shared",
    }
    data.update(overrides)
    return data


class AssessmentPageTests(PartnershipTestCase):
    def url(self, party=None):
        url = reverse("partnerships:assessment", args=[self.partnership.uuid])
        return f"{url}?party={party.uuid}" if party else url

    def test_who_may_open_the_page(self):
        self.assertEqual(self.client.get(self.url()).status_code, 302)
        for user, status in [
            (self.outsider, 404),
            (self.staff, 404),
            (self.viewer, 200),
            (self.editor, 200),
            (self.admin, 200),
            (self.company_admin, 200),
        ]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url()).status_code, status)

    def test_admin_sees_the_questions_grouped_with_why_they_are_asked(self):
        self.login(self.admin)
        response = self.client.get(self.url())
        self.assertContains(response, 'aria-current="page">Assessment<')
        for text in (
            "The three questions",
            "1. Do our goals need capacities, audiences or resources we lack?",
            "2. Do both sides have the time and commitment?",
            "3. Will the administrative load stay below the benefit?",
            "Pillar 1: Selfish clarity",
            "Pillar 2: Values and exchange",
            "Pillar 3: Reach is not impact",
            "Pillar 4: Power imbalances",
            "Why we ask:",
            "Needed to submit your answers.",
            "Save as draft",
            "Submit our answers",
        ):
            self.assertContains(response, text)
        self.assertContains(response, 'name="non_negotiables"')
        self.assertContains(response, '<label for="id_audience">')
        submit = reverse("partnerships:assessment_submit", args=[self.partnership.uuid])
        self.assertContains(response, f'formaction="{submit}"')

    def test_admin_saves_a_draft(self):
        self.login(self.admin)
        response = self.client.post(self.url(), form_data())
        self.assertRedirects(response, self.url())
        assessment = Assessment.objects.get(party=self.lead_party)
        self.assertEqual(assessment.partnership, self.partnership)
        self.assertEqual(assessment.status, AssessmentStatus.DRAFT)
        self.assertEqual(assessment.our_bandwidth, 4)
        self.assertEqual(assessment.gives, ["audience", "expertise"])
        self.assertEqual(assessment.lacks_resources, ["premises", "volunteers"])
        self.assertEqual(assessment.decision_rights, "shared")
        self.assertFalse(assessment.holds_money)
        event = AuditEvent.objects.get(verb="assessment.saved")
        self.assertEqual(event.actor, self.admin)
        self.assertEqual(event.organisation_uuid, self.org.uuid)
        # A draft is the party's own business: no feed line, no notification.
        self.assertFalse(Activity.objects.filter(verb__startswith="assessment"))
        self.assertFalse(Notification.objects.exists())
        page = self.client.post(self.url(), form_data(), follow=True)
        self.assertContains(page, "Your answers are saved as a draft.")
        self.assertContains(page, "Volunteers who speak the families")
        self.assertContains(page, 'value="4" id="id_our_bandwidth_3" checked')

    def test_a_draft_can_be_saved_again_and_emptied(self):
        self.login(self.admin)
        self.client.post(self.url(), form_data())
        response = self.client.post(
            self.url(), form_data(non_negotiables="", gives=[], our_bandwidth="")
        )
        self.assertEqual(response.status_code, 302)
        assessment = Assessment.objects.get(party=self.lead_party)
        self.assertEqual(assessment.non_negotiables, "")
        self.assertEqual(assessment.gives, [])
        self.assertIsNone(assessment.our_bandwidth)

    def test_viewer_and_editor_read_their_party_answers_without_a_form(self):
        Assessment.objects.create(
            partnership=self.partnership, party=self.lead_party, non_negotiables="Pas de logo"
        )
        for user in (self.viewer, self.editor):
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.url())
                self.assertContains(response, "Pas de logo")
                self.assertContains(
                    response, "An administrator of Maison des Trois-Cités answers the assessment"
                )
                self.assertNotContains(response, 'name="non_negotiables"')
                self.assertNotContains(response, "Submit our answers")

    def test_viewer_and_editor_may_not_save(self):
        for user in (self.viewer, self.editor):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url(), form_data()).status_code, 403)
        self.assertFalse(Assessment.objects.exists())

    def test_incomplete_request_changes_nothing(self):
        Assessment.objects.create(
            partnership=self.partnership, party=self.lead_party, non_negotiables="Pas de logo"
        )
        self.login(self.admin)
        response = self.client.post(self.url(), {"lacks": "x"})
        self.assertContains(response, "The form arrived incomplete", status_code=400)
        self.assertEqual(
            Assessment.objects.get(party=self.lead_party).non_negotiables, "Pas de logo"
        )

    def test_choices_outside_the_lists_are_refused(self):
        self.login(self.admin)
        response = self.client.post(
            self.url(), form_data(gives=["bribes"], our_bandwidth="9", decision_rights="king")
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Select a valid choice", status_code=400)
        self.assertContains(response, 'href="#id_gives"', status_code=400)
        self.assertFalse(Assessment.objects.exists())
        with self.assertRaisesMessage(ValidationError, "Choose among the options offered."):
            assessment_save(party=self.lead_party, actor=self.admin, data={"gets": ["bribes"]})

    def test_submitted_answers_are_locked(self):
        Assessment.objects.create(
            partnership=self.partnership,
            party=self.lead_party,
            status=AssessmentStatus.SUBMITTED,
            non_negotiables="Pas de logo",
        )
        self.login(self.admin)
        page = self.client.get(self.url())
        self.assertContains(page, "The answers are locked.")
        self.assertNotContains(page, 'name="non_negotiables"')
        response = self.client.post(self.url(), form_data())
        self.assertContains(response, "submitted and locked", status_code=400)
        self.assertEqual(
            Assessment.objects.get(party=self.lead_party).non_negotiables, "Pas de logo"
        )

    def test_a_closed_partnership_is_read_only(self):
        self.partnership.stage = Stage.CLOSED
        self.partnership.save(update_fields=["stage"])
        self.login(self.admin)
        page = self.client.get(self.url())
        self.assertContains(page, "This partnership is closed")
        self.assertNotContains(page, 'name="non_negotiables"')
        response = self.client.post(self.url(), form_data())
        self.assertContains(response, "can no longer change", status_code=400)
        self.assertFalse(Assessment.objects.exists())

    def test_a_party_that_left_no_longer_answers(self):
        self.company_party.status = PartyStatus.LEFT
        self.company_party.save(update_fields=["status"])
        with self.assertRaisesMessage(ValidationError, "Only a party taking part"):
            assessment_save(party=self.company_party, actor=self.company_admin, data={})

    def test_a_member_of_two_parties_picks_which_one(self):
        add_member(self.admin, self.company, Role.ADMIN)
        self.login(self.admin)
        response = self.client.get(self.url())
        self.assertContains(response, "You take part for several parties")
        self.assertContains(response, f'href="?party={self.company_party.uuid}"')
        response = self.client.get(self.url(self.company_party))
        self.assertContains(response, "Answers of Solidaires Industries")
        response = self.client.post(self.url(self.company_party), form_data(lacks="Company view"))
        self.assertRedirects(response, self.url(self.company_party))
        self.assertEqual(Assessment.objects.get(party=self.company_party).lacks, "Company view")
        self.assertFalse(Assessment.objects.filter(party=self.lead_party).exists())
        # A party the user does not sit in is refused.
        self.assertEqual(self.client.get(self.url(self.commune_party)).status_code, 403)
        url = reverse("partnerships:assessment", args=[self.partnership.uuid])
        self.assertEqual(self.client.get(f"{url}?party={uuid.uuid4()}").status_code, 403)

    def test_another_party_answers_never_show(self):
        Assessment.objects.create(
            partnership=self.partnership, party=self.company_party, non_negotiables=SECRET
        )
        Assessment.objects.create(
            partnership=self.partnership,
            party=self.commune_party,
            status=AssessmentStatus.SUBMITTED,
            audience=SECRET,
        )
        for user in (self.admin, self.viewer):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertNotContains(self.client.get(self.url()), SECRET)
