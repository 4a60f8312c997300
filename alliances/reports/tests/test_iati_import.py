"""Importing an IATI activity file into a new partnership, from the organisation's page."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from alliances.partnerships.models import Partnership
from alliances.reports.iati.reading import IatiImportError, read_activities
from alliances.reports.models import IatiImport
from alliances.reports.tests.iati_base import example
from alliances.test import BaseTestCase

MINIMAL = example("should-pass/02-minimal-doc.xml")


def two_activities() -> bytes:
    text = MINIMAL.decode()
    start, end = text.index("<iati-activity>"), text.index("</iati-activities>")
    second = text[start:end].replace("Xxxxxxx", "Second activity", 1)
    return (text[:end] + second + text[end:]).encode()


class IatiImportTests(BaseTestCase):
    def url(self):
        return reverse("iati:import", args=[self.org.uuid])

    def upload(self, content: bytes, name="activite.xml", kind="societal_innovation"):
        return self.client.post(
            self.url(), {"file": SimpleUploadedFile(name, content), "kind": kind}
        )

    def test_editor_imports_an_activity_and_reads_the_report(self):
        self.login(self.editor)
        response = self.upload(example("activity-standard-example-annotated.xml"))
        record = IatiImport.objects.get()
        self.assertRedirects(
            response, reverse("iati:import_report", args=[self.org.uuid, record.uuid])
        )
        partnership = record.partnership
        self.assertEqual(record.iati_identifier, "AA-AAA-123456789-ABC123")
        self.assertEqual(partnership.kind, "societal_innovation")
        self.assertEqual(partnership.parties.get().organisation, self.org)
        self.assertEqual(partnership.parties.get().roles, ["coordinator"])
        page = self.client.get(response.url)
        self.assertContains(page, "Titre de l&#x27;activité")
        self.assertContains(page, "documents are not imported")
        self.assertContains(page, reverse("partnerships:detail", args=[partnership.uuid]))

    def test_a_file_that_breaks_the_schema_is_refused_with_plain_problems(self):
        self.login(self.editor)
        response = self.upload(example("should-fail/20-two-reporting-orgs.xml"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "does not follow the IATI 2.03 activity standard", status_code=400
        )
        self.assertContains(response, "Line 9: reporting-org is not allowed here", status_code=400)
        self.assertFalse(Partnership.objects.exists())

    def test_not_xml_is_refused(self):
        self.login(self.editor)
        response = self.upload(b"%PDF-1.4 not xml", name="report.pdf")
        self.assertContains(response, "not readable XML", status_code=400)

    def test_entities_are_never_expanded(self):
        bomb = (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><iati-activities version="2.03">'
            b"&lol2;</iati-activities>"
        )
        with self.assertRaisesMessage(IatiImportError, "DOCTYPE"):
            read_activities(bomb)
        external = (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b"<iati-activities>&e;</iati-activities>"
        )
        with self.assertRaisesMessage(IatiImportError, "DOCTYPE"):
            read_activities(external)

    @override_settings(IATI_IMPORT_MAX_BYTES=1024)
    def test_too_large_a_file_is_refused(self):
        self.login(self.editor)
        response = self.upload(example("activity-standard-example-annotated.xml"))
        self.assertContains(response, "too large", status_code=400)

    def test_several_activities_the_person_chooses_one(self):
        self.login(self.editor)
        response = self.upload(two_activities())
        self.assertContains(response, "Second activity")
        self.assertFalse(Partnership.objects.exists())
        token = self.client.session["iati_upload"]["token"]
        response = self.client.post(self.url(), {"token": token, "activity": "1"})
        record = IatiImport.objects.get()
        self.assertRedirects(
            response, reverse("iati:import_report", args=[self.org.uuid, record.uuid])
        )
        self.assertEqual(record.partnership.title, "Second activity")
        self.assertNotIn("iati_upload", self.client.session)

    def test_an_expired_choice_asks_to_upload_again(self):
        self.login(self.editor)
        response = self.client.post(self.url(), {"token": "stale", "activity": "0"})
        self.assertRedirects(response, self.url())
        self.assertFalse(IatiImport.objects.exists())

    def test_viewers_may_not_import_and_outsiders_get_404(self):
        self.login(self.viewer)
        self.assertEqual(self.upload(MINIMAL).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.upload(MINIMAL).status_code, 404)
        self.assertFalse(IatiImport.objects.exists())

    def test_another_organisations_import_report_is_not_found(self):
        record = IatiImport.objects.create(organisation=self.other_org, filename="x.xml")
        self.login(self.editor)
        response = self.client.get(reverse("iati:import_report", args=[self.org.uuid, record.uuid]))
        self.assertEqual(response.status_code, 404)

    def test_the_import_is_audited(self):
        from alliances.core.models import AuditEvent

        self.login(self.editor)
        self.upload(MINIMAL)
        event = AuditEvent.objects.get(verb="iati.imported")
        self.assertEqual(event.organisation_uuid, self.org.uuid)
        self.assertEqual(event.actor, self.editor)
