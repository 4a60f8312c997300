"""The open data files of a public impact page: JSON (the whole picture) and CSV (one row per
approved value). Both carry the licence chosen by the parties, the publisher and the time they
were generated; the format is described in docs/public-pages.md.

Column and key names are stable English identifiers, whatever the reader's language; labels
(party kinds, roles, periods) are in the language of the request.
"""

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings

from alliances.indicators.models import Indicator
from alliances.reports.selectors.public import OpenDataValue, PublicContent

SCHEMA = "alliances-impact-page/1"
PLATFORM = "Alliances"

CSV_COLUMNS = [
    "partnership",
    "indicator_id",
    "indicator",
    "outcome",
    "objective",
    "type",
    "unit",
    "direction",
    "frequency",
    "baseline",
    "baseline_date",
    "period_start",
    "period",
    "group",
    "value",
    "respondents",
    "suppressed",
    "target",
    "licence",
    "licence_url",
    "publisher",
    "page_url",
    "generated_at",
]


def _number(value: Decimal | None):
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _indicator(indicator: Indicator, targets: list, values: list[OpenDataValue]) -> dict:
    return {
        "id": str(indicator.uuid),
        "title": indicator.title,
        "definition": indicator.definition,
        "outcome": indicator.outcome.title,
        "objective": indicator.outcome.objective.title,
        "type": indicator.type,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "accumulation": indicator.accumulation,
        "frequency": indicator.frequency,
        "sdg_indicators": list(indicator.sdg_indicators or []),
        "baseline": {
            "value": _number(indicator.baseline_value),
            "date": _text(indicator.baseline_date) or None,
        },
        "targets": [
            {"period_start": start.isoformat(), "value": _number(value)} for start, value in targets
        ],
        "values": [
            {
                "period_start": row.period_start.isoformat(),
                "period": row.period,
                "group": row.groups,
                "value": _number(row.value),
                "respondents": row.respondents,
                "suppressed": row.suppressed,
            }
            for row in values
        ],
    }


def open_data_document(
    content: PublicContent,
    values: list[OpenDataValue],
    targets: dict,
    *,
    page_url: str,
    generated_at: datetime,
) -> dict:
    partnership = content.partnership
    by_indicator: dict[int, list] = {item.indicator.pk: [] for item in content.indicators}
    for row in values:
        by_indicator[row.indicator.pk].append(row)
    return {
        "schema": SCHEMA,
        "generated_at": generated_at.isoformat(),
        "url": page_url,
        "version": content.page.version,
        "published_at": _text(content.page.published_at) or None,
        "licence": {
            "id": content.licence.code,
            "name": content.licence.name,
            "url": content.licence.url,
        },
        "publisher": {
            "name": content.publisher,
            "platform": PLATFORM,
            "platform_url": settings.SITE_URL,
        },
        "partnership": {
            "id": str(partnership.uuid),
            "title": partnership.title,
            "summary": content.summary,
            "purpose": partnership.purpose,
            "territory": content.territory,
            "starts_on": _text(content.starts_on) or None,
            "ends_on": _text(content.ends_on) or None,
        },
        "parties": [
            {
                "name": party.name,
                "kind": party.kind_code,
                "kind_label": party.kind,
                "roles": party.role_codes,
                "role_labels": party.roles,
            }
            for party in content.parties
        ],
        "causes": [
            {"code": cause.code, "goal": cause.goal, "label": cause.label}
            for cause in content.causes
        ],
        "indicators": [
            _indicator(
                item.indicator,
                targets.get(item.indicator.pk, []),
                by_indicator.get(item.indicator.pk, []),
            )
            for item in content.indicators
        ],
    }


def open_data_json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def open_data_csv(
    content: PublicContent,
    values: list[OpenDataValue],
    *,
    page_url: str,
    generated_at: datetime,
) -> bytes:
    """One row per approved value, in UTF-8 with a byte-order mark and semicolons, so that a
    spreadsheet opens it in columns with its accents; numbers use a decimal point."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in values:
        indicator = row.indicator
        line = [
            content.partnership.title,
            indicator.uuid,
            indicator.title,
            indicator.outcome.title,
            indicator.outcome.objective.title,
            indicator.type,
            indicator.unit,
            indicator.direction,
            indicator.frequency,
            indicator.baseline_value,
            indicator.baseline_date,
            row.period_start,
            row.period,
            row.group_text,
            row.value,
            row.respondents,
            row.suppressed,
            row.target,
            content.licence.name,
            content.licence.url,
            content.publisher,
            page_url,
            generated_at,
        ]
        writer.writerow([_formula_safe(_text(value)) for value in line])
    return buffer.getvalue().encode("utf-8-sig")


def _formula_safe(text: str) -> str:
    # A spreadsheet would run a cell starting with one of these as a formula. Numbers (which
    # may start with "-") are left as they are.
    if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and not _is_number(text)):
        return f"'{text}"
    return text


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True
