from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.core.permissions import Role


class Decision(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=[("approve", _("Approve")), ("reject", _("Reject"))],
            label=_("Decision"),
            **kwargs,
        )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the invitation link to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.EDITOR,
        help_text=_(
            "Viewers read; editors also create and edit the organisation's work; "
            "administrators also manage members and the profile."
        ),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, is_claim: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["message"]
        if is_claim:
            field.required = True
            field.label = _("Your position in the organisation and how we can check it")
            field.help_text = _(
                "For example: you are its president or director, with a link to a public "
                "page that names you, or a professional e-mail address of the organisation."
            )
        else:
            field.help_text = _("Optional: tell the administrators who you are and why.")


class JoinRequestDecisionForm(forms.Form):
    decision = Decision()
    role = forms.ChoiceField(
        label=_("Role if approved"), choices=Role.choices, required=False, initial=Role.VIEWER
    )

    def clean_role(self) -> str:
        return self.cleaned_data.get("role") or Role.VIEWER


class ClaimDecisionForm(forms.Form):
    decision = Decision()
