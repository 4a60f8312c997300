"""The questionnaire form: each question answered on the four-level scale, with a comment."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alliances.diagnosis.questions import (
    COMMENT_MAX,
    DIMENSION_HELP,
    QUESTIONS,
    Dimension,
    Level,
    level_of,
    questions_of,
)
from alliances.diagnosis.services.diagnoses import NOTES_MAX


def level_field_name(code: str) -> str:
    return code.replace(".", "__")


def comment_field_name(code: str) -> str:
    return f"{level_field_name(code)}__comment"


class DiagnosisForm(forms.Form):
    """Every question is optional while saving a draft; the service requires them all to
    complete."""

    notes = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who took part in the self-diagnosis, what you agreed to do next."),
    )

    def __init__(self, *args, diagnosis=None, **kwargs):
        answers = (diagnosis.answers if diagnosis else None) or {}
        initial = kwargs.pop("initial", {}) or {}
        for question in QUESTIONS:
            answer = answers.get(question.code) or {}
            initial[level_field_name(question.code)] = level_of(answers, question.code) or ""
            initial[comment_field_name(question.code)] = answer.get("comment", "")
        if diagnosis is not None:
            initial["notes"] = diagnosis.notes
        super().__init__(*args, initial=initial, **kwargs)
        for question in QUESTIONS:
            self.fields[level_field_name(question.code)] = forms.ChoiceField(
                label=question.text,
                choices=Level.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[comment_field_name(question.code)] = forms.CharField(
                label=_("Comment (optional)"),
                required=False,
                max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The notes come last on the page.
        self.order_fields([name for name in self.fields if name != "notes"] + ["notes"])

    def sections(self) -> list[dict]:
        """The questions grouped by dimension, as the template lays them out."""
        return [
            {
                "dimension": dimension,
                "label": label,
                "help": DIMENSION_HELP[dimension],
                "questions": [
                    (
                        question,
                        self[level_field_name(question.code)],
                        self[comment_field_name(question.code)],
                    )
                    for question in questions_of(dimension)
                ],
            }
            for dimension, label in Dimension.choices
        ]

    def answered_count(self) -> int:
        if self.is_bound:
            return sum(1 for q in QUESTIONS if self.data.get(level_field_name(q.code)))
        return sum(1 for q in QUESTIONS if self.initial.get(level_field_name(q.code)))

    def answers(self) -> dict:
        return {
            question.code: {
                "level": self.cleaned_data.get(level_field_name(question.code)) or "",
                "comment": self.cleaned_data.get(comment_field_name(question.code)) or "",
            }
            for question in QUESTIONS
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """The service names questions by their code; the form by its field names."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            field = level_field_name(name) if name in {q.code for q in QUESTIONS} else name
            self.add_error(field if field in self.fields else None, errors)
