"""Forms of the conflict register: raise a conflict, add a note, move it along its path.
The forms read what was typed; the rules of the path live in the service."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from alliances.governance.models import Conflict, ConflictNote, ConflictStage, MediatorKind
from alliances.partnerships.models import Party


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class PartiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        # Roles help tell who is who, the coordinator above all.
        roles = obj.role_labels()
        return f"{obj} ({', '.join(roles)})" if roles else str(obj)


class ConflictForm(forms.Form):
    party = PartyChoiceField(
        label=_("Raised by"),
        queryset=Party.objects.none(),
        to_field_name="uuid",
        empty_label=None,
        help_text=_("The party you raise the conflict for."),
        error_messages={"required": _("Choose the party raising the conflict.")},
    )
    topic = forms.CharField(
        label=_("Topic"),
        max_length=Conflict._meta.get_field("topic").max_length,
        help_text=_("In a few words, for example “Timing of the second payment”."),
        error_messages={"required": _("Give the conflict a topic.")},
    )
    description = forms.CharField(
        label=_("What is at stake"),
        max_length=Conflict._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, what it affects, and what you would like to happen."),
        error_messages={"required": _("Say what is at stake.")},
    )
    parties = PartiesField(
        label=_("Other parties concerned"),
        queryset=Party.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the parties you tick (and yours) will see the conflict."),
        error_messages={"required": _("Name at least one other party concerned by the conflict.")},
    )
    coordinator_informed = forms.BooleanField(
        label=_("Let the coordinator see it"),
        required=False,
        help_text=_(
            "Only matters when the coordinator is not among the parties concerned: it may then "
            "read the conflict and add notes, but not move it along its path."
        ),
    )

    def __init__(self, *args, raising_parties: list[Party], active_parties, **kwargs):
        super().__init__(*args, **kwargs)
        raising_ids = [party.pk for party in raising_parties]
        self.fields["party"].queryset = Party.objects.filter(pk__in=raising_ids).select_related(
            "organisation"
        )
        others = active_parties
        if len(raising_parties) == 1:
            # Nothing to choose: the only party the user raises for is never offered twice.
            self.single_party = raising_parties[0]
            del self.fields["party"]
            others = others.exclude(pk=self.single_party.pk)
        else:
            self.single_party = None
        self.fields["parties"].queryset = others
        if all(party.is_coordinator for party in raising_parties):
            del self.fields["coordinator_informed"]

    def clean(self):
        cleaned = super().clean()
        party = self.single_party or cleaned.get("party")
        cleaned["raising_party"] = party
        named = cleaned.get("parties")
        if party is not None and named is not None:
            others = [named_party for named_party in named if named_party.pk != party.pk]
            if not others:
                self.add_error(
                    "parties", _("Name at least one other party than the one raising it.")
                )
            cleaned["parties"] = others
        return cleaned


class ConflictNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your note"),
        max_length=ConflictNote._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What was said or agreed, a meeting held, a proposal made. Notes cannot be edited."
        ),
        error_messages={"required": _("Write the note.")},
    )


class MediatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class ConflictStageForm(forms.Form):
    # Every stage is accepted here so that the service can say clearly why a move is refused.
    to_stage = forms.ChoiceField(
        label=_("Move the conflict to"),
        choices=ConflictStage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the conflict goes next.")},
    )
    mediator_kind = forms.ChoiceField(
        label=_("Mediator"),
        choices=MediatorKind.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    mediator_user = MediatorChoiceField(
        label=_("Person of a party who mediates"),
        queryset=get_user_model().objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("— Nobody chosen —"),
        help_text=_("For an internal mediator: choose them, or type their name below."),
    )
    mediator_name = forms.CharField(
        label=_("Mediator's name"),
        max_length=Conflict._meta.get_field("mediator_name").max_length,
        required=False,
        help_text=_("Required for an external mediator, with their organisation if any."),
    )
    reason = forms.CharField(
        label=_("Why mediation is needed"),
        max_length=ConflictNote._meta.get_field("text").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = forms.CharField(
        label=_("How it ended"),
        max_length=Conflict._meta.get_field("outcome").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was agreed, or why the exit clause was invoked. Kept in the record."),
    )

    def __init__(self, *args, mediator_people: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator_user"].queryset = (
            get_user_model()
            .objects.filter(pk__in=[person.pk for person in mediator_people])
            .order_by("full_name", "email")
        )
