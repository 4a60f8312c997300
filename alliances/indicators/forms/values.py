"""Forms of indicator values: one indicator-period, the bulk table, the review, the import.

Figures are typed as people write them ("1 234,5", "12.5"); the indicator's rules (percentage,
score range) are the service's, asked here so that each error sits on its own box.
"""

from decimal import Decimal
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from alliances.indicators.models import Indicator
from alliances.indicators.selectors.values import Group, indicator_groups
from alliances.indicators.services.values import Figures, figure_error, sum_warnings
from alliances.lib.uploads import content_matches
from alliances.partnerships.forms.contributions import DecimalInput, parse_decimal

EVIDENCE_EXTENSIONS = frozenset(
    {
        "pdf",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "heic",
        "doc",
        "docx",
        "odt",
        "rtf",
        "xls",
        "xlsx",
        "ods",
        "ppt",
        "pptx",
        "odp",
        "csv",
        "txt",
    }
)


class FigureField(forms.Field):
    widget = DecimalInput
    default_error_messages = {"invalid": _("Enter a number, for example 12,5.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_decimal(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def field_name(index: int) -> str:
    return "total" if index == 0 else f"group_{index}"


class ValueEntryForm(forms.Form):
    """The total and one box per category of an indicator-period."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the figure was obtained, or what to know when reading it."),
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        help_text=_("Optional: a PDF, an image, an office document or a CSV file."),
    )

    def __init__(self, *args, indicator: Indicator, values=None, with_extras=True, **kwargs):
        values = values or {}
        kwargs.setdefault(
            "initial",
            {
                field_name(index): getattr(values.get(group.key), "value", None)
                for index, group in enumerate(indicator_groups(indicator))
            }
            | {"comment": getattr(values.get(""), "comment", "")},
        )
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.groups: list[Group] = indicator_groups(indicator)
        self.warnings: list[str] = []
        unit = f" ({indicator.unit})" if indicator.unit else ""
        for index, group in enumerate(self.groups):
            name = field_name(index)
            self.fields[name] = FigureField(label=f"{group.label}{unit}")
            self.fields[name].group = group
        if not with_extras:
            del self.fields["comment"]
            del self.fields["evidence"]
        else:
            self.fields["evidence"].help_text = _(
                "Optional: a PDF, an image, an office document or a CSV file, up to %(size)s."
            ) % {"size": filesizeformat(settings.EVIDENCE_MAX_BYTES)}
            self.order_fields([field_name(i) for i in range(len(self.groups))])

    @property
    def total_field(self):
        return self[field_name(0)]

    def dimensions(self) -> list[tuple[str, list]]:
        """The category boxes grouped by dimension, for fieldsets."""
        grouped: dict[str, list] = {}
        for index, group in enumerate(self.groups[1:], start=1):
            grouped.setdefault(group.dimension_label, []).append(self[field_name(index)])
        return list(grouped.items())

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if not evidence:
            return None
        extension = Path(evidence.name).suffix.lower().lstrip(".")
        if extension not in EVIDENCE_EXTENSIONS:
            raise ValidationError(
                _(
                    "This type of file is not accepted: send a PDF, an image, an office "
                    "document or a CSV file."
                )
            )
        if evidence.size > settings.EVIDENCE_MAX_BYTES:
            raise ValidationError(
                _("This file is too large: at most %(size)s.")
                % {"size": filesizeformat(settings.EVIDENCE_MAX_BYTES)}
            )
        # Judged by its content: a page or a program renamed .pdf is refused.
        if not content_matches(evidence, extension):
            raise ValidationError(
                _(
                    "This file's content does not match its name (.%(extension)s): it may be "
                    "damaged. Save it again from the program that made it."
                )
                % {"extension": extension},
                code="evidence_content",
            )
        return evidence

    def clean(self):
        data = super().clean()
        for index, _group in enumerate(self.groups):
            name = field_name(index)
            if name in data and (message := figure_error(self.indicator, data[name])):
                self.add_error(name, message)
        self.warnings = sum_warnings(self.indicator, self.figure_values(data))
        return data

    def figure_values(self, data=None) -> dict:
        data = self.cleaned_data if data is None else data
        return {group.key: data.get(field_name(index)) for index, group in enumerate(self.groups)}

    def has_figures(self) -> bool:
        return any(value is not None for value in self.figure_values().values())

    def figures(self) -> Figures:
        return Figures(
            values=self.figure_values(),
            comment=self.cleaned_data.get("comment", ""),
            evidence=self.cleaned_data.get("evidence"),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """Place a service's errors (keyed by disaggregation key) on their boxes."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        names = {group.key: field_name(index) for index, group in enumerate(self.groups)}
        for key, errors in error.error_dict.items():
            name = names.get(key, key)
            self.add_error(name if name in self.fields else None, errors)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return for correction"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose to approve or to return the values.")},
    )
    message = forms.CharField(
        label=_("Message to the person who entered the values"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to return: say what needs correcting."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("message") or "").strip():
            self.add_error("message", _("Say what needs correcting: it is sent with the return."))
        return data


class LockForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, lock this period"),
        error_messages={"required": _("Tick the box to confirm the lock.")},
    )


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Why unlock it?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the period must be unlocked.")},
    )


IMPORT_MAX_BYTES = 2 * 1024 * 1024


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File to import"),
        help_text=_("The template filled in, as XLSX or CSV (up to 2 MB)."),
        error_messages={"required": _("Choose the file to import.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("This file is too large: at most 2 MB."))
        return upload


class ImportConfirmForm(forms.Form):
    upload = forms.UUIDField(widget=forms.HiddenInput)
    submit = forms.BooleanField(
        label=_("Submit the imported values for approval"),
        required=False,
        help_text=_("Otherwise they are saved as drafts, which you can check before submitting."),
    )
