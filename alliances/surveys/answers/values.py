"""Typing raw answers (JSON or form values) by question type, before any rule applies."""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from alliances.surveys.answers.plan import Node
from alliances.surveys.definition import (
    RATING_MAX,
    RATING_MIN,
    TEXT_MAX_LENGTH,
    TEXTAREA_MAX_LENGTH,
)
from alliances.surveys.expressions import number_to_string

MAX_REPEAT_INSTANCES = 200
_INTEGER_RE = re.compile(r"^[+-]?\d{1,15}$")
_DECIMAL_RE = re.compile(r"^[+-]?(\d{1,20}([.,]\d{0,10})?|[.,]\d{1,10})$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_RE = re.compile(r"^(\d{2}):(\d{2})(:\d{2}(\.\d+)?)?$")
_DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
_PHONE_RE = re.compile(r"^\+?[0-9 ().\-]{3,30}$")
_ACKNOWLEDGED = {"ok", "true", "on", "yes", "1"}


class Invalid(Exception):
    """A raw value that cannot be typed; the message is shown next to the question."""


def _single(value: Any) -> Any:
    """One value from JSON or a form field (a form may send a list of one)."""
    if isinstance(value, (list, tuple)):
        if len(value) > 1:
            raise Invalid(_("Give only one answer."))
        value = value[0] if value else None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _as_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise Invalid(_("Enter a text."))
    return value if isinstance(value, str) else number_to_string(float(value))


def _integer(value: Any, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool):
        raise Invalid(_("Enter a whole number."))
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, str) and _INTEGER_RE.match(value):
        value = int(value)
    if not isinstance(value, int) or abs(value) >= 10**15:
        raise Invalid(_("Enter a whole number."))
    if low is not None and not low <= value <= high:
        raise Invalid(_("Choose a value from %(low)s to %(high)s.") % {"low": low, "high": high})
    return value


def _decimal(value: Any) -> str:
    if isinstance(value, bool):
        raise Invalid(_("Enter a number."))
    if isinstance(value, (int, float)):
        value = number_to_string(float(value)) if isinstance(value, float) else str(value)
    if not isinstance(value, str) or not _DECIMAL_RE.match(value):
        raise Invalid(_("Enter a number."))
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise Invalid(_("Enter a number.")) from None
    return format(number.normalize(), "f")


def _date(value: Any) -> str:
    if isinstance(value, str) and _DATE_RE.match(value):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(value).isoformat()
    raise Invalid(_("Enter a date (year-month-day)."))


def _time(value: Any) -> str:
    m = _TIME_RE.match(value) if isinstance(value, str) else None
    if m and int(m[1]) < 24 and int(m[2]) < 60:
        return f"{m[1]}:{m[2]}"
    raise Invalid(_("Enter a time (hours:minutes)."))


def _datetime(value: Any) -> str:
    if isinstance(value, str) and _DATETIME_RE.match(value):
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat("T", "seconds")
    raise Invalid(_("Enter a date and a time."))


def _limited(value: Any, limit: int) -> str:
    value = _as_text(value)
    if len(value) > limit:
        raise Invalid(_("At most %(n)s characters.") % {"n": limit})
    return value


def _email(value: Any) -> str:
    value = _limited(value, 254)
    try:
        validate_email(value)
    except ValidationError:
        raise Invalid(_("Enter a valid e-mail address.")) from None
    return value


def _phone(value: Any) -> str:
    value = _as_text(value)
    if not _PHONE_RE.match(value) or sum(c.isdigit() for c in value) < 3:
        raise Invalid(_("Enter a phone number."))
    return value


def _acknowledge(value: Any) -> str | None:
    if value is True or (isinstance(value, str) and value.lower() in _ACKNOWLEDGED):
        return "OK"
    if value is False or (isinstance(value, str) and value.lower() in {"false", "no", "0"}):
        return None
    raise Invalid(_("Tick the box or leave it empty."))


_SINGLE = {
    "text": lambda v: _limited(v, TEXT_MAX_LENGTH),
    "textarea": lambda v: _limited(v, TEXTAREA_MAX_LENGTH),
    "integer": _integer,
    "decimal": _decimal,
    "date": _date,
    "time": _time,
    "datetime": _datetime,
    "agreement": lambda v: _integer(v, 1, 5),
    "rating": lambda v: _integer(v, RATING_MIN, RATING_MAX),
    "email": _email,
    "phone": _phone,
    "acknowledge": _acknowledge,
}


def _select_one(node: Node, value: Any) -> str:
    value = _as_text(value)
    if value not in node.choices:
        raise Invalid(_("Choose one of the proposed answers."))
    return value


def _select_multiple(node: Node, value: Any) -> list[str] | None:
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, (list, tuple)):
        raise Invalid(_("Choose among the proposed answers."))
    chosen = {_as_text(v).strip() for v in value} - {""}
    if not chosen <= node.choices.keys():
        raise Invalid(_("Choose among the proposed answers."))
    # In the definition's order, so that the same answers always hash the same.
    return [name for name in node.choices if name in chosen] or None


def _matrix(node: Node, value: Any) -> dict[str, int] | None:
    if not isinstance(value, dict):
        raise Invalid(_("Answer each statement on the scale."))
    answers = {}
    for statement in node.statements:
        raw = _single(value.get(statement))
        if raw is not None:
            answers[statement] = _integer(raw, 1, 5)
    return answers or None


def _raw_for(node: Node, raw: dict) -> Any:
    value = raw.get(node.name)
    if value is None and node.kind in ("matrix", "repeat"):
        # A form without JavaScript posts "matrix.statement" and "repeat.2.question" fields.
        prefix = node.name + "."
        nested = {k[len(prefix) :]: v for k, v in raw.items() if k.startswith(prefix)}
        if nested and node.kind == "matrix":
            return nested
        if nested:
            instances: dict[int, dict] = {}
            for key, item in nested.items():
                index, _sep, rest = key.partition(".")
                if index.isdigit() and rest and 0 < int(index) <= MAX_REPEAT_INSTANCES:
                    instances.setdefault(int(index), {})[rest] = item
            return [instances.get(i, {}) for i in range(1, max(instances, default=0) + 1)]
    return value


def _type_value(node: Node, value: Any) -> Any:
    if node.kind == "select_multiple":
        return _select_multiple(node, value)
    if node.kind == "matrix":
        return _matrix(node, value)
    value = _single(value)
    if value is None:
        return None
    if node.kind == "select_one":
        return _select_one(node, value)
    convert = _SINGLE.get(node.kind)
    return convert(value) if convert else None


def type_level(
    nodes: list[Node], raw: dict, out: dict, prefix: str, *, errors: dict[str, str], today: date
) -> None:
    """Type every raw value of one level (top level or one repeat instance) into `out`."""
    for node in nodes:
        if node.kind == "group":
            type_level(node.children, raw, out, prefix, errors=errors, today=today)
        elif node.kind == "repeat":
            value = _raw_for(node, raw)
            if isinstance(value, list):
                instances = []
                for index, instance in enumerate(value[:MAX_REPEAT_INSTANCES], start=1):
                    cleaned: dict = {}
                    if isinstance(instance, dict):
                        key = f"{prefix}{node.name}.{index}."
                        type_level(
                            node.children, instance, cleaned, key, errors=errors, today=today
                        )
                    instances.append(cleaned)
                out[node.name] = instances
        elif node.kind in _SINGLE or node.kind in ("select_one", "select_multiple", "matrix"):
            value = _raw_for(node, raw)
            if value is None:
                continue
            try:
                typed = _type_value(node, value)
            except Invalid as error:
                errors[prefix + node.name] = str(error)
                continue
            if typed is not None:
                out[node.name] = typed
        elif node.kind in ("start", "end", "today"):
            value = _single(raw.get(node.name))
            try:
                typed = (_date if node.kind == "today" else _datetime)(value)
            except Invalid:
                typed = today.isoformat()
            out[node.name] = typed
