"""directory_search: the one search of organisations, for the directory page, the API and the
benchmarks. One results contract whatever the database; see sql.py for how the cost stays
bounded at national scale."""

import hashlib
import math
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alliances.organisations.models import (
    SECTOR_OF_KIND,
    Cause,
    Kind,
    Organisation,
    Resource,
    Sector,
)
from alliances.organisations.search.backends import backend_for
from alliances.organisations.search.filters import GROUPS, selected_groups
from alliances.organisations.search.places import (
    Place,
    place_inside,
    place_within,
    territory_by_name,
    territory_by_ref,
    territory_label,
)
from alliances.organisations.search.query import DirectoryQuery, Sort, TerritoryRef
from alliances.organisations.search.sql import (
    Pass,
    Plan,
    counts_sql,
    nearest_first,
    page_sql,
    shows_departements,
)
from alliances.organisations.search.text import parse_query
from alliances.organisations.selectors import profiles as selectors
from alliances.territories.models import Territory, TerritoryKind

# Rows read at most to rank, count and facet one search; past it, counts are estimated.
MATCH_CAP = 1_000
# Below this many rows in the table, a match over the cap is still counted exactly.
EXACT_TABLE_ROWS = 200_000
# Below this many matches (estimated), a page sorted by name sorts them all.
SORT_ALL_LIMIT = 5_000
# Rows a random sample reads when a match is too large to count (PostgreSQL).
SAMPLE_ROWS = 10_000
# Visitors all see the same public directory: the answer to one search is kept this long
# and served to every visitor who makes it again (members search the live directory).
VISITOR_SEARCH_SECONDS = 60


class Count:
    EXACT = "exact"
    ESTIMATE = "estimate"  # from a random sample of the table
    AT_LEAST = "at_least"  # more matches exist than were counted


@dataclass
class DirectoryItem:
    organisation: Organisation
    distance_km: float | None = None
    score: float | None = None


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]
    count_kind: str = Count.EXACT

    @property
    def shown_values(self) -> list[FacetValue]:
        return [value for value in self.values if value.count or value.selected]


@dataclass
class DirectoryResults:
    query: DirectoryQuery
    items: list[DirectoryItem]
    total: int
    count_kind: str
    facets: dict[str, Facet]
    page: int
    num_pages: int
    sort: str
    place: Place
    # How many matches can be ranked and browsed.
    cap: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def where_text(self) -> str:
        """The place as the place box should show it again."""
        found = self.place.centre or self.place.territory
        return territory_label(found) if found else self.query.where

    @property
    def browsable_total(self) -> int:
        return min(self.total, self.cap)

    @property
    def is_truncated(self) -> bool:
        return self.total > self.cap

    @property
    def total_is_exact(self) -> bool:
        return self.count_kind == Count.EXACT

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def previous_page(self) -> int:
        return self.page - 1

    @property
    def next_page(self) -> int:
        return self.page + 1


def directory_plan(*, user, query: DirectoryQuery) -> tuple[Plan, list[str]]:
    """Read the text, find the place and its communes (two small queries when a place is
    asked for) and settle the sort that will really apply."""
    notes = []
    if query.ignored:
        notes.append(_("Some filters were not understood and have been ignored."))
    place = _resolve_place(query, notes)
    parsed = parse_query(query.q)
    if query.prefix:
        parsed = parsed.with_prefix() or parsed
    sort = query.sort
    if sort == Sort.DISTANCE and not place.has_centre:
        notes.append(_("Sorting by distance needs a commune and a distance around it."))
        sort = Sort.RELEVANCE
    if sort == Sort.RELEVANCE and parsed.is_empty:
        sort = Sort.DISTANCE if place.has_centre else Sort.NAME
    backend = backend_for(connection)
    return Plan(user, query, parsed, place, backend, sort), notes


def _resolve_place(query: DirectoryQuery, notes: list[str]) -> Place:
    if query.near and query.km:
        centre = territory_by_ref(ref=TerritoryRef(TerritoryKind.COMMUNE, query.near))
        if centre is None or centre.latitude is None:
            notes.append(
                _("The commune %(code)s is unknown: the distance was ignored.")
                % {"code": query.near}
            )
            return Place()
        return place_within(centre=centre, km=query.km)
    territory = None
    if query.territory:
        territory = territory_by_ref(ref=query.territory)
        missing = str(query.territory.code)
    elif query.where:
        territory = territory_by_name(text=query.where, prefer_commune=query.km is not None)
        missing = query.where
    else:
        return Place()
    if territory is None:
        notes.append(
            _("No commune, EPCI, département or region matches “%(place)s”: it was ignored.")
            % {"place": missing}
        )
        return Place()
    if query.km:
        if territory.kind == TerritoryKind.COMMUNE and territory.latitude is not None:
            return place_within(centre=territory, km=query.km)
        notes.append(
            _("A distance is measured from a commune: it was ignored for %(place)s.")
            % {"place": territory.name}
        )
    return place_inside(territory=territory)


def directory_sql(*, user, query: DirectoryQuery) -> dict[str, tuple[str, list]]:
    """The statements of a search, to time the bare indexed SQL: "counts" is the one that
    every search runs (counts, facets and the page among the capped matches); "page" is the
    page alone. The place is looked up first, as the search does; the over-the-cap estimate
    and the hydration of the page are left out."""
    plan, _notes = directory_plan(user=user, query=query)
    offset = (query.page - 1) * query.page_size
    page = (offset, query.page_size)
    return {
        "page": page_sql(plan, offset=offset, limit=query.page_size, cap=MATCH_CAP),
        "counts": counts_sql(plan, passes=_passes(plan), cap=MATCH_CAP, page=page),
    }


def directory_search_for_visitor(*, query: DirectoryQuery) -> DirectoryResults:
    """directory_search for someone not signed in, answered from the cache when a visitor
    made the same search, in the same language, within VISITOR_SEARCH_SECONDS: a visitor
    sees only public organisations, so the answer is the same for all of them. A change in
    the directory reaches visitors within that time."""
    described = f"{get_language()}|{query!r}".encode()
    key = "directory:visitor-search:" + hashlib.sha256(described).hexdigest()
    results = cache.get(key)
    if results is None:
        results = directory_search(user=None, query=query)
        cache.set(key, results, VISITOR_SEARCH_SECONDS)
    return results


def directory_search(*, user, query: DirectoryQuery) -> DirectoryResults:
    """The page of organisations `user` may see that match `query`, with counts per facet.

    Queries: the place and its communes (when one is asked for); one statement for the
    counts, the facets and the page (plus a sampled one when the match is over MATCH_CAP on
    a large table, and a second page query when the page cannot come from the capped match);
    the organisations of the page and their causes; the labels of goals and départements.
    """
    plan, notes = directory_plan(user=user, query=query)
    passes = _passes(plan)
    offset = (query.page - 1) * query.page_size
    counts, count_kinds, rows = _run_counts(plan, passes, page=(offset, query.page_size))
    total = _pass_total(counts[0])
    if count_kinds[0] == Count.ESTIMATE:
        # A sample may see fewer than the rows already counted: never say less.
        total = max(total, MATCH_CAP + 1)
    num_pages = max(1, math.ceil(min(total, MATCH_CAP) / query.page_size))
    page = min(query.page, num_pages)
    within_cap = total <= MATCH_CAP
    if total and (page != query.page or not (within_cap or plan.sort == Sort.RELEVANCE)):
        rows = _page_rows(plan, page=page, page_size=query.page_size, total=total)
    return DirectoryResults(
        query=query,
        items=_items(rows, has_text=plan.has_text),
        total=total,
        count_kind=count_kinds[0],
        facets=_facets(plan, passes, counts, count_kinds),
        page=page,
        num_pages=num_pages,
        sort=plan.sort,
        place=plan.place,
        cap=MATCH_CAP,
        notes=notes,
    )


def _page_rows(plan: Plan, *, page: int, page_size: int, total: int) -> list:
    """(id, score, distance) of a page that the counting statement could not give."""
    offset = (page - 1) * page_size
    if plan.sort == Sort.DISTANCE and total > MATCH_CAP:
        rows = nearest_first(plan, offset=offset, limit=page_size, run=_fetch)
    else:
        # Sorting every match beats walking the name index unless the match is large.
        cap = MATCH_CAP if plan.sort == Sort.RELEVANCE else None
        if plan.sort == Sort.NAME and total > SORT_ALL_LIMIT:
            cap = 0
        sql, params = page_sql(plan, offset=offset, limit=page_size, cap=cap)
        rows = _fetch(sql, params)
    has_text = plan.has_text
    return [
        (pk, float(bonus) + float(rank) if has_text else None, distance)
        for pk, bonus, rank, distance, _name in rows
    ]


def _passes(plan: Plan) -> list[Pass]:
    selected = selected_groups(plan.query)
    # Every pass counts kinds: their sum is the pass's total.
    main = ["kind", *(group for group in GROUPS if group not in selected and group != "kind")]
    if shows_departements(plan.place):
        main.append("departement")
    return [Pass(None, tuple(main)), *(Pass(group, ("kind", group)) for group in selected)]


def _run_counts(plan: Plan, passes: list[Pass], *, page=None) -> tuple[list, list, list]:
    """Per pass: {facet: {value: count}}, and how far its counts can be trusted; and the
    rows (id, score, distance) of the page among the capped matches."""
    counts, rows = _fetch_counts(plan, passes, cap=MATCH_CAP, page=page)
    kinds = [Count.EXACT] * len(passes)
    over = [n for n, found in enumerate(counts) if _pass_total(found) > MATCH_CAP]
    if not over:
        return counts, kinds, rows
    table_rows = plan.backend.table_rows()
    if table_rows > EXACT_TABLE_ROWS:
        # Only the main pass is worth a sample (the total and most facets): the other passes
        # only count a facet whose values are already ticked, and say "1,000+".
        for n in over:
            kinds[n] = Count.AT_LEAST
        over = [n for n in over if n == 0]
        if not over:
            return counts, kinds, rows
    heavy = [passes[n] for n in over]
    if table_rows <= EXACT_TABLE_ROWS:
        redone, _rows = _fetch_counts(plan, heavy, cap=None)
        scale, kind = 1.0, Count.EXACT
    elif plan.backend.can_sample:
        percent = min(100.0, 100.0 * SAMPLE_ROWS / max(table_rows, 1))
        redone, _rows = _fetch_counts(plan, heavy, cap=None, sample_percent=percent)
        scale, kind = 100.0 / percent, Count.ESTIMATE
    else:
        for n in over:
            kinds[n] = Count.AT_LEAST
        return counts, kinds, rows
    for n, found in zip(over, redone, strict=True):
        counts[n] = {
            facet: {value: round(count * scale) for value, count in values.items()}
            for facet, values in found.items()
        }
        kinds[n] = kind
    return counts, kinds, rows


def _pass_total(found: dict) -> int:
    return sum(found.get("kind", {}).values())


def _fetch_counts(plan, passes, *, cap, sample_percent=None, page=None) -> tuple[list, list]:
    sql, params = counts_sql(plan, passes=passes, cap=cap, sample_percent=sample_percent, page=page)
    found: list[dict] = [{} for _pass in passes]
    page_rows = []
    for number, facet, value, count, score, distance in _fetch(sql, params):
        if number < 0:
            page_rows.append((int(count), int(value), score, distance))
        else:
            found[number].setdefault(facet, {})[str(value)] = int(count)
    return found, [row[1:] for row in sorted(page_rows)]


def _fetch(sql: str, params: list) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _items(rows, *, has_text: bool) -> list[DirectoryItem]:
    ids = [row[0] for row in rows]
    organisations = (
        Organisation.objects.filter(pk__in=ids)
        .select_related("commune__departement")
        .prefetch_related(Prefetch("causes", queryset=Cause.objects.only("id", "goal", "position")))
    )
    by_id = {organisation.pk: organisation for organisation in organisations}
    items = []
    for pk, score, distance in rows:
        if pk in by_id:
            km = round(float(distance), 1) if distance is not None else None
            score = float(score) if has_text and score is not None else None
            items.append(DirectoryItem(by_id[pk], distance_km=km, score=score))
    return items


def _facets(plan, passes, counts, kinds) -> dict[str, Facet]:
    query = plan.query
    of_group = {item.without: n for n, item in enumerate(passes)}

    def counted(group: str) -> tuple[dict, str]:
        n = of_group.get(group, 0)
        if group == "sector":
            by_kind = counts[n].get("kind", {})
            sectors: dict[str, int] = {}
            for kind, count in by_kind.items():
                if kind in SECTOR_OF_KIND:
                    sector = SECTOR_OF_KIND[kind]
                    sectors[sector] = sectors.get(sector, 0) + count
            return sectors, kinds[n]
        return counts[n].get(group, {}), kinds[n]

    def facet(name, label, choices, selected, group=None) -> Facet:
        values, kind = counted(group or name)
        return Facet(
            name=name,
            label=label,
            values=[
                FacetValue(str(value), str(text), values.get(str(value), 0), str(value) in selected)
                for value, text in choices
            ],
            count_kind=kind,
        )

    goals = selectors.goals().only(
        "code", "goal", "parent", "short_en", "short_fr", "title_en", "title_fr"
    )
    goal_choices = [(goal.goal, f"{goal.goal}. {goal.label}") for goal in goals]
    selected_goals = {code for code in query.causes if "." not in code}
    facets = {
        "sector": facet("sector", _("Sector"), Sector.choices, query.sectors),
        "kind": facet("kind", _("Type"), Kind.choices, query.kinds),
        "cause": facet("cause", _("Sustainable development goal"), goal_choices, selected_goals),
        "offered": facet("offered", _("Offers"), Resource.choices, query.offered),
        "needed": facet("needed", _("Needs"), Resource.choices, query.needed),
    }
    departements = counts[0].get("departement", {})
    if departements:
        top = sorted(departements.items(), key=lambda pair: -pair[1])[:10]
        names = Territory.objects.in_bulk([int(pk) for pk, _count in top])
        facets["departement"] = Facet(
            name="departement",
            label=_("Départements"),
            values=[
                FacetValue(
                    names[int(pk)].code, f"{names[int(pk)].name} ({names[int(pk)].code})", count
                )
                for pk, count in top
                if int(pk) in names
            ],
            count_kind=kinds[0],
        )
    return facets
