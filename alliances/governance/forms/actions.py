"""Forms of actions: assigning or editing one, moving its status, and the list's filters."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alliances.governance.models import ActionItem, ActionStatus
from alliances.governance.selectors.actions import (
    ALL_FILTER,
    OPEN_FILTER,
    ActionFilters,
    AssignChoices,
)
from alliances.partnerships.forms.contributions import DateInput

# Where the status form sends the person back: their own actions page rather than the list.
RETURN_MINE = "mine"


def _person_label(user) -> str:
    return user.full_name or user.email


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What “done” looks like, useful links, who to ask."),
    )
    owner_party = forms.ChoiceField(label=_("Party responsible"))
    owner = forms.ChoiceField(
        label=_("Person responsible"),
        required=False,
        help_text=_(
            "One of the people of the party responsible. They receive e-mail reminders before "
            "and after the due date."
        ),
    )
    due_on = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=DateInput,
        help_text=_("Without a date, no reminder is sent."),
    )
    meeting = forms.ChoiceField(label=_("Agreed at the meeting"), required=False)
    decision = forms.ChoiceField(label=_("Follows the decision"), required=False)

    def __init__(
        self,
        *args,
        choices: AssignChoices,
        today: date,
        action: ActionItem | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.today = today
        self.action = action
        parties = list(choices.parties)
        people = {pk: list(users) for pk, users in choices.people.items()}
        if action is not None:
            # A party that left, or a person who left its organisation, stays selectable on
            # the action they already hold, so that other changes can still be saved.
            if action.owner_party_id not in {party.pk for party in parties}:
                parties.append(action.owner_party)
                people[action.owner_party_id] = []
            if action.owner is not None and action.owner not in people[action.owner_party_id]:
                people[action.owner_party_id].append(action.owner)
        self.parties = {str(party.uuid): party for party in parties}
        self.people = people
        self.users = {str(user.uuid): user for users in people.values() for user in users}
        self.meetings = {str(meeting.uuid): meeting for meeting in choices.meetings}
        self.decisions = {str(decision.uuid): decision for decision in choices.decisions}
        self.fields["owner_party"].choices = [("", _("Choose a party"))] + [
            (key, str(party)) for key, party in self.parties.items()
        ]
        by_party = {party.pk: party for party in parties}
        self.fields["owner"].choices = [("", _("Nobody yet: the party decides"))] + [
            (str(by_party[pk]), [(str(user.uuid), _person_label(user)) for user in users])
            for pk, users in people.items()
            if users
        ]
        self.fields["meeting"].choices = [("", _("None"))] + [
            (key, f"{meeting.title} ({date_format(meeting.starts_at.date(), 'SHORT_DATE_FORMAT')})")
            for key, meeting in self.meetings.items()
        ]
        self.fields["decision"].choices = [("", _("None"))] + [
            (key, f"{decision.reference} {decision.title}")
            for key, decision in self.decisions.items()
        ]
        if not self.meetings:
            del self.fields["meeting"]
        if not self.decisions:
            del self.fields["decision"]

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_owner_party(self):
        return self.parties[self.cleaned_data["owner_party"]]

    def clean_owner(self):
        key = self.cleaned_data.get("owner") or ""
        return self.users.get(key)

    def clean_due_on(self):
        due_on = self.cleaned_data.get("due_on")
        unchanged = self.action is not None and due_on == self.action.due_on
        if due_on is not None and due_on < self.today and not unchanged:
            raise ValidationError(
                gettext("The due date is in the past: choose today or a later date."),
                code="past",
            )
        return due_on

    def clean_meeting(self):
        return self.meetings.get(self.cleaned_data.get("meeting") or "")

    def clean_decision(self):
        return self.decisions.get(self.cleaned_data.get("decision") or "")

    def clean(self):
        data = super().clean()
        party = data.get("owner_party")
        owner = data.get("owner")
        if party is not None and owner is not None and owner not in self.people.get(party.pk, []):
            self.add_error(
                "owner",
                ValidationError(
                    gettext(
                        "%(person)s is not one of the people of %(party)s: choose one of its "
                        "people, or leave the person empty."
                    )
                    % {"person": _person_label(owner), "party": party},
                    code="not_of_party",
                ),
            )
        return data

    def action_data(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data.get("description", ""),
            "owner_party": data["owner_party"],
            "owner": data.get("owner"),
            "due_on": data.get("due_on"),
            "meeting": data.get("meeting"),
            "decision": data.get("decision"),
        }


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    return_to = forms.ChoiceField(
        required=False, choices=[("", ""), (RETURN_MINE, "")], widget=forms.HiddenInput
    )


class ActionFilterForm(forms.Form):
    """The list's filters; a value that matches nothing is ignored, never an error page."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (OPEN_FILTER, _("Open (to do or in progress)")),
            *ActionStatus.choices,
            (ALL_FILTER, _("All statuses")),
        ],
    )
    party = forms.ChoiceField(label=_("Party responsible"), required=False)
    owner = forms.ChoiceField(label=_("Person responsible"), required=False)

    def __init__(self, *args, parties: list, owners: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = {str(party.uuid): party for party in parties}
        self.owners = {str(user.uuid): user for user in owners}
        self.fields["party"].choices = [("", _("All parties"))] + [
            (key, str(party)) for key, party in self.parties.items()
        ]
        self.fields["owner"].choices = [("", _("Everyone"))] + [
            (key, _person_label(user)) for key, user in self.owners.items()
        ]

    def filters(self) -> ActionFilters:
        if not self.is_bound:
            return ActionFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ActionFilters(
            status=data.get("status") or OPEN_FILTER,
            party=self.parties.get(data.get("party") or ""),
            owner=self.owners.get(data.get("owner") or ""),
        )


class MyActionsFilterForm(forms.Form):
    done = forms.BooleanField(label=_("Show the done ones too"), required=False)

    def include_done(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("done"))
