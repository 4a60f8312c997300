"""Forms of the public impact page: the coordinator's proposal, a party's agreement and its
withdrawal. The rules (who may, which version) live in the service."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from alliances.partnerships.models import Party
from alliances.reports.models import OpenLicence, Report
from alliances.reports.services.publication import SUMMARY_MAX_LENGTH


class ReportChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Report) -> str:
        return _("%(title)s (%(start)s – %(end)s)") % {
            "title": obj.title,
            "start": date_format(obj.period_start, "SHORT_DATE_FORMAT"),
            "end": date_format(obj.period_end, "SHORT_DATE_FORMAT"),
        }


class ProposalForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary for the public"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "A few plain sentences for residents and the public: what the partnership does, "
            "for whom, where. Do not name people."
        ),
        error_messages={"required": _("Write a few lines for the public.")},
    )
    licence = forms.ChoiceField(
        label=_("Open data licence"),
        choices=OpenLicence.choices,
        initial=OpenLicence.ETALAB,
        help_text=_(
            "The figures can be downloaded and reused under this licence. The Licence Ouverte "
            "(Etalab) is the usual choice of French public bodies."
        ),
        error_messages={"required": _("Choose the open licence of the data.")},
    )
    report = ReportChoiceField(
        label=_("Report shown"),
        queryset=Report.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("No report"),
        help_text=_("Its PDF can be downloaded from the public page. Only finished reports."),
    )

    def __init__(self, *args, reports, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = reports


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Party) -> str:
        return str(obj)


class _PartyForm(forms.Form):
    party = PartyChoiceField(
        label=_("For"),
        queryset=Party.objects.none(),
        to_field_name="uuid",
        error_messages={"required": _("Choose the party you act for.")},
    )

    def __init__(self, *args, parties: list[Party], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(
            pk__in=[party.pk for party in parties]
        ).select_related("organisation")
        if len(parties) == 1:
            self.fields["party"].widget = forms.HiddenInput()
            self.fields["party"].initial = parties[0].uuid

    def full_clean(self):
        super().full_clean()
        # A hidden field cannot show its error: say it above the form instead.
        hidden = [
            name for name in self._errors or {} if name in self.fields and self[name].is_hidden
        ]
        for name in hidden:
            errors = self._errors.pop(name)
            self._errors.setdefault("__all__", self.error_class(error_class="nonfield"))
            self._errors["__all__"].extend(errors)


class ConsentForm(_PartyForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm = forms.BooleanField(
        label=_("I have read the preview and agree, for my party, to publish it."),
        error_messages={"required": _("Tick the box to agree.")},
    )


class WithdrawForm(_PartyForm):
    confirm = forms.BooleanField(
        label=_("I withdraw my party's agreement. If the page is online, it goes offline now."),
        error_messages={"required": _("Tick the box to withdraw.")},
    )
