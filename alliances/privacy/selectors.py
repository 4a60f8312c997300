"""Everything the platform holds about one person, read once and shown two ways: the readable
page and the JSON download (right of access and portability, GDPR articles 15 and 20).

`SOURCES` names, for every link from another table to the user model, what is exported from
the rows that point at the person. A new link to the user model must be added there, or to
`EXCLUDED` with the reason: `tests/test_personal_data_coverage.py` fails otherwise.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Field
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Source:
    """Rows of `model` whose `user_field` is the person; `columns` are ORM paths."""

    key: str
    title: str
    model: str
    user_field: str
    columns: tuple[str, ...]
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    note: str
    headings: list[str]
    columns: list[str]
    rows: list[dict] = field(default_factory=list)

    @property
    def display_rows(self) -> list[list[tuple[str, object]]]:
        """(heading, value) pairs, row by row, for the page."""
        return [
            [
                (heading, row[column])
                for heading, column in zip(self.headings, self.columns, strict=True)
            ]
            for row in self.rows
        ]


@dataclass
class PersonalData:
    generated_at: datetime
    sections: list[Section]

    def as_json(self) -> dict:
        return {
            "generated_at": self.generated_at.isoformat(),
            "sections": {
                section.key: [
                    {column: _jsonable(row[column]) for column in section.columns}
                    for row in section.rows
                ]
                for section in self.sections
            },
        }


P = "partnership__title"
O = "organisation__name"  # noqa: E741

# Headings of the columns, where the field's own name would not say it plainly.
LABELS = {
    P: _("Partnership"),
    O: _("Organisation"),
    "created_at": _("Date"),
    "title": _("Title"),
    "name": _("Name"),
    "email": _("E-mail address"),
    "role": _("Role"),
    "status": _("Status"),
    "verb": _("What happened"),
    "uuid": _("Identifier"),
}

SOURCES: tuple[Source, ...] = (
    Source(
        "email_addresses",
        _("E-mail addresses"),
        "account.EmailAddress",
        "user",
        ("email", "verified", "primary"),
    ),
    Source(
        "memberships",
        _("Organisations you belong to, and your role"),
        "organisations.Membership",
        "user",
        (O, "role", "created_at"),
    ),
    Source(
        "invitations_sent",
        _("Invitations you sent"),
        "organisations.Invitation",
        "invited_by",
        (O, "email", "role", "created_at", "accepted_at", "revoked_at"),
    ),
    Source(
        "invitations_accepted",
        _("Invitations you accepted"),
        "organisations.Invitation",
        "accepted_by",
        (O, "role", "accepted_at"),
    ),
    Source(
        "join_requests",
        _("Requests to join or claim an organisation"),
        "organisations.JoinRequest",
        "user",
        (O, "kind", "message", "status", "created_at", "decided_at"),
    ),
    Source(
        "join_requests_decided",
        _("Requests to join you decided"),
        "organisations.JoinRequest",
        "decided_by",
        (O, "kind", "status", "decided_at"),
    ),
    Source(
        "organisations_created",
        _("Organisations you created"),
        "organisations.Organisation",
        "created_by",
        ("name", "created_at"),
    ),
    Source(
        "partnerships_created",
        _("Partnerships you created"),
        "partnerships.Partnership",
        "created_by",
        ("title", "created_at"),
    ),
    Source(
        "stage_changes",
        _("Partnership stages you changed"),
        "partnerships.StageChange",
        "actor",
        (P, "from_stage", "to_stage", "note", "created_at"),
    ),
    Source(
        "parties_invited",
        _("Organisations you invited into a partnership"),
        "partnerships.Party",
        "invited_by",
        (P, "invited_email", "invited_name", "created_at"),
    ),
    Source(
        "parties_answered",
        _("Partnership invitations you answered"),
        "partnerships.Party",
        "responded_by",
        (P, "status", "responded_at"),
    ),
    Source(
        "assessments",
        _("Opportunity assessments you submitted"),
        "partnerships.Assessment",
        "submitted_by",
        (P, "party__organisation__name", "status", "submitted_at"),
    ),
    Source(
        "contributions",
        _("Contributions you recorded"),
        "partnerships.Contribution",
        "recorded_by",
        (P, "kind", "description", "created_at"),
    ),
    Source(
        "activity",
        _("Your actions in partnership activity feeds"),
        "partnerships.Activity",
        "actor",
        (P, "verb", "created_at"),
    ),
    Source(
        "notifications",
        _("Notifications you received"),
        "partnerships.Notification",
        "user",
        (P, "verb", "created_at", "read_at", "emailed_at"),
    ),
    Source(
        "agreement_versions",
        _("Agreement versions you saved"),
        "agreements.AgreementVersion",
        "created_by",
        (P, "number", "created_at"),
    ),
    Source(
        "agreement_approvals",
        _("Agreement versions you approved"),
        "agreements.Approval",
        "approved_by",
        ("version__partnership__title", "version__number", "created_at"),
    ),
    Source(
        "values_entered",
        _("Indicator values you entered"),
        "indicators.Value",
        "entered_by",
        (P, "indicator__title", "period_start", "value", "comment", "created_at"),
    ),
    Source(
        "values_reviewed",
        _("Indicator values you reviewed"),
        "indicators.Value",
        "reviewed_by",
        (P, "indicator__title", "period_start", "status", "reviewed_at"),
    ),
    Source(
        "value_events",
        _("Steps you took on indicator values"),
        "indicators.ValueEvent",
        "actor",
        ("value__partnership__title", "value__indicator__title", "kind", "message", "created_at"),
    ),
    Source(
        "period_locks",
        _("Reporting periods you locked"),
        "indicators.PeriodLock",
        "locked_by",
        ("indicator__partnership__title", "indicator__title", "period_start", "locked_at"),
    ),
    Source(
        "surveys_created",
        _("Surveys you created"),
        "surveys.Survey",
        "created_by",
        (P, "title", "created_at"),
    ),
    Source(
        "survey_responses_entered",
        _("Paper questionnaires you typed in"),
        "surveys.Response",
        "entered_by",
        ("survey__title", "uuid", "received_at"),
        _("Only their identifiers: the answers are the respondents', not yours."),
    ),
    Source(
        "committee_seats",
        _("Steering committee seats"),
        "governance.CommitteeMember",
        "user",
        (P, "party__organisation__name", "is_representative", "is_chair"),
    ),
    Source(
        "meetings_created",
        _("Meetings you scheduled (and their minutes)"),
        "governance.Meeting",
        "created_by",
        (P, "title", "starts_at", "minutes_updated_at"),
    ),
    Source(
        "agenda_items",
        _("Agenda items you added"),
        "governance.AgendaItem",
        "created_by",
        ("meeting__partnership__title", "meeting__title", "title", "created_at"),
    ),
    Source(
        "attendances",
        _("Meetings you were invited to"),
        "governance.Attendance",
        "user",
        ("meeting__partnership__title", "meeting__title", "meeting__starts_at", "status"),
    ),
    Source(
        "meeting_documents",
        _("Meeting documents you uploaded"),
        "governance.MeetingDocument",
        "uploaded_by",
        ("meeting__partnership__title", "meeting__title", "name", "created_at"),
    ),
    Source(
        "decisions_proposed",
        _("Decisions you proposed"),
        "governance.Decision",
        "created_by",
        (P, "number", "title", "created_at"),
    ),
    Source(
        "decisions_closed",
        _("Decisions you closed"),
        "governance.Decision",
        "closed_by",
        (P, "number", "title", "status", "closed_at"),
    ),
    Source(
        "votes",
        _("Votes you cast"),
        "governance.Vote",
        "cast_by",
        ("decision__partnership__title", "decision__title", "choice", "comment", "cast_at"),
    ),
    Source(
        "actions_assigned",
        _("Actions assigned to you"),
        "governance.ActionItem",
        "owner",
        (P, "title", "due_on", "status", "completed_at"),
    ),
    Source(
        "actions_created",
        _("Actions you created"),
        "governance.ActionItem",
        "created_by",
        (P, "title", "created_at"),
    ),
    Source(
        "conflicts_raised",
        _("Conflicts you raised"),
        "governance.Conflict",
        "raised_by",
        (P, "number", "topic", "created_at"),
    ),
    Source(
        "conflicts_mediated",
        _("Conflicts you mediate"),
        "governance.Conflict",
        "mediator_user",
        (P, "number", "topic", "stage"),
    ),
    Source(
        "conflict_notes",
        _("Notes you wrote in conflicts"),
        "governance.ConflictNote",
        "author",
        ("conflict__partnership__title", "conflict__number", "kind", "text", "created_at"),
    ),
    Source(
        "health_rounds",
        _("Health checks you scheduled"),
        "governance.HealthCheckRound",
        "created_by",
        (P, "number", "opens_on", "closes_on"),
    ),
    Source(
        "health_participations",
        _("Health checks you answered"),
        "governance.HealthCheckParticipation",
        "user",
        ("round__partnership__title", "round__number", "party__organisation__name"),
        _(
            "Your ratings themselves are stored apart from your name, on purpose: nobody, "
            "not even the platform, can tell which ratings are yours."
        ),
    ),
    Source(
        "health_concerns",
        _("Health-check results you followed up"),
        "governance.Concern",
        "created_by",
        ("round__partnership__title", "dimension", "level", "created_at"),
    ),
    Source(
        "calendar_feed",
        _("Calendar address"),
        "governance.CalendarFeed",
        "user",
        ("created_at", "last_used_at"),
    ),
    Source(
        "digest_preference",
        _("Weekly e-mail digest"),
        "governance.DigestPreference",
        "user",
        ("weekly", "last_week_sent"),
    ),
    Source(
        "calls",
        _("Calls for partners you wrote"),
        "matching.Call",
        "created_by",
        (O, "title", "created_at"),
    ),
    Source(
        "proposals",
        _("Proposals you sent"),
        "matching.Proposal",
        "created_by",
        ("from_organisation__name", "title", "message", "created_at"),
    ),
    Source(
        "proposals_decided",
        _("Proposals you decided"),
        "matching.Proposal",
        "decided_by",
        ("to_organisation__name", "title", "status", "decision_note", "decided_at"),
    ),
    Source(
        "proposal_scores",
        _("Scores you gave to proposals"),
        "matching.ProposalScore",
        "scored_by",
        ("proposal__title", "criterion__label", "score", "updated_at"),
    ),
    Source(
        "suggestion_feedback",
        _("Your feedback on partner suggestions"),
        "matching.SuggestionFeedback",
        "user",
        (O, "candidate__name", "state", "note", "created_at"),
    ),
    Source(
        "introductions",
        _("Introductions you sent"),
        "matching.Introduction",
        "sender",
        ("from_organisation__name", "to_organisation__name", "subject", "message", "created_at"),
    ),
    Source(
        "diagnoses_started",
        _("Self-diagnoses you started"),
        "diagnosis.Diagnosis",
        "created_by",
        (O, "status", "created_at"),
    ),
    Source(
        "diagnoses_completed",
        _("Self-diagnoses you completed"),
        "diagnosis.Diagnosis",
        "completed_by",
        (O, "completed_at"),
    ),
    Source(
        "reports",
        _("Reports you asked for"),
        "reports.Report",
        "requested_by",
        (P, "title", "period_start", "period_end", "created_at"),
    ),
    Source(
        "public_pages",
        _("Public pages you proposed"),
        "reports.PublicPage",
        "proposed_by",
        (P, "version", "proposed_at"),
    ),
    Source(
        "public_page_consents",
        _("Public pages you agreed to publish"),
        "reports.PublicPageConsent",
        "agreed_by",
        ("page__partnership__title", "version", "agreed_at"),
    ),
    Source(
        "iati_imports",
        _("IATI files you imported"),
        "reports.IatiImport",
        "created_by",
        (O, "filename", "created_at"),
    ),
    Source(
        "api_tokens",
        _("API tokens"),
        "accounts.ApiToken",
        "user",
        ("name", "scope", "created_at", "expires_at", "last_used_at", "revoked_at"),
        _("Names and dates only: the secrets are never stored readable."),
    ),
    Source(
        "audit_events",
        _("Changes recorded in the audit log"),
        "core.AuditEvent",
        "actor",
        ("created_at", "verb", "object_type", "object_repr", "interface"),
    ),
    Source(
        "admin_changes",
        _("Changes you made in the administration site"),
        "admin.LogEntry",
        "user",
        ("action_time", "object_repr", "change_message"),
    ),
)

# Links to the user model that are deliberately not exported, with the reason.
EXCLUDED: dict[tuple[str, str], str] = {}


def user_links() -> set[tuple[str, str]]:
    """Every (model label, field name) that points at the user model."""
    user_model = get_user_model()
    links = set()
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model is user_model:
                links.add((model._meta.label, model_field.name))
    return links


def _final_field(model, path: str) -> Field:
    *relations, last = path.split("__")
    for name in relations:
        model = model._meta.get_field(name).related_model
    return model._meta.get_field(last)


def _heading(model, path: str) -> str:
    if path in LABELS:
        return str(LABELS[path])
    *relations, last = path.split("__")
    if relations and last in ("title", "name", "label"):
        # partnership__title → "Partnership", meeting__title → "Meeting"
        target = model
        for name in relations:
            target = target._meta.get_field(name).related_model
        return str(capfirst(target._meta.verbose_name))
    return str(capfirst(_final_field(model, path).verbose_name))


def _display(model_field: Field, value):
    if value is None or value == "":
        return value
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    return value


def _jsonable(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, str | int | float | bool | list | dict) or value is None:
        return value
    return str(value)


def _source_section(user, source: Source) -> Section:
    model = apps.get_model(source.model)
    fields = {path: _final_field(model, path) for path in source.columns}
    queryset = (
        model._default_manager.filter(**{source.user_field: user})
        .order_by("pk")
        .values(*source.columns)
    )
    rows = [
        {path: _display(fields[path], value) for path, value in row.items()} for row in queryset
    ]
    return Section(
        key=source.key,
        title=str(source.title),
        note=str(source.note),
        headings=[_heading(model, path) for path in source.columns],
        columns=list(source.columns),
        rows=rows,
    )


def _profile_section(user) -> Section:
    return Section(
        key="profile",
        title=str(_("Your profile")),
        note="",
        headings=[
            str(_("E-mail address")),
            str(_("Full name")),
            str(_("Account created")),
            str(_("Last sign-in")),
            str(_("Platform staff")),
        ],
        columns=["email", "full_name", "date_joined", "last_login", "is_staff"],
        rows=[
            {
                "email": user.email,
                "full_name": user.full_name,
                "date_joined": user.date_joined,
                "last_login": user.last_login,
                "is_staff": user.is_staff,
            }
        ],
    )


def _partnerships_section(user) -> Section:
    from alliances.partnerships.models import Party, PartyStatus

    rows = list(
        Party.objects.filter(
            organisation__memberships__user=user,
            status=PartyStatus.ACTIVE,
        )
        .order_by("partnership__title", "pk")
        .values("partnership__title", "organisation__name")
    )
    return Section(
        key="partnerships",
        title=str(_("Partnerships you see through your organisations")),
        note=str(_("Titles only: the partnership's contents belong to all its partners.")),
        headings=[str(_("Partnership")), str(_("Through"))],
        columns=["partnership__title", "organisation__name"],
        rows=rows,
    )


def personal_data_for_user(*, user, now: datetime) -> PersonalData:
    """Everything about `user`, section by section; empty sections included, so that the
    person sees what is kept about people in general, not only what exists for them."""
    sections = [_profile_section(user), _partnerships_section(user)]
    sections += [_source_section(user, source) for source in SOURCES]
    return PersonalData(generated_at=now, sections=sections)
