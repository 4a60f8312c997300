import pytest

from alliances.territories import selectors
from alliances.territories.models import Territory
from alliances.territories.tests import datafiles

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path):
    run_import = datafiles.importer(tmp_path)
    run_import()


def get(kind, code):
    return Territory.objects.get(kind=kind, code=code)


def test_commune_by_code(imported):
    assert selectors.commune_by_code("86194").name == "Poitiers"
    assert selectors.commune_by_code("86") is None  # a département, not a commune
    assert selectors.commune_by_code("") is None


def test_territory_lineage_of_each_level(imported, django_assert_num_queries):
    poitiers = get("commune", "86194")
    with django_assert_num_queries(1):
        lineage = selectors.territory_lineage(poitiers)
    assert (lineage.commune, lineage.epci, lineage.departement, lineage.region) == (
        poitiers,
        get("epci", "200069854"),
        get("departement", "86"),
        get("region", "75"),
    )
    loaded = Territory.objects.select_related("epci", "departement", "region").get(pk=poitiers.pk)
    with django_assert_num_queries(0):
        selectors.territory_lineage(loaded)
    epci = selectors.territory_lineage(get("epci", "200069854"))
    assert (epci.commune, epci.epci.code, epci.departement.code) == (None, "200069854", "86")
    region = selectors.territory_lineage(get("region", "75"))
    assert (region.epci, region.departement, region.region.code) == (None, None, "75")


def test_departement_points(imported):
    points = selectors.departement_points(get("departement", "86"))
    epci = get("epci", "200069854")
    assert {epci_id for _lat, _lon, epci_id in points} == {epci.pk}
    assert sorted((round(lat, 4), round(lon, 4)) for lat, lon, _epci in points) == [
        (46.48, 0.38),
        (46.5802, 0.3408),
        (46.6, 0.36),
        (46.65, 0.37),
    ]
