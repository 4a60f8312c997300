"""The directory's filters as one ORM queryset, the same on both databases.

The text match comes from the backend; everything else is plain SQL that indexes answer:
`kind`, `commune_id` (the communes of a territory or of a radius, found beforehand), and
EXISTS on the small tables of causes and resources.
"""

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from alliances.organisations.models import (
    Membership,
    Organisation,
    OrganisationResource,
    ResourceDirection,
    kinds_of_sector,
)
from alliances.organisations.search.places import Place
from alliances.organisations.search.query import DirectoryQuery

# Facet groups whose own filter is left out when their values are counted, so that their
# other values show how many organisations ticking them would add.
GROUPS = ("kind", "sector", "cause", "offered", "needed")


def visible_to(*, user) -> Q:
    """Public profiles of legal persons, plus the user's own organisations. A sole trader's
    name is a person's name: it only appears to the members of that organisation."""
    visible = Q(is_public=True, is_legal_person=True)
    if getattr(user, "is_authenticated", False):
        visible |= Q(pk__in=Membership.objects.filter(user=user).values("organisation_id"))
    return visible


def cause_filter(codes: tuple[str, ...]) -> Exists:
    goals = [int(code) for code in codes if "." not in code]
    targets = [code for code in codes if "." in code]
    wanted = Q(cause__goal__in=goals) | Q(cause__code__in=targets)
    through = Organisation.causes.through.objects.filter(organisation_id=OuterRef("pk"))
    return Exists(through.filter(wanted))


def resource_filter(direction: str, resources: tuple[str, ...]) -> Exists:
    return Exists(
        OrganisationResource.objects.filter(
            organisation_id=OuterRef("pk"), direction=direction, resource__in=resources
        )
    )


def place_filter(place: Place) -> Q | RawSQL | None:
    # A list of ids, not a join: the planner then knows how many rows the place holds, and
    # never repeats a full-text index scan once per commune of a nested loop.
    if place.commune_ids is None:
        return None
    if connection.vendor == "postgresql" and len(place.commune_ids) > 50:
        # A region holds thousands of communes: one array parameter instead of thousands of
        # placeholders, repeated in every pass of the counts, keeps parsing and planning short.
        return RawSQL(
            '"organisations_organisation"."commune_id" = ANY(%s::bigint[])',
            [list(place.commune_ids)],
            output_field=BooleanField(),
        )
    return Q(commune_id__in=place.commune_ids)


def matching_organisations(
    *,
    user,
    query: DirectoryQuery,
    place: Place,
    text_condition=None,
    cause_condition=None,
    without: str | None = None,
) -> QuerySet[Organisation]:
    """Organisations `user` may see that pass every filter of `query` but the group
    `without`. Unordered: callers choose the order (and must, the model has a default)."""
    organisations = Organisation.objects.filter(visible_to(user=user)).order_by()
    if query.active_only:
        organisations = organisations.filter(is_active=True)
    if query.kinds and without != "kind":
        organisations = organisations.filter(kind__in=query.kinds)
    if query.sectors and without != "sector":
        kinds = [kind for sector in query.sectors for kind in kinds_of_sector(sector)]
        organisations = organisations.filter(kind__in=kinds)
    if query.causes and without != "cause":
        organisations = organisations.filter(cause_condition or cause_filter(query.causes))
    if query.offered and without != "offered":
        organisations = organisations.filter(
            resource_filter(ResourceDirection.OFFERED, query.offered)
        )
    if query.needed and without != "needed":
        organisations = organisations.filter(
            resource_filter(ResourceDirection.NEEDED, query.needed)
        )
    where = place_filter(place)
    if where is not None:
        organisations = organisations.filter(where)
    if text_condition is not None:
        organisations = organisations.filter(text_condition)
    return organisations


def selected_groups(query: DirectoryQuery) -> list[str]:
    chosen = {
        "kind": query.kinds,
        "sector": query.sectors,
        "cause": query.causes,
        "offered": query.offered,
        "needed": query.needed,
    }
    return [group for group in GROUPS if chosen[group]]
