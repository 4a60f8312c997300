"""Expected status of every URL per persona, one module per area of the site.

`S(...)` lists the statuses for the six base personas: anonymous, outsider (administrator of
an unrelated organisation), viewer, editor and admin of the lead organisation (which
coordinates the walk's partnership), and platform staff. Partnership pages add a seventh,
`partner`: the administrator of the funding company, a party that does not coordinate.
"""

PERSONAS = ("anonymous", "outsider", "viewer", "editor", "admin", "staff")
ORG = ("organisation_uuid",)
PARTNERSHIP = ("partnership_uuid",)


def S(anonymous, outsider, viewer, editor, admin, staff, partner=None):  # noqa: N802
    statuses = dict(zip(PERSONAS, (anonymous, outsider, viewer, editor, admin, staff), strict=True))
    if partner is not None:
        statuses["partner"] = partner
    return statuses


def _areas() -> list[dict]:
    from alliances.tests.expected import (
        agreements,
        api_core,
        api_partnerships,
        audit,
        collect,
        dashboards,
        diagnosis,
        framework,
        governance_actions,
        governance_conflicts,
        governance_decisions,
        governance_health,
        governance_meetings,
        governance_overview,
        governance_personal,
        matching_calls,
        matching_proposals,
        matching_suggestions,
        partnerships,
        privacy,
        public_pages,
        reports_funder,
        reports_iati,
        reports_publication,
        survey_builder,
        survey_responses,
        values,
    )

    return [
        partnerships.EXPECTED,
        agreements.EXPECTED,
        framework.EXPECTED,
        values.EXPECTED,
        dashboards.EXPECTED,
        survey_builder.EXPECTED,
        survey_responses.EXPECTED,
        collect.EXPECTED,
        governance_overview.EXPECTED,
        governance_meetings.EXPECTED,
        governance_decisions.EXPECTED,
        governance_actions.EXPECTED,
        governance_conflicts.EXPECTED,
        governance_health.EXPECTED,
        governance_personal.EXPECTED,
        matching_calls.EXPECTED,
        matching_proposals.EXPECTED,
        matching_suggestions.EXPECTED,
        reports_funder.EXPECTED,
        reports_publication.EXPECTED,
        reports_iati.EXPECTED,
        public_pages.EXPECTED,
        diagnosis.EXPECTED,
        api_core.EXPECTED,
        api_partnerships.EXPECTED,
        privacy.EXPECTED,
        audit.EXPECTED,
    ]


AREAS = _areas()
