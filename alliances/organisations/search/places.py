"""Places for the directory: finding a territory from what the user typed, and distances.

Distances use the equirectangular approximation around the centre's latitude: within 200 km
it differs from the great-circle distance by well under 1 %, and it is plain arithmetic that
both databases compute and compare without trigonometry per row.
"""

import math
from dataclasses import dataclass

from django.db.models import (
    Case,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression, ExpressionWrapper
from django.db.models.functions import Sqrt

from alliances.organisations.search.query import TerritoryRef, place_label
from alliances.organisations.search.text import fold
from alliances.territories.models import Territory, TerritoryKind

# Mean Earth radius (6 371.0088 km) × π / 180.
KM_PER_DEGREE = 111.19508
# When a plain name is typed, the larger territory is more likely meant ("Vienne").
_KIND_PRIORITY = Case(
    When(kind=TerritoryKind.REGION, then=Value(0)),
    When(kind=TerritoryKind.DEPARTEMENT, then=Value(1)),
    When(kind=TerritoryKind.COMMUNE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


class Fold(Func):
    """alliances_fold(text): lower case without accents, defined on both databases (a SQL
    function on PostgreSQL, a Python one registered on each SQLite connection)."""

    function = "alliances_fold"
    output_field = TextField()


@dataclass(frozen=True)
class Place:
    """Where a search looks: inside `territory`, or within `km` of the commune `centre`;
    `commune_ids` are the communes that this covers (None: anywhere)."""

    territory: Territory | None = None
    centre: Territory | None = None
    km: int | None = None
    commune_ids: tuple[int, ...] | None = None

    @property
    def has_centre(self) -> bool:
        return self.centre is not None and self.centre.latitude is not None


def territory_by_ref(*, ref: TerritoryRef) -> Territory | None:
    return (
        Territory.objects.filter(kind=ref.kind, code=ref.code).select_related("departement").first()
    )


def territory_by_name(*, text: str, prefer_commune: bool = False) -> Territory | None:
    """The territory called `text` (accents and case aside), else the most populous one whose
    name starts with it."""
    folded = fold(text).strip()
    if not folded:
        return None
    candidates = Territory.objects.annotate(folded=Fold("name"), priority=_KIND_PRIORITY)
    if prefer_commune:
        candidates = candidates.annotate(
            priority=Case(
                When(kind=TerritoryKind.COMMUNE, then=Value(-1)),
                default=_KIND_PRIORITY,
                output_field=IntegerField(),
            )
        )
    # "saint jean de luz" is how many type "Saint-Jean-de-Luz".
    spellings = {folded, folded.replace(" ", "-")}
    order = ("priority", F("population").desc(nulls_last=True), "code")
    found = candidates.filter(folded__in=spellings).order_by(*order).select_related("departement")
    starts = Q()
    for spelling in spellings:
        starts |= Q(folded__startswith=spelling)
    return found.first() or (
        candidates.filter(starts)
        .order_by(F("population").desc(nulls_last=True), "priority", "code")
        .select_related("departement")
        .first()
    )


def territory_suggestions(*, text: str, limit: int = 8) -> list[Territory]:
    """Territories whose name or code starts with `text`, the larger and more populous first."""
    folded = fold(text).strip()
    if len(folded) < 2:
        return []
    by_code = Territory.objects.filter(code__iexact=folded)
    starts = Q(folded__startswith=folded) | Q(folded__startswith=folded.replace(" ", "-"))
    by_name = Territory.objects.annotate(folded=Fold("name")).filter(starts)
    found = list(by_code.select_related("departement")[:limit])
    seen = {territory.pk for territory in found}
    named = (
        by_name.annotate(priority=_KIND_PRIORITY)
        .order_by("priority", F("population").desc(nulls_last=True), "name")
        .select_related("departement")[: limit * 2]
    )
    for territory in named:
        if territory.pk not in seen and len(found) < limit:
            found.append(territory)
    return found


def distance_expression(*, centre: Territory, latitude: str, longitude: str):
    """Kilometres from `centre` to the point in the given latitude/longitude fields."""
    shrink = math.cos(math.radians(centre.latitude))
    north = ExpressionWrapper(F(latitude) - Value(centre.latitude), output_field=FloatField())
    east = ExpressionWrapper(
        (F(longitude) - Value(centre.longitude)) * Value(shrink), output_field=FloatField()
    )
    squared = CombinedExpression(north * north, "+", east * east, output_field=FloatField())
    return ExpressionWrapper(Sqrt(squared) * Value(KM_PER_DEGREE), output_field=FloatField())


def communes_within(*, centre: Territory, km: float) -> QuerySet[Territory]:
    """Communes within `km` of `centre`: a bounding box that the (latitude, longitude) index
    answers, then the exact test on the few rows inside it."""
    shrink = max(math.cos(math.radians(centre.latitude)), 0.01)
    north = km / KM_PER_DEGREE
    east = north / shrink
    return (
        Territory.objects.filter(
            kind=TerritoryKind.COMMUNE,
            latitude__range=(centre.latitude - north, centre.latitude + north),
            longitude__range=(centre.longitude - east, centre.longitude + east),
        )
        .annotate(
            distance=distance_expression(centre=centre, latitude="latitude", longitude="longitude")
        )
        .filter(distance__lte=km)
    )


def territory_label(territory: Territory) -> str:
    """What the place box shows for a territory; parse_place reads it back exactly."""
    return place_label(name=territory.name, kind=territory.kind, code=territory.code)


def place_choices(*, text: str) -> list[tuple[str, str]]:
    """(value for the place box, description) of the territories that `text` may mean."""
    choices = []
    for territory in territory_suggestions(text=text):
        description = str(territory.get_kind_display())
        departement = territory.departement
        if territory.kind in (TerritoryKind.COMMUNE, TerritoryKind.EPCI) and departement:
            description += f", {departement.name}"
        choices.append((territory_label(territory), description))
    return choices


def communes_of(territory: Territory) -> QuerySet[Territory]:
    field = {
        TerritoryKind.EPCI: "epci_id",
        TerritoryKind.DEPARTEMENT: "departement_id",
        TerritoryKind.REGION: "region_id",
    }[territory.kind]
    return Territory.objects.filter(kind=TerritoryKind.COMMUNE, **{field: territory.pk})


def place_within(*, centre: Territory, km: int) -> Place:
    # Nearest first: a page sorted by distance can then look at the nearest communes only.
    ids = communes_within(centre=centre, km=km).order_by("distance", "id")
    return Place(centre=centre, km=km, commune_ids=tuple(ids.values_list("id", flat=True)))


def place_inside(*, territory: Territory) -> Place:
    if territory.kind == TerritoryKind.COMMUNE:
        return Place(territory=territory, commune_ids=(territory.pk,))
    ids = communes_of(territory).values_list("id", flat=True)
    return Place(territory=territory, commune_ids=tuple(ids))
