"""What a public impact page shows, assembled once: the page, its open data files and its
preview image all read the same `PublicContent`.

Nothing personal is ever read here: no person's name or e-mail, no comment, note, evidence
or free-text answer; only the parties' organisations (a sole trader's name is already a neutral
one, see organisations.models), the partnership's own description and approved figures, with
small cells (too few respondents) suppressed.

Caching: `published_page_by_uuid` reads the page together with a fingerprint of everything the
page shows (one query). The fingerprint goes into the cache keys, so an approval, an edit, a
new version or a withdrawal changes the key at once and nothing stale is ever served.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.paginator import Paginator
from django.db.models import Count, Max, OuterRef, Subquery, Sum
from django.http import Http404
from django.utils import translation

from alliances.indicators.grouping import is_small_cell, parse_disaggregation_key
from alliances.indicators.models import Indicator, Target, Value, ValueStatus
from alliances.indicators.periods import period_label
from alliances.indicators.selectors.dashboards import (
    IndicatorDashboard,
    dashboard_for_partnership,
    format_figure,
)
from alliances.organisations.models import Cause
from alliances.partnerships.models import Partnership, Party, PartyStatus
from alliances.reports.models import (
    OpenLicence,
    PublicPage,
    PublicPageConsent,
    PublicPageStatus,
    Report,
    ReportStatus,
)

LICENCE_URLS = {
    OpenLicence.ETALAB: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    OpenLicence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    OpenLicence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    OpenLicence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
    OpenLicence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}

PUBLIC_LIST_PAGE_SIZE = 20


@dataclass(frozen=True)
class Licence:
    code: str
    name: str
    url: str


def licence_of(code: str) -> Licence:
    labels = dict(OpenLicence.choices)
    return Licence(code=code, name=str(labels.get(code, code)), url=LICENCE_URLS.get(code, ""))


@dataclass
class PublicParty:
    name: str
    kind: str
    kind_code: str
    roles: list[str]
    role_codes: list[str]
    is_coordinator: bool
    profile_uuid: UUID | None  # only for a public profile


@dataclass
class PublicCause:
    code: str
    goal: int
    label: str


@dataclass
class PublicContent:
    page: PublicPage
    partnership: Partnership
    summary: str
    licence: Licence
    report: Report | None
    parties: list[PublicParty]
    causes: list[PublicCause]
    territory: str
    starts_on: date | None
    ends_on: date | None
    indicators: list[IndicatorDashboard] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.partnership.title

    @property
    def purpose(self) -> str:
        return self.partnership.purpose

    @property
    def goals(self) -> list[int]:
        return sorted({cause.goal for cause in self.causes})

    @property
    def publisher(self) -> str:
        """The coordinator party's organisation, which publishes with every party's consent."""
        names = [party.name for party in self.parties if party.is_coordinator]
        return ", ".join(names)

    @property
    def key_figure(self) -> IndicatorDashboard | None:
        """The first indicator with an approved figure, for the preview image."""
        for item in self.indicators:
            if item.latest is not None and item.latest.value is not None:
                return item
        return None


# The published page, read with the fingerprint of what it shows


def _fingerprint_annotations() -> dict:
    partnership = OuterRef("partnership_id")
    values = (
        Value.objects.filter(partnership_id=partnership, status=ValueStatus.APPROVED)
        .order_by()
        .values("partnership_id")
    )
    indicators = Indicator.objects.filter(partnership_id=partnership).order_by()
    targets = Target.objects.filter(indicator__partnership_id=partnership).order_by()
    parties = Party.objects.filter(partnership_id=partnership).order_by()
    return {
        "fp_values": Subquery(values.annotate(n=Count("*")).values("n")[:1]),
        "fp_values_at": Subquery(values.annotate(m=Max("updated_at")).values("m")[:1]),
        "fp_indicators": Subquery(
            indicators.values("partnership_id").annotate(n=Count("*")).values("n")[:1]
        ),
        "fp_indicators_at": Subquery(
            indicators.values("partnership_id").annotate(m=Max("updated_at")).values("m")[:1]
        ),
        "fp_targets": Subquery(
            targets.values("indicator__partnership_id").annotate(n=Count("*")).values("n")[:1]
        ),
        "fp_targets_sum": Subquery(
            targets.values("indicator__partnership_id").annotate(s=Sum("value")).values("s")[:1]
        ),
        "fp_parties": Subquery(
            parties.values("partnership_id").annotate(n=Count("*")).values("n")[:1]
        ),
        "fp_parties_at": Subquery(
            parties.values("partnership_id").annotate(m=Max("updated_at")).values("m")[:1]
        ),
    }


def _with_fingerprint(queryset):
    return queryset.select_related("partnership__territory", "report").annotate(
        **_fingerprint_annotations()
    )


def fingerprint_of(page: PublicPage) -> str:
    """A short digest of everything the page shows; `page` comes from `published_page_by_uuid`
    or `page_with_fingerprint` (annotated)."""
    report = page.report
    partnership = page.partnership
    # The rows already read: their shown fields count too, so a change within the same
    # clock tick is not missed.
    parts = [
        page.pk,
        page.version,
        page.status,
        page.updated_at.isoformat(),
        page.summary,
        page.licence,
        page.report_id,
        partnership.updated_at.isoformat(),
        partnership.title,
        partnership.purpose,
        partnership.starts_on,
        partnership.ends_on,
        partnership.territory_id,
        report.updated_at.isoformat() if report is not None else "",
    ]
    for name in _fingerprint_annotations():
        value = getattr(page, name, None)
        parts.append(value.isoformat() if hasattr(value, "isoformat") else str(value))
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:24]


def published_page_by_uuid(page_uuid: UUID | str) -> PublicPage:
    """The published page, with its fingerprint (one query); 404 for anything else, whoever
    asks: members preview a page through the partnership's publication pages."""
    try:
        return _with_fingerprint(PublicPage.objects.filter(status=PublicPageStatus.PUBLISHED)).get(
            uuid=page_uuid
        )
    except (PublicPage.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def cache_key(kind: str, page: PublicPage, *extra: str) -> str:
    """The key of one cached rendering (page, data file, image) of the page as it is now."""
    language = translation.get_language() or ""
    return ":".join(["public-page", kind, str(page.uuid), fingerprint_of(page), language, *extra])


def published_pages(*, page_number: int | str | None = 1):
    """One page of the published impact pages, newest first (two queries)."""
    pages = (
        PublicPage.objects.filter(status=PublicPageStatus.PUBLISHED)
        .select_related("partnership__territory")
        .only(
            "uuid",
            "summary",
            "published_at",
            "partnership__title",
            "partnership__purpose",
            "partnership__territory__name",
        )
        .order_by("-published_at", "-id")
    )
    return Paginator(pages, PUBLIC_LIST_PAGE_SIZE).get_page(page_number)


# Inside the partnership: the page, its consents and what each party still has to do


def public_page_in_partnership(*, partnership: Partnership) -> PublicPage | None:
    return (
        PublicPage.objects.filter(partnership=partnership)
        .select_related("report", "proposed_by")
        .first()
    )


@dataclass
class ConsentLine:
    party: Party
    consent: PublicPageConsent | None  # to the current version

    @property
    def agreed_by_name(self) -> str:
        """Shown to the partnership's members only, never on the public page."""
        user = self.consent.agreed_by if self.consent is not None else None
        return (user.full_name or user.email) if user is not None else ""


@dataclass
class PublicationState:
    page: PublicPage | None
    lines: list[ConsentLine]

    @property
    def agreed(self) -> int:
        return sum(1 for line in self.lines if line.consent is not None)

    @property
    def waiting(self) -> list[Party]:
        return [line.party for line in self.lines if line.consent is None]

    @property
    def proposed_by_name(self) -> str:
        user = self.page.proposed_by if self.page is not None else None
        return (user.full_name or user.email) if user is not None else ""


def publication_state_in_partnership(*, partnership: Partnership) -> PublicationState:
    """The page and, for every active party, its agreement to the current version."""
    page = public_page_in_partnership(partnership=partnership)
    parties = list(
        Party.objects.filter(partnership=partnership, status=PartyStatus.ACTIVE).select_related(
            "organisation"
        )
    )
    consents = {}
    if page is not None:
        rows = PublicPageConsent.objects.filter(page=page, version=page.version).select_related(
            "agreed_by"
        )
        consents = {consent.party_id: consent for consent in rows}
    return PublicationState(
        page=page, lines=[ConsentLine(party, consents.get(party.pk)) for party in parties]
    )


def done_reports_in_partnership(*, partnership: Partnership):
    """The finished reports a page may show, newest first."""
    return Report.objects.filter(partnership=partnership, status=ReportStatus.DONE).exclude(pdf="")


# The content


def _parties(partnership: Partnership) -> list[PublicParty]:
    parties = (
        Party.objects.filter(partnership=partnership, status=PartyStatus.ACTIVE)
        .select_related("organisation")
        .only(
            "roles",
            "organisation__uuid",
            "organisation__name",
            "organisation__kind",
            "organisation__is_public",
            "organisation__is_legal_person",
        )
    )
    rows = []
    for party in parties:
        organisation = party.organisation
        public = organisation.is_public and organisation.is_legal_person
        rows.append(
            PublicParty(
                name=organisation.name,
                kind=organisation.get_kind_display(),
                kind_code=organisation.kind,
                roles=party.role_labels(),
                role_codes=list(party.roles),
                is_coordinator=party.is_coordinator,
                profile_uuid=organisation.uuid if public else None,
            )
        )
    # The coordinator first, then in the order the parties joined.
    rows.sort(key=lambda row: not row.is_coordinator)
    return rows


def _causes(partnership: Partnership) -> list[PublicCause]:
    causes = Cause.objects.filter(pk__in=partnership.causes.values("pk")).order_by(
        "goal", "position"
    )
    return [PublicCause(cause.code, cause.goal, cause.label) for cause in causes]


def _protect_small_cells(items: list[IndicatorDashboard]) -> None:
    """Stored survey figures below the threshold are already empty; this also hides any
    figure resting on too few respondents that reached the table another way."""
    for item in items:
        for point in item.points:
            if is_small_cell(point.respondents):
                point.value = point.recorded = None
                point.value_text = ""
                point.suppressed = True
        shown = [point for point in item.points if point.value is not None]
        item.latest = shown[-1] if shown else None
        if item.latest is None:
            item.progress = None
        for breakdown in item.breakdown:
            for cell in breakdown.cells:
                if is_small_cell(cell.respondents):
                    cell.value, cell.value_text, cell.suppressed = None, "", True


def public_content(
    *,
    page: PublicPage,
    summary: str | None = None,
    licence: str | None = None,
    report: Report | None = None,
    use_draft: bool = False,
) -> PublicContent:
    """What the page shows. With `use_draft`, the given summary, licence and report stand in
    for the saved ones (the live preview of a proposal)."""
    partnership = page.partnership
    if use_draft:
        shown_report = report
    else:
        summary, licence, shown_report = page.summary, page.licence, page.report
    if shown_report is not None and (
        shown_report.status != ReportStatus.DONE or not shown_report.pdf
    ):
        shown_report = None
    dashboard = dashboard_for_partnership(partnership=partnership)
    items = dashboard.indicators
    _protect_small_cells(items)
    territory = partnership.territory.name if partnership.territory_id else ""
    return PublicContent(
        page=page,
        partnership=partnership,
        summary=summary or "",
        licence=licence_of(licence or OpenLicence.ETALAB),
        report=shown_report,
        parties=_parties(partnership),
        causes=_causes(partnership),
        territory=territory,
        starts_on=partnership.starts_on,
        ends_on=partnership.ends_on,
        indicators=items,
    )


# Open data: every approved value, one row each


@dataclass
class OpenDataValue:
    indicator: Indicator
    period_start: date
    period: str
    groups: dict
    value: Decimal | None
    respondents: int | None
    suppressed: bool
    target: Decimal | None

    @property
    def group_text(self) -> str:
        return ", ".join(f"{name}={category}" for name, category in self.groups.items())

    @property
    def value_text(self) -> str:
        return format_figure(self.value, self.indicator)


def open_data_values(content: PublicContent) -> list[OpenDataValue]:
    """Every approved value of the page's indicators (totals and groups), oldest first, with
    the period's target; small cells have no figure (two queries)."""
    indicators = {item.indicator.pk: item.indicator for item in content.indicators}
    if not indicators:
        return []
    targets = {
        (indicator_id, start): value
        for indicator_id, start, value in Target.objects.filter(
            indicator_id__in=indicators
        ).values_list("indicator_id", "period_start", "value")
    }
    rows = (
        Value.objects.filter(
            partnership=content.partnership,
            status=ValueStatus.APPROVED,
            indicator_id__in=indicators,
        )
        .values_list(
            "indicator_id",
            "period_start",
            "disaggregation_key",
            "value",
            "respondents",
            "suppressed",
        )
        .order_by("period_start", "disaggregation_key", "indicator_id")
    )
    order = {pk: position for position, pk in enumerate(indicators)}
    values = []
    for indicator_id, start, key, value, respondents, suppressed in rows:
        indicator = indicators[indicator_id]
        if suppressed or is_small_cell(respondents):
            value, suppressed = None, True
        values.append(
            OpenDataValue(
                indicator=indicator,
                period_start=start,
                period=period_label(start, indicator.frequency),
                groups=parse_disaggregation_key(key),
                value=value,
                respondents=respondents,
                suppressed=suppressed,
                target=targets.get((indicator_id, start)) if not key else None,
            )
        )
    values.sort(key=lambda row: (order[row.indicator.pk], row.period_start, row.group_text))
    return values


def targets_of(content: PublicContent) -> dict[int, list[tuple[date, Decimal]]]:
    targets: dict[int, list] = {item.indicator.pk: [] for item in content.indicators}
    rows = Target.objects.filter(indicator_id__in=list(targets)).values_list(
        "indicator_id", "period_start", "value"
    )
    for indicator_id, start, value in rows.order_by("period_start"):
        targets[indicator_id].append((start, value))
    return targets
