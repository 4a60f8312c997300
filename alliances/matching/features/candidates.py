"""Organisations of the directory as ranking candidates (`ranking.Candidate`).

Every path (one organisation, a page's few dozen, the whole directory streamed in chunks)
turns the same rows into candidates, so a candidate looks the same wherever it comes from:
- offers and needs: its `OrganisationResource` rows, with what members wrote about an offer;
- causes: the codes of its SDG goals and targets, with the goal of each target ("4.1" → "4");
- place: its commune (by the foreign key, else by `commune_code`); a public body without a
  commune stands at the point of the territory it governs;
- on the platform: at least one member; active: `is_active` and not dissolved.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL

from alliances.matching.features.track import NO_TRACK_RECORD, TrackRecord, track_records
from alliances.matching.ranking import Candidate, Place
from alliances.organisations.models import (
    SECTOR_OF_KIND,
    Membership,
    Organisation,
    OrganisationResource,
    ResourceDirection,
)
from alliances.organisations.search.filters import visible_to
from alliances.territories.models import Territory, TerritoryKind

ROW_FIELDS = (
    "id",
    "name",
    "kind",
    "mission",
    "commune_id",
    "commune_code",
    "territory_id",
    "is_active",
    "dissolved_on",
)
TABLE = Organisation._meta.db_table


def suggestible() -> Q:
    """Who may be suggested at all: what anybody may find in the directory (public profiles
    of legal persons: a sole trader's name is a person's name), still active."""
    return visible_to(user=None) & Q(is_active=True, dissolved_on__isnull=True)


def uses_cause_codes() -> bool:
    """PostgreSQL keeps each organisation's cause codes in a column (organisations 0005)."""
    return connection.vendor == "postgresql"


def annotated(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """With `on_platform` and, on PostgreSQL, `cause_codes`: all a candidate needs from the
    organisation's own row."""
    organisations = organisations.annotate(
        on_platform=Exists(Membership.objects.filter(organisation_id=OuterRef("pk")))
    )
    if uses_cause_codes():
        organisations = organisations.annotate(
            cause_codes=RawSQL(  # noqa: S611 (no parameter)
                f'"{TABLE}"."cause_codes"', [], output_field=ArrayField(TextField())
            )
        )
    return organisations


def organisation_rows(organisations: QuerySet[Organisation]) -> QuerySet:
    """Light named rows of ROW_FIELDS, `on_platform` and, on PostgreSQL, `cause_codes`."""
    fields = [*ROW_FIELDS, "on_platform"]
    if uses_cause_codes():
        fields.append("cause_codes")
    return annotated(organisations).values_list(*fields, named=True)


# Places


def _own_ids(kind: str, territory_id: int, epci_id, departement_id) -> tuple:
    epci = territory_id if kind == TerritoryKind.EPCI else epci_id
    departement = territory_id if kind == TerritoryKind.DEPARTEMENT else departement_id
    return epci, departement


def place_of_territory(territory: Territory | None) -> Place:
    """A territory's own point, EPCI and département (itself when it is one)."""
    if territory is None:
        return Place()
    epci, departement = _own_ids(
        territory.kind, territory.pk, territory.epci_id, territory.departement_id
    )
    return Place(
        latitude=territory.latitude,
        longitude=territory.longitude,
        epci=epci,
        departement=departement,
    )


TERRITORY_FIELDS = ("id", "kind", "code", "latitude", "longitude", "epci_id", "departement_id")


class PlaceBook:
    """Territories by id (and communes by INSEE code), each turned into a `Place` once."""

    def __init__(self, rows: Iterable[tuple]):
        self._by_id: dict[int, Place] = {}
        self._commune_by_code: dict[str, Place] = {}
        for territory_id, kind, code, latitude, longitude, epci_id, departement_id in rows:
            epci, departement = _own_ids(kind, territory_id, epci_id, departement_id)
            place = Place(
                latitude=latitude, longitude=longitude, epci=epci, departement=departement
            )
            self._by_id[territory_id] = place
            if kind == TerritoryKind.COMMUNE:
                self._commune_by_code[code] = place

    @classmethod
    def everywhere(cls) -> "PlaceBook":
        """Every territory: one query, about 35 000 communes in France."""
        return cls(Territory.objects.order_by().values_list(*TERRITORY_FIELDS).iterator(10_000))

    @classmethod
    def for_rows(cls, rows: Iterable) -> "PlaceBook":
        """The territories these organisation rows may stand in: one query."""
        ids, codes = set(), set()
        for row in rows:
            ids.update(i for i in (row.commune_id, row.territory_id) if i is not None)
            if row.commune_id is None and row.commune_code:
                codes.add(row.commune_code)
        if not ids and not codes:
            return cls(())
        wanted = Q(id__in=ids) | Q(kind=TerritoryKind.COMMUNE, code__in=codes)
        return cls(Territory.objects.filter(wanted).order_by().values_list(*TERRITORY_FIELDS))

    def place_of(self, row) -> Place:
        if row.commune_id is not None and row.commune_id in self._by_id:
            return self._by_id[row.commune_id]
        if row.commune_code and row.commune_code in self._commune_by_code:
            return self._commune_by_code[row.commune_code]
        if row.territory_id is not None and row.territory_id in self._by_id:
            return self._by_id[row.territory_id]
        return Place()


# Resources and causes of many organisations at once


@dataclass
class Profiles:
    """Resources and causes of some organisations, by organisation id."""

    resources: dict[int, list[tuple[str, str]]]  # (direction, resource)
    details: dict[int, dict[str, str]]  # what members wrote about an offered resource
    causes: dict[int, list[str]]
    # PostgreSQL: the causes are the rows' own `cause_codes`, not `causes`.
    codes_in_rows: bool = False


def _resource_rows(where: Q) -> QuerySet:
    return (
        OrganisationResource.objects.filter(where)
        .order_by()
        .values_list("organisation_id", "direction", "resource", "detail")
    )


def _cause_rows(where: Q) -> QuerySet:
    through = Organisation.causes.through
    return through.objects.filter(where).order_by().values_list("organisation_id", "cause__code")


def load_profiles(where: Q) -> Profiles:
    """Resources (one query) and, on SQLite, causes (one more) of the organisations that
    `where` selects by `organisation_id`."""
    profiles = Profiles(defaultdict(list), {}, defaultdict(list), uses_cause_codes())
    for organisation_id, direction, resource, detail in _resource_rows(where):
        profiles.resources[organisation_id].append((direction, resource))
        if detail and direction == ResourceDirection.OFFERED:
            profiles.details.setdefault(organisation_id, {})[resource] = detail
    if not profiles.codes_in_rows:
        for organisation_id, code in _cause_rows(where):
            profiles.causes[organisation_id].append(code)
    return profiles


def with_goals(codes: Iterable[str]) -> frozenset[str]:
    """The codes plus the goal of each target, as PostgreSQL's `cause_codes` holds them."""
    codes = set(codes)
    return frozenset(codes | {code.split(".", 1)[0] for code in codes})


class Interner:
    """Builds each distinct combination of resources, causes or details once and shares it
    between candidates: millions of organisations hold only a few thousand combinations, so
    this saves both the building and the memory."""

    def __init__(self):
        self._resources: dict[tuple, tuple[frozenset, frozenset]] = {}
        self._causes: dict[tuple, frozenset] = {}
        self._details: dict[tuple, dict] = {}

    def resources(self, pairs) -> tuple[frozenset, frozenset]:
        key = tuple(sorted(pairs)) if pairs else ()
        found = self._resources.get(key)
        if found is None:
            offered = frozenset(r for d, r in key if d == ResourceDirection.OFFERED)
            needed = frozenset(r for d, r in key if d != ResourceDirection.OFFERED)
            found = self._resources[key] = (offered, needed)
        return found

    def causes(self, codes) -> frozenset:
        key = tuple(sorted(codes)) if codes else ()
        found = self._causes.get(key)
        if found is None:
            found = self._causes[key] = with_goals(key)
        return found

    def details(self, details: dict | None) -> dict:
        key = tuple(sorted(details.items())) if details else ()
        found = self._details.get(key)
        if found is None:
            found = self._details[key] = dict(key)
        return found


def row_fields(
    row, *, profiles: Profiles, place: Place, track: TrackRecord, intern: Interner
) -> tuple:
    """What a candidate is made of, as a plain tuple: a few hundred bytes less per
    organisation than a `Candidate` while the whole directory is held for the index."""
    offers, needs = intern.resources(profiles.resources.get(row.id))
    codes = row.cause_codes if profiles.codes_in_rows else profiles.causes.get(row.id)
    return (
        row.id,
        row.name,
        row.kind,
        SECTOR_OF_KIND.get(row.kind, ""),
        offers,
        needs,
        intern.details(profiles.details.get(row.id)),
        intern.causes(codes),
        place,
        track.evaluated,
        track.health,
        bool(row.on_platform),
        bool(row.is_active) and row.dissolved_on is None,
    )


def candidate_of_fields(fields: tuple, terms: Mapping[str, float] | None = None) -> Candidate:
    (
        id_,
        name,
        kind,
        sector,
        offers,
        needs,
        details,
        causes,
        place,
        evaluated,
        health,
        on_platform,
        active,
    ) = fields
    return Candidate(
        id=id_,
        name=name,
        kind=kind,
        sector=sector,
        offers=offers,
        needs=needs,
        offer_details=details,
        causes=causes,
        place=place,
        terms=terms or {},
        evaluated_partnerships=evaluated,
        health_score=health,
        on_platform=on_platform,
        active=active,
    )


def candidate_of_row(
    row,
    *,
    profiles: Profiles,
    place: Place,
    track: TrackRecord,
    terms: Mapping[str, float] | None = None,
    intern: Interner | None = None,
) -> Candidate:
    """`row`: an organisation, or one of `organisation_rows`."""
    fields = row_fields(
        row, profiles=profiles, place=place, track=track, intern=intern or Interner()
    )
    return candidate_of_fields(fields, terms)


def _terms(text_model, text: str) -> dict[str, float]:
    return dict(text_model.terms(text)) if text_model is not None and text else {}


def terms_of_texts(text_model, texts: list[str]) -> list[dict[str, float]]:
    """`text_model.terms` of each text, in one pass of the vectoriser (a call per text costs
    milliseconds of scikit-learn's checks)."""
    if text_model is None or not texts:
        return [{} for _text in texts]
    matrix = text_model.matrix(texts)
    names = text_model.names
    found = []
    for row in range(len(texts)):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        columns, values = matrix.indices[start:end].tolist(), matrix.data[start:end].tolist()
        found.append({str(names[c]): v for c, v in zip(columns, values, strict=True)})
    return found


def organisations_with_candidates(
    organisations: QuerySet[Organisation], *, text_model=None
) -> list[tuple[Organisation, Candidate]]:
    """Each organisation of the queryset (in id order) with its candidate, in a fixed number of
    queries: the organisations, their resources, their causes (SQLite), their places, and two
    for the track record. For a page's few hundred organisations; the whole directory is read
    by `iter_directory_candidates`."""
    organisations = list(annotated(organisations.order_by("pk")))
    if not organisations:
        return []
    ids = [organisation.pk for organisation in organisations]
    profiles = load_profiles(Q(organisation_id__in=ids))
    places = PlaceBook.for_rows(organisations)
    tracks = track_records(ids)
    terms = terms_of_texts(text_model, [organisation.mission for organisation in organisations])
    intern = Interner()
    return [
        (
            organisation,
            candidate_of_row(
                organisation,
                profiles=profiles,
                place=places.place_of(organisation),
                track=tracks.get(organisation.pk, NO_TRACK_RECORD),
                terms=own_terms,
                intern=intern,
            ),
        )
        for organisation, own_terms in zip(organisations, terms, strict=True)
    ]


def candidates_of(
    organisations: QuerySet[Organisation], *, text_model=None
) -> list[tuple[Candidate, str]]:
    """Each organisation of the queryset (in id order) as a candidate, with its mission text;
    the same queries as `organisations_with_candidates`."""
    return [
        (candidate, organisation.mission)
        for organisation, candidate in organisations_with_candidates(
            organisations, text_model=text_model
        )
    ]


def candidate_from_organisation(
    org: Organisation, *, text_model=None, track: TrackRecord | None = None
) -> Candidate:
    """One organisation as the ranking sees it, read fresh from the database, suggestible or
    not (the asker is built this way). `track`: its track record when already known."""
    rows = list(organisation_rows(Organisation.objects.filter(pk=org.pk)))
    if not rows:
        raise Organisation.DoesNotExist(f"No organisation {org.pk}.")
    row = rows[0]
    profiles = load_profiles(Q(organisation_id=org.pk))
    if track is None:
        track = track_records([org.pk]).get(org.pk, NO_TRACK_RECORD)
    return candidate_of_row(
        row,
        profiles=profiles,
        place=PlaceBook.for_rows(rows).place_of(row),
        track=track,
        terms=_terms(text_model, row.mission),
    )


def iter_directory_rows(*, chunk: int = 5000) -> Iterator[tuple[tuple, str]]:
    """Every suggestible organisation as `row_fields`, with its mission text, in id order.

    Read by windows of ids (keyset pagination): per window, one query for the rows, one for
    their resources and, on SQLite, one for their causes; the bounds of the ids, the
    territories and the track records are read once before."""
    base = Organisation.objects.filter(suggestible())
    bounds = base.order_by().aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return
    places = PlaceBook.everywhere()
    tracks = track_records()
    intern = Interner()
    last, high, window = bounds["low"] - 1, bounds["high"], chunk
    while last < high:
        # Bounded on both sides: even before PostgreSQL has statistics on freshly imported
        # rows, a window is read through the primary key, never by scanning the rest of the
        # table to sort it.
        end = last + window
        rows = list(organisation_rows(base.filter(pk__gt=last, pk__lte=end).order_by("pk"))[:chunk])
        if len(rows) == chunk:
            last, window = rows[-1].id, chunk
        else:
            # Sparse ids (deleted or private rows): wider windows, up to a limit.
            last = end
            if len(rows) < chunk // 2:
                window = min(window * 2, chunk * 64)
        if not rows:
            continue
        profiles = load_profiles(
            Q(organisation_id__gte=rows[0].id, organisation_id__lte=rows[-1].id)
        )
        for row in rows:
            fields = row_fields(
                row,
                profiles=profiles,
                place=places.place_of(row),
                track=tracks.get(row.id, NO_TRACK_RECORD),
                intern=intern,
            )
            yield fields, row.mission


def iter_directory_candidates(*, chunk: int = 5000) -> Iterator[tuple[Candidate, str]]:
    """Every suggestible organisation with its mission text, in id order, in a few queries
    per `chunk` rows (see `iter_directory_rows`). Terms are left empty: the index computes
    them from the texts."""
    for fields, text in iter_directory_rows(chunk=chunk):
        yield candidate_of_fields(fields), text
