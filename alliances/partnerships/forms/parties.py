"""Forms of the parties pages: invitations, answers, roles and departures."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alliances.partnerships.models import PartyRole
from alliances.partnerships.services.parties import INVITABLE_ROLES

ROLE_EXPLANATIONS = {
    PartyRole.FUNDER: _("brings money"),
    PartyRole.IMPLEMENTER: _("carries out the actions"),
    PartyRole.EXPERT: _("brings know-how and advice"),
    PartyRole.PUBLIC_ENABLER: _("a public body that opens doors: permits, premises, policies"),
    PartyRole.COMMUNITY_RELAY: _("reaches the residents and people served"),
}


def role_choices() -> list[tuple[str, str]]:
    labels = dict(PartyRole.choices)
    return [(role, f"{labels[role]}: {ROLE_EXPLANATIONS[role]}") for role in INVITABLE_ROLES]


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Roles"))
        kwargs.setdefault(
            "error_messages", {"required": _("Choose at least one role for this party.")}
        )
        super().__init__(choices=role_choices, **kwargs)


class MessageField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Message"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=_("Optional: why you invite them, what you hope they bring."),
            **kwargs,
        )


class InviteOrganisationForm(forms.Form):
    organisation = forms.UUIDField(
        label=_("Organisation"),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Search the directory, then choose an organisation."),
            "invalid": _("Search the directory, then choose an organisation."),
        },
    )
    roles = RolesField()
    message = MessageField()


class InviteEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the invitation link to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Organisation name"),
        required=False,
        max_length=200,
        help_text=_("Optional: how to call them until they choose their organisation."),
    )
    roles = RolesField()
    message = MessageField()


class PartyRolesForm(forms.Form):
    # Unticking every box sends no box at all: this field tells that apart from a
    # truncated or forged request.
    sent = forms.CharField(widget=forms.HiddenInput, initial="1", required=False)
    roles = RolesField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sent") != "1":
            raise ValidationError(
                _("The form was not sent completely. Please try again."), code="incomplete"
            )
        return cleaned


class LeaveForm(forms.Form):
    party = forms.UUIDField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why does your party leave?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The other parties read it. What your party contributed stays recorded."),
        error_messages={"required": _("Say in a few words why your party leaves.")},
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        error_messages={"required": _("Choose to accept or to decline the invitation.")},
    )

    @property
    def accepts(self) -> bool:
        return self.cleaned_data.get("decision") == "accept"


class TokenAnswerForm(AnswerForm):
    organisation = forms.ModelChoiceField(
        label=_("Your organisation"),
        queryset=None,
        to_field_name="uuid",
        required=False,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the organisations you administer.")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean(self):
        cleaned = super().clean()
        accepts = cleaned.get("decision") == "accept"
        if accepts and not cleaned.get("organisation") and "organisation" not in self.errors:
            self.add_error(
                "organisation", _("Choose the organisation that takes part, or create it.")
            )
        return cleaned
