"""The columns of a values sheet, their headers, and how cells are written."""

from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from alliances.partnerships.exports import FORMULA_SIGNS

COLUMNS = ("indicator", "indicator_id", "period", "group", "value", "comment")
MAX_ROWS = 5000


def column_labels() -> dict[str, str]:
    return {
        "indicator": _("Indicator"),
        "indicator_id": _("Indicator id"),
        "period": _("Period"),
        "group": _("Group"),
        "value": _("Value"),
        "comment": _("Comment"),
    }


class ImportFileError(Exception):
    """The file cannot be read at all; the message says what to do."""


def _safe(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_SIGNS) else text


def _figure_text(figure: Decimal | None) -> str:
    if figure is None:
        return ""
    return number_format(figure.normalize(), use_l10n=True)


def _norm(value) -> str:
    return " ".join(str(value or "").split()).lower()


def _header_positions(header: list) -> dict[str, int] | None:
    names = {}
    for language in ("en", "fr"):
        with translation.override(language):
            for key, label in column_labels().items():
                names[_norm(label)] = key
    for key in COLUMNS:
        names[key.replace("_", " ")] = key
    positions = {}
    for position, cell in enumerate(header):
        key = names.get(_norm(cell))
        if key and key not in positions:
            positions[key] = position
    if "value" not in positions or not ({"indicator", "indicator_id"} & positions.keys()):
        return None
    return positions
