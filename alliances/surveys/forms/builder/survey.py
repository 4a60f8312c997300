"""Forms of a survey's settings and of the XLSForm upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alliances.lib.uploads import check_zip
from alliances.surveys.services.surveys import default_consent_text

LANGUAGE_CHOICES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("fr,en", _("French and English (French first)")),
    ("en,fr", _("English and French (English first)")),
]
LANGUAGE_NAMES = {"fr": _("French"), "en": _("English")}
MAX_IMPORT_BYTES = 5 * 1024 * 1024


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown first: who runs the survey, why, and how long it takes."),
    )
    consent_text = forms.CharField(
        label=_("Consent text"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_(
            "Respondents read it before answering: what is asked, that it is anonymous, how "
            "the answers are used and whom to contact. Adapt it to your survey."
        ),
    )
    languages = forms.ChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        help_text=_(
            "Questions get a label in each language; respondents choose. The first language "
            "is used when a translation is missing."
        ),
    )
    retention_days = forms.IntegerField(
        label=_("Keep contact details for (days)"),
        required=False,
        min_value=0,
        max_value=3650,
        initial=365,
        help_text=_(
            "Answers that say who the respondent is (e-mail, phone, questions marked as "
            "identity) are erased this many days after they arrive; the other answers stay, "
            "anonymous. Leave empty to keep them."
        ),
    )

    def __init__(self, *args, survey=None, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        if survey is None:
            initial.setdefault("consent_text", default_consent_text())
        else:
            initial.update(
                title=survey.title,
                description=survey.description,
                consent_text=survey.consent_text,
                languages=",".join((survey.definition or {}).get("languages", [])),
                retention_days=survey.retention_days,
            )
        super().__init__(*args, initial=initial, **kwargs)
        if survey is not None and initial["languages"] not in dict(LANGUAGE_CHOICES):
            # Imported with its own language names: they stay as the file gave them.
            del self.fields["languages"]

    @property
    def chosen_languages(self) -> list[str] | None:
        if "languages" not in self.fields:
            return None
        return self.cleaned_data["languages"].split(",")


class XLSFormUploadForm(forms.Form):
    file = forms.FileField(
        label=_("XLSForm file (.xlsx)"),
        help_text=_("A form made with Excel, LibreOffice or KoboToolbox, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(
                _(
                    "This is not an .xlsx file. Save your form as an Excel workbook (.xlsx) "
                    "and upload it again."
                ),
                code="type",
            )
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("This file is larger than 5 MB."), code="size")
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise ValidationError(
                _("This file is not a readable .xlsx workbook: open it and save it again."),
                code="type",
            )
        # Refused here, before the file is kept for a second attempt or read at all.
        check_zip(upload)
        return upload
