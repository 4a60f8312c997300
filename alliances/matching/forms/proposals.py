"""Forms of proposals: answering a call, proposing without a call, changing one's proposal,
and on the receiving side scoring, declining and accepting."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.lib.richtext import with_formatting_help
from alliances.matching.models import CallCriterion
from alliances.organisations.models import Resource
from alliances.partnerships.forms.workspace import KIND_EXPLANATIONS, KindChoice
from alliances.partnerships.models import PartnershipType, PartyRole, PatronageForm
from alliances.partnerships.services.parties import INVITABLE_ROLES

SCORE_CHOICES = [("", _("Not scored"))] + [(str(n), str(n)) for n in range(6)]


class SenderChoiceMixin:
    """The organisation a proposal is sent for, chosen among the user's when several."""

    def _set_organisations(self, organisations) -> None:
        self.organisations = list(organisations)
        field = self.fields["organisation"]
        field.queryset = organisations
        if len(self.organisations) == 1:
            field.initial = self.organisations[0].uuid


def _organisation_field(help_text) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=None,
        to_field_name="uuid",
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=help_text,
        error_messages={
            "invalid_choice": _("Choose one of your organisations."),
            "required": _("Choose the organisation you write for."),
        },
    )


def _resources_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("What you bring"),
        required=False,
        choices=Resource.choices,
        widget=forms.CheckboxSelectMultiple,
    )


def _message_field(help_text) -> forms.CharField:
    return forms.CharField(
        label=_("Your proposal"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=with_formatting_help(help_text),
        error_messages={"required": _("Write a few lines about what you propose.")},
    )


class AnswerForm(SenderChoiceMixin, forms.Form):
    organisation = _organisation_field(
        _("Only organisations in which you are an editor or an administrator can answer.")
    )
    message = _message_field(
        _("In a few lines: who you are, what you can do, when, and with which means.")
    )
    resources_offered = _resources_field()

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_organisations(organisations)


class DirectProposalForm(SenderChoiceMixin, forms.Form):
    organisation = _organisation_field(
        _("Only organisations in which you are an editor or an administrator can propose.")
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("It becomes the partnership's title if your proposal is accepted."),
        error_messages={"required": _("Give your proposal a title.")},
    )
    message = _message_field(
        _("In a few lines: what you would like to do together, for whom, and what you bring.")
    )
    resources_offered = _resources_field()

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_organisations(organisations)


class ProposalEditForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give your proposal a title.")},
    )
    message = _message_field("")
    resources_offered = _resources_field()

    def __init__(self, *args, with_title: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]


class ScoreForm(forms.Form):
    """One mark from 0 to 5 per criterion of the call; "not scored" takes a mark back."""

    def __init__(self, *args, criteria: list[CallCriterion], scores=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        for index, score in enumerate(scores or []):
            initial.setdefault(f"score_{index}", "" if score is None else str(score))
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for index, criterion in enumerate(criteria):
            self.fields[f"score_{index}"] = forms.TypedChoiceField(
                label=criterion.label,
                required=False,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                help_text=_("Weight %(weight)s out of 100") % {"weight": criterion.weight},
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and all(
            cleaned.get(f"score_{index}") is None for index in range(len(self.criteria))
        ):
            raise forms.ValidationError(_("Give at least one score, from 0 to 5."), code="no_score")
        return cleaned

    @property
    def scores(self) -> dict:
        return {
            criterion: self.cleaned_data.get(f"score_{index}")
            for index, criterion in enumerate(self.criteria)
        }


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("A word for the sender (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("They read it with the answer. A short reason helps them next time."),
    )


class AcceptForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type of partnership"),
        choices=PartnershipType.choices,
        widget=forms.RadioSelect,
        initial=PartnershipType.SOCIETAL_INNOVATION,
        error_messages={"required": _("Choose the type of partnership.")},
    )
    patronage_forms = forms.MultipleChoiceField(
        label=_("Forms of patronage"),
        required=False,
        choices=PatronageForm.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For patronage only: what the patron gives. Tick one or more."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Their role in the partnership"),
        choices=[(role, label) for role, label in PartyRole.choices if role in INVITABLE_ROLES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your organisation coordinates the partnership; you can change roles later."),
        error_messages={"required": _("Choose at least one role for this party.")},
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind") == PartnershipType.PATRONAGE
            and not cleaned.get("patronage_forms")
            and "patronage_forms" not in self.errors
        ):
            self.add_error(
                "patronage_forms",
                _("Choose at least one form of patronage: financial, skills or in kind."),
            )
        return cleaned

    def kind_choices(self) -> list[KindChoice]:
        return [
            KindChoice(widget, KIND_EXPLANATIONS.get(widget.data["value"], ""))
            for widget in self["kind"]
        ]
