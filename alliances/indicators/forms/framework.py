"""Forms of the results framework: headings, the indicator with its targets per period and
its disaggregations, the library, the sheet import, deletions and moves.

Numbers are typed the French or the English way ("12,5" or "12.5"); the rules about what an
indicator needs live in the service, the forms only read what was typed.
"""

import contextlib
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alliances.indicators import library
from alliances.indicators.models import (
    Accumulation,
    Direction,
    Frequency,
    Indicator,
    IndicatorSource,
    IndicatorType,
)
from alliances.indicators.periods import period_label
from alliances.indicators.selectors.framework import (
    default_reporting_start,
    reporting_periods,
    sdg_goals,
    sdg_indicator,
)
from alliances.indicators.services.framework import (
    MAX_DIMENSIONS,
    SURVEY_FIELDS,
    IndicatorData,
)
from alliances.partnerships.forms.contributions import DateInput, DecimalInput, parse_decimal
from alliances.partnerships.models import Party


class NumberField(forms.Field):
    """A number typed as people write it; negative numbers allowed (a change can fall)."""

    widget = DecimalInput
    default_error_messages = {"invalid": _("Enter a number, for example 12,5.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_decimal(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Party) -> str:
        return str(obj)


class HeadingForm(forms.Form):
    """An objective or an outcome: a title and an optional description."""

    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: what this means in practice, for whom."),
    )


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete it"),
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class IndicatorForm(forms.Form):
    title = forms.CharField(
        label=_("Indicator"),
        max_length=300,
        help_text=_("What is counted or measured, for example “Residents who feel safe”."),
    )
    definition = forms.CharField(
        label=_("Definition"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How it is computed, so that every party counts the same way."),
    )
    type = forms.ChoiceField(
        label=_("Type"),
        choices=IndicatorType.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "A quantity (people, events, kilos), a percentage (0 to 100) or a qualitative "
            "score on a scale you choose (for example 1 to 5)."
        ),
    )
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=60,
        help_text=_("For example: residents, households, kg, %."),
    )
    score_min = NumberField(label=_("Lowest score"), help_text=_("Qualitative score only."))
    score_max = NumberField(label=_("Highest score"), help_text=_("Qualitative score only."))
    baseline_value = NumberField(
        label=_("Baseline"), help_text=_("The value before the partnership acts, if known.")
    )
    baseline_date = forms.DateField(
        label=_("Baseline date"),
        required=False,
        widget=DateInput,
        help_text=_("When the baseline was measured. Required with a baseline."),
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, widget=forms.RadioSelect
    )
    accumulation = forms.ChoiceField(
        label=_("Accumulation"),
        choices=Accumulation.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Per period: each period counts on its own (pupils this term). Cumulative: the "
            "total since the start (households helped since the start)."
        ),
    )
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    reporting_start = forms.DateField(
        label=_("First period"),
        required=False,
        widget=DateInput,
        help_text=_("Any day of the first period reported. By default, the partnership's start."),
    )
    # The frequency and first period the target boxes were drawn for.
    periods_shape = forms.CharField(required=False, widget=forms.HiddenInput)
    data_source = forms.CharField(
        label=_("Data source"),
        required=False,
        max_length=300,
        help_text=_("Where the figures come from: attendance sheets, survey, city data..."),
    )
    responsible_party = PartyChoiceField(
        label=_("Responsible party"),
        queryset=Party.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("No party in particular"),
        help_text=_("The party that enters the values."),
    )
    sdg_indicators = forms.MultipleChoiceField(
        label=_("SDG indicators"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, partnership, parties, indicator: Indicator | None = None, **kwargs):
        if indicator is not None and not kwargs.get("initial"):
            kwargs["initial"] = initial_of(indicator)
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.indicator = indicator
        self.fields["responsible_party"].queryset = parties
        self.fields["sdg_indicators"].choices = [
            (item.id, item.id) for goal in sdg_goals() for item in goal.indicators
        ]
        self.initial.setdefault("reporting_start", default_reporting_start(partnership))
        for index in range(1, MAX_DIMENSIONS + 1):
            self.fields[f"dim{index}_name"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )
            self.fields[f"dim{index}_label"] = forms.CharField(
                label=_("Dimension %(number)s") % {"number": index},
                required=False,
                max_length=60,
                help_text=_("For example: Neighbourhood, Age band, Gender."),
            )
            self.fields[f"dim{index}_categories"] = forms.CharField(
                label=_("Categories of dimension %(number)s") % {"number": index},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("One per line."),
            )
        self.survey_source = indicator is not None and indicator.source == IndicatorSource.SURVEY
        if self.survey_source:
            locked = set(SURVEY_FIELDS) | {
                f"dim{i}_{part}" for i in range(1, 4) for part in ("label", "categories")
            }
            for name in locked & set(self.fields):
                self.fields[name].disabled = True
        self.frequency, self.first = self._shape()
        self.periods = reporting_periods(
            partnership=partnership, frequency=self.frequency, first=self.first
        )
        for start in self.periods:
            self.fields[f"target_{start.isoformat()}"] = NumberField(
                label=_("Target for %(period)s") % {"period": period_label(start, self.frequency)}
            )
        self.initial["periods_shape"] = self.shape

    def _shape(self) -> tuple[str, date | None]:
        """The frequency and first period typed (or else saved), so target boxes follow them."""
        frequency = self.initial.get("frequency") or Frequency.QUARTERLY
        first = self.initial.get("reporting_start")
        source = self.data if self.is_bound else {}
        if source.get(self.add_prefix("frequency")) in Frequency.values:
            frequency = source[self.add_prefix("frequency")]
        typed = source.get(self.add_prefix("reporting_start"))
        if typed:
            with contextlib.suppress(ValueError):
                first = date.fromisoformat(typed)
        return frequency, first

    @property
    def shape(self) -> str:
        first = self.periods[0].isoformat() if self.periods else ""
        return f"{self.frequency}|{first}"

    @property
    def periods_changed(self) -> bool:
        """The frequency or first period changed since the boxes were drawn: targets typed
        for the old periods may mean nothing now."""
        return self.is_bound and self.data.get(self.add_prefix("periods_shape"), "") not in (
            "",
            self.shape,
        )

    def target_fields(self):
        return [self[f"target_{start.isoformat()}"] for start in self.periods]

    def dimension_rows(self):
        return [
            (
                index,
                self[f"dim{index}_name"],
                self[f"dim{index}_label"],
                self[f"dim{index}_categories"],
            )
            for index in range(1, MAX_DIMENSIONS + 1)
        ]

    def sdg_groups(self):
        """(goal, [(SDG indicator, ticked)], how many ticked) for the picker."""
        chosen = set(self["sdg_indicators"].value() or [])
        groups = []
        for goal in sdg_goals():
            items = [(item, item.id in chosen) for item in goal.indicators]
            groups.append((goal, items, sum(1 for _item, ticked in items if ticked)))
        return groups

    def chosen_sdg(self):
        found = (sdg_indicator(i) for i in self["sdg_indicators"].value() or [])
        return [item for item in found if item is not None]

    @property
    def indicator_data(self) -> IndicatorData:
        data = self.cleaned_data
        dimensions = [
            {
                "name": data.get(f"dim{index}_name") or "",
                "label": data.get(f"dim{index}_label") or "",
                "categories": _lines(data.get(f"dim{index}_categories") or ""),
            }
            for index in range(1, MAX_DIMENSIONS + 1)
        ]
        return IndicatorData(
            title=data["title"],
            definition=data.get("definition") or "",
            type=data["type"],
            unit=data.get("unit") or "",
            score_min=data.get("score_min"),
            score_max=data.get("score_max"),
            baseline_value=data.get("baseline_value"),
            baseline_date=data.get("baseline_date"),
            direction=data["direction"],
            accumulation=data["accumulation"],
            frequency=data["frequency"],
            reporting_start=data.get("reporting_start"),
            disaggregations=dimensions,
            data_source=data.get("data_source") or "",
            responsible_party=data.get("responsible_party"),
            sdg_indicators=list(data.get("sdg_indicators") or []),
            targets={
                start: data.get(f"target_{start.isoformat()}")
                for start in self.periods
                if data.get(f"target_{start.isoformat()}") is not None
            },
        )


def initial_of(indicator: Indicator) -> dict:
    initial = {
        name: getattr(indicator, name)
        for name in (
            "title",
            "definition",
            "type",
            "unit",
            "score_min",
            "score_max",
            "baseline_value",
            "baseline_date",
            "direction",
            "accumulation",
            "frequency",
            "reporting_start",
            "data_source",
        )
    }
    initial["responsible_party"] = (
        indicator.responsible_party.uuid if indicator.responsible_party_id else None
    )
    initial["sdg_indicators"] = list(indicator.sdg_indicators or [])
    for index, dimension in enumerate(indicator.disaggregations or [], start=1):
        initial[f"dim{index}_name"] = dimension.get("name", "")
        initial[f"dim{index}_label"] = dimension.get("label", "")
        initial[f"dim{index}_categories"] = "\n".join(dimension.get("categories", []))
    for target in indicator.targets.all():
        initial[f"target_{target.period_start.isoformat()}"] = target.value
    return initial


NEW_OUTCOME = "new"


class LibraryForm(forms.Form):
    templates = forms.MultipleChoiceField(
        label=_("Indicators"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one indicator.")},
    )
    outcome = forms.ChoiceField(
        label=_("Add them to"),
        help_text=_("An outcome of your framework, or a new objective and outcome."),
    )
    objective_title = forms.CharField(label=_("New objective"), required=False, max_length=300)
    outcome_title = forms.CharField(label=_("New outcome"), required=False, max_length=300)
    neighbourhoods = forms.CharField(
        label=_("Your neighbourhoods"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional, one per line: indicators broken down by neighbourhood use them. "
            "Leave empty to skip that breakdown."
        ),
    )

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {str(outcome.uuid): outcome for outcome in outcomes}
        self.fields["templates"].choices = [
            (template.key, template.title) for template in library.TEMPLATES
        ]
        choices = [(NEW_OUTCOME, _("A new objective and outcome (type them below)"))]
        choices += [
            (key, f"{outcome.objective.title} › {outcome.title}")
            for key, outcome in self.outcomes.items()
        ]
        self.fields["outcome"].choices = choices
        if self.outcomes:
            self.fields["outcome"].initial = next(iter(self.outcomes))
        else:
            self.fields["outcome"].initial = NEW_OUTCOME

    def chosen_outcome(self):
        return self.outcomes.get(self.cleaned_data.get("outcome") or "")

    def neighbourhood_list(self) -> list[str]:
        return _lines(self.cleaned_data.get("neighbourhoods") or "")

    def ticked(self) -> set[str]:
        return set(self["templates"].value() or [])


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An Excel file (.xlsx) or a CSV file, 2 MB at most."),
        error_messages={"required": _("Choose the file of your framework.")},
    )


class ImportConfirmForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
