"""Downloading a version as PDF or DOCX, in French or English."""

import re
import zlib
from io import BytesIO
from unittest import mock

from django.urls import reverse
from docx import Document

from alliances.agreements import exports
from alliances.agreements.tests.base import AgreementTestCase


def pdf_title_found(content: bytes, title: str) -> bool:
    """Is `title` the document's title? WeasyPrint writes it, UTF-16 encoded, in the document
    information, which sits in a compressed object stream."""
    encoded = ("<feff" + title.encode("utf-16-be").hex() + ">").encode()
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.DOTALL):
        try:
            if encoded in zlib.decompress(match.group(1)):
                return True
        except zlib.error:
            continue
    return False


def docx_text(content: bytes) -> str:
    document = Document(BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    lines += [p.text for p in document.sections[0].header.paragraphs]
    return "\n".join(lines)


class AgreementExportTests(AgreementTestCase):
    def setUp(self):
        self.version = self.save_version(clauses={"communication": "Logo sur les affiches."})

    def url(self, kind, number=1):
        return reverse(f"agreements:{kind}", args=[self.partnership.uuid, number])

    def test_permissions(self):
        for kind in ("pdf", "docx"):
            self.login(None)
            self.assertEqual(self.client.get(self.url(kind)).status_code, 302)
            for user, status in [
                (self.outsider, 404),
                (self.staff, 404),
                (self.viewer, 200),
                (self.company_admin, 200),
            ]:
                with self.subTest(kind=kind, user=user.email):
                    self.login(user)
                    self.assertEqual(self.client.get(self.url(kind)).status_code, status)
            self.login(self.viewer)
            self.assertEqual(self.client.get(self.url(kind, 7)).status_code, 404)

    def test_pdf_of_a_draft(self):
        self.login(self.viewer)
        response = self.client.get(self.url("pdf"), {"lang": "en"})
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="agreement-reussir-au-college-v1-en.pdf"',
        )
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertGreater(len(response.content), 10_000)
        self.assertTrue(
            pdf_title_found(response.content, "Partnership agreement: Réussir au collège")
        )
        self.assertFalse(pdf_title_found(response.content, "Partnership agreement: Autre"))

    def test_pdf_in_french(self):
        self.login(self.viewer)
        french = self.client.get(self.url("pdf"), {"lang": "fr"})
        self.assertTrue(french.content.startswith(b"%PDF"))
        self.assertIn("-v1-fr.pdf", french["Content-Disposition"])

    def test_docx_in_english(self):
        self.approve(self.company_admin, self.version, self.company_party)
        self.login(self.viewer)
        response = self.client.get(self.url("docx"), {"lang": "en"})
        self.assertEqual(
            response["Content-Type"],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        self.assertIn(
            'filename="agreement-reussir-au-college-v1-en.docx"', response["Content-Disposition"]
        )
        text = docx_text(response.content)
        self.assertIn("Partnership agreement: Réussir au collège", text)
        self.assertIn("Version 1: DRAFT, not in force", text)
        self.assertIn("1. Parties and roles", text)
        self.assertIn("Solidaires Industries | Company | SIREN 552100554", text)
        self.assertIn("20,000.00 EUR", text)
        self.assertIn("Sept. 1, 2026", text)
        self.assertIn("Logo sur les affiches.", text)
        self.assertIn("Solidaires Industries | Paula Partner |", text)
        self.assertIn("Ville de Poitiers |  | Awaiting approval", text)

    def test_docx_in_french(self):
        self.login(self.viewer)
        response = self.client.get(self.url("docx"), {"lang": "fr"})
        text = docx_text(response.content)
        self.assertIn("20\xa0000,00 EUR", text)
        self.assertIn("1 septembre 2026", text)
        self.assertIn("Logo sur les affiches.", text)
        document = Document(BytesIO(response.content))
        self.assertEqual(document.core_properties.language, "fr")

    def test_in_force_version_has_no_draft_mention(self):
        self.approve_by_all(self.version)
        self.login(self.viewer)
        text = docx_text(self.client.get(self.url("docx"), {"lang": "en"}).content)
        self.assertIn("Version 1, in force since", text)
        self.assertNotIn("DRAFT", text)

    def test_unknown_language_falls_back_to_the_active_one(self):
        self.login(self.viewer)
        response = self.client.get(self.url("docx"), {"lang": "xx"})
        self.assertIn("-v1-en.docx", response["Content-Disposition"])

    def test_pdf_unavailable_without_the_system_libraries(self):
        self.login(self.viewer)
        with mock.patch.object(
            exports, "_weasyprint", side_effect=exports.PdfUnavailable("no pango")
        ):
            response = self.client.get(self.url("pdf"))
            self.assertContains(
                response, "PDF export is unavailable on this server", status_code=503
            )
            self.assertContains(response, self.url("docx"), status_code=503)
            page = self.client.get(reverse("agreements:version", args=[self.partnership.uuid, 1]))
            self.assertNotContains(page, self.url("pdf"))
            self.assertEqual(self.client.get(self.url("docx")).status_code, 200)

    def test_css_strings_cannot_escape(self):
        self.assertEqual(exports.css_string('a"b'), '"a\\22 b"')
        self.assertNotIn("<", exports.css_string("</style>"))
