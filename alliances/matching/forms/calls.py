"""Forms of calls for partners: the call with its weighted criteria, and the filters of the
list of open calls."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alliances.lib.richtext import with_formatting_help
from alliances.matching.models import Call, CallKind
from alliances.matching.selectors.calls import CallFilters, CallSort
from alliances.matching.services.calls import (
    CALL_FIELDS,
    CRITERIA_CODES,
    MAX_CRITERIA,
    WEIGHTS_TOTAL,
    weights_error,
)
from alliances.organisations.forms.profiles import CauseMultipleChoiceField
from alliances.organisations.models import Cause, Resource, Sector
from alliances.organisations.search.places import territory_label
from alliances.partnerships.forms.workspace import DATE_WIDGET, PartnershipForm

CRITERIA_ROWS = MAX_CRITERIA
# The place box of the partnership form, with its suggestions as one types.
PLACE_PARAMETER = "where"


def criterion_names(index: int) -> tuple[str, str]:
    return f"criterion_{index}_label", f"criterion_{index}_weight"


def _number(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def weights_total_of(data) -> int:
    """The total of the weights typed so far, for the running total."""
    total = 0
    for index in range(CRITERIA_ROWS):
        weight = _number(data.get(criterion_names(index)[1]))
        if weight is not None and 0 < weight <= WEIGHTS_TOTAL:
            total += weight
    return total


def place_suggestion_attrs() -> dict:
    return {
        "hx-get": reverse("organisations:place_suggestions"),
        "hx-trigger": "input changed delay:300ms",
        "hx-target": "#territory-options",
        "hx-sync": "this:replace",
    }


class PlaceBoxMixin:
    """The territory box of the partnership form: same field, same suggestions as one types,
    same reading of what was typed."""

    def add_prefix(self, field_name: str) -> str:
        # The place box sends "where", so that the directory's suggestions view completes it.
        if field_name == "territory":
            field_name = PLACE_PARAMETER
        return forms.Form.add_prefix(self, field_name)

    clean_territory = PartnershipForm.clean_territory


class CriterionRow:
    def __init__(self, index: int, label, weight):
        self.number = index + 1
        self.label = label
        self.weight = weight


class CallForm(PlaceBoxMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Type of call"),
        choices=CallKind.choices,
        widget=forms.RadioSelect,
        initial=CallKind.NEED,
        error_messages={"required": _("Say whether you seek partners or offer your support.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("In a few words, what the call is about: “Volunteer tutors for homework”."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=with_formatting_help(
            _("What you want to do, for whom, with whom, and what you expect of partners.")
        ),
    )
    resources_sought = forms.MultipleChoiceField(
        label=_("What you seek"),
        required=False,
        choices=Resource.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    resources_offered = forms.MultipleChoiceField(
        label=_("What you offer"),
        required=False,
        choices=Resource.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors_sought = forms.MultipleChoiceField(
        label=_("Partners you would like to hear from"),
        required=False,
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to hear from any kind of organisation."),
    )
    causes = CauseMultipleChoiceField(
        label=_("Causes"),
        queryset=Cause.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    territory = copy.deepcopy(PartnershipForm.base_fields["territory"])
    deadline = forms.DateField(
        label=_("Deadline for answers"),
        widget=DATE_WIDGET,
        help_text=_("Answers are taken until the end of this day (Paris time)."),
    )

    def __init__(self, *args, call: Call | None = None, lock_criteria: bool = False, **kwargs):
        if call is not None:
            kwargs.setdefault("initial", self.initial_for(call))
        super().__init__(*args, **kwargs)
        self.fields["territory"].widget.attrs.update(place_suggestion_attrs())
        # Criteria already scored on stay as they are: no field to change them.
        self.criteria_locked = lock_criteria
        for index in range(0 if lock_criteria else CRITERIA_ROWS):
            label_name, weight_name = criterion_names(index)
            self.fields[label_name] = forms.CharField(
                label=_("Criterion %(number)s") % {"number": index + 1},
                required=False,
                max_length=200,
            )
            self.fields[weight_name] = forms.IntegerField(
                label=_("Weight of criterion %(number)s") % {"number": index + 1},
                required=False,
                min_value=1,
                max_value=WEIGHTS_TOTAL,
                widget=forms.NumberInput(
                    attrs={"class": "criterion-weight", "inputmode": "numeric"}
                ),
            )

    @staticmethod
    def initial_for(call: Call) -> dict:
        initial = {name: getattr(call, name) for name in CALL_FIELDS}
        initial["territory"] = territory_label(call.territory) if call.territory else ""
        initial["causes"] = list(call.causes.values_list("pk", flat=True))
        for index, criterion in enumerate(call.criteria.all()[:CRITERIA_ROWS]):
            label_name, weight_name = criterion_names(index)
            initial[label_name] = criterion.label
            initial[weight_name] = criterion.weight
        return initial

    cause_groups = PartnershipForm.cause_groups

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        cleaned = super().clean()
        if any(name.startswith("criterion_") for name in self.errors):
            return cleaned
        rows = self.criteria
        if any(not label for label, _weight in rows):
            self.add_error(
                None,
                ValidationError(
                    _("Each weight needs the criterion it applies to."), code="label_missing"
                ),
            )
        elif any(weight is None for _label, weight in rows):
            self.add_error(
                None,
                ValidationError(
                    _("Give each criterion a weight between 1 and 100."), code="weight_range"
                ),
            )
        elif rows and sum(weight for _label, weight in rows) != WEIGHTS_TOTAL:
            total = sum(weight for _label, weight in rows)
            self.add_error(None, ValidationError(weights_error(total), code="weights_total"))
        return cleaned

    @property
    def criteria(self) -> list[tuple[str, int | None]]:
        """(label, weight) of the rows filled in, blank rows left out."""
        rows = []
        for index in range(0 if self.criteria_locked else CRITERIA_ROWS):
            label_name, weight_name = criterion_names(index)
            label = " ".join(str(self.cleaned_data.get(label_name) or "").split())
            weight = self.cleaned_data.get(weight_name)
            if label or weight is not None:
                rows.append((label, weight))
        return rows

    @property
    def call_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in CALL_FIELDS}

    def criterion_rows(self) -> list[CriterionRow]:
        rows = []
        for index in range(0 if self.criteria_locked else CRITERIA_ROWS):
            label_name, weight_name = criterion_names(index)
            rows.append(CriterionRow(index, self[label_name], self[weight_name]))
        return rows

    def criteria_errors(self) -> list[str]:
        """The errors about the criteria, shown beside them."""
        errors = self.errors.get(forms.forms.NON_FIELD_ERRORS)
        if not errors:
            return []
        return [
            message
            for error in errors.as_data()
            if error.code in CRITERIA_CODES
            for message in error.messages
        ]

    def weights_total(self) -> int:
        if self.is_bound:
            return weights_total_of(self.data)
        return sum(
            _number(self.initial.get(criterion_names(index)[1])) or 0
            for index in range(CRITERIA_ROWS)
        )


SORT_CHOICES = (
    (CallSort.NEWEST, _("Newest first")),
    (CallSort.DEADLINE, _("Nearest deadline first")),
)


class CallFilterForm(PlaceBoxMixin, forms.Form):
    """The filters of the list of open calls; what cannot be read is left aside."""

    territory = copy.deepcopy(PartnershipForm.base_fields["territory"])
    goal = forms.TypedChoiceField(
        label=_("Cause"), required=False, coerce=int, empty_value=None, choices=()
    )
    kind = forms.ChoiceField(
        label=_("Type of call"),
        required=False,
        choices=[("", _("All calls")), *CallKind.choices],
    )
    resource = forms.ChoiceField(
        label=_("Resource"),
        required=False,
        choices=[("", _("Any resource")), *Resource.choices],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].label = _("Place")
        self.fields["territory"].widget.attrs.update(place_suggestion_attrs())
        self.fields["goal"].choices = [("", _("Any cause"))] + [
            (goal.goal, _("SDG %(number)s: %(label)s") % {"number": goal.goal, "label": goal.label})
            for goal in goals
        ]

    def filters(self) -> CallFilters:
        if not self.is_bound:
            return CallFilters()
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return CallFilters(
            place=data.get("territory"),
            goal=data.get("goal"),
            kind=data.get("kind") or "",
            resource=data.get("resource") or "",
            sort=data.get("sort") or CallSort.NEWEST,
        )
