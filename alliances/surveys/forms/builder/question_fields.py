"""What a question form reads from fields typed as text: choices and statements, one per line
("code = label" or just the label, the code then made from it), the "show only if" condition
built from three fields or typed as an expression, and a number's minimum and maximum."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alliances.surveys.definition import AGREEMENT_CHOICES
from alliances.surveys.forms.builder.survey import language_name
from alliances.surveys.selectors.surveys import NUMERIC_TYPES, condition_build

CHOICE_KINDS = frozenset({"select_one", "select_multiple"})
CODED_LINE = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*=\s*(.+?)\s*$")


def slug_name(text: str, *, prefix: str = "q") -> str:
    """A name usable in expressions, made from a label: "Votre âge ?" → "votre_age"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    name = ""
    for word in words:
        if len(name) + len(word) > 30:
            break
        name = f"{name}_{word}" if name else word
    if not name:
        name = words[0][:30] if words else prefix
    if name[0].isdigit():
        name = f"{prefix}_{name}"
    return name


def unique_name(base: str, taken: set[str]) -> str:
    name, number = base, 2
    while name in taken:
        name = f"{base}_{number}"
        number += 1
    return name


def _parse_lines(text: str) -> list[tuple[str | None, str]]:
    lines = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        match = CODED_LINE.match(line)
        lines.append((match.group(1), match.group(2)) if match else (None, line.strip()))
    return lines


def _number(text: str) -> str:
    return text.replace(",", ".")


class QuestionFieldsMixin:
    """For QuestionForm: needs `languages`, `kind`, `item`, `earlier` (earlier questions by
    name), and the form's `cleaned_data` and `add_error`."""

    def _entries(self, key: str, *, minimum: int, prefix: str) -> list[dict]:
        """Choices or statements: codes from the first language, labels from every one."""
        first = self.languages[0]
        lines = _parse_lines(self.cleaned_data.get(f"{key}_{first}", ""))
        old = {str(entry.get("name")): entry for entry in (self.item or {}).get(key, [])}
        entries, taken = [], set()
        for code, label in lines:
            code = code or unique_name(slug_name(label, prefix=prefix), taken)
            if code in taken:
                self.add_error(
                    f"{key}_{first}", _("The code “%(code)s” is used twice.") % {"code": code}
                )
                return []
            taken.add(code)
            entries.append({**old.get(code, {}), "name": code, "label": {first: label}})
        if len(entries) < minimum:
            self.add_error(
                f"{key}_{first}",
                _("Give at least %(count)s, one per line.") % {"count": minimum},
            )
            return []
        for lang in self.languages[1:]:
            lines = _parse_lines(self.cleaned_data.get(f"{key}_{lang}", ""))
            if not lines:
                continue
            by_code = {code: label for code, label in lines if code in taken}
            if len(by_code) != len(lines) and len(lines) != len(entries):
                self.add_error(
                    f"{key}_{lang}",
                    _(
                        "Give one line per line of %(language)s (%(count)s), in the same order, "
                        "or start each line with its code."
                    )
                    % {"language": language_name(first), "count": len(entries)},
                )
                continue
            for index, entry in enumerate(entries):
                if len(by_code) == len(lines):
                    label = by_code.get(entry["name"], "")
                else:
                    label = lines[index][1]
                if label:
                    entry["label"][lang] = label
        return entries

    def _condition_value(self, question: dict, raw: str, operator: str) -> list[str]:
        values = [part.strip() for part in re.split(r"[,;]", raw) if part.strip()]
        if operator != "one_of":
            values = [raw.strip()] if raw.strip() else []
        if not values:
            raise ValidationError(_("Give the value to compare with."))
        kind = question.get("type")
        if operator in ("at_least", "at_most") or kind in NUMERIC_TYPES:
            codes = self._codes(question)
            numbers = [codes.get(value.lower(), _number(value)) for value in values]
            if not all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers):
                raise ValidationError(_("Give a number, for example 18."))
            return numbers
        if kind in CHOICE_KINDS:
            codes = self._codes(question)
            found = [codes.get(value.lower()) for value in values]
            if None in found:
                missing = values[found.index(None)]
                raise ValidationError(
                    _("“%(value)s” is not one of the choices of this question: %(choices)s.")
                    % {"value": missing, "choices": ", ".join(sorted(set(codes.values())))}
                )
            return found
        return values

    def _codes(self, question: dict) -> dict[str, str]:
        """Every way to name an answer (code or label, any case) → its code."""
        codes = {}
        entries = question.get("choices", [])
        if question.get("type") == "agreement":
            entries = [
                {"name": str(code), "label": {lang: str(label) for lang in self.languages}}
                for code, label in AGREEMENT_CHOICES
            ]
        for choice in entries:
            code = str(choice.get("name"))
            codes[code.lower()] = code
            labels = choice.get("label") or {}
            for label in labels.values() if isinstance(labels, dict) else [labels]:
                codes.setdefault(str(label).lower(), code)
        return codes

    def _relevance(self) -> str:
        data = self.cleaned_data
        advanced = " ".join((data.get("relevant") or "").split())
        name = data.get("show_if")
        if name and advanced:
            self.add_error(
                "relevant", _("Use either the simple condition or the expression, not both.")
            )
            return ""
        if not name:
            return advanced
        operator = data.get("show_operator") or ""
        if not operator:
            self.add_error("show_operator", _("Choose how to compare."))
            return ""
        question = self.earlier[name]
        values = []
        if operator != "answered":
            try:
                values = self._condition_value(question, data.get("show_value") or "", operator)
            except ValidationError as exc:
                self.add_error("show_value", exc)
                return ""
        return condition_build(question, operator, values)

    def _constraint(self) -> str:
        data = self.cleaned_data
        advanced = " ".join((data.get("constraint") or "").split())
        if self.kind != "number":
            return advanced
        parts = []
        bounds = {}
        for key, sign in (("minimum", ">="), ("maximum", "<=")):
            value = _number((data.get(key) or "").strip())
            if not value:
                continue
            if not re.fullmatch(r"-?\d+(\.\d+)?", value):
                self.add_error(key, _("Give a number, for example 18."))
                continue
            bounds[key] = float(value)
            parts.append(f". {sign} {value}")
        if len(bounds) == 2 and bounds["minimum"] > bounds["maximum"]:
            self.add_error("maximum", _("The maximum is below the minimum."))
        generated = " and ".join(parts)
        if generated and advanced:
            return f"({generated}) and ({advanced})"
        return generated or advanced
