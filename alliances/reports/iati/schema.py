"""The IATI 2.03 activity schema, loaded once from the files shipped with the app, and a
validation that answers in plain words."""

import functools
import re
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree

DATA = Path(__file__).resolve().parent / "data"
SCHEMA_FILE = DATA / "iati-activities-schema.xsd"
# At most this many problems are listed: past that, the file is clearly of another kind.
MAX_PROBLEMS = 20


def safe_parser() -> etree.XMLParser:
    """No network, no entity expansion, no huge documents, no DTD."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


@functools.cache
def activity_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE), safe_parser()))


_MISSING = re.compile(
    r"Element '(?P<el>[^']+)': Missing child element\(s\)\. Expected is (?P<exp>.+)\.$"
)
_UNEXPECTED = re.compile(r"Element '(?P<el>[^']+)': This element is not expected\.")
_ATTRIBUTE = re.compile(r"Element '(?P<el>[^']+)': The attribute '(?P<attr>[^']+)' is required")
_VALUE = re.compile(
    r"Element '(?P<el>[^']+)', attribute '(?P<attr>[^']+)': '(?P<value>[^']*)' is not a valid value"
)
_ELEMENT_VALUE = re.compile(r"Element '(?P<el>[^']+)': '(?P<value>[^']*)' is not a valid value")


def _names(expected: str) -> str:
    return ", ".join(re.findall(r"[\w:-]+", expected.replace("Expected is", "")))


def plain_message(message: str) -> str:
    """An lxml schema message, said as a person would."""
    if match := _MISSING.search(message):
        return _("%(element)s lacks a required part: %(expected)s.") % {
            "element": match["el"],
            "expected": _names(match["exp"]),
        }
    if match := _UNEXPECTED.search(message):
        return _("%(element)s is not allowed here, or is in the wrong order.") % {
            "element": match["el"]
        }
    if match := _ATTRIBUTE.search(message):
        return _("%(element)s needs its %(attribute)s attribute.") % {
            "element": match["el"],
            "attribute": match["attr"],
        }
    if match := _VALUE.search(message):
        return _("%(element)s: “%(value)s” is not a valid %(attribute)s.") % {
            "element": match["el"],
            "value": match["value"],
            "attribute": match["attr"],
        }
    if match := _ELEMENT_VALUE.search(message):
        return _("%(element)s: “%(value)s” is not a valid value.") % {
            "element": match["el"],
            "value": match["value"],
        }
    return message


def schema_problems(tree) -> list[str]:
    """Every way the document breaks the 2.03 activity schema, in plain words with the line;
    empty when it validates."""
    schema = activity_schema()
    if schema.validate(tree):
        return []
    problems = []
    for entry in list(schema.error_log)[:MAX_PROBLEMS]:
        problems.append(
            _("Line %(line)s: %(message)s")
            % {"line": entry.line, "message": plain_message(entry.message)}
        )
    return problems
