"""Forms of the contributions ledger: a line, its deletion, and the ledger's filters.

Amounts are typed as people write them: "1 234,50", "1234.5", "1 234,50 €". The rules about
what each type needs live in the service; the form parses, and adapts its help to the type.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import get_currency_symbol
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from alliances.partnerships.models import TIMED_KINDS, Contribution, ContributionKind, Party
from alliances.partnerships.selectors.contributions import LedgerFilters, babel_locale
from alliances.partnerships.services.contributions import (
    MAX_AMOUNT,
    MAX_QUANTITY,
    MAX_RATE,
    ContributionData,
)

# Spaces of every width (French groups thousands with a narrow no-break space) and the Swiss
# apostrophe group digits; they carry no value.
GROUPING = re.compile(r"[\s\u00a0\u202f\u2009']")
# A currency sign or code written before or after the number.
AROUND = re.compile(r"^[^\d+\-.,]+|[^\d.,]+$")
NUMBER = re.compile(r"^(\d+(\.\d+)?|\.\d+)$")


def parse_decimal(text: str) -> Decimal:
    """Read a number written the French or the English way; raise ValueError otherwise."""
    value = AROUND.sub("", GROUPING.sub("", text).replace("\u2212", "-"))
    negative = value.startswith("-")
    value = value.lstrip("+-")
    if "," in value and "." in value:
        # Both signs: the last one separates the decimals, the other groups thousands.
        decimal_sign = "," if value.rfind(",") > value.rfind(".") else "."
        group_sign = "." if decimal_sign == "," else ","
        value = value.replace(group_sign, "").replace(decimal_sign, ".")
    elif value.count(",") > 1 or value.count(".") > 1:
        value = value.replace(",", "").replace(".", "")
    else:
        value = value.replace(",", ".")
    if not NUMBER.match(value):
        raise ValueError(text)
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    return -number if negative else number


class DecimalInput(forms.TextInput):
    """A text box rather than type=number, which refuses the decimal comma in some browsers."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal):
            whole = value == value.to_integral_value()
            return number_format(value, decimal_pos=0 if whole else 2, use_l10n=True)
        return super().format_value(value)


class AmountField(forms.Field):
    widget = DecimalInput
    default_error_messages = {
        "invalid": _("Enter a number, for example 1 234,50."),
        "negative": _("Enter zero or more: a negative value is refused."),
        "too_large": _("This number is too large: at most %(maximum)s."),
        "decimals": _("Use at most 2 decimals."),
    }

    def __init__(self, *, maximum: Decimal, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.maximum = maximum

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_decimal(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value < 0:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if value > self.maximum:
            raise ValidationError(
                self.error_messages["too_large"],
                code="too_large",
                params={"maximum": number_format(self.maximum, use_l10n=True, force_grouping=True)},
            )
        if value != value.quantize(Decimal("0.01")):
            raise ValidationError(self.error_messages["decimals"], code="decimals")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Party) -> str:
        return str(obj)


GENERAL = ""
# Help per field: for every type (GENERAL), or for one type once it is chosen.
HELP = {
    "kind": {
        GENERAL: _(
            "Money: an amount paid. Skills: days of staff time at a daily rate. Volunteering: "
            "hours at an hourly rate. In kind: goods or services, valued. Premises: rooms or "
            "buildings lent for a period, valued. Other: anything else, valued."
        ),
    },
    "description": {
        GENERAL: _("What is given, in a few words: people read it in the ledger and exports."),
    },
    "unit_rate": {
        GENERAL: _(
            "Skills and volunteering only: the daily rate for skills, the hourly rate for "
            "volunteering. The value is computed: number of days or hours × rate."
        ),
        ContributionKind.SKILLS: _(
            "What one day of the people giving their time is worth (their daily cost)."
        ),
        ContributionKind.VOLUNTEERING: _("What one hour of volunteering is worth."),
    },
    "planned_quantity": {
        GENERAL: _("Skills and volunteering only: days for skills, hours for volunteering."),
        ContributionKind.SKILLS: _("Number of days planned."),
        ContributionKind.VOLUNTEERING: _("Number of hours planned."),
    },
    "actual_quantity": {
        GENERAL: _(
            "Skills and volunteering only: days or hours actually given, once known. "
            "Leave empty until then."
        ),
        ContributionKind.SKILLS: _("Number of days actually given, once known."),
        ContributionKind.VOLUNTEERING: _("Number of hours actually given, once known."),
    },
    "planned_amount": {
        GENERAL: _(
            "Money, in kind, premises and other: the value planned. For skills and "
            "volunteering it is computed from the days or hours and the rate: leave it empty."
        ),
        ContributionKind.MONEY: _("The amount planned."),
        ContributionKind.IN_KIND: _("What the goods or services are worth (their market value)."),
        ContributionKind.PREMISES: _(
            "What the use of the premises is worth over the period (for example the rent it "
            "would cost)."
        ),
        ContributionKind.OTHER: _("What it is worth."),
        ContributionKind.SKILLS: _("Computed: days × daily rate. Anything typed here is replaced."),
        ContributionKind.VOLUNTEERING: _(
            "Computed: hours × hourly rate. Anything typed here is replaced."
        ),
    },
    "actual_amount": {
        GENERAL: _(
            "Money, in kind, premises and other: the value actually given, once known. "
            "For skills and volunteering it is computed."
        ),
        ContributionKind.MONEY: _("The amount actually paid, once known."),
        ContributionKind.SKILLS: _("Computed: days given × daily rate."),
        ContributionKind.VOLUNTEERING: _("Computed: hours given × hourly rate."),
    },
    "period_start": {
        GENERAL: _(
            "Optional, except for premises. The line counts in the ledger's year of this date."
        ),
        ContributionKind.PREMISES: _("Required: the first day the premises are lent."),
    },
    "period_end": {
        GENERAL: _("Optional, except for premises."),
        ContributionKind.PREMISES: _("Required: the last day the premises are lent."),
    },
    "recipient": {
        GENERAL: _(
            "Money only: the party that receives the money. Leave empty when it goes to the "
            "partnership as a whole."
        ),
    },
}


@dataclass(frozen=True)
class Fieldset:
    legend: str
    help: str
    fields: list


TIME_FIELDS = ("unit_rate", "planned_quantity", "actual_quantity")
VALUE_FIELDS = ("planned_amount", "actual_amount")


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Choose a type"))] + ContributionKind.choices
    )
    description = forms.CharField(label=_("Description"), max_length=300)
    unit_rate = AmountField(label=_("Rate"), maximum=MAX_RATE)
    planned_quantity = AmountField(label=_("Days or hours planned"), maximum=MAX_QUANTITY)
    actual_quantity = AmountField(label=_("Days or hours given"), maximum=MAX_QUANTITY)
    planned_amount = AmountField(label=_("Planned value"), maximum=MAX_AMOUNT)
    actual_amount = AmountField(label=_("Actual value"), maximum=MAX_AMOUNT)
    period_start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    period_end = forms.DateField(label=_("To"), required=False, widget=DateInput)
    recipient = PartyChoiceField(
        label=_("Received by"),
        queryset=Party.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("No party in particular"),
    )

    def __init__(
        self,
        *args,
        currency: str,
        recipients,
        parties: list[Party] | None = None,
        instance: Contribution | None = None,
        **kwargs,
    ):
        if instance is not None and not kwargs.get("initial"):
            kwargs["initial"] = initial_of(instance)
        super().__init__(*args, **kwargs)
        # Set by the view when a script asked for the fields of a newly chosen type.
        self.compact = False
        self.fields["recipient"].queryset = recipients
        if parties and len(parties) > 1:
            # A person with seats in several parties says on whose behalf they record.
            self.fields["party"] = PartyChoiceField(
                label=_("On behalf of"),
                queryset=Party.objects.filter(pk__in=[party.pk for party in parties]),
                to_field_name="uuid",
                empty_label=None,
                help_text=_("You take part for several parties: choose the one that gives."),
            )
            self.order_fields(["party"])
        symbol = get_currency_symbol(currency, locale=babel_locale())
        for name in TIME_FIELDS[:1] + VALUE_FIELDS:
            self.fields[name].label = f"{self.fields[name].label} ({symbol})"
        self.kind = self._chosen_kind()
        for name, texts in HELP.items():
            self.fields[name].help_text = texts.get(self.kind, texts[GENERAL])

    def _chosen_kind(self) -> str:
        kind = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        return kind if kind in ContributionKind.values else GENERAL

    def hidden_for_kind(self) -> set[str]:
        """Fields that mean nothing for the chosen type, hidden once a script has loaded it."""
        if not self.kind:
            return set()
        hidden = set(VALUE_FIELDS) if self.kind in TIMED_KINDS else set(TIME_FIELDS)
        if self.kind != ContributionKind.MONEY:
            hidden.add("recipient")
        return hidden

    @property
    def fieldsets(self) -> list[Fieldset]:
        hidden = self.hidden_for_kind() if self.compact else set()
        groups = [
            (
                _("Time given"),
                _("Skills and volunteering: the value is days or hours × rate, computed for you."),
                TIME_FIELDS,
            ),
            (
                _("Value"),
                _("Money, in kind, premises and other: the value you give it."),
                VALUE_FIELDS,
            ),
            (_("Period"), "", ("period_start", "period_end")),
            (_("Who receives the money"), "", ("recipient",)),
        ]
        fieldsets = []
        for legend, help_text, names in groups:
            fields = [self[name] for name in names if name not in hidden]
            if fields:
                fieldsets.append(Fieldset(legend, help_text, fields))
        return fieldsets

    @property
    def contribution_data(self) -> ContributionData:
        data = self.cleaned_data
        return ContributionData(
            kind=data["kind"],
            description=data["description"],
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
            unit_rate=data.get("unit_rate"),
            planned_quantity=data.get("planned_quantity"),
            actual_quantity=data.get("actual_quantity"),
            planned_amount=data.get("planned_amount"),
            actual_amount=data.get("actual_amount"),
            recipient=data.get("recipient"),
        )


def initial_of(contribution: Contribution) -> dict:
    return {
        "kind": contribution.kind,
        "description": contribution.description,
        "period_start": contribution.period_start,
        "period_end": contribution.period_end,
        "unit_rate": contribution.unit_rate,
        "planned_quantity": contribution.planned_quantity,
        "actual_quantity": contribution.actual_quantity,
        "planned_amount": contribution.planned_amount,
        "actual_amount": contribution.actual_amount,
        "recipient": contribution.recipient.uuid if contribution.recipient_id else None,
    }


class ContributionDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete this contribution"),
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )


class LedgerFilterForm(forms.Form):
    """The ledger's filters; a value that matches nothing is ignored, never an error page."""

    party = forms.ChoiceField(label=_("Party"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types"))] + ContributionKind.choices,
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, parties: list[Party], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = {str(party.uuid): party for party in parties}
        self.fields["party"].choices = [("", _("All parties"))] + [
            (key, str(party)) for key, party in self.parties.items()
        ]
        self.fields["year"].choices = [("", _("All years"))] + [(year, year) for year in years]
        self.fields["year"].help_text = _(
            "A line counts in the year its period starts, or else the year it was recorded."
        )

    def filters(self) -> LedgerFilters:
        if not self.is_bound:
            return LedgerFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return LedgerFilters(
            party=self.parties.get(data.get("party") or ""),
            kind=data.get("kind") or "",
            year=data.get("year"),
        )
