"""Forms of the survey builder: a survey's settings, one question of any type, an XLSForm file.

A question form adapts to its type and to the survey's languages (a label and a hint in each).
Choices, statements, the condition "show only if" and a number's bounds are read by
QuestionFieldsMixin (question_fields.py); the service checks that a condition only uses
earlier questions.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.surveys.definition import ANSWERED_TYPES
from alliances.surveys.expressions import ExpressionError, compile_expression
from alliances.surveys.forms.builder.question_fields import (
    CHOICE_KINDS,
    QuestionFieldsMixin,
    slug_name,
    unique_name,
)
from alliances.surveys.forms.builder.survey import language_name
from alliances.surveys.selectors.surveys import (
    OPERATORS,
    condition_parse,
    earlier_questions,
)
from alliances.surveys.services.surveys import is_section, locate, walk

# The types offered when adding a question, in the order of the menu.
BUILDER_TYPES = {
    "text": (_("Short text"), _("A word or a sentence.")),
    "textarea": (_("Long text"), _("A comment, an opinion in the respondent's words.")),
    "number": (_("Number"), _("An age, a count, an amount; with a minimum and a maximum.")),
    "date": (_("Date"), _("A day, for example when something happened.")),
    "select_one": (_("Single choice"), _("One answer among those you list.")),
    "select_multiple": (_("Multiple choice"), _("Any answers among those you list.")),
    "agreement": (
        _("Agreement scale"),
        _("From “strongly disagree” to “strongly agree” (5 points)."),
    ),
    "rating": (_("Rating from 0 to 10"), _("For example satisfaction or well-being.")),
    "matrix": (
        _("Statements to agree with"),
        _("Several statements, each answered on the agreement scale."),
    ),
    "note": (_("Note"), _("Text shown to respondents, with no answer.")),
    "email": (_("E-mail address"), _("Personal data: ask only if you really need it.")),
    "phone": (_("Phone number"), _("Personal data: ask only if you really need it.")),
    "section": (_("Page break / section"), _("Starts a new screen, with an optional title.")),
}
PERSONAL_KINDS = frozenset({"email", "phone"})
NO_CONSTRAINT = frozenset(
    {"agreement", "rating", "matrix", "select_one", "select_multiple", "note", "section"}
)
NUMBER = r"-?\d+(?:[.,]\d+)?"
RANGE = re.compile(
    rf"^\.\s*>=\s*({NUMBER})(?:\s+and\s+\.\s*<=\s*({NUMBER}))?$|^\.\s*<=\s*({NUMBER})$"
)


def builder_kind(item: dict) -> str:
    """The builder's form for an item: numbers share one, a builder group is a section."""
    kind = item.get("type", "")
    if kind in ("integer", "decimal"):
        return "number"
    if kind == "group":
        return "section"
    return kind


class QuestionForm(QuestionFieldsMixin, forms.Form):
    """One question (or section) of `survey`, of builder kind `kind`."""

    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        help_text=_(
            "Identifies the question in conditions, results and exports. Made from the label "
            "if left empty; letters, digits and underscores."
        ),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    show_if = forms.ChoiceField(label=_("Show only if the question"), required=False)
    show_operator = forms.ChoiceField(
        label=_("Condition"), required=False, choices=[("", "—"), *OPERATORS.items()]
    )
    show_value = forms.CharField(
        label=_("Value"),
        required=False,
        max_length=300,
        help_text=_(
            "An answer, or for “is one of” several separated by commas. For a choice "
            "question, its label or its code."
        ),
    )
    relevant = forms.CharField(
        label=_("Or an expression (advanced)"),
        required=False,
        max_length=2000,
        help_text=_("XLSForm syntax, for example ${age} >= 18 and selected(${needs}, 'food')."),
    )
    constraint = forms.CharField(
        label=_("Accepted answers: expression (advanced)"),
        required=False,
        max_length=2000,
        help_text=_("XLSForm syntax, “.” is the answer, for example string-length(.) <= 20."),
    )
    number_kind = forms.ChoiceField(
        label=_("Kind of number"),
        choices=[("integer", _("Whole number")), ("decimal", _("Decimal number"))],
    )
    minimum = forms.CharField(label=_("Minimum"), required=False, max_length=20)
    maximum = forms.CharField(label=_("Maximum"), required=False, max_length=20)
    section = forms.ChoiceField(label=_("Section"), required=False)
    confirm = forms.BooleanField(
        label=_("I understand: rename the question anyway"), required=False
    )

    def __init__(self, data=None, *, survey, kind: str, item: dict | None = None, section=""):
        self.survey = survey
        self.kind = kind
        self.item = item
        self.definition = survey.definition or {}
        self.languages = self.definition.get("languages") or ["fr"]
        self.type = item.get("type") if item else ("group" if kind == "section" else kind)
        if kind == "number" and not item:
            self.type = "integer"
        self.answered = self.type in ANSWERED_TYPES and kind not in ("note", "section")
        super().__init__(data, initial=self._initial())
        self._add_language_fields()
        self._adapt(section)

    # Building the fields

    def _text_field(self, label, *, required=False, rows=0, lang=""):
        widget = forms.Textarea(attrs={"rows": rows, "lang": lang}) if rows else None
        attrs = {"lang": lang} if lang and not rows else None
        return forms.CharField(
            label=label,
            required=required,
            max_length=4000,
            widget=widget or forms.TextInput(attrs=attrs),
        )

    def _add_language_fields(self):
        many = len(self.languages) > 1
        metadata = self.kind in ("calculate", "start", "end", "today")
        for index, lang in enumerate(self.languages):
            suffix = f" ({language_name(lang)})" if many else ""
            label = _("Title") if self.kind == "section" else _("Question")
            if self.kind == "note":
                label = _("Text")
            self.fields[f"label_{lang}"] = self._text_field(
                f"{label}{suffix}",
                required=index == 0 and self.kind != "section" and not metadata,
                rows=3 if self.kind == "note" else 0,
                lang=lang,
            )
            if self.kind != "section":
                self.fields[f"hint_{lang}"] = self._text_field(
                    f"{_('Help under the question')}{suffix}", lang=lang
                )
            if self.kind in CHOICE_KINDS:
                self.fields[f"choices_{lang}"] = self._text_field(
                    f"{_('Choices, one per line')}{suffix}",
                    required=index == 0,
                    rows=6,
                    lang=lang,
                )
            if self.kind == "matrix":
                self.fields[f"statements_{lang}"] = self._text_field(
                    f"{_('Statements, one per line')}{suffix}",
                    required=index == 0,
                    rows=5,
                    lang=lang,
                )
            if self.answered:
                self.fields[f"required_message_{lang}"] = self._text_field(
                    f"{_('Message when the answer is missing')}{suffix}", lang=lang
                )
                if self.kind not in NO_CONSTRAINT:
                    self.fields[f"constraint_message_{lang}"] = self._text_field(
                        f"{_('Message when the answer is not accepted')}{suffix}", lang=lang
                    )
        first = self.languages[0]
        if self.kind in CHOICE_KINDS:
            self.fields[f"choices_{first}"].help_text = _(
                "“code = label”, or just the label (a code is made from it). In the other "
                "languages, the same order or the same codes."
            )

    def _adapt(self, section: str):
        earlier = earlier_questions(
            self.definition, self.item.get("name") if self.item else None, section=section
        )
        self.fields["show_if"].choices = [("", _("(always shown)"))] + [
            (q["name"], f"{q['name']} · {self._label(q)[:60]}") for q in earlier
        ]
        self.earlier = {q["name"]: q for q in earlier}
        if not self.answered:
            for name in ("required", "constraint"):
                del self.fields[name]
        elif self.kind in NO_CONSTRAINT:
            del self.fields["constraint"]
        if self.kind != "number":
            for name in ("number_kind", "minimum", "maximum"):
                del self.fields[name]
        sections = [i for i in walk(self.definition.get("items", [])) if is_section(i)]
        parent = self._parent()
        if self.kind == "section" or not sections or (parent and not is_section(parent)):
            # Questions of an imported group or repeat stay in it.
            del self.fields["section"]
        else:
            self.fields["section"].choices = [("", _("(no section)"))] + [
                (s["name"], self._label(s) or s["name"]) for s in sections
            ]
            self.fields["section"].initial = parent["name"] if parent else section

    def _parent(self) -> dict | None:
        if not self.item:
            return None
        found = locate(self.definition.get("items", []), self.item.get("name"))
        return found[2] if found else None

    def _label(self, item: dict) -> str:
        label = item.get("label") or {}
        if isinstance(label, str):
            return label
        return label.get(self.languages[0]) or next((t for t in label.values() if t), "")

    def _initial(self) -> dict:
        item = self.item or {}
        initial = {"name": item.get("name", ""), "required": bool(item.get("required"))}
        for lang in self.languages:
            for key in ("label", "hint", "required_message", "constraint_message"):
                initial[f"{key}_{lang}"] = (item.get(key) or {}).get(lang, "")
            for key in ("choices", "statements"):
                lines = [
                    f"{entry['name']} = {(entry.get('label') or {}).get(lang, '')}"
                    for entry in item.get(key, [])
                ]
                initial[f"{key}_{lang}"] = "\n".join(lines)
        condition = condition_parse(item.get("relevant", ""))
        if condition:
            initial.update(
                show_if=condition.question,
                show_operator=condition.operator,
                show_value=", ".join(condition.values),
            )
        else:
            initial["relevant"] = item.get("relevant", "")
        constraint = item.get("constraint", "")
        match = RANGE.match(constraint) if self.kind == "number" else None
        if match:
            initial["minimum"] = match.group(1) or ""
            initial["maximum"] = match.group(2) or match.group(3) or ""
        else:
            initial["constraint"] = constraint
        initial["number_kind"] = item.get("type", "integer")
        return initial

    # Reading what was typed

    def language_groups(self) -> list[tuple[str, list]]:
        """The fields written in each language, for one fieldset per language."""
        groups = []
        for lang in self.languages:
            names = [
                f"{key}_{lang}"
                for key in ("label", "hint", "choices", "statements")
                if f"{key}_{lang}" in self.fields
            ]
            groups.append((language_name(lang), [self[name] for name in names]))
        return groups

    def message_fields(self) -> list:
        return [
            self[name]
            for name in self.fields
            if name.startswith(("required_message_", "constraint_message_"))
        ]

    def _per_language(self, key: str) -> dict:
        values = {}
        for lang in self.languages:
            value = " ".join((self.cleaned_data.get(f"{key}_{lang}") or "").split())
            if key == "label" and self.kind == "note":
                value = (self.cleaned_data.get(f"{key}_{lang}") or "").strip()
            if value:
                values[lang] = value
        return values

    def clean(self):
        data = super().clean()
        for key in ("relevant", "constraint"):
            if data.get(key):
                try:
                    compile_expression(data[key])
                except ExpressionError as exc:
                    self.add_error(key, exc.message)
        question = {
            "type": self.type,
            "label": self._per_language("label"),
            "relevant": self._relevance(),
        }
        if self.kind != "section":
            question["hint"] = self._per_language("hint")
        if self.kind == "section":
            question["appearance"] = "field-list"
        if self.kind == "number":
            question["type"] = data.get("number_kind") or "integer"
        if self.answered:
            question["required"] = bool(data.get("required"))
            question["required_message"] = self._per_language("required_message")
        if "constraint" in self.fields or self.kind == "number":
            question["constraint"] = self._constraint()
            question["constraint_message"] = self._per_language("constraint_message")
        if self.kind in CHOICE_KINDS:
            minimum = 2 if self.kind == "select_one" else 1
            question["choices"] = self._entries("choices", minimum=minimum, prefix="c")
        if self.kind == "matrix":
            question["statements"] = self._entries("statements", minimum=1, prefix="s")
        if question.get("relevant") and not self.has_error("relevant"):
            try:
                compile_expression(question["relevant"])
            except ExpressionError as exc:
                self.add_error("show_value" if data.get("show_if") else "relevant", exc.message)
        question["name"] = (data.get("name") or "").strip() or self._generated_name(question)
        self.question = question
        return data

    def _generated_name(self, question: dict) -> str:
        if self.item:
            return self.item["name"]
        label = question["label"].get(self.languages[0], "")
        base = slug_name(label, prefix="section" if self.kind == "section" else "q")
        if not label:
            base = "section" if self.kind == "section" else "question"
        taken = {item.get("name") for item in walk(self.definition.get("items", []))}
        return unique_name(base, taken)

    @property
    def target_section(self) -> str | None:
        """Where the question goes: None keeps it where it is."""
        if "section" not in self.fields:
            return None
        return self.cleaned_data.get("section") or ""
