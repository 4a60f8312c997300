from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, QuerySet

from alliances.organisations.models import (
    SECTOR_OF_KIND,
    Cause,
    Membership,
    Organisation,
    OrganisationResource,
    Resource,
    ResourceDirection,
    Sector,
)

# The home page's counts change slowly and cost a scan of the whole directory: kept a while.
PUBLIC_COUNTS_CACHE_KEY = "directory:public-counts-by-sector"
PUBLIC_COUNTS_CACHE_SECONDS = 600


def public_counts_by_sector() -> dict[str, int]:
    """How many public organisations the directory lists, per sector (cached for 10 minutes)."""
    counts = cache.get(PUBLIC_COUNTS_CACHE_KEY)
    if counts is None:
        counts = dict.fromkeys(Sector.values, 0)
        rows = Organisation.objects.filter(is_public=True).values("kind").annotate(n=Count("id"))
        for row in rows:
            counts[SECTOR_OF_KIND[row["kind"]]] += row["n"]
        cache.set(PUBLIC_COUNTS_CACHE_KEY, counts, PUBLIC_COUNTS_CACHE_SECONDS)
    return counts


def goals() -> QuerySet[Cause]:
    return Cause.objects.filter(parent__isnull=True)


@dataclass
class CauseGroup:
    """A goal and some of its targets; `goal_selected` says whether the goal itself is."""

    goal: Cause
    targets: list[Cause] = field(default_factory=list)
    goal_selected: bool = False


def cause_tree() -> list[CauseGroup]:
    """Every goal with all its targets, in the UN's order (one query)."""
    groups: dict[int, CauseGroup] = {}
    for cause in Cause.objects.all():
        if cause.is_goal:
            groups[cause.goal] = CauseGroup(goal=cause)
        else:
            groups[cause.goal].targets.append(cause)
    return list(groups.values())


def organisation_causes_by_goal(*, organisation: Organisation) -> list[CauseGroup]:
    """The organisation's causes grouped under their goal, whether or not the goal is chosen."""
    groups: dict[int, CauseGroup] = {}
    causes = organisation.causes.select_related("parent").order_by("goal", "position")
    for cause in causes:
        goal = cause if cause.is_goal else cause.parent
        group = groups.setdefault(cause.goal, CauseGroup(goal=goal))
        if cause.is_goal:
            group.goal_selected = True
        else:
            group.targets.append(cause)
    return list(groups.values())


def organisation_resources_by_direction(
    *, organisation: Organisation
) -> dict[str, list[OrganisationResource]]:
    """{"offered": [...], "needed": [...]}, each in the order of the Resource choices."""
    order = {value: index for index, value in enumerate(Resource.values)}
    result: dict[str, list[OrganisationResource]] = {d: [] for d in ResourceDirection.values}
    for item in OrganisationResource.objects.filter(organisation=organisation):
        result[item.direction].append(item)
    for items in result.values():
        items.sort(key=lambda item: order.get(item.resource, len(order)))
    return result


def organisation_has_members(*, organisation: Organisation) -> bool:
    return Membership.objects.filter(organisation=organisation).exists()


def identifier_clashes(
    *,
    siren: str = "",
    siret: str = "",
    rna: str = "",
    kind: str = "",
    insee_code: str = "",
    exclude_pk: int | None = None,
) -> set[str]:
    """Which of these identifiers another organisation already holds (across the whole
    register, whatever its visibility, because the database refuses duplicates)."""
    others = Organisation.objects.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    clashes = set()
    if siren and others.filter(siren=siren).exists():
        clashes.add("siren")
    if siret and others.filter(siret=siret).exists():
        clashes.add("siret")
    if rna and others.filter(rna=rna).exists():
        clashes.add("rna")
    if insee_code and kind and others.filter(kind=kind, insee_code=insee_code).exists():
        clashes.add("insee_code")
    return clashes
