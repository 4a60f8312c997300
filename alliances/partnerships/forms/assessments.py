"""The opportunity assessment as people read it: the questions grouped in the three questions
and the four pillars, each with why it is asked, the form, and the answers shown back."""

import copy
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alliances.organisations.models import Resource
from alliances.partnerships.models import Assessment, DecisionRights, Party, ValueKind
from alliances.partnerships.scoring import (
    AGREEMENT,
    GAP,
    LEDGER,
    PILLARS,
    Finding,
    RedFlag,
    anchor_of,
)
from alliances.partnerships.services.assessments import ANSWER_FIELDS, essential_messages

TEXT_ROWS = {"rows": 4}


def _levels(*labels) -> list[tuple[int, str]]:
    return [(number, f"{number} · {label}") for number, label in enumerate(labels, start=1)]


BANDWIDTH_LEVELS = _levels(_("Very little"), _("Little"), _("Some"), _("A lot"), _("Fully"))
LOAD_LEVELS = _levels(_("Very light"), _("Light"), _("Moderate"), _("Heavy"), _("Very heavy"))
BENEFIT_LEVELS = _levels(_("Very small"), _("Small"), _("Moderate"), _("Large"), _("Very large"))


def _text(label, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs=TEXT_ROWS),
    )


def _level(label, choices, help_text="") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


def _many(label, choices, help_text="") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


@dataclass(frozen=True)
class Group:
    legend: str
    why: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    code: str
    why: str
    groups: tuple[Group, ...]

    @property
    def title(self) -> str:
        return str(PILLARS[self.code])

    @property
    def fields(self) -> list[str]:
        return [name for group in self.groups for name in group.fields]


LAYOUT = (
    Section(
        "questions",
        _("Three questions to decide whether this partnership is strategic or a distraction."),
        (
            Group(
                _("1. Do our goals need capacities, audiences or resources we lack?"),
                _(
                    "A partnership is worth it when it brings what you cannot do alone. If you "
                    "lack nothing, it may be a distraction rather than a strategic choice."
                ),
                ("lacks", "lacks_resources"),
            ),
            Group(
                _("2. Do both sides have the time and commitment?"),
                _(
                    "Good intentions fail without people and time. Comparing how each side sees "
                    "its own commitment and the others' shows early where promises may not hold."
                ),
                ("our_bandwidth", "their_bandwidth", "bandwidth_note"),
            ),
            Group(
                _("3. Will the administrative load stay below the benefit?"),
                _(
                    "Reports, meetings, agreements and approvals take time, especially for small "
                    "associations. What you gain has to outweigh it."
                ),
                ("admin_load", "expected_benefit", "load_note"),
            ),
        ),
    ),
    Section(
        "clarity",
        _(
            "Each side has interests of its own, and that is fine. Writing down what you will "
            "not give up, before committing, avoids misunderstandings and conflicts later."
        ),
        (Group(_("What will we not give up?"), "", ("non_negotiables",)),),
    ),
    Section(
        "values",
        _(
            "A lasting partnership rests on shared values and a real exchange: each side gets "
            "something it values, such as funding, expertise, an audience or credibility."
        ),
        (
            Group(
                _("What do we share, give and get?"),
                "",
                ("shared_values", "gives", "gets", "exchange_note"),
            ),
        ),
    ),
    Section(
        "reach",
        _(
            "Reaching many people is not the same as changing something. Name exactly who must "
            "hear or act, who influences them, what they should do, and which result would "
            "show that it worked."
        ),
        (
            Group(
                _("Who must act, and what would count?"),
                "",
                ("audience", "influencers", "expected_action", "success_measure"),
            ),
        ),
    ),
    Section(
        "power",
        _(
            "Money and decisions are rarely shared equally. Saying openly who holds the money, "
            "what is asked in return and which guard-rails protect the smaller side keeps the "
            "partnership fair, especially for non-profits."
        ),
        (
            Group(
                _("Money, decisions and guard-rails"),
                "",
                ("holds_money", "asks_in_return", "guard_rails", "decision_rights"),
            ),
        ),
    ),
)


class AssessmentForm(forms.Form):
    """Every answer is optional for a draft; the service checks the essentials on submit."""

    # A form with every box unticked and every field empty is a legitimate draft: this field
    # tells it apart from a truncated or forged request, which must not wipe the answers.
    sent = forms.CharField(widget=forms.HiddenInput, initial="1", required=False)

    lacks = _text(
        _("What do our goals need that we do not have internally?"),
        _(
            "Capacities, audiences or resources. For example: a room for homework help on "
            "Wednesdays, volunteers who speak the families' languages, contacts with employers."
        ),
    )
    lacks_resources = _many(_("Resources we lack"), Resource.choices, _("Tick all that apply."))
    our_bandwidth = _level(_("Our time and commitment"), BANDWIDTH_LEVELS)
    their_bandwidth = _level(
        _("The other parties' time and commitment, as we see it"), BANDWIDTH_LEVELS
    )
    bandwidth_note = _text(
        _("Details on time and commitment (optional)"),
        _("Who will work on it, how many hours a month, what could get in the way."),
    )
    admin_load = _level(_("The administrative load we expect"), LOAD_LEVELS)
    expected_benefit = _level(_("The benefit we expect"), BENEFIT_LEVELS)
    load_note = _text(_("Details on load and benefit (optional)"))
    non_negotiables = _text(
        _("Our non-negotiables"),
        _(
            "One per line. For example: no company logo on what we give to families; we choose "
            "the families we support; no personal data leaves the association."
        ),
    )
    shared_values = _text(_("The values we share with the other parties"))
    gives = _many(_("What we give"), ValueKind.choices)
    gets = _many(_("What we expect to get"), ValueKind.choices)
    exchange_note = _text(_("Details on the exchange (optional)"))
    audience = _text(
        _("Who exactly must hear or act?"),
        _(
            "Be specific: “everyone” or “the general public” is not an audience. For example: "
            "parents of pupils in their first year at the local secondary school."
        ),
    )
    influencers = _text(
        _("Who influences them?"),
        _("For example: teachers, the social centre of the neighbourhood, sports coaches."),
    )
    expected_action = _text(
        _("Which action do we expect from them?"),
        _("For example: sign up for homework help, come to three workshops."),
    )
    success_measure = _text(
        _("What result would count as a success?"),
        _("A figure and a date if you can. For example: 40 pupils attend 10 sessions by June."),
    )
    holds_money = forms.BooleanField(
        label=_("We hold the money in this partnership"),
        help_text=_("Tick if your party funds the others or manages the shared budget."),
        required=False,
    )
    asks_in_return = _text(
        _("What is asked in return for the money?"),
        _("Reports, visibility, deliverables, exclusivity… Leave empty if you hold no money."),
    )
    guard_rails = _text(
        _("Guard-rails"),
        _(
            "Rules that keep things fair. For example: work asked in proportion to the "
            "funding; no unpaid work asked of a non-profit; payments on fixed dates."
        ),
    )
    decision_rights = forms.ChoiceField(
        label=_("Who will hold the decision rights?"),
        choices=DecisionRights.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in essential_messages():
            # Not a required field: a draft may leave it empty.
            self.fields[name].help_text = _("Needed to submit your answers.")

    @classmethod
    def initial_for(cls, assessment: Assessment | None) -> dict:
        if assessment is None:
            return {}
        return {name: copy.copy(getattr(assessment, name)) for name in ANSWER_FIELDS}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("sent"):
            raise ValidationError(
                _("The form arrived incomplete, so nothing was saved. Please try again."),
                code="incomplete",
            )
        return cleaned

    @property
    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in ANSWER_FIELDS}

    @property
    def sections(self) -> list[dict]:
        return [
            {
                "section": section,
                "groups": [
                    {"group": group, "fields": [self[name] for name in group.fields]}
                    for group in section.groups
                ],
            }
            for section in LAYOUT
        ]


# The answers shown back


@dataclass
class AnswerCell:
    party: Party
    anchor: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    flags: list[RedFlag] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)  # agreement and gap findings it takes part in

    @property
    def answered(self) -> bool:
        return bool(self.text or self.items)

    @property
    def mark(self) -> str:
        """The strongest finding on this answer: a gap outweighs an agreement."""
        if GAP in self.kinds:
            return GAP
        return AGREEMENT if AGREEMENT in self.kinds else ""


@dataclass
class AnswerRow:
    name: str
    label: str
    cells: list[AnswerCell]


@dataclass(frozen=True)
class Link:
    anchor: str
    label: str


@dataclass(frozen=True)
class FlagView:
    flag: RedFlag
    source: Link


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    links: tuple[Link, ...]


@dataclass
class AnswerSection:
    section: Section
    rows: list[AnswerRow]
    score: int | None = None
    flags: list[FlagView] = field(default_factory=list)
    findings: list[FindingView] = field(default_factory=list)


def _display(form: AssessmentForm, assessment: Assessment | None, name: str) -> AnswerCell:
    cell = AnswerCell(party=None, anchor="")  # party and anchor filled by the caller
    value = getattr(assessment, name) if assessment is not None else None
    form_field = form.fields[name]
    if isinstance(form_field, forms.BooleanField):
        cell.text = str(_("Yes") if value else _("No")) if assessment is not None else ""
    elif isinstance(form_field, forms.MultipleChoiceField):
        labels = dict(form_field.choices)
        cell.items = [str(labels.get(item, item)) for item in value or ()]
    elif isinstance(form_field, forms.ChoiceField):
        cell.text = str(dict(form_field.choices).get(value, "")) if value not in (None, "") else ""
    else:
        cell.text = value or ""
    return cell


def answer_sections(
    parties: list[Party],
    assessments: dict[int, Assessment | None],
    flags: tuple[RedFlag, ...] = (),
) -> list[AnswerSection]:
    """The answers of these parties, section by section, one cell per party and question."""
    form = AssessmentForm()
    flagged: dict[str, list[RedFlag]] = {}
    for flag in flags:
        flagged.setdefault(flag.anchor, []).append(flag)
    sections = []
    for section in LAYOUT:
        rows = []
        for name in section.fields:
            cells = []
            for party in parties:
                cell = _display(form, assessments.get(party.pk), name)
                cell.party = party
                cell.anchor = anchor_of(str(party.uuid), name)
                cell.flags = flagged.get(cell.anchor, [])
                cells.append(cell)
            rows.append(AnswerRow(name, str(form.fields[name].label), cells))
        sections.append(AnswerSection(section, rows))
    return sections


def _link(form: AssessmentForm, names: dict[str, str], party: str, name: str) -> Link:
    question = _("Contributions ledger") if name == LEDGER else form.fields[name].label
    return Link(anchor_of(party, name), f"{names.get(party, '')} · {question}")


def comparison_sections(comparison) -> list[AnswerSection]:
    """Every party's answers side by side, with each pillar's score, flags and findings, each
    flag and finding linked to the answers it comes from."""
    result = comparison.result
    form = AssessmentForm()
    names = {str(party.uuid): str(party) for party in comparison.parties}
    sections = answer_sections(list(comparison.parties), comparison.assessments, result.flags)
    cells = {cell.anchor: cell for item in sections for row in item.rows for cell in row.cells}
    for finding in result.findings:
        for anchor in finding.anchors:
            if anchor in cells:
                cells[anchor].kinds.add(finding.kind)
    for item in sections:
        code = item.section.code
        item.score = result.score_of(code)
        item.flags = [
            FlagView(flag, _link(form, names, flag.party, flag.field))
            for flag in result.flags_in(code)
        ]
        item.findings = [
            FindingView(finding, tuple(_link(form, names, *cell) for cell in finding.cells))
            for finding in result.findings_in(code)
        ]
    return sections
