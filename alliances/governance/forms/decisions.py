"""Forms of the decision log: a proposal, a vote, closing, withdrawing, and the log's filters.

The rules (who may, when, which decisions may be corrected) live in the service; the forms
read what was typed and offer only choices that belong to the partnership.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from alliances.governance.models import DecisionStatus, Meeting, VoteChoice
from alliances.governance.selectors.decisions import DecisionFilters
from alliances.lib.richtext import with_formatting_help


def meeting_label(meeting: Meeting) -> str:
    day = date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")
    return f"{meeting.title} ({day})"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return meeting_label(obj)


class DecisionForm(forms.Form):
    title = forms.CharField(
        label=_("Proposal"),
        max_length=300,
        help_text=_("What is decided, in one sentence, e.g. “Open a second tutoring group”."),
        error_messages={"required": _("Write the proposal in one sentence.")},
    )
    context = forms.CharField(
        label=_("Context"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=with_formatting_help(
            _("Why it is proposed, what it costs, what happens otherwise.")
        ),
    )
    meeting = MeetingChoiceField(
        label=_("Taken in a meeting"),
        queryset=Meeting.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("No meeting (decided between meetings)"),
    )

    def __init__(self, *args, meetings, correctable=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        if correctable is not None:
            # Carried from the "Correct this decision" button; the service checks it may be.
            self.fields["supersedes"] = forms.ModelChoiceField(
                queryset=correctable,
                to_field_name="uuid",
                required=False,
                widget=forms.HiddenInput,
                error_messages={
                    "invalid_choice": _("Only a decision closed by a vote can be corrected.")
                },
            )

    def full_clean(self):
        super().full_clean()
        # A hidden field cannot show its error: say it above the form instead.
        if self._errors and "supersedes" in self._errors:
            errors = self._errors.pop("supersedes")
            self._errors.setdefault("__all__", self.error_class(error_class="nonfield"))
            self._errors["__all__"].extend(errors)

    @property
    def corrected(self):
        """The decision this proposal corrects, as asked (valid or not yet checked)."""
        field = self.fields.get("supersedes")
        if field is None:
            return None
        value = self["supersedes"].value()
        if not value:
            return None
        try:
            return field.queryset.filter(uuid=value).first()
        except ValidationError:
            return None


class VoteForm(forms.Form):
    """One party's vote; the party is chosen by the button's form, never typed."""

    party = forms.ChoiceField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(
        label=_("Vote"),
        choices=VoteChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose for, against or abstain.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Seen by every party in the decision log."),
    )

    def __init__(self, *args, parties, **kwargs):
        # Several of these forms may share a page (one per party): their ids must differ.
        data = args[0] if args else kwargs.get("data")
        keys = {str(party.uuid) for party in parties}
        key = next(iter(keys)) if len(keys) == 1 else (data or {}).get("party")
        if key in keys:
            kwargs.setdefault("auto_id", f"vote-{key}-%s")
        super().__init__(*args, **kwargs)
        self.parties = {str(party.uuid): party for party in parties}
        self.fields["party"].choices = [(key, str(p)) for key, p in self.parties.items()]
        self.fields["party"].error_messages = {
            "required": _("Say for which party you vote."),
            "invalid_choice": _("You cannot vote for this party on this decision."),
        }

    def party_obj(self):
        return self.parties[self.cleaned_data["party"]]


class CloseForm(forms.Form):
    rationale = forms.CharField(
        label=_("Rationale"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=with_formatting_help(
            _("Why the decision is taken (or not), as it will stand in the log.")
        ),
        error_messages={"required": _("Say in a few words why the decision is taken (or not).")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it withdrawn?"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say in a few words why the proposal is withdrawn.")},
    )


class DecisionFilterForm(forms.Form):
    """The log's filters; a value that matches nothing is ignored, never an error page."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses"))] + DecisionStatus.choices,
    )
    meeting = forms.ChoiceField(label=_("Meeting"), required=False)

    def __init__(self, *args, meetings: list[Meeting], **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {str(meeting.uuid): meeting for meeting in meetings}
        self.fields["meeting"].choices = [("", _("All meetings"))] + [
            (key, meeting_label(meeting)) for key, meeting in self.meetings.items()
        ]

    def filters(self) -> DecisionFilters:
        if not self.is_bound:
            return DecisionFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return DecisionFilters(
            status=data.get("status") or "",
            meeting=self.meetings.get(data.get("meeting") or ""),
        )
