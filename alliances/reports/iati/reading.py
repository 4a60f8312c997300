"""Reading an IATI activity file: safe parsing, the schema check, and the helpers that read
narratives, dates and numbers."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from alliances.reports.iati.schema import safe_parser, schema_problems

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_FIGURE = Decimal("1000000000000")
MAX_ACTIVITIES = 500


class IatiImportError(Exception):
    """The file cannot be read as an IATI activity file; `problems` says why, in plain words."""

    def __init__(self, message: str, problems=()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


def read_activities(data: bytes) -> list:
    """The <iati-activity> elements of a schema-valid 2.03 file, or IatiImportError."""
    if not data or not data.strip():
        raise IatiImportError(_("The file is empty."))
    if len(data) > settings.IATI_IMPORT_MAX_BYTES:
        raise IatiImportError(
            _("The file is too large: at most %(size)s MB.")
            % {"size": settings.IATI_IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser()))
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise IatiImportError(
            _("This file is not readable XML: save it again as an IATI XML file."),
            [str(exc)[:300]],
        ) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise IatiImportError(_("Files with a DOCTYPE declaration are refused, for safety."))
    root = tree.getroot()
    if root.tag == "iati-organisations":
        raise IatiImportError(
            _("This is an IATI organisation file: upload an activity file (iati-activities).")
        )
    if root.tag != "iati-activities":
        raise IatiImportError(
            _(
                "This XML file is not an IATI activity file: its first element is not "
                "iati-activities."
            )
        )
    problems = schema_problems(tree)
    if problems:
        raise IatiImportError(
            _("The file does not follow the IATI 2.03 activity standard: nothing was imported."),
            problems,
        )
    activities = root.findall("iati-activity")
    if len(activities) > MAX_ACTIVITIES:
        raise IatiImportError(
            _("The file holds more than %(count)s activities: split it.")
            % {"count": MAX_ACTIVITIES}
        )
    return activities


def _lang(element, default: str) -> str:
    return (element.get(XML_LANG) or default or "").split("-")[0].lower()


def activity_language(activity) -> str:
    return _lang(activity, "")


def text_of(element, default_lang: str = "") -> str:
    """The narrative in French if there is one, else in the activity's language, else the first."""
    if element is None:
        return ""
    narratives = [n for n in element.findall("narrative") if (n.text or "").strip()]
    if not narratives:
        return ""
    for wanted in ("fr", default_lang):
        for narrative in narratives:
            if _lang(narrative, default_lang) == wanted:
                return narrative.text.strip()
    return narratives[0].text.strip()


def parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


def parse_number(text: str | None) -> Decimal | None:
    try:
        number = Decimal((text or "").strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or abs(number) >= MAX_FIGURE:
        return None
    return number


def activity_choice(activity) -> tuple[str, str]:
    """(identifier, title) to tell activities of one file apart."""
    lang = activity_language(activity)
    identifier = (activity.findtext("iati-identifier") or "").strip()
    return identifier, text_of(activity.find("title"), lang)
