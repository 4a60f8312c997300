"""Mapping pyxform's survey tree to our definition format (docs/surveys.md)."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from alliances.surveys.expressions import ExpressionError, compile_expression
from alliances.surveys.xlsform.problems import Problem
from alliances.surveys.xlsform.reading import Sheets

TYPES = {
    "text": "text",
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "time": "time",
    "datetime": "datetime",
    "dateTime": "datetime",
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "note": "note",
    "acknowledge": "acknowledge",
    "calculate": "calculate",
    "start": "start",
    "end": "end",
    "today": "today",
}
# Identify the device or the person: never collected, whatever the form asks.
NEVER_COLLECTED = frozenset(
    {"deviceid", "simserial", "phonenumber", "subscriberid", "username", "email", "audit"}
    | {"start-geopoint", "background-geopoint"}
)
EXTERNAL_FILE = re.compile(r"\.(csv|xml|geojson)$", re.IGNORECASE)
UNSUPPORTED_APPEARANCE = re.compile(r"search\(|pulldata|^ex:|external", re.IGNORECASE)
_TRUE = {"yes", "true", "true()", "1"}
_FALSE = {"no", "false", "false()", "0", ""}


class Converter:
    """pyxform's tree → our items, collecting what is left out and what is wrong."""

    def __init__(self, sheets: Sheets, tree: dict):
        self.rows = sheets.rows
        languages = list(sheets.languages)
        default = sheets.default_language or tree.get("default_language")
        if default and default != "default":
            languages = [default] + [lang for lang in languages if lang != default]
        self.languages = languages or ["default"]
        self.problems: list[Problem] = []
        self.unsupported: list[Problem] = []
        self.notes: list[Problem] = []
        self.left_out_names: set[str] = set()

    def problem(self, name: str, feature: str, message: str) -> Problem:
        return Problem("survey", self.rows.get(name), feature, message)

    def texts(self, value: Any, substitute: dict | None = None) -> dict | None:
        """A text in every language we know; the plain column fills missing translations."""
        if value in (None, "", {}):
            return None
        if not isinstance(value, dict):
            value = {self.languages[0]: value}
        texts = {str(k): str(v) for k, v in value.items() if v not in (None, "")}
        fallback = texts.pop("default", None) if self.languages != ["default"] else None
        for language in self.languages:
            if language not in texts and fallback:
                texts[language] = fallback
        if self.languages[0] not in texts and texts:
            texts[self.languages[0]] = next(iter(texts.values()))
        if substitute:
            for language, text_value in texts.items():
                values = {k: v(language) for k, v in substitute.items()}
                texts[language] = text_value.replace("%(label)s", values["label"]).replace(
                    "%(name)s", values["name"]
                )
        ordered = {lang: texts[lang] for lang in self.languages if lang in texts}
        ordered.update((k, v) for k, v in texts.items() if k not in ordered)
        return ordered or None

    def items(self, children: list, loop: dict | None) -> list[dict]:
        items = []
        for child in children:
            item = self.item(child, loop)
            if isinstance(item, list):
                items.extend(item)
            elif item is not None:
                items.append(item)
        return items

    def item(self, child: dict, loop: dict | None) -> dict | list | None:
        kind = str(child.get("type") or "")
        name = str(child.get("name") or "")
        control = child.get("control") or {}
        if kind == "group" and control.get("bodyless"):
            return None  # pyxform's own "meta" group (instance identifiers)
        if kind in NEVER_COLLECTED or kind.startswith("uri:"):
            self.left_out_names.add(name)
            self.notes.append(
                self.problem(
                    name,
                    kind,
                    _(
                        "“%(name)s” (%(type)s) identifies the device or the person: it is never "
                        "collected."
                    )
                    % {"name": name, "type": kind},
                )
            )
            return None
        if kind == "loop":
            return self.loop(child)
        reason = self.unsupported_reason(child, kind)
        if reason:
            self.left_out_names.add(name)
            self.unsupported.append(
                self.problem(name, reason, self.unsupported_message(name, reason))
            )
            return None
        if loop is not None:
            name = f"{loop['prefix']}_{name}"
        item: dict[str, Any] = {"name": name}
        substitute = loop["substitute"] if loop else None
        if kind in ("group", "repeat"):
            item["type"] = kind
        else:
            item["type"] = TYPES[kind]
        label = self.texts(child.get("label"), substitute)
        if label:
            item["label"] = label
        elif item["type"] not in ("calculate", "start", "end", "today", "group", "repeat"):
            item["label"] = {self.languages[0]: name}
        hint = self.texts(child.get("hint"), substitute)
        if hint:
            item["hint"] = hint
        if child.get("media"):
            self.notes.append(
                self.problem(
                    name,
                    "media",
                    _("The images, sounds or videos of “%(name)s” are not shown.") % {"name": name},
                )
            )
        self.bind(child, item, loop)
        appearance = str(control.get("appearance") or "").strip()
        if appearance:
            item["appearance"] = appearance
        if kind in ("group", "repeat"):
            if kind == "repeat" and control.get("jr:count"):
                item["repeat_count"] = self.expression(name, "repeat_count", control["jr:count"])
            item["items"] = self.items(child.get("children") or [], loop)
        if item["type"] in ("select_one", "select_multiple"):
            item["choices"] = self.choices(child.get("choices") or [])
            if child.get("choice_filter"):
                item["choice_filter"] = self.expression(
                    name, "choice_filter", child["choice_filter"]
                )
        if child.get("default") not in (None, ""):
            item["default"] = str(child["default"])
        row = self.rows.get(str(child.get("name") or ""))
        if row:
            item["row"] = row
        return item

    def loop(self, child: dict) -> list[dict]:
        """`begin loop over list`: one group per choice, %(name)s and %(label)s filled in."""
        groups = []
        for column in child.get("columns") or []:
            column_name = str(column.get("name"))
            column_label = self.texts(column.get("label")) or {}
            prefix = f"{child['name']}_{column_name}"

            def label_in(language, labels=column_label, fallback=column_name):
                return labels.get(language) or next(iter(labels.values()), fallback)

            substitute = {"label": label_in, "name": lambda language, n=column_name: n}
            loop = {"prefix": prefix, "substitute": substitute, "name": column_name}
            group = {
                "type": "group",
                "name": prefix,
                "label": column_label or {self.languages[0]: column_name},
                "items": self.items(child.get("children") or [], loop),
            }
            row = self.rows.get(str(child.get("name")))
            if row:
                group["row"] = row
            groups.append(group)
        return groups

    def unsupported_reason(self, child: dict, kind: str) -> str | None:
        if kind in ("select one", "select all that apply"):
            if EXTERNAL_FILE.search(str(child.get("itemset") or "")):
                return (
                    "select_one_from_file"
                    if kind == "select one"
                    else ("select_multiple_from_file")
                )
        elif kind not in TYPES and kind not in ("group", "repeat"):
            return kind or "type"
        appearance = str((child.get("control") or {}).get("appearance") or "")
        if UNSUPPORTED_APPEARANCE.search(appearance):
            return f"appearance {appearance}"
        return None

    def unsupported_message(self, name: str, reason: str) -> str:
        return _(
            "“%(name)s” uses %(feature)s, which surveys here cannot show yet. Remove it from the "
            "form, or import again choosing to leave such questions out."
        ) % {"name": name, "feature": reason}

    def bind(self, child: dict, item: dict, loop: dict | None) -> None:
        bind = child.get("bind") or {}
        name = item["name"]
        for source, key in (("relevant", "relevant"), ("constraint", "constraint")):
            if bind.get(source):
                item[key] = self.expression(name, key, bind[source], loop)
        if bind.get("calculate"):
            item["calculation"] = self.expression(name, "calculation", bind["calculate"], loop)
        required = str(bind.get("required", "")).strip()
        if required.lower() in _TRUE:
            item["required"] = True
        elif required.lower() not in _FALSE:
            item["required"] = self.expression(name, "required", required, loop)
        for source, key in (
            ("jr:constraintMsg", "constraint_message"),
            ("jr:requiredMsg", "required_message"),
        ):
            text_value = self.texts(bind.get(source))
            if text_value:
                item[key] = text_value
        if str(bind.get("readonly", "")).strip().lower() in _TRUE:
            item["read_only"] = True

    def expression(self, name: str, key: str, text_value: Any, loop: dict | None = None) -> str:
        expression = str(text_value).strip()
        if loop is not None:
            expression = expression.replace("%(name)s", loop["name"])
        try:
            compile_expression(expression)
        except ExpressionError as error:
            self.problems.append(
                self.problem(
                    name,
                    "expression",
                    _("The %(key)s of “%(name)s” cannot be read: %(error)s")
                    % {"key": key, "name": name, "error": error.message},
                )
            )
        return expression

    def choices(self, choices: list) -> list[dict]:
        converted = []
        for choice in choices:
            entry: dict[str, Any] = {"name": str(choice.get("name"))}
            label = self.texts(choice.get("label"))
            entry["label"] = label or {self.languages[0]: entry["name"]}
            extra = {
                str(k): str(v)
                for k, v in choice.items()
                if k not in ("name", "label", "media", "image", "audio", "video")
                and isinstance(v, (str, int, float))
            }
            if extra:
                entry["filter"] = extra
            converted.append(entry)
        return converted
