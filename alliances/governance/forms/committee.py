"""Form of the steering committee page: name a person of one's own party."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CommitteeAddForm(forms.Form):
    person = forms.ChoiceField(
        label=_("Add someone from your organisation"),
        error_messages={
            "required": _("Choose the person to put on the committee."),
            "invalid_choice": _("Choose one of the people of your organisation listed."),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(user.uuid): user for user in candidates}
        self.fields["person"].choices = [("", _("Choose a person…"))] + [
            (key, f"{user.full_name} ({user.email})" if user.full_name else user.email)
            for key, user in self.candidates.items()
        ]

    @property
    def user(self):
        return self.candidates[self.cleaned_data["person"]]
