import pytest

from alliances.organisations.models import Kind, Membership, Organisation, Sector, Source
from alliances.territories.models import Territory, TerritoryKind
from alliances.territories.plans import normalise_departement_code
from alliances.territories.services import UnknownDepartement
from alliances.territories.tests import datafiles

pytestmark = pytest.mark.django_db


def territory(kind, code):
    return Territory.objects.select_related("epci", "departement", "region").get(
        kind=kind, code=code
    )


def test_imports_every_level_with_its_parents(tmp_path):
    run_import = datafiles.importer(tmp_path)
    result = run_import()
    assert (result.territories.read, result.territories.inserted) == (15, 14)
    assert result.territories.rejected == 1  # the commune without a valid code
    counts = {kind: Territory.objects.filter(kind=kind).count() for kind in TerritoryKind.values}
    assert counts == {"region": 2, "departement": 3, "epci": 3, "commune": 6}
    poitiers = territory("commune", "86194")
    assert poitiers.name == "Poitiers"
    assert poitiers.population == 88291
    assert (poitiers.epci.code, poitiers.departement.code, poitiers.region.code) == (
        "200069854",
        "86",
        "75",
    )
    assert (poitiers.latitude, poitiers.longitude) == (46.5802, 0.3408)
    assert poitiers.postal_codes == "86000"
    assert poitiers.town_hall_address == "15 place du Maréchal-Leclerc\n86000 Poitiers"
    assert poitiers.town_hall_email == "contact@poitiers.fr"
    assert poitiers.town_hall_phone == "05 49 52 35 35"
    assert poitiers.town_hall_website == "https://www.poitiers.fr/"
    assert poitiers.town_hall_hours[0][:2] == ["lundi", "vendredi"]
    assert territory("commune", "69123").postal_codes == "69001"
    assert territory("commune", "33063").postal_codes == "33000 33800"


def test_epci_departement_and_region_are_placed_at_their_main_commune(tmp_path):
    run_import = datafiles.importer(tmp_path)
    run_import()
    epci = territory("epci", "200069854")
    assert epci.category == "CU"
    assert epci.population == 88291 + 4800 + 10000 + 2000  # not the delegated commune
    assert (epci.departement.code, epci.region.code) == ("86", "75")
    assert (epci.latitude, epci.longitude) == (46.5802, 0.3408)  # Poitiers, the most populous
    vienne = territory("departement", "86")
    assert vienne.region.code == "75"
    assert vienne.population == epci.population
    assert (vienne.latitude, vienne.longitude) == (46.5802, 0.3408)  # its chef-lieu
    region = territory("region", "75")
    assert region.population == epci.population + 260958
    assert (region.latitude, region.longitude) == pytest.approx((44.84, -0.58))  # Bordeaux


def test_each_territory_becomes_a_public_actor_without_members(tmp_path):
    run_import = datafiles.importer(tmp_path)
    run_import()
    poitiers = Organisation.objects.get(kind=Kind.COMMUNE, insee_code="86194")
    assert poitiers.name == "Commune de Poitiers"
    assert poitiers.sector == Sector.PUBLIC
    assert poitiers.source == Source.TERRITORY
    assert poitiers.is_public and poitiers.is_active
    assert poitiers.territory == poitiers.commune == territory("commune", "86194")
    assert (poitiers.address, poitiers.postal_code, poitiers.city) == (
        "15 place du Maréchal-Leclerc",
        "86000",
        "Poitiers",
    )
    assert poitiers.commune_code == "86194"
    assert (poitiers.email, poitiers.phone, poitiers.website) == (
        "contact@poitiers.fr",
        "05 49 52 35 35",
        "https://www.poitiers.fr/",
    )
    assert poitiers.mission == (
        "Commune de 88\u00a0291 habitants (Vienne, Nouvelle-Aquitaine), membre de la "
        "Communauté urbaine du Grand Poitiers."
    )
    assert poitiers.imported["territory"]["name"] == "Commune de Poitiers"
    assert len(poitiers.registry_hash) == 32
    assert not Membership.objects.exists()

    epci = Organisation.objects.get(siren="200069854")
    assert (epci.kind, epci.insee_code, epci.name) == (
        Kind.EPCI,
        "",
        "Communauté urbaine du Grand Poitiers",
    )
    assert epci.commune.code == "86194"
    assert epci.mission.startswith("Communauté urbaine de 4 communes et 105\u00a0091 habitants")
    vienne = Organisation.objects.get(kind=Kind.DEPARTEMENT, insee_code="86")
    assert vienne.name == "Département de la Vienne"
    assert vienne.city == "Poitiers"
    assert Organisation.objects.get(kind=Kind.DEPARTEMENT, insee_code="69").name == (
        "Département du Rhône"
    )
    region = Organisation.objects.get(kind=Kind.REGION, insee_code="75")
    assert region.name == "Région Nouvelle-Aquitaine"
    assert region.commune.code == "33063"
    roches = Organisation.objects.get(kind=Kind.COMMUNE, insee_code="86209")
    assert roches.name == "Commune des Roches-Prémarie-Andillé"
    # A bare domain becomes a link; the territory keeps what was published.
    chasseneuil = Organisation.objects.get(kind=Kind.COMMUNE, insee_code="86062")
    assert chasseneuil.website == "http://www.chasseneuil-du-poitou.fr"
    assert territory("commune", "86062").town_hall_website == "www.chasseneuil-du-poitou.fr"


def test_limited_to_departements_with_their_epci_and_region(tmp_path):
    run_import = datafiles.importer(tmp_path)
    result = run_import(departements=["86"])
    assert result.territories.inserted == 7
    assert set(Territory.objects.values_list("kind", "code")) == {
        ("region", "75"),
        ("departement", "86"),
        ("epci", "200069854"),
        ("commune", "86194"),
        ("commune", "86062"),
        ("commune", "86041"),
        ("commune", "86209"),
    }
    region = Organisation.objects.get(kind=Kind.REGION)
    assert (region.commune, region.commune_code) == (None, "33063")  # Bordeaux not imported
    result = run_import(departements=["33"])
    region.refresh_from_db()
    assert region.commune.code == "33063"


def test_unknown_departement_is_refused_before_anything_is_written(tmp_path):
    run_import = datafiles.importer(tmp_path)
    with pytest.raises(UnknownDepartement) as raised:
        run_import(departements=["86", "99"])
    assert raised.value.codes == ["99"]
    assert not Territory.objects.exists()
    assert not Organisation.objects.exists()


def test_departement_codes_are_normalised():
    assert normalise_departement_code(" 1") == "01"
    assert normalise_departement_code("2a") == "2A"
    assert normalise_departement_code("974") == "974"


def test_a_few_queries_whatever_the_number_of_rows(tmp_path, django_assert_max_num_queries):
    run_import = datafiles.importer(tmp_path)
    with django_assert_max_num_queries(30):
        run_import()
