"""Each event the audit log must show writes a row in the right organisation's log, with the
person, and the interface it came from."""

from django.urls import reverse

from alliances.accounts.tokens import token_create, token_revoke
from alliances.agreements.tests.base import AgreementTestCase
from alliances.core.audit import audit_interface
from alliances.core.models import AuditEvent, Interface
from alliances.core.permissions import Role
from alliances.organisations.models import Membership
from alliances.organisations.services.members import (
    invitation_create,
    membership_change_role,
    membership_remove,
)
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import Stage
from alliances.partnerships.services.workspace import partnership_move_stage
from alliances.reports.tests.test_publication_propose import make_page
from alliances.surveys.tests.test_response_samples import make_survey
from alliances.test import PartnershipTestCase


class RecordedMixin:
    def assertRecorded(self, verb, *, actor, organisation, interface=Interface.WEB):  # noqa: N802
        event = AuditEvent.objects.filter(verb=verb).order_by("-id").first()
        self.assertIsNotNone(event, verb)
        self.assertEqual(
            (event.actor, event.organisation_uuid, event.interface),
            (actor, organisation.uuid if organisation else None, interface),
        )
        return event


class AuditCoverageTests(RecordedMixin, AgreementTestCase):
    def test_membership_events_go_to_the_organisation(self):
        invitation_create(
            organisation=self.org, email="new@example.org", role=Role.EDITOR, invited_by=self.admin
        )
        self.assertRecorded("invitation.created", actor=self.admin, organisation=self.org)
        membership = Membership.objects.get(user=self.viewer, organisation=self.org)
        membership_change_role(membership=membership, role=Role.EDITOR, actor=self.admin)
        self.assertRecorded("membership.role_changed", actor=self.admin, organisation=self.org)
        membership_remove(membership=membership, actor=self.admin)
        self.assertRecorded("membership.removed", actor=self.admin, organisation=self.org)

    def test_stage_changes_go_to_the_acting_party(self):
        access = access_partnership_by_uuid(self.editor, self.partnership.uuid)
        with self.captureOnCommitCallbacks(execute=True):
            partnership_move_stage(access=access, actor=self.editor, target=Stage.QUALIFICATION)
        self.assertRecorded("partnership.stage_moved", actor=self.editor, organisation=self.org)

    def test_agreement_approvals_and_coming_into_force_go_to_the_approving_party(self):
        version = self.save_version()
        with self.captureOnCommitCallbacks(execute=True):
            self.approve(self.admin, version, self.lead_party)
            self.approve(self.company_admin, version, self.company_party)
        self.assertRecorded(
            "agreement.approved", actor=self.company_admin, organisation=self.company
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.approve(self.commune_admin, version, self.commune_party)
        self.assertRecorded(
            "agreement.in_force", actor=self.commune_admin, organisation=self.commune
        )

    def test_api_tokens_are_recorded_for_their_owner(self):
        token, _secret = token_create(user=self.admin, name="Export", expires_in_days=30)
        self.assertRecorded("api_token.created", actor=self.admin, organisation=None)
        with audit_interface(Interface.API):
            token_revoke(token=token, user=self.admin, interface=Interface.API)
        self.assertRecorded(
            "api_token.revoked", actor=self.admin, organisation=None, interface=Interface.API
        )

    def test_agreement_downloads_are_recorded_for_the_partys_organisation(self):
        version = self.save_version()
        self.login(self.company_admin)
        url = reverse("agreements:docx", args=[self.partnership.uuid, version.number])
        self.assertEqual(self.client.get(url).status_code, 200)
        event = self.assertRecorded(
            "export.agreement_docx", actor=self.company_admin, organisation=self.company
        )
        self.assertEqual(event.data["partnership"], str(self.partnership.uuid))

    def test_spreadsheet_downloads_are_recorded(self):
        self.login(self.viewer)
        for name, verb in (
            ("partnerships:contributions_xlsx", "export.contributions_xlsx"),
            ("partnerships:contributions_csv", "export.contributions_csv"),
            ("indicators:values_export", "export.values"),
        ):
            response = self.client.get(reverse(name, args=[self.partnership.uuid]))
            self.assertEqual(response.status_code, 200, name)
            self.assertRecorded(verb, actor=self.viewer, organisation=self.org)

    def test_survey_responses_download_is_recorded(self):
        survey = make_survey(self.partnership)
        self.login(self.editor)
        url = reverse("surveys:responses_export", args=[self.partnership.uuid, survey.uuid])
        self.assertEqual(self.client.get(url, {"format": "csv"}).status_code, 200)
        self.assertRecorded("export.survey_responses", actor=self.editor, organisation=self.org)

    def test_a_refused_download_records_nothing(self):
        self.login(self.outsider)
        url = reverse("partnerships:contributions_xlsx", args=[self.partnership.uuid])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(verb__startswith="export.").exists())


class PublicationAuditTests(RecordedMixin, PartnershipTestCase):
    def agree(self, user, party):
        self.login(user)
        return self.client.post(
            reverse("reports:publication_consent", args=[self.partnership.uuid]),
            {"party": str(party.uuid), "version": 1, "confirm": "on"},
        )

    def test_publishing_is_recorded_for_each_agreeing_party_and_the_last_one_publishes(self):
        make_page(self)
        for user, party in (
            (self.admin, self.lead_party),
            (self.company_admin, self.company_party),
            (self.commune_admin, self.commune_party),
        ):
            self.assertEqual(self.agree(user, party).status_code, 302)
        self.assertRecorded(
            "publication.agreed", actor=self.commune_admin, organisation=self.commune
        )
        self.assertRecorded(
            "publication.published", actor=self.commune_admin, organisation=self.commune
        )
