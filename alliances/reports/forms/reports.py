"""The form asking for a funder report."""

from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alliances.partnerships.forms.contributions import DateInput
from alliances.partnerships.models import Partnership


def previous_quarter(today: date) -> tuple[date, date]:
    first_month = (today.month - 1) // 3 * 3 + 1
    this_quarter = date(today.year, first_month, 1)
    end = this_quarter - timedelta(days=1)
    return date(end.year, (end.month - 1) // 3 * 3 + 1, 1), end


def default_period(partnership: Partnership, today: date) -> tuple[date, date]:
    """The previous quarter; for a partnership that started since, its start to today."""
    start, end = previous_quarter(today)
    if partnership.starts_on and partnership.starts_on > start:
        return min(partnership.starts_on, today), today
    return start, end


def default_title(partnership: Partnership, start: date, end: date) -> str:
    return gettext("%(partnership)s: report from %(start)s to %(end)s") % {
        "partnership": partnership.title,
        "start": date_format(start, "SHORT_DATE_FORMAT"),
        "end": date_format(end, "SHORT_DATE_FORMAT"),
    }


class ReportRequestForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.DateField(label=_("From"), widget=DateInput)
    period_end = forms.DateField(label=_("To"), widget=DateInput)
    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=settings.LANGUAGES,
        help_text=_("The report is written in this language, whatever the language of this page."),
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the parties plan next. Printed at the end of the report."),
    )

    def __init__(self, *args, partnership: Partnership, today: date, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            start, end = default_period(partnership, today)
            codes = [code for code, _name in settings.LANGUAGES]
            self.initial.update(
                {
                    "title": default_title(partnership, start, end)[:200],
                    "period_start": start,
                    "period_end": end,
                    "language": language if language in codes else settings.LANGUAGE_CODE,
                }
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", gettext("The end of the period comes before its start."))
        return data

    def report_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("title", "period_start", "period_end", "language", "next_steps")
        }
