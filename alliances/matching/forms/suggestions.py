"""Forms of the partner suggestions: the filters of the list, setting a suggestion aside, the
consortium builder, and the introduction message."""

import copy

from django import forms
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alliances.matching.models import DismissReason
from alliances.organisations.forms.profiles import CauseMultipleChoiceField
from alliances.organisations.models import Cause, Resource, Sector
from alliances.organisations.search.places import territory_label
from alliances.organisations.search.query import KM_CHOICES
from alliances.partnerships.forms.workspace import PartnershipForm


def _km_choices() -> list[tuple[str, str]]:
    return [("", gettext("Any distance"))] + [
        (str(km), gettext("Within %(km)s km") % {"km": km}) for km in KM_CHOICES
    ]


class SuggestionFilterForm(forms.Form):
    """Look for something else than what the profile says, for this search only."""

    seeks = forms.MultipleChoiceField(
        label=_("Resources sought"),
        choices=Resource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ticked: what your profile says you need. Change it for this search only."),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Partners sought"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every sector, preferring those not yet around your table."),
    )
    km = forms.TypedChoiceField(
        label=_("Maximum distance"),
        choices=_km_choices,
        coerce=int,
        empty_value=None,
        required=False,
    )

    def overrides(self) -> dict:
        """The selector's keyword arguments for what was filtered; a bad value is ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        found = {}
        cleaned = self.cleaned_data
        if cleaned.get("seeks"):
            found["seeks"] = list(cleaned["seeks"])
        if cleaned.get("sectors"):
            found["sectors"] = list(cleaned["sectors"])
        if cleaned.get("km"):
            found["max_km"] = cleaned["km"]
        return found

    @property
    def active(self) -> bool:
        return bool(self.overrides())


class DismissForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why set it aside?"),
        choices=[("", _("Choose a reason")), *DismissReason.choices],
        error_messages={"required": _("Choose why you set this organisation aside.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=300,
        help_text=_("For your colleagues; the organisation never sees it."),
    )


class IntroductionForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Message"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Say who you are, what you are looking for and why them, in a few lines."),
    )


class ConsortiumForm(forms.Form):
    """What the team must bring, on which causes, where."""

    # Tells a submitted form (which may tick nothing) from the first visit.
    build = forms.CharField(widget=forms.HiddenInput, initial="1", required=False)
    seeks = forms.MultipleChoiceField(
        label=_("Resources the team must bring"),
        choices=Resource.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one resource the team must bring.")},
    )
    causes = CauseMultipleChoiceField(
        label=_("Causes"),
        queryset=Cause.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    territory = copy.deepcopy(PartnershipForm.base_fields["territory"])

    cause_groups = PartnershipForm.cause_groups
    clean_territory = PartnershipForm.clean_territory

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].help_text = _(
            "Where the team works: a commune, intercommunality, département or region. "
            "Members nearby score higher."
        )
        self.fields["territory"].widget.attrs.update(
            {
                "hx-get": reverse("organisations:place_suggestions"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#territory-options",
                "hx-sync": "this:replace",
            }
        )

    def add_prefix(self, field_name: str) -> str:
        # The place box sends "where", as the directory's, so the same suggestions view
        # completes it.
        if field_name == "territory":
            field_name = "where"
        return super().add_prefix(field_name)

    @staticmethod
    def initial_for(*, seeks=(), causes=(), territory=None) -> dict:
        return {
            "seeks": [value for value in Resource.values if value in set(seeks)],
            "causes": [cause.pk for cause in causes],
            "territory": territory_label(territory) if territory else "",
        }

    @property
    def cause_codes(self) -> list[str]:
        return [cause.code for cause in self.cleaned_data.get("causes") or []]
