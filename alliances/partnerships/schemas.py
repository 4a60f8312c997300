"""API input and output of partnerships: the partnership, its parties, contributions and the
opportunity assessment. Objects are named by their public UUID; amounts are strings in the
partnership's currency (exact decimals); dates are ISO 8601."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from ninja import Schema
from pydantic import field_validator

from alliances.lib.api import page_schema
from alliances.partnerships.models import (
    ContributionKind,
    DecisionRule,
    PartnershipType,
    PartyRole,
    PartyStatus,
    Stage,
)


def _text(value) -> str | None:
    return None if value is None else str(value)


class TerritoryOut(Schema):
    kind: str
    code: str
    name: str


class PartnershipOut(Schema):
    uuid: UUID
    title: str
    kind: PartnershipType
    stage: Stage
    starts_on: date | None
    ends_on: date | None
    currency: str
    territory: TerritoryOut | None
    created_at: datetime
    updated_at: datetime


class PartnershipDetailOut(PartnershipOut):
    purpose: str
    objectives: list[str]
    patronage_forms: list[str]
    decision_rule: DecisionRule
    agreement_in_force: int | None
    my_parties: list[UUID]

    @staticmethod
    def resolve_objectives(obj) -> list[str]:
        return obj.objective_list


class PartyOut(Schema):
    uuid: UUID
    name: str
    organisation: UUID | None
    roles: list[PartyRole]
    status: PartyStatus
    is_coordinator: bool

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)

    @staticmethod
    def resolve_organisation(obj) -> UUID | None:
        return obj.organisation.uuid if obj.organisation_id else None


class ContributionOut(Schema):
    uuid: UUID
    party: UUID
    party_name: str
    recipient: UUID | None
    kind: ContributionKind
    description: str
    period_start: date | None
    period_end: date | None
    unit_rate: str | None
    planned_quantity: str | None
    actual_quantity: str | None
    planned_amount: str
    actual_amount: str | None
    currency: str

    @staticmethod
    def resolve_party(obj) -> UUID:
        return obj.party.uuid

    @staticmethod
    def resolve_party_name(obj) -> str:
        return str(obj.party)

    @staticmethod
    def resolve_recipient(obj) -> UUID | None:
        return obj.recipient.uuid if obj.recipient_id else None

    @staticmethod
    def resolve_unit_rate(obj) -> str | None:
        return _text(obj.unit_rate)

    @staticmethod
    def resolve_planned_quantity(obj) -> str | None:
        return _text(obj.planned_quantity)

    @staticmethod
    def resolve_actual_quantity(obj) -> str | None:
        return _text(obj.actual_quantity)

    @staticmethod
    def resolve_planned_amount(obj) -> str:
        return str(obj.planned_amount)

    @staticmethod
    def resolve_actual_amount(obj) -> str | None:
        return _text(obj.actual_amount)

    @staticmethod
    def resolve_currency(obj) -> str:
        return obj.partnership.currency


class ContributionIn(Schema):
    """One line of the ledger. Skills and volunteering are valued as quantity × rate (amounts
    sent for them are ignored); the other types give their planned and actual value."""

    party: UUID | None = None
    kind: ContributionKind
    description: str
    period_start: date | None = None
    period_end: date | None = None
    unit_rate: Decimal | None = None
    planned_quantity: Decimal | None = None
    actual_quantity: Decimal | None = None
    planned_amount: Decimal | None = None
    actual_amount: Decimal | None = None
    recipient: UUID | None = None

    @field_validator("description")
    @classmethod
    def _printable(cls, value: str) -> str:
        # PostgreSQL refuses the NUL character in text.
        if "\x00" in value:
            raise ValueError("The NUL character is not allowed.")
        return value


class AssessmentAnswersOut(Schema):
    lacks: str
    lacks_resources: list[str]
    our_bandwidth: int | None
    their_bandwidth: int | None
    bandwidth_note: str
    admin_load: int | None
    expected_benefit: int | None
    load_note: str
    non_negotiables: str
    shared_values: str
    gives: list[str]
    gets: list[str]
    exchange_note: str
    audience: str
    influencers: str
    expected_action: str
    success_measure: str
    holds_money: bool
    asks_in_return: str
    guard_rails: str
    decision_rights: str


class PartyAssessmentOut(Schema):
    party: UUID
    party_name: str
    submitted: bool
    submitted_at: datetime | None
    # The answers, draft or submitted, of the reader's own parties; every party's once all
    # have submitted; otherwise null.
    answers: AssessmentAnswersOut | None


class PillarOut(Schema):
    pillar: str
    score: int


class RedFlagOut(Schema):
    code: str
    party: str
    field: str


class FitOut(Schema):
    overall: int
    pillars: list[PillarOut]
    flags: list[RedFlagOut]


class AssessmentsOut(Schema):
    complete: bool
    parties: list[PartyAssessmentOut]
    # The fit score, once every active party has submitted.
    fit: FitOut | None


PartnershipPage = page_schema(PartnershipOut, "PartnershipPage")
PartyPage = page_schema(PartyOut, "PartyPage")
ContributionPage = page_schema(ContributionOut, "ContributionPage")
