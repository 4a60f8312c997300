"""A version of the agreement as a PDF (WeasyPrint) or DOCX (python-docx) file.

WeasyPrint needs system libraries (Pango, HarfBuzz, Fontconfig and a font; see
scripts/system_packages.sh). Without them the PDF is unavailable, and the DOCX still works.
"""

from io import BytesIO

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alliances.agreements.models import AgreementVersion, VersionStatus
from alliances.agreements.sections import Agreement
from alliances.agreements.selectors import agreement_of_version


class PdfUnavailable(Exception):
    """WeasyPrint's system libraries are missing on this server."""


def export_language(requested: str | None) -> str:
    """The language asked for, if the site offers it; else the active one."""
    codes = [code for code, _name in settings.LANGUAGES]
    if requested in codes:
        return requested
    active = translation.get_language() or settings.LANGUAGE_CODE
    return active if active in codes else settings.LANGUAGE_CODE


def export_filename(version: AgreementVersion, language: str, extension: str) -> str:
    with translation.override(language):
        prefix = slugify(_("agreement")) or "agreement"
    slug = slugify(version.partnership.title)[:60].strip("-") or "partnership"
    return f"{prefix}-{slug}-v{version.number}-{language}.{extension}"


def version_status_line(version: AgreementVersion) -> str:
    """Version number and status, as printed at the top of an export (active language)."""
    if version.status == VersionStatus.IN_FORCE and version.in_force_at:
        return _("Version %(number)s, in force since %(date)s") % {
            "number": version.number,
            "date": formats.date_format(version.in_force_at, "DATE_FORMAT"),
        }
    if version.status == VersionStatus.SUPERSEDED:
        return _("Version %(number)s, replaced by a later version") % {"number": version.number}
    return _("Version %(number)s: DRAFT, not in force") % {"number": version.number}


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        # OSError: the Python package is there but cannot load Pango and its friends.
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint


def pdf_available() -> bool:
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def css_string(text: str) -> str:
    """A quoted CSS string: every character but letters, digits and spaces as an escape, so
    that no text can end the string or the style sheet."""
    escaped = "".join(
        char if char.isalnum() and char.isascii() or char == " " else f"\\{ord(char):x} "
        for char in text
    )
    return mark_safe(f'"{escaped}"')  # noqa: S308 - every special character is escaped


def agreement_pdf(*, version: AgreementVersion, language: str) -> bytes:
    weasyprint = _weasyprint()
    agreement = agreement_of_version(version, language=language)
    with translation.override(language):
        html = render_to_string(
            "agreements/agreement_print.html",
            {
                "version": version,
                "agreement": agreement,
                "status_line": version_status_line(version),
                "status_css": css_string(version_status_line(version)),
                "page_css": css_string(_("Page")),
                "is_draft": version.status == VersionStatus.DRAFT,
                "language": language,
            },
        )
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _docx_table(document, headers, rows) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value


def _docx_section(document, section) -> None:
    document.add_heading(section.heading, level=1)
    groups = section.groups_before_table
    for group in groups:
        for text in group.texts:
            document.add_paragraph(text, style="List Bullet" if group.items else None)
    if section.table is not None:
        _docx_table(document, section.table.headers, section.table.rows)
        for group in section.groups_after_table:
            for text in group.texts:
                document.add_paragraph(text, style="List Bullet" if group.items else None)
    for clause in section.clauses:
        document.add_paragraph(clause)


def _docx(version: AgreementVersion, agreement: Agreement, language: str) -> bytes:
    from docx import Document

    document = Document()
    properties = document.core_properties
    properties.title = agreement.title[:255]
    properties.language = language
    status = version_status_line(version)
    if version.status == VersionStatus.DRAFT:
        # On every page, so that no printed page of a draft passes for the agreement itself.
        header = document.sections[0].header.paragraphs[0]
        header.add_run(status).bold = True
    document.add_heading(agreement.title, level=0)
    document.add_paragraph(status).runs[0].bold = True
    for section in agreement.sections:
        _docx_section(document, section)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def agreement_docx(*, version: AgreementVersion, language: str) -> bytes:
    agreement = agreement_of_version(version, language=language)
    with translation.override(language):
        return _docx(version, agreement, language)
