"""Forms of the health check: the answer sheet and the follow-up of a concern."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.governance.models import Dimension, Rating
from alliances.partnerships.forms.contributions import DateInput

COMMENT_MAX = 2000

# The question under each dimension, so everyone rates the same thing.
QUESTIONS = {
    Dimension.TRUST: _(
        "Can you count on the other parties to keep their word and act in good faith?"
    ),
    Dimension.COMMUNICATION: _(
        "Do you get the information you need, in time, and can you say what you think?"
    ),
    Dimension.FAIRNESS: _(
        "Are decisions taken fairly, with every party's voice heard whatever its size or money?"
    ),
    Dimension.VALUE: _("Does your organisation get what it expected from the partnership?"),
    Dimension.WORKLOAD: _("Is the effort the partnership asks of you worth what it brings?"),
    Dimension.ROLES: _("Does everyone know who does what, and who decides what?"),
    Dimension.CONTINUE: _("Would your organisation take part in the partnership again?"),
}

FOLLOW_UP_CHOICES = [("action", _("Make it an action")), ("agenda", _("Add to the agenda"))]


def comment_field_name(dimension: str) -> str:
    return f"{dimension}_comment"


class HealthAnswerForm(forms.Form):
    """Seven questions, each answered green, amber or red, with an optional comment.
    `parties`: the parties the person may answer for; a choice appears only when there are
    several."""

    party = forms.ChoiceField(
        label=_("You answer for"),
        help_text=_("You take part for several parties: choose one. You answer once."),
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(parties)
        if len(self.parties) > 1:
            self.fields["party"].choices = [("", "—")] + [
                (str(party.uuid), str(party)) for party in self.parties
            ]
        else:
            del self.fields["party"]
        for dimension, label in Dimension.choices:
            self.fields[dimension] = forms.ChoiceField(
                label=label,
                help_text=QUESTIONS[dimension],
                choices=Rating.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one of the three answers.")},
            )
            self.fields[comment_field_name(dimension)] = forms.CharField(
                label=_("Comment (optional)"),
                required=False,
                max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def questions(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (dimension, self[dimension], self[comment_field_name(dimension)])
            for dimension in Dimension.values
        ]

    def chosen_party(self):
        if len(self.parties) == 1:
            return self.parties[0]
        uuid = self.cleaned_data["party"]
        return next(party for party in self.parties if str(party.uuid) == uuid)

    def ratings(self) -> dict[str, tuple[str, str]]:
        return {
            dimension: (
                self.cleaned_data[dimension],
                self.cleaned_data[comment_field_name(dimension)],
            )
            for dimension in Dimension.values
        }


class FollowUpForm(forms.Form):
    """Turn one amber or red result into an action or an agenda item. `group` is the party's
    public id, or empty for the overall result."""

    dimension = forms.ChoiceField(choices=Dimension.choices, widget=forms.HiddenInput)
    group = forms.CharField(required=False, max_length=36, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=300)
    owner_party = forms.ChoiceField(
        label=_("Party responsible for the action"),
        required=False,
        help_text=_("For an action only. By default, your own party."),
    )
    due_on = forms.DateField(label=_("Due date of the action"), required=False, widget=DateInput)
    kind = forms.ChoiceField(
        choices=FOLLOW_UP_CHOICES,
        error_messages={"required": _("Choose an action or an agenda item.")},
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(parties)
        self.fields["owner_party"].choices = [
            (str(party.uuid), str(party)) for party in self.parties
        ]

    def chosen_owner_party(self):
        uuid = self.cleaned_data.get("owner_party")
        return next((party for party in self.parties if str(party.uuid) == uuid), None)
