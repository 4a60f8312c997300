"""Reporting in the demo: a funder report of "Vivre ensemble aux Trois-Cités" over the last
twelve months, its public impact page published with the agreement of its three parties, the
Maison de quartier's two self-diagnoses a year apart, and an API token for Léa whose secret is
printed by `load_demo` (a demo-only secret, derived from a fixed phrase)."""

import hashlib
from datetime import date

from alliances.accounts.models import ApiToken, TokenScope
from alliances.accounts.tokens import token_create
from alliances.core.models import Interface
from alliances.core.permissions import Action
from alliances.demo.cohesion import TITLE as COHESION
from alliances.demo.partnerships import _access
from alliances.diagnosis.demo import load_diagnosis_demo
from alliances.partnerships.models import Partnership
from alliances.reports.models import PublicPage, Report, ReportStatus
from alliances.reports.services.publication import publication_consent, publication_propose
from alliances.reports.services.reports import report_generate, report_request

TOKEN_NAME = "Tableur de suivi (démo)"
PUBLIC_SUMMARY = (
    "Fêtes de quartier, cafés des parents, chantiers participatifs et médiation de voisinage : "
    "la Maison de quartier, la Ville de Poitiers et la Fondation Vienne Solidaire agissent "
    "ensemble pour que les habitants des Trois-Cités se rencontrent, se fassent confiance et "
    "se sentent chez eux. Les chiffres ci-dessous sont ceux que les trois partenaires ont "
    "validés."
)
NEXT_STEPS = (
    "Étendre les cafés des parents au collège à la rentrée ; doubler les chantiers "
    "participatifs au printemps ; nouvelle enquête habitants en mars."
)


def demo_token_secret() -> str:
    """The demo token's secret: the same on every machine, so the README can show it."""
    return "all_demo_" + hashlib.sha256(b"alliances demo token for lea").hexdigest()[:32]


def _report(partnership: Partnership, lea) -> Report:
    report = Report.objects.filter(partnership=partnership).first()
    if report is not None:
        return report
    report = report_request(
        access=_access(lea, partnership, Action.REQUEST_REPORTS),
        user=lea,
        title="Rapport à la Fondation Vienne Solidaire : octobre 2025 à septembre 2026",
        period_start=date(2025, 10, 1),
        period_end=date(2026, 9, 30),
        language="fr",
        next_steps=NEXT_STEPS,
        interface=Interface.COMMAND,
    )
    # Generated now rather than after the demo's transaction, so the public page can show it;
    # the task queued for after the commit then finds it claimed and does nothing.
    return report_generate(report_id=report.pk) or report


def _public_page(partnership: Partnership, report: Report, users: dict) -> None:
    if PublicPage.objects.filter(partnership=partnership).exists():
        return
    lea = users["lea"]
    shown = report if report.status == ReportStatus.DONE and report.pdf else None
    page = publication_propose(
        access=_access(lea, partnership, Action.PROPOSE_PUBLICATION),
        actor=lea,
        summary=PUBLIC_SUMMARY,
        licence="etalab-2.0",
        report=shown,
    )
    for name in ("lea", "sophie", "julien"):
        access = _access(users[name], partnership, Action.CONSENT_PUBLICATION)
        for party in access.parties_for(Action.CONSENT_PUBLICATION):
            publication_consent(access=access, actor=users[name], party=party, version=page.version)


def _token(lea) -> None:
    secret = demo_token_secret()
    if ApiToken.objects.filter(user=lea, name=TOKEN_NAME).exists():
        return
    token_create(
        user=lea,
        name=TOKEN_NAME,
        scope=TokenScope.WRITE,
        interface=Interface.COMMAND,
        secret=secret,
    )


def demo_reports(users: dict, organisations: dict) -> None:
    partnership = Partnership.objects.filter(title=COHESION).first()
    if partnership is not None:
        report = _report(partnership, users["lea"])
        _public_page(partnership, report, users)
    load_diagnosis_demo(organisations["trois_cites"], users["lea"])
    _token(users["lea"])
