"""The SQL of a directory search: the page of results, and the counts behind the facets.

The ORM builds the filtered match (see filters.py) on both databases; this module wraps it in
the few hand-written statements that the ORM cannot express with a bounded cost:

- relevance is computed on at most `cap` matching rows (a LIMIT inside the subquery, so the
  rank of a very common word is never computed for a million rows);
- counts and facets read at most `cap + 1` matching rows per pass, in one statement of
  MATERIALIZED CTEs; a pass that reaches `cap + 1` is over the cap, and is then counted
  exactly (small table), estimated on a random sample (PostgreSQL) or reported as a lower
  bound (SQLite).
"""

from dataclasses import dataclass, replace

from django.db.models import Case, F, FloatField, Value, When
from django.db.models.functions import Cast

from alliances.organisations.models import Organisation, OrganisationResource, ResourceDirection
from alliances.organisations.search.backends.base import SearchBackend
from alliances.organisations.search.filters import matching_organisations
from alliances.organisations.search.places import Fold, Place, distance_expression
from alliances.organisations.search.query import DirectoryQuery, Sort
from alliances.organisations.search.text import ParsedQuery
from alliances.territories.models import Territory, TerritoryKind

# How much more a name that starts with, or contains, the words as typed weighs than any
# text rank: such names come first ("Secours populaire" → "Secours populaire français").
NAME_STARTS_BONUS = 2000.0
NAME_CONTAINS_BONUS = 1000.0


@dataclass(frozen=True)
class Plan:
    """A query with everything the SQL needs resolved: the text read, the place found, the
    backend chosen and the sort that will really apply."""

    user: object
    query: DirectoryQuery
    parsed: ParsedQuery
    place: Place
    backend: SearchBackend
    sort: str

    @property
    def has_text(self) -> bool:
        return not self.parsed.is_empty

    def matches(self, *, without: str | None = None):
        condition = self.backend.text_condition(self.parsed) if self.has_text else None
        causes = self.backend.cause_condition(self.query.causes) if self.query.causes else None
        return matching_organisations(
            user=self.user,
            query=self.query,
            place=self.place,
            text_condition=condition,
            cause_condition=causes,
            without=without,
        )


def _scored(plan: Plan):
    organisations = plan.matches()
    if plan.has_text:
        phrase = plan.parsed.phrase
        organisations = organisations.alias(folded_name=Fold("name")).annotate(
            name_bonus=Case(
                When(folded_name__startswith=phrase, then=Value(NAME_STARTS_BONUS)),
                When(folded_name__contains=phrase, then=Value(NAME_CONTAINS_BONUS)),
                default=Value(0.0),
                output_field=FloatField(),
            ),
            text_rank=plan.backend.text_rank(plan.parsed),
        )
    else:
        organisations = organisations.annotate(
            name_bonus=Value(0.0, output_field=FloatField()),
            text_rank=Value(0.0, output_field=FloatField()),
        )
    if plan.place.has_centre:
        distance = distance_expression(
            centre=plan.place.centre, latitude="commune__latitude", longitude="commune__longitude"
        )
    else:
        # Typed, so that PostgreSQL can unite it with real distances.
        distance = Cast(Value(None), output_field=FloatField())
    return organisations.annotate(distance_km=distance)


_ORDER = {
    Sort.RELEVANCE: '"name_bonus" DESC, "text_rank" DESC, "id"',
    Sort.NAME: '"sort_name", "id"',
    Sort.DISTANCE: '"distance_km", "id"',
}


def page_sql(plan: Plan, *, offset: int, limit: int, cap: int | None) -> tuple[str, list]:
    """SELECT id, name_bonus, text_rank, distance_km, sort_name of one page, in order.

    With `cap`, the first `cap` matches found are sorted (relevance, or a match known to be
    smaller); with None every match is, after an OFFSET 0 fence that keeps the planner from
    walking an ordered index; with 0 the planner chooses, for a match too large to sort
    (by name: the folded-name index).
    """
    columns = ("id", "name_bonus", "text_rank", "distance_km", "sort_name")
    scored = _scored(plan).annotate(sort_name=Fold("name")).values_list(*columns)
    if cap != 0:
        inner = scored[:cap] if cap else scored
        sql, params = inner.query.sql_with_params()
        fence = " OFFSET 0" if cap is None and plan.backend.vendor == "postgresql" else ""
        return (
            f"SELECT * FROM ({sql}{fence}) AS candidates "  # noqa: S608 (integers only)
            f"ORDER BY {_ORDER[plan.sort]} LIMIT {int(limit)} OFFSET {int(offset)}",
            list(params),
        )
    if plan.sort == Sort.DISTANCE:
        order = (F("distance_km").asc(nulls_last=True), "id")
    else:
        order = (Fold("name"), "id")
    sql, params = scored.order_by(*order)[offset : offset + limit].query.sql_with_params()
    return sql, list(params)


def nearest_first(plan: Plan, *, offset: int, limit: int, run) -> list:
    """A page sorted by distance from a match too large to sort whole: look in the nearest
    communes first, four times more of them at each step, until they hold the page. Every
    commune outside the set is farther than every commune inside, so the page is exact."""
    communes = plan.place.commune_ids or ()
    count = 16
    while True:
        place = replace(plan.place, commune_ids=tuple(communes[:count]))
        sql, params = page_sql(replace(plan, place=place), offset=offset, limit=limit, cap=None)
        rows = run(sql, params)
        if len(rows) >= limit or count >= len(communes):
            return rows
        count *= 4


@dataclass(frozen=True)
class Pass:
    """One set of matches to count: all filters, or all but one facet group's."""

    without: str | None
    groups: tuple[str, ...]


def counts_sql(
    plan: Plan,
    *,
    passes: list[Pass],
    cap: int | None,
    sample_percent: float | None = None,
    page: tuple[int, int] | None = None,
) -> tuple[str, list]:
    """Rows (pass number, facet, value, count, score, distance). `cap` limits each pass to
    cap + 1 matches; `sample_percent` reads a random sample of the table instead (PostgreSQL).

    With `page` (offset, limit), the first pass also yields the rows of that page sorted
    among its capped matches, as (-1, "page", id, position, score, distance): one reading of
    the indexes serves the counts, the facets and the page.
    """
    ctes, selects, params = [], [], []
    for number, item in enumerate(passes):
        matches = plan.matches(without=item.without)
        columns = ["id", "kind", "commune_id"]
        if page is not None and number == 0:
            matches = _scored(plan).annotate(sort_name=Fold("name"))
            columns += ["name_bonus", "text_rank", "distance_km", "sort_name"]
        matches = matches.values(*columns)
        if cap is not None and sample_percent is None:
            matches = matches[: cap + 1]
        sql, cte_params = matches.query.sql_with_params()
        if sample_percent is not None:
            sql = plan.backend.sampled(sql, percent=sample_percent)
        name = f"m{number}"
        ctes.append(f"{name} AS MATERIALIZED ({sql})")
        params.extend(cte_params)
        selects.extend(_facet_selects(number, name, item.groups))
    if page is not None:
        selects.append(_page_select(plan, *page))
    return "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(selects), params


def _page_select(plan: Plan, offset: int, limit: int) -> str:
    score = '"name_bonus" + "text_rank"' if plan.has_text else "CAST(NULL AS FLOAT)"
    # A window numbers the rows: the order of UNION ALL branches is not guaranteed.
    return (
        "SELECT * FROM (SELECT -1, 'page', CAST(id AS TEXT), "  # noqa: S608
        f'ROW_NUMBER() OVER (ORDER BY {_ORDER[plan.sort]}), {score}, "distance_km" '
        f"FROM m0 ORDER BY {_ORDER[plan.sort]} LIMIT {int(limit)} OFFSET {int(offset)}) AS page"
    )


def _facet_selects(number: int, name: str, groups: tuple[str, ...]) -> list[str]:
    causes = Organisation.causes.through._meta.db_table
    cause_table = Organisation.causes.field.related_model._meta.db_table
    resources = OrganisationResource._meta.db_table
    territories = Territory._meta.db_table
    # Only constants and generated names are formatted into these statements.
    selects = []
    if "kind" in groups or "sector" in groups:
        selects.append(
            f"SELECT {number}, 'kind', {name}.kind, COUNT(*), "  # noqa: S608
            f"CAST(NULL AS FLOAT), CAST(NULL AS FLOAT) FROM {name} GROUP BY {name}.kind"
        )
    if "cause" in groups:
        selects.append(
            f"SELECT {number}, 'cause', CAST(c.goal AS TEXT), "  # noqa: S608
            "COUNT(DISTINCT oc.organisation_id), NULL, NULL "
            f"FROM {name} JOIN {causes} oc ON oc.organisation_id = {name}.id "
            f"JOIN {cause_table} c ON c.id = oc.cause_id GROUP BY c.goal"
        )
    for direction in (ResourceDirection.OFFERED, ResourceDirection.NEEDED):
        if direction.value in groups:
            selects.append(
                f"SELECT {number}, '{direction.value}', r.resource, COUNT(*), NULL, NULL "  # noqa: S608
                f"FROM {name} "
                f"JOIN {resources} r ON r.organisation_id = {name}.id "
                f"WHERE r.direction = '{direction.value}' GROUP BY r.resource"
            )
    if "departement" in groups:
        selects.append(
            f"SELECT {number}, 'departement', "  # noqa: S608
            "CAST(t.departement_id AS TEXT), COUNT(*), NULL, NULL "
            f"FROM {name} JOIN {territories} t ON t.id = {name}.commune_id "
            f"WHERE t.departement_id IS NOT NULL GROUP BY t.departement_id"
        )
    return selects


def shows_departements(place: Place) -> bool:
    """The département facet helps only while the search is wider than one département."""
    if place.has_centre and place.km:
        return False
    return place.territory is None or place.territory.kind == TerritoryKind.REGION
