"""The questionnaire as the templates draw it, the posted form read back into answers, and the
small forms of the team's response pages.

Field names follow the shape of the answers: `age`, `matrix[trust]`, `children[0][child_age]`,
and `children[count]` for how many instances of a repeat the page holds. collect.js reads the
same names, so a form posted without JavaScript and one sent as JSON give the same answers.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliances.surveys.definition import AGREEMENT_CHOICES, iter_questions, text
from alliances.surveys.models import ResponseChannel

# A respondent may add this many instances of a repeated section, no more.
MAX_REPEAT_INSTANCES = 50
# Past this many choices a list of radio buttons gets too long on a phone: a drop-down instead.
RADIO_LIMIT = 12
HIDDEN_TYPES = frozenset({"calculate", "start", "end", "today"})
PERSONAL_TYPES = frozenset({"email", "phone"})
INPUT_TYPES = {
    "text": ("text", ""),
    "email": ("email", "email"),
    "phone": ("tel", "tel"),
    "integer": ("text", "numeric"),
    "decimal": ("text", "decimal"),
    "date": ("date", ""),
    "time": ("time", ""),
    "datetime": ("datetime-local", ""),
}


@dataclass
class Choice:
    value: str
    label: str
    checked: bool = False
    filter: str = ""  # JSON of the choice's extra columns, for choice_filter in the browser


@dataclass
class Statement:
    name: str
    label: str
    html_name: str
    html_id: str
    value: str
    error: str
    choices: list[Choice]


@dataclass
class Node:
    """One question, group or repeat, ready to draw."""

    item: dict
    type: str
    name: str
    html_name: str
    html_id: str
    label: str = ""
    hint: str = ""
    required: bool = False
    value: object = ""
    error: str = ""
    choices: list[Choice] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    instances: list[list["Node"]] = field(default_factory=list)
    blank: list["Node"] = field(default_factory=list)  # a repeat's empty instance, for JS
    input_type: str = ""
    inputmode: str = ""

    @property
    def widget(self) -> str:
        if self.type == "select_one":
            return "dropdown" if len(self.choices) > RADIO_LIMIT else "radios"
        return self.type

    @property
    def relevant(self) -> str:
        return self.item.get("relevant", "")

    @property
    def constraint(self) -> str:
        return self.item.get("constraint", "")

    @property
    def choice_filter(self) -> str:
        return self.item.get("choice_filter", "")

    @property
    def repeat_count(self) -> str:
        return self.item.get("repeat_count", "")

    @property
    def count_name(self) -> str:
        return f"{self.html_name}[count]"


def field_key(prefix: str, name: str) -> str:
    return f"{prefix}[{name}]" if prefix else name


def _html_id(key: str) -> str:
    return "q-" + re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-")


def _error(errors: dict, prefix: str, name: str) -> str:
    """The message for a question; inside a repeat the key is "repeat.2.question" (from 1)."""
    message = errors.get(prefix + name) or ""
    return message if isinstance(message, str) else " ".join(message)


def _choices(options: list[dict], language: str, selected) -> list[Choice]:
    chosen = {str(value) for value in selected} if isinstance(selected, list) else {str(selected)}
    return [
        Choice(
            value=str(option.get("name", "")),
            label=text(option, "label", language) or str(option.get("name", "")),
            checked=str(option.get("name", "")) in chosen,
            filter=json.dumps(option["filter"]) if option.get("filter") else "",
        )
        for option in options
    ]


def agreement_options() -> list[dict]:
    return [
        {"name": str(value), "label": {"default": str(label)}} for value, label in AGREEMENT_CHOICES
    ]


def _scale(kind: str, language: str) -> list[dict]:
    if kind == "rating":
        return [{"name": str(number), "label": {"default": str(number)}} for number in range(11)]
    return agreement_options()


def build_nodes(
    definition: dict, *, language: str, values: dict | None = None, errors: dict | None = None
) -> list[Node]:
    """The questionnaire's tree, with what the respondent typed and the messages to show."""
    items = (definition or {}).get("items", [])
    return _nodes(items, language, values or {}, errors or {}, "", "")


def _nodes(items, language, values, errors, prefix, error_prefix) -> list[Node]:
    nodes = []
    for item in items:
        kind = item.get("type", "")
        name = item.get("name", "")
        if kind in HIDDEN_TYPES:
            continue
        key = field_key(prefix, name)
        node = Node(
            item=item,
            type=kind,
            name=name,
            html_name=key,
            html_id=_html_id(key),
            label=text(item, "label", language) if item.get("label") else "",
            hint=text(item, "hint", language) if item.get("hint") else "",
            required=bool(item.get("required")),
            error=_error(errors, error_prefix, name),
        )
        if kind == "group":
            node.children = _nodes(
                item.get("items", []), language, values, errors, prefix, error_prefix
            )
        elif kind == "repeat":
            instances = values.get(name) if isinstance(values.get(name), list) else [{}]
            node.instances = [
                _nodes(
                    item.get("items", []),
                    language,
                    instance if isinstance(instance, dict) else {},
                    errors,
                    f"{key}[{index}]",
                    f"{error_prefix}{name}.{index + 1}.",
                )
                for index, instance in enumerate(instances[:MAX_REPEAT_INSTANCES])
            ]
            node.blank = _nodes(item.get("items", []), language, {}, {}, f"{key}[__index__]", "")
        else:
            _fill_question(node, item, language, values.get(name, ""))
        nodes.append(node)
    return nodes


def _fill_question(node: Node, item: dict, language: str, value) -> None:
    kind = node.type
    node.value = value
    node.input_type, node.inputmode = INPUT_TYPES.get(kind, ("", ""))
    if kind in {"select_one", "select_multiple"}:
        node.choices = _choices(item.get("choices", []), language, value)
    elif kind in {"agreement", "rating"}:
        node.choices = _choices(_scale(kind, language), language, value)
    elif kind == "matrix":
        answered = value if isinstance(value, dict) else {}
        for statement in item.get("statements", []):
            statement_name = statement.get("name", "")
            html_name = f"{node.html_name}[{statement_name}]"
            node.statements.append(
                Statement(
                    name=statement_name,
                    label=text(statement, "label", language),
                    html_name=html_name,
                    html_id=_html_id(html_name),
                    value=str(answered.get(statement_name, "")),
                    error="",
                    choices=_choices(agreement_options(), language, answered.get(statement_name)),
                )
            )


def raw_answers(definition: dict, data) -> dict:
    """A posted questionnaire (QueryDict) as answers, in the shape the JSON endpoint gets."""
    return _raw((definition or {}).get("items", []), data, "")


def _raw(items, data, prefix) -> dict:
    raw = {}
    for item in items:
        kind = item.get("type", "")
        name = item.get("name", "")
        key = field_key(prefix, name)
        if kind == "group":
            raw.update(_raw(item.get("items", []), data, prefix))
        elif kind == "repeat":
            instances = [
                _raw(item.get("items", []), data, f"{key}[{index}]")
                for index in range(repeat_count_posted(data, key))
            ]
            # Kept in place even when empty, so that messages point at the right instance.
            if any(instances):
                raw[name] = instances
        elif kind == "select_multiple":
            chosen = [value for value in data.getlist(key) if value]
            if chosen:
                raw[name] = chosen
        elif kind == "matrix":
            answered = {
                statement["name"]: data.get(f"{key}[{statement['name']}]")
                for statement in item.get("statements", [])
                if data.get(f"{key}[{statement['name']}]")
            }
            if answered:
                raw[name] = answered
        elif kind not in {"note", "calculate"}:
            value = (data.get(key) or "").strip()
            if value:
                raw[name] = value
    return raw


def repeat_count_posted(data, key: str) -> int:
    try:
        count = int(data.get(f"{key}[count]", 1))
    except (TypeError, ValueError):
        count = 1
    return max(0, min(count, MAX_REPEAT_INSTANCES))


def with_extra_instance(definition: dict, raw: dict, repeat_key: str) -> dict:
    """The answers with one more empty instance of a repeat: "add another" without JS."""
    for item in _repeats((definition or {}).get("items", [])):
        if item.get("name") == repeat_key:
            instances = list(raw.get(repeat_key) or [{}])
            if len(instances) < MAX_REPEAT_INSTANCES:
                instances.append({})
            return {**raw, repeat_key: instances}
    return raw


def _repeats(items):
    for item in items:
        if item.get("type") == "group":
            yield from _repeats(item.get("items", []))
        elif item.get("type") == "repeat":
            yield item


def asks_personal_data(definition: dict) -> bool:
    return any(question.get("type") in PERSONAL_TYPES for question in iter_questions(definition))


def browser_schema(definition: dict, language: str) -> list[dict]:
    """What collect.js needs to read and check the form: no labels, messages in one language."""

    def slim(item: dict) -> dict:
        out = {
            key: item[key]
            for key in (
                "name",
                "type",
                "relevant",
                "constraint",
                "calculation",
                "choice_filter",
                "repeat_count",
                "required",
                "read_only",
            )
            if item.get(key)
        }
        if item.get("constraint"):
            out["constraint_message"] = (
                text(item, "constraint_message", language) if item.get("constraint_message") else ""
            )
        if item.get("required") and item.get("required_message"):
            out["required_message"] = text(item, "required_message", language)
        if item.get("statements"):
            out["statements"] = [statement["name"] for statement in item["statements"]]
        if item.get("items"):
            out["items"] = [slim(child) for child in item["items"]]
        return out

    return [slim(item) for item in (definition or {}).get("items", [])]


class PaperDetailsForm(forms.Form):
    collected_on = forms.DateField(
        label=_("Date written on the questionnaire"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day the person answered, which decides the reporting period."),
    )

    def clean_collected_on(self) -> date:
        value = self.cleaned_data["collected_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class ResponseFilterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("All channels")), *ResponseChannel.choices],
    )
    start = forms.DateField(
        label=_("Answered from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Answered until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class ResponseDeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Why delete this response?"),
        max_length=500,
        help_text=_("For example: the same paper questionnaire was entered twice."),
        widget=forms.TextInput,
    )
