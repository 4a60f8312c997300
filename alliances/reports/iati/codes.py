"""How the words of Alliances map to IATI 2.03 codes (docs/iati.md has the same table)."""

import re

from alliances.organisations.models import Kind, Organisation
from alliances.partnerships.models import ContributionKind, PartyRole, Stage

IATI_VERSION = "2.03"

# OrganisationRole: 1 Funding, 2 Accountable, 3 Extending, 4 Implementing.
FUNDING, ACCOUNTABLE, EXTENDING, IMPLEMENTING = "1", "2", "3", "4"
ROLES = (FUNDING, ACCOUNTABLE, EXTENDING, IMPLEMENTING)
ROLE_OF_PARTY_ROLE: dict[str, str] = {
    PartyRole.FUNDER: FUNDING,
    PartyRole.COORDINATOR: ACCOUNTABLE,
    PartyRole.PUBLIC_ENABLER: EXTENDING,
    PartyRole.IMPLEMENTER: IMPLEMENTING,
    PartyRole.EXPERT: IMPLEMENTING,
    PartyRole.COMMUNITY_RELAY: IMPLEMENTING,
}
# Read back: the coordinator is the importing organisation, so "Accountable" elsewhere means
# a public body steering the programme, like "Extending".
PARTY_ROLE_OF_ROLE: dict[str, str] = {
    FUNDING: PartyRole.FUNDER,
    ACCOUNTABLE: PartyRole.PUBLIC_ENABLER,
    EXTENDING: PartyRole.PUBLIC_ENABLER,
    IMPLEMENTING: PartyRole.IMPLEMENTER,
}

# OrganisationType.
TYPE_OF_KIND: dict[str, str] = {
    Kind.ASSOCIATION: "22",  # National NGO
    Kind.FOUNDATION: "60",  # Foundation
    Kind.COMPANY: "70",  # Private Sector
    Kind.COMMUNE: "11",  # Local Government
    Kind.EPCI: "11",
    Kind.DEPARTEMENT: "11",
    Kind.REGION: "11",
    Kind.STATE_AGENCY: "10",  # Government
    Kind.SCHOOL: "80",  # Academic, Training and Research
    Kind.RESIDENTS_GROUP: "90",  # Other
}

# ActivityStatus: 1 Pipeline/identification, 2 Implementation, 3 Finalisation, 4 Closed.
STATUS_OF_STAGE: dict[str, str] = {
    Stage.EXPLORATION: "1",
    Stage.QUALIFICATION: "1",
    Stage.FORMALISATION: "1",
    Stage.IMPLEMENTATION: "2",
    Stage.EVALUATION: "3",
    Stage.RENEWAL: "3",
    Stage.CLOSED: "4",
}

# ActivityDateType.
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"

# TransactionType: every contribution is a resource coming into the shared activity.
INCOMING_FUNDS, INCOMING_COMMITMENT = "1", "11"
PLANNED_TRANSACTION_TYPES = frozenset({"2", "11", "12", "13"})
ACTUAL_TRANSACTION_TYPES = frozenset({"1", "3", "4"})

# SectorVocabulary 7 and 8; TagVocabulary 2 and 3 say the same.
SDG_GOAL_SECTOR, SDG_TARGET_SECTOR = "7", "8"
SDG_GOAL_TAG, SDG_TARGET_TAG = "2", "3"

# IndicatorMeasure and ResultType.
MEASURE_UNIT, MEASURE_PERCENTAGE = "1", "2"
RESULT_TYPES = frozenset({"1", "2", "3", "9"})
RESULT_OUTCOME = "2"

# A transaction's @ref written by Alliances: "alliances:<kind>:<contribution uuid>".
CONTRIBUTION_REF = re.compile(
    r"^alliances:(?P<kind>" + "|".join(ContributionKind.values) + r"):(?P<uuid>[0-9a-f-]{36})$"
)

# OrganisationRegistrationAgency: SIREN numbers are published under FR-RCS (the list has no
# separate code for RNA numbers, SIRET numbers or communes: see docs/iati.md).
AGENCY_SIREN = "FR-RCS"
_REF = re.compile(r"^FR-(?P<agency>[A-Z]+)-(?P<number>[0-9A-Za-z]+)$")


def organisation_ref(organisation: Organisation | None) -> str:
    """The IATI organisation identifier, or "" when the organisation has no SIREN."""
    if organisation is None:
        return ""
    siren = organisation.siren or organisation.siret[:9]
    return f"{AGENCY_SIREN}-{siren}" if len(siren) == 9 else ""


def lookup_of_ref(ref: str) -> dict[str, str] | None:
    """The directory field and value an identifier points to, e.g. {"siren": "123456789"}.

    Besides FR-RCS, identifiers some publishers write for French bodies are understood:
    FR-SIRET-<14 digits>, FR-INSEE-<SIREN or SIRET>, FR-RNA-W<9 characters>."""
    match = _REF.match((ref or "").strip())
    if match is None:
        return None
    agency, number = match["agency"], match["number"]
    if agency in {"RCS", "INSEE", "SIRET", "SIREN"} and number.isdigit():
        if len(number) == 9:
            return {"siren": number}
        if len(number) == 14:
            return {"siret": number}
    if agency == "RNA" and re.fullmatch(r"W[0-9A-Za-z]{9}", number):
        return {"rna": number.upper()}
    return None
