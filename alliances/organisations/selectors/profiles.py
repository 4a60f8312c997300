from django.db.models import Count

from alliances.organisations.models import SECTOR_OF_KIND, Organisation, Sector


def public_counts_by_sector() -> dict[str, int]:
    """How many public organisations the directory lists, per sector."""
    counts = {sector: 0 for sector in Sector.values}
    rows = Organisation.objects.filter(is_public=True).values("kind").annotate(n=Count("id"))
    for row in rows:
        counts[SECTOR_OF_KIND[row["kind"]]] += row["n"]
    return counts
