"""Forms of the workspace: the partnership itself and a move to another stage."""

from babel.numbers import get_currency_name
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alliances.lib.richtext import with_formatting_help
from alliances.organisations.forms.profiles import CauseChoice, CauseMultipleChoiceField
from alliances.organisations.models import Cause
from alliances.organisations.search.places import (
    territory_by_name,
    territory_by_ref,
    territory_label,
)
from alliances.organisations.search.query import parse_place
from alliances.organisations.selectors.profiles import cause_tree
from alliances.partnerships.models import (
    DecisionRule,
    Partnership,
    PartnershipType,
    PatronageForm,
    Stage,
)
from alliances.partnerships.services.workspace import (
    PARTNERSHIP_FIELDS,
    current_currencies,
    is_step_back,
)

KIND_EXPLANATIONS = {
    PartnershipType.PATRONAGE: _(
        "A company or a foundation supports a cause of general interest with money, skills or "
        "goods, without asking for anything of equal value in return."
    ),
    PartnershipType.RESPONSIBLE_PRACTICES: _(
        "A company changes the way it works with the help of the other parties: purchasing, "
        "hiring, social or environmental practices."
    ),
    PartnershipType.ECONOMIC_COOPERATION: _(
        "The parties produce or sell something together with a social purpose: a shared "
        "service, a joint offer, a supply contract."
    ),
    PartnershipType.SOCIETAL_INNOVATION: _(
        "The parties design and test together a new answer to a social need, then measure it "
        "and spread it."
    ),
}

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _currency_choices() -> list[tuple[str, str]]:
    locale = (translation.get_language() or "fr").split("-")[0]
    names = {code: get_currency_name(code, locale=locale) for code in current_currencies()}
    ordered = sorted(names, key=lambda code: (code != "EUR", names[code].lower()))
    return [(code, f"{names[code]} ({code})") for code in ordered]


class KindChoice:
    def __init__(self, widget, explanation: str):
        self.widget = widget
        self.explanation = explanation


class PartnershipForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=with_formatting_help(
            _("In a few sentences: what the partnership is for, for whom, where.")
        ),
    )
    objectives = forms.CharField(
        label=_("Shared objectives"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One objective per line."),
    )
    kind = forms.ChoiceField(
        label=_("Type of partnership"),
        choices=PartnershipType.choices,
        widget=forms.RadioSelect,
    )
    patronage_forms = forms.MultipleChoiceField(
        label=_("Forms of patronage"),
        required=False,
        choices=PatronageForm.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For patronage only: what the patron gives. Tick one or more."),
    )
    causes = CauseMultipleChoiceField(
        label=_("Causes"),
        queryset=Cause.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    territory = forms.CharField(
        label=_("Territory"),
        required=False,
        max_length=200,
        help_text=_("A commune, intercommunality, département or region, by name or code."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "territory-options"}),
    )
    starts_on = forms.DateField(label=_("Start date"), required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("End date"), required=False, widget=DATE_WIDGET)
    currency = forms.ChoiceField(
        label=_("Currency"),
        initial="EUR",
        help_text=_("Contributions are valued in this currency."),
    )
    decision_rule = forms.ChoiceField(
        label=_("Decision rule"),
        choices=DecisionRule.choices,
        initial=DecisionRule.CONSENSUS,
        help_text=_("How the parties take decisions together; the agreement can refine it."),
    )

    def __init__(self, *args, partnership: Partnership | None = None, **kwargs):
        if partnership is not None:
            kwargs.setdefault("initial", self.initial_for(partnership))
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = _currency_choices()
        self.fields["territory"].widget.attrs.update(
            {
                "hx-get": reverse("organisations:place_suggestions"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#territory-options",
                "hx-sync": "this:replace",
            }
        )

    def add_prefix(self, field_name: str) -> str:
        # The place box sends "where", as the directory's does, so that the same
        # suggestions view completes it.
        if field_name == "territory":
            return super().add_prefix("where")
        return super().add_prefix(field_name)

    @staticmethod
    def initial_for(partnership: Partnership) -> dict:
        initial = {name: getattr(partnership, name) for name in PARTNERSHIP_FIELDS}
        initial["territory"] = (
            territory_label(partnership.territory) if partnership.territory else ""
        )
        initial["causes"] = list(partnership.causes.values_list("pk", flat=True))
        return initial

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean_territory(self):
        text = self.cleaned_data["territory"].strip()
        if not text:
            return None
        ref = parse_place(text)
        territory = territory_by_ref(ref=ref) if ref else territory_by_name(text=text)
        if territory is None:
            raise ValidationError(
                _(
                    "No commune, intercommunality, département or region matches “%(text)s”. "
                    "Type its name or its INSEE code."
                ),
                code="unknown_territory",
                params={"text": text[:100]},
            )
        return territory

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        patronage = cleaned.get("kind") == PartnershipType.PATRONAGE
        if (
            patronage
            and not cleaned.get("patronage_forms")
            and "patronage_forms" not in self.errors
        ):
            self.add_error(
                "patronage_forms",
                _("Choose at least one form of patronage: financial, skills or in kind."),
            )
        return cleaned

    @property
    def partnership_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in PARTNERSHIP_FIELDS}

    def kind_choices(self) -> list[KindChoice]:
        return [
            KindChoice(widget, KIND_EXPLANATIONS.get(widget.data["value"], ""))
            for widget in self["kind"]
        ]

    def cause_groups(self) -> list[dict]:
        """The goals, each with its targets, and which of them are ticked."""
        ticked = {str(value) for value in (self["causes"].value() or [])}
        groups = []
        for group in cause_tree():
            targets = [CauseChoice(t, str(t.pk) in ticked) for t in group.targets]
            goal = CauseChoice(group.goal, str(group.goal.pk) in ticked)
            count = goal.checked + sum(target.checked for target in targets)
            groups.append({"goal": goal, "targets": targets, "count": count})
        return groups


class PartnershipCreateForm(PartnershipForm):
    organisation = forms.ModelChoiceField(
        label=_("Coordinating organisation"),
        queryset=None,
        to_field_name="uuid",
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_(
            "The organisation that creates the partnership coordinates it: it invites the "
            "other parties and moves the partnership from one stage to the next."
        ),
        error_messages={
            "invalid_choice": _("Choose one of your organisations."),
            "required": _("Choose the organisation that coordinates the partnership."),
        },
    )

    field_order = ["organisation"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.organisations = list(organisations)
        if len(self.organisations) == 1:
            self.fields["organisation"].initial = self.organisations[0].uuid


class StageMoveForm(forms.Form):
    target = forms.ChoiceField(
        label=_("Move to"),
        choices=Stage.choices,
        error_messages={"required": _("Choose the stage to move to.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional when moving forward; needed when going back one stage."),
    )
    closure_reason = forms.CharField(
        label=_("Reason for closing"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lessons_learned = forms.CharField(
        label=_("Lessons learned"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What worked, what did not, what you would do differently."),
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target")
        missing = [
            name
            for name in ("note", "closure_reason", "lessons_learned")
            if not cleaned.get(name, "").strip() and name not in self.errors
        ]
        if target == Stage.CLOSED:
            if "closure_reason" in missing:
                self.add_error("closure_reason", _("Say why the partnership closes."))
            if "lessons_learned" in missing:
                self.add_error(
                    "lessons_learned", _("Write down the lessons learned, in a few lines.")
                )
        elif target and is_step_back(self.partnership.stage, target) and "note" in missing:
            self.add_error("note", _("Say why the partnership goes back one stage."))
        return cleaned

    @property
    def is_closure(self) -> bool:
        return self["target"].value() == Stage.CLOSED
