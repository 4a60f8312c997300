from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.core.audit import VERB_FAMILIES
from alliances.core.models import Interface


class AuditFilterForm(forms.Form):
    family = forms.ChoiceField(label=_("What"), required=False)
    person = forms.ChoiceField(label=_("Who"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    interface = forms.ChoiceField(label=_("From where"), required=False)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [("", _("Everything")), *VERB_FAMILIES.items()]
        self.fields["person"].choices = [("", _("Everyone"))] + [
            (str(person.uuid), person.full_name or person.email) for person in people
        ]
        self.fields["interface"].choices = [("", _("Anywhere")), *Interface.choices]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date comes before the start date."))
        return data
