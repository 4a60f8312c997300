"""Objects the URL walk needs inside the lead organisation's partnership.

The walk's partnership is `PartnershipTestCase.partnership`: the lead organisation
coordinates it, the company funds it (persona `partner`), the commune enables it.
"""

from dataclasses import dataclass
from datetime import UTC as utc
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from alliances.accounts.tokens import token_create
from alliances.agreements.models import AgreementVersion, MeetingFrequency
from alliances.diagnosis.models import Diagnosis, DiagnosisStatus
from alliances.governance.models import (
    ActionItem,
    AgendaItem,
    CalendarFeed,
    CommitteeMember,
    Conflict,
    Decision,
    DigestPreference,
    HealthCheckRound,
    Meeting,
    MeetingDocument,
    hash_token,
)
from alliances.indicators.models import Indicator, Objective, Outcome, Value, ValueStatus
from alliances.matching.models import (
    Call,
    CallCriterion,
    CallKind,
    CallStatus,
    Proposal,
)
from alliances.organisations.models import Kind
from alliances.partnerships.models import (
    Assessment,
    Contribution,
    ContributionKind,
    DecisionRule,
    Party,
    PartyRole,
    PartyStatus,
)
from alliances.reports.models import (
    IatiImport,
    PublicPage,
    PublicPageConsent,
    PublicPageStatus,
    Report,
    ReportStatus,
)
from alliances.surveys.models import Response, Survey, SurveyStatus
from alliances.territories.models import Territory
from alliances.test import make_organisation, make_partnership


@dataclass
class WalkFixture:
    partnership: object
    party: Party  # the company's party, for party-level pages
    invitation: Party  # an invitation addressed to the lead organisation, elsewhere
    email_invitation: Party  # an invitation by e-mail, with a token
    contribution: Contribution
    version: AgreementVersion
    objective: Objective
    outcome: Outcome
    indicator: Indicator  # the company (persona `partner`) is responsible for it
    value: Value  # a submitted value of that indicator, entered by the company's admin
    survey: Survey  # open, with one response
    response: Response
    # Governance: the lead's admin chairs the committee and represents the lead; the company's
    # admin represents the company. One scheduled meeting (with an agenda item and a
    # document), one decision open to votes, one action owned by the company's admin, one
    # conflict raised by the lead naming the company (the commune does not see it), one open
    # health-check round.
    committee_member: CommitteeMember  # the company's admin
    meeting: Meeting
    agenda_item: AgendaItem
    document: MeetingDocument
    decision: Decision
    action: ActionItem
    conflict: Conflict
    health_round: HealthCheckRound
    feed_token: str  # the lead admin's calendar feed
    unsubscribe_token: str  # the lead admin's digest opt-out link
    # Finding partners: the lead organisation's open call, with two criteria, answered by the
    # company (persona `partner`); the commune is the candidate of suggestion pages.
    call: Call
    proposal: Proposal
    candidate: object
    # Reports: a finished funder report (its three files are written by `write_files`), the
    # partnership's public page, published with every party's agreement, an IATI import of the
    # lead organisation, its completed self-diagnosis, and an API token of the lead's admin.
    report: Report
    public_page: PublicPage
    iati_import: IatiImport
    diagnosis: Diagnosis
    api_token: object

    def url_kwargs(self) -> dict:
        return {
            "partnership_uuid": self.partnership.uuid,
            "party_uuid": self.party.uuid,
            "contribution_uuid": self.contribution.uuid,
            "number": self.version.number,
            "objective_uuid": self.objective.uuid,
            "outcome_uuid": self.outcome.uuid,
            "indicator_uuid": self.indicator.uuid,
            "value_uuid": self.value.uuid,
            "period": self.value.period_start.isoformat(),
            "survey_uuid": self.survey.uuid,
            "response_uuid": self.response.uuid,
            "name": "age",  # the survey's question
            "public_token": self.survey.public_token,
            "member_uuid": self.committee_member.uuid,
            "meeting_uuid": self.meeting.uuid,
            "item_uuid": self.agenda_item.uuid,
            "document_uuid": self.document.uuid,
            "decision_uuid": self.decision.uuid,
            "action_uuid": self.action.uuid,
            "conflict_uuid": self.conflict.uuid,
            "round_uuid": self.health_round.uuid,
            "feed_token": self.feed_token,
            "unsubscribe_token": self.unsubscribe_token,
            "call_uuid": self.call.uuid,
            "proposal_uuid": self.proposal.uuid,
            "candidate_uuid": self.candidate.uuid,
            "report_uuid": self.report.uuid,
            "page_uuid": self.public_page.uuid,
            "import_uuid": self.iati_import.uuid,
            "diagnosis_uuid": self.diagnosis.uuid,
            "token_uuid": self.api_token.uuid,
            "fmt": "pdf",
            "kind": "commune",
            "code": "86194",
        }

    def write_files(self) -> None:
        """Write the uploaded files the fixture's rows point at, in this test's MEDIA_ROOT."""
        default_storage.save(self.document.file.name, ContentFile(DOCUMENT_BYTES))
        for field in (self.report.pdf, self.report.docx, self.report.xlsx):
            default_storage.save(field.name, ContentFile(DOCUMENT_BYTES))

    def overrides(self, name: str) -> dict:
        """URL names whose keyword names an object other than the default one."""
        if name == "partnerships:invitation":
            return {"party_uuid": self.invitation.uuid}
        if name == "partnerships:invitation_token":
            return {"token": self.email_invitation.token}
        return {}


def partnership_fixture(case) -> WalkFixture:
    partnership = case.partnership
    Territory.objects.get_or_create(kind="commune", code="86194", defaults={"name": "Poitiers"})
    other = make_organisation("Centre social des Couronneries", kind=Kind.ASSOCIATION)
    elsewhere, _parties = make_partnership("Jardins partagés", coordinator=other)
    invitation = Party.objects.create(
        partnership=elsewhere,
        organisation=case.org,
        roles=[PartyRole.IMPLEMENTER],
        status=PartyStatus.INVITED,
    )
    email_invitation = Party.objects.create(
        partnership=partnership,
        invited_email="contact@mediatheque.example.org",
        invited_name="Médiathèque",
        roles=[PartyRole.COMMUNITY_RELAY],
        token="walk-party-token",
    )
    Assessment.objects.create(partnership=partnership, party=case.lead_party)
    contribution = Contribution.objects.create(
        partnership=partnership,
        party=case.lead_party,
        kind=ContributionKind.SKILLS,
        description="Tutorat",
        unit_rate=Decimal("300"),
        planned_quantity=Decimal("10"),
        planned_amount=Decimal("3000"),
        period_start=date(2026, 9, 1),
        period_end=date(2027, 6, 30),
    )
    version = AgreementVersion.objects.create(
        partnership=partnership,
        number=1,
        decision_rule=DecisionRule.CONSENSUS,
        meeting_frequency=MeetingFrequency.QUARTERLY,
        content={"snapshot": {}, "clauses": {}},
    )
    objective = Objective.objects.create(partnership=partnership, title="Réussite éducative")
    outcome = Outcome.objects.create(
        partnership=partnership, objective=objective, title="Les élèves progressent en lecture"
    )
    indicator = Indicator.objects.create(
        partnership=partnership,
        outcome=outcome,
        title="Élèves accompagnés",
        unit="élèves",
        frequency="quarterly",
        responsible_party=case.company_party,
    )
    value = Value.objects.create(
        partnership=partnership,
        indicator=indicator,
        period_start=date(2026, 1, 1),
        value=Decimal("42"),
        status=ValueStatus.SUBMITTED,
        party=case.company_party,
        entered_by=case.company_admin,
    )
    survey = Survey.objects.create(
        partnership=partnership,
        title="Vivre ensemble aux Couronneries",
        status=SurveyStatus.OPEN,
        public_token="walk-survey-token",
        definition={
            "languages": ["fr"],
            "items": [
                {"name": "age", "type": "integer", "label": {"fr": "Votre âge"}},
            ],
        },
    )
    response = Response.objects.create(
        survey=survey,
        submission_id="6f1c1d2e-8a43-4d8e-9a4c-0c6f3b1f2a10",
        content_hash="0" * 64,
        answers={"age": 34},
        collected_on=date(2026, 2, 3),
    )
    governance = governance_fixture(case)
    matching = matching_fixture(case)
    reports = reports_fixture(case)
    return WalkFixture(
        partnership=partnership,
        party=case.company_party,
        invitation=invitation,
        email_invitation=email_invitation,
        contribution=contribution,
        version=version,
        objective=objective,
        outcome=outcome,
        indicator=indicator,
        value=value,
        survey=survey,
        response=response,
        **governance,
        **matching,
        **reports,
    )


def reports_fixture(case) -> dict:
    partnership = case.partnership
    report = Report.objects.create(
        partnership=partnership,
        title="Rapport au financeur 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        language="fr",
        status=ReportStatus.DONE,
        progress=100,
        requested_by=case.editor,
        pdf="reports/2026/walk-report.pdf",
        docx="reports/2026/walk-report.docx",
        xlsx="reports/2026/walk-report.xlsx",
    )
    page = PublicPage.objects.create(
        partnership=partnership,
        summary="Aide aux devoirs pour les collégiens du quartier.",
        report=report,
        status=PublicPageStatus.PUBLISHED,
        proposed_by=case.editor,
        proposed_at=datetime(2026, 7, 1, tzinfo=utc),
        published_at=datetime(2026, 7, 2, tzinfo=utc),
    )
    for party, user in (
        (case.lead_party, case.admin),
        (case.company_party, case.company_admin),
        (case.commune_party, case.commune_admin),
    ):
        PublicPageConsent.objects.create(page=page, party=party, version=1, agreed_by=user)
    iati_import = IatiImport.objects.create(
        organisation=case.org,
        filename="activite.xml",
        iati_identifier="FR-RNA-W863000001-2026-01",
        report={"mapped": [], "skipped": []},
        created_by=case.editor,
    )
    diagnosis = Diagnosis.objects.create(
        organisation=case.org,
        status=DiagnosisStatus.COMPLETED,
        answers={},
        created_by=case.editor,
        completed_by=case.editor,
        completed_at=datetime(2026, 6, 1, tzinfo=utc),
    )
    api_token, _secret = token_create(user=case.admin, name="Tableur de suivi")
    return {
        "report": report,
        "public_page": page,
        "iati_import": iati_import,
        "diagnosis": diagnosis,
        "api_token": api_token,
    }


def matching_fixture(case) -> dict:
    call = Call.objects.create(
        organisation=case.org,
        kind=CallKind.NEED,
        title="Tuteurs pour l'aide aux devoirs",
        description="Nous cherchons des bénévoles et un local pour l'aide aux devoirs.",
        resources_sought=["volunteers", "premises"],
        resources_offered=["field_expertise"],
        deadline=date.today() + timedelta(days=60),
        status=CallStatus.PUBLISHED,
        created_by=case.editor,
        published_at=datetime(2026, 1, 5, 9, 0, tzinfo=utc),
    )
    CallCriterion.objects.create(call=call, label="Proximité du quartier", weight=60, position=0)
    CallCriterion.objects.create(call=call, label="Disponibilité", weight=40, position=1)
    proposal = Proposal.objects.create(
        call=call,
        from_organisation=case.company,
        to_organisation=case.org,
        message="Nos salariés peuvent encadrer deux soirs par semaine.",
        resources_offered=["volunteers"],
        created_by=case.company_admin,
    )
    return {"call": call, "proposal": proposal, "candidate": case.commune}


DOCUMENT_BYTES = b"%PDF-1.4\n%%EOF\n"


def governance_fixture(case) -> dict:
    partnership = case.partnership
    CommitteeMember.objects.create(
        partnership=partnership,
        party=case.lead_party,
        user=case.admin,
        is_representative=True,
        is_chair=True,
    )
    company_member = CommitteeMember.objects.create(
        partnership=partnership,
        party=case.company_party,
        user=case.company_admin,
        is_representative=True,
    )
    starts = datetime(2030, 3, 12, 14, 0, tzinfo=utc)
    meeting = Meeting.objects.create(
        partnership=partnership,
        title="Comité de pilotage",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Maison des Trois-Cités, salle 2",
        created_by=case.admin,
    )
    agenda_item = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Bilan du trimestre", created_by=case.admin
    )
    # The file itself is written by `WalkFixture.write_files`, once each test has its own
    # MEDIA_ROOT.
    document = MeetingDocument.objects.create(
        meeting=meeting,
        file=f"meetings/{meeting.uuid}/walk/ordre-du-jour.pdf",
        name="ordre-du-jour.pdf",
        size=len(DOCUMENT_BYTES),
        content_type="application/pdf",
    )
    decision = Decision.objects.create(
        partnership=partnership,
        number=1,
        title="Ouvrir un second groupe de tutorat",
        context="Douze élèves attendent une place.",
        rule=DecisionRule.CONSENSUS,
        quorum_percent=50,
        meeting=meeting,
        created_by=case.admin,
    )
    action = ActionItem.objects.create(
        partnership=partnership,
        title="Envoyer le budget révisé",
        owner=case.company_admin,
        owner_party=case.company_party,
        due_on=date(2030, 4, 1),
        meeting=meeting,
        created_by=case.admin,
    )
    conflict = Conflict.objects.create(
        partnership=partnership,
        number=1,
        topic="Calendrier des versements",
        description="Le second versement arrive après la rentrée.",
        raised_by=case.admin,
        raised_by_party=case.lead_party,
    )
    conflict.parties.set([case.lead_party, case.company_party])
    health_round = HealthCheckRound.objects.create(
        partnership=partnership,
        number=1,
        opens_on=date(2026, 1, 5),
        closes_on=date(2030, 1, 26),
        created_by=case.admin,
    )
    feed_token = "walk-calendar-feed-token"
    CalendarFeed.objects.create(user=case.admin, token_hash=hash_token(feed_token))
    unsubscribe_token = "walk-digest-unsubscribe-token"
    DigestPreference.objects.create(user=case.admin, unsubscribe_token=unsubscribe_token)
    return {
        "committee_member": company_member,
        "meeting": meeting,
        "agenda_item": agenda_item,
        "document": document,
        "decision": decision,
        "action": action,
        "conflict": conflict,
        "health_round": health_round,
        "feed_token": feed_token,
        "unsubscribe_token": unsubscribe_token,
    }
