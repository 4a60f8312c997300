"""The generated paragraphs of the sections written from the partnership's data."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.agreements.models import MeetingFrequency
from alliances.agreements.sections.types import Block, Table, split_paragraphs
from alliances.organisations.models import Kind
from alliances.partnerships.models import (
    ContributionKind,
    DecisionRule,
    PartnershipType,
    PartyRole,
)


def _label(choices, value: str) -> str:
    return str(dict(choices.choices).get(value, value))


def format_date(value: str | None) -> str:
    if not value:
        return ""
    try:
        return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
    except ValueError:
        return value


def _decimal(value) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return Decimal("0")


def _number(value) -> str:
    amount = _decimal(value)
    places = 0 if amount == amount.to_integral_value() else 2
    return formats.number_format(amount, places, use_l10n=True, force_grouping=True)


def _money(value, currency: str) -> str:
    amount = formats.number_format(_decimal(value), 2, use_l10n=True, force_grouping=True)
    return f"{amount} {currency}"


def _join(names: list[str]) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


ROLE_DUTIES = {
    PartyRole.COORDINATOR: gettext_lazy(
        "runs the partnership day to day, convenes the steering committee and keeps the shared "
        "records"
    ),
    PartyRole.FUNDER: gettext_lazy("brings financial means and follows how they are used"),
    PartyRole.IMPLEMENTER: gettext_lazy("carries out the actions in the field"),
    PartyRole.EXPERT: gettext_lazy("brings its expertise and advice"),
    PartyRole.PUBLIC_ENABLER: gettext_lazy(
        "brings the support of public policy: permissions, premises, networks and links with "
        "public services"
    ),
    PartyRole.COMMUNITY_RELAY: gettext_lazy(
        "relays the partnership to the residents and people it serves, and brings their voice back"
    ),
}

MEETING_RHYTHM = {
    MeetingFrequency.MONTHLY: gettext_lazy("once a month"),
    MeetingFrequency.QUARTERLY: gettext_lazy("once a quarter"),
    MeetingFrequency.HALF_YEARLY: gettext_lazy("every six months"),
    MeetingFrequency.YEARLY: gettext_lazy("once a year"),
}

DECISION_TEXT = {
    DecisionRule.CONSENSUS: gettext_lazy(
        "The steering committee takes its decisions by consensus: a decision is taken when no "
        "party objects to it after discussion."
    ),
    DecisionRule.MAJORITY: gettext_lazy(
        "The steering committee takes its decisions by a majority of the parties present or "
        "represented, each party having one vote."
    ),
    DecisionRule.UNANIMITY: gettext_lazy(
        "The steering committee takes its decisions unanimously: every party must agree."
    ),
}


class DataText:
    """The generated paragraphs of each section, for one snapshot."""

    def __init__(self, snapshot: Mapping):
        self.snapshot = snapshot
        self.currency = snapshot.get("currency") or "EUR"
        self.names = {
            party.get("uuid"): party.get("name", "") for party in snapshot.get("parties", [])
        }

    def _name(self, uuid: str | None) -> str:
        return self.names.get(uuid) or "—"

    def _party_list(self) -> list[Mapping]:
        return list(self.snapshot.get("parties", []))

    def parties(self):
        parties = self._party_list()
        if not parties:
            return [Block(_("The parties to this agreement are not known yet."))], None
        blocks = [Block(_("This agreement is made between the following parties:"))]
        rows = []
        for party in parties:
            identifiers = []
            if party.get("siren"):
                identifiers.append(_("SIREN %(number)s") % {"number": party["siren"]})
            if party.get("rna"):
                identifiers.append(_("RNA %(number)s") % {"number": party["rna"]})
            town = " ".join(v for v in (party.get("postal_code"), party.get("city")) if v)
            address = ", ".join(v for v in (party.get("address"), town) if v)
            roles = [_label(PartyRole, role) for role in party.get("roles", [])]
            rows.append(
                (
                    party.get("name", ""),
                    _label(Kind, party.get("kind", "")),
                    ", ".join(identifiers),
                    address,
                    ", ".join(roles),
                )
            )
        table = Table(
            headers=(_("Party"), _("Type"), _("Identifier"), _("Address"), _("Roles")),
            rows=tuple(rows),
        )
        present = [role for role in PartyRole if any(role in p.get("roles", []) for p in parties)]
        if present:
            blocks.append(Block(_("In this partnership, each role means:")))
        for role in present:
            holders = [p.get("name", "") for p in parties if role in p.get("roles", [])]
            blocks.append(
                Block(
                    _("%(role)s (%(parties)s): %(duties)s.")
                    % {
                        "role": _label(PartyRole, role),
                        "parties": _join(holders),
                        "duties": ROLE_DUTIES[role],
                    },
                    item=True,
                )
            )
        blocks.append(
            Block(
                _(
                    "Each party acts in its own name and remains responsible for its own "
                    "activities; this agreement creates no legal entity between the parties."
                )
            )
        )
        return blocks, table

    def purpose(self):
        snapshot = self.snapshot
        blocks = []
        if snapshot.get("title"):
            blocks.append(
                Block(
                    _(
                        "This agreement sets out how the parties work together in the partnership "
                        "“%(title)s”."
                    )
                    % {"title": snapshot["title"]}
                )
            )
        if snapshot.get("kind"):
            blocks.append(
                Block(
                    _("The partnership takes the form of: %(kind)s.")
                    % {"kind": _label(PartnershipType, snapshot["kind"])}
                )
            )
        purpose = split_paragraphs(snapshot.get("purpose", ""))
        if purpose:
            blocks.append(Block(_("Its purpose is the following:")))
            blocks += [Block(paragraph) for paragraph in purpose]
        if snapshot.get("territory"):
            blocks.append(
                Block(
                    _("It is carried out on the territory of %(territory)s.")
                    % {"territory": snapshot["territory"]}
                )
            )
        objectives = snapshot.get("objectives") or []
        if objectives:
            blocks.append(Block(_("The parties share the following objectives:")))
            blocks += [Block(objective, item=True) for objective in objectives]
        else:
            blocks.append(Block(_("The shared objectives are not written down yet.")))
        return blocks, None

    def _contribution_line(self, row: Mapping) -> str:
        kind = row.get("kind", "")
        parts = [f"{_label(ContributionKind, kind)}: {row.get('description', '')}"]
        quantity, rate = row.get("planned_quantity"), row.get("unit_rate")
        if quantity and rate:
            measure = {
                ContributionKind.SKILLS: _("%(quantity)s days at %(rate)s a day"),
                ContributionKind.VOLUNTEERING: _("%(quantity)s hours at %(rate)s an hour"),
            }.get(kind, _("%(quantity)s × %(rate)s"))
            parts.append(
                measure % {"quantity": _number(quantity), "rate": _money(rate, self.currency)}
            )
        parts.append(
            _("planned value %(amount)s")
            % {"amount": _money(row.get("planned_amount"), self.currency)}
        )
        if row.get("recipient"):
            parts.append(_("for %(party)s") % {"party": self._name(row["recipient"])})
        start, end = format_date(row.get("period_start")), format_date(row.get("period_end"))
        if start and end:
            parts.append(_("from %(start)s to %(end)s") % {"start": start, "end": end})
        elif start:
            parts.append(_("from %(start)s") % {"start": start})
        elif end:
            parts.append(_("until %(end)s") % {"end": end})
        return ", ".join(parts) + "."

    def contributions(self):
        snapshot = self.snapshot
        rows = snapshot.get("contributions") or []
        totals = snapshot.get("totals") or {}
        if not rows:
            blocks = [Block(_("No contribution has been recorded yet."))]
        else:
            blocks = [
                Block(
                    _("The parties commit to the following contributions, valued in %(currency)s:")
                    % {"currency": self.currency}
                )
            ]
        for party in self._party_list() if rows else []:
            mine = [row for row in rows if row.get("party") == party.get("uuid")]
            party_totals = totals.get(party.get("uuid"), {})
            if mine:
                blocks.append(
                    Block(
                        _("%(party)s contributes a planned value of %(amount)s:")
                        % {
                            "party": party.get("name", ""),
                            "amount": _money(party_totals.get("planned"), self.currency),
                        }
                    )
                )
                blocks += [Block(self._contribution_line(row), item=True) for row in mine]
            received = _decimal(party_totals.get("money_received"))
            if received:
                blocks.append(
                    Block(
                        _("%(party)s receives %(amount)s in money from the other parties.")
                        % {
                            "party": party.get("name", ""),
                            "amount": _money(received, self.currency),
                        }
                    )
                )
        if rows:
            blocks.append(
                Block(
                    _("The planned contributions of all parties amount to %(amount)s.")
                    % {"amount": _money(snapshot.get("total_planned"), self.currency)}
                )
            )
            blocks.append(
                Block(
                    _(
                        "Skills, volunteering, goods and premises are valued for information at "
                        "the rates shown; only contributions in money give rise to payments. "
                        "Each party records what it actually gives in the shared contributions "
                        "ledger."
                    )
                )
            )
        if snapshot.get("kind") == PartnershipType.PATRONAGE:
            blocks.append(
                Block(
                    _(
                        "As patronage (mécénat), the contributions are given without any "
                        "consideration of equivalent value in return."
                    )
                )
            )
        return blocks, None

    def workstreams(self, workstreams: list):
        if not workstreams:
            return [
                Block(
                    _(
                        "No workstream is defined yet: the steering committee shares out the "
                        "work between the parties."
                    )
                )
            ], None
        blocks = [Block(_("The work is organised in the following workstreams:"))]
        for workstream in workstreams:
            others = [
                self._name(uuid)
                for uuid in workstream.get("parties", [])
                if uuid != workstream.get("lead")
            ]
            sentence = _("%(name)s: led by %(lead)s") % {
                "name": workstream.get("name", ""),
                "lead": self._name(workstream.get("lead")),
            }
            if others:
                sentence += _(", with %(parties)s") % {"parties": _join(others)}
            sentence += "."
            deliverables = " ".join(split_paragraphs(workstream.get("deliverables", "")))
            if deliverables:
                sentence += " " + _("Deliverables: %(deliverables)s") % {
                    "deliverables": deliverables
                }
            blocks.append(Block(sentence, item=True))
        blocks.append(
            Block(
                _(
                    "The party leading a workstream answers for it to the steering committee "
                    "and tells it without delay of any difficulty."
                )
            )
        )
        return blocks, None

    def governance(self, decision_rule: str, meeting_frequency: str):
        parties = self._party_list()
        names = [party.get("name", "") for party in parties]
        coordinators = [
            party.get("name", "")
            for party in parties
            if PartyRole.COORDINATOR in party.get("roles", [])
        ]
        blocks = [
            Block(
                _(
                    "A steering committee is set up, made up of one representative of each "
                    "party: %(parties)s. Each party names its representative and a substitute."
                )
                % {"parties": _join(names) or "—"}
            ),
            Block(
                _("It meets %(rhythm)s, and whenever a party asks for it.")
                % {"rhythm": MEETING_RHYTHM.get(meeting_frequency, meeting_frequency)}
            ),
        ]
        if coordinators:
            blocks.append(
                Block(
                    _(
                        "%(coordinator)s, as coordinator, prepares the agenda, sends it at least "
                        "one week before each meeting and keeps the minutes."
                    )
                    % {"coordinator": _join(coordinators)}
                )
            )
        blocks.append(Block(str(DECISION_TEXT.get(decision_rule, decision_rule))))
        blocks.append(
            Block(
                _(
                    "Every decision is written in the decision log, with the rule applied and "
                    "its reasons, and shared with every party."
                )
            )
        )
        return blocks, None
