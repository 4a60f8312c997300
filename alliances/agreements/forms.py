from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from alliances.agreements.models import MeetingFrequency
from alliances.agreements.sections import SECTION_KEYS, SECTION_TITLES
from alliances.agreements.services import (
    CLAUSE_MAX_LENGTH,
    DELIVERABLES_MAX_LENGTH,
    WORKSTREAM_NAME_MAX_LENGTH,
    WORKSTREAMS_MAX,
)
from alliances.partnerships.models import DecisionRule


def clause_field_name(key: str) -> str:
    return f"clause_{key}"


class AgreementForm(forms.Form):
    decision_rule = forms.ChoiceField(
        label=_("How the steering committee decides"),
        choices=DecisionRule.choices,
        widget=forms.RadioSelect,
    )
    meeting_frequency = forms.ChoiceField(
        label=_("How often the steering committee meets"), choices=MeetingFrequency.choices
    )
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        help_text=_("A short note for the other parties, shown with the new version."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, key in enumerate(SECTION_KEYS, start=1):
            self.fields[clause_field_name(key)] = forms.CharField(
                label=format_lazy(
                    _("Clauses added to section {number}, {title}"),
                    number=number,
                    title=SECTION_TITLES[key],
                ),
                required=False,
                max_length=CLAUSE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_(
                    "Added after the generated text. Leave a blank line between paragraphs."
                ),
            )

    def clause_field(self, key: str):
        return self[clause_field_name(key)]

    def clauses(self) -> dict[str, str]:
        return {key: self.cleaned_data[clause_field_name(key)] for key in SECTION_KEYS}


class WorkstreamForm(forms.Form):
    name = forms.CharField(label=_("Workstream"), max_length=WORKSTREAM_NAME_MAX_LENGTH)
    lead = forms.ChoiceField(label=_("Led by"))
    parties = forms.MultipleChoiceField(
        label=_("With"), required=False, widget=forms.CheckboxSelectMultiple
    )
    deliverables = forms.CharField(
        label=_("Deliverables"),
        required=False,
        max_length=DELIVERABLES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, party_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [("", "—"), *party_choices]
        self.fields["parties"].choices = list(party_choices)


WorkstreamFormSet = forms.formset_factory(
    WorkstreamForm, extra=1, can_delete=True, max_num=WORKSTREAMS_MAX, validate_max=True
)


def workstream_formset(data, *, initial, party_choices):
    return WorkstreamFormSet(
        data,
        initial=initial,
        prefix="workstreams",
        form_kwargs={"party_choices": party_choices},
    )


def workstreams_of(formset) -> list[dict]:
    rows = []
    kept = formset.initial_form_count()
    for index, form in enumerate(formset.forms):
        # Workstreams carried over from the previous version count even when untouched; a
        # blank extra row does not.
        if index >= kept and not form.has_changed():
            continue
        if form.cleaned_data.get("DELETE"):
            continue
        rows.append(
            {key: form.cleaned_data[key] for key in ("name", "lead", "parties", "deliverables")}
        )
    return rows


class ApproveForm(forms.Form):
    party = forms.ChoiceField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I approve this version on behalf of my party."),
        error_messages={"required": _("Tick the box to confirm the approval.")},
    )

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(str(party.uuid), str(party)) for party in parties]
        self.parties = {str(party.uuid): party for party in parties}

    def chosen_party(self):
        return self.parties[self.cleaned_data["party"]]
