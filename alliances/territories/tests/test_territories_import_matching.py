import pytest

from alliances.accounts.models import User
from alliances.core.permissions import Role
from alliances.organisations.models import Kind, Membership, Organisation, Source
from alliances.organisations.services.profiles import organisation_update
from alliances.territories.models import Territory
from alliances.territories.tests import datafiles

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return User.objects.create_user(email="sophie@example.org", password="x" * 12)


def test_member_created_commune_is_linked_not_duplicated(tmp_path, user):
    run_import = datafiles.importer(tmp_path)
    ville = Organisation.objects.create(
        name="Ville de Poitiers",
        kind=Kind.COMMUNE,
        insee_code="86194",
        website="https://ville.example.org",
        mission="Politique de la ville.",
    )
    Membership.objects.create(user=user, organisation=ville, role=Role.ADMIN)
    result = run_import()
    assert Organisation.objects.filter(kind=Kind.COMMUNE, insee_code="86194").count() == 1
    assert result.organisations.inserted == 13
    ville.refresh_from_db()
    assert ville.territory.code == ville.commune.code == "86194"
    assert ville.source == Source.MEMBER
    # What members wrote stays; blanks are filled; the register's values are kept aside.
    assert (ville.name, ville.website, ville.mission) == (
        "Ville de Poitiers",
        "https://ville.example.org",
        "Politique de la ville.",
    )
    assert (ville.address, ville.phone) == ("15 place du Maréchal-Leclerc", "05 49 52 35 35")
    assert ville.imported["territory"]["website"] == "https://www.poitiers.fr/"
    assert Membership.objects.filter(organisation=ville, user=user).exists()


def test_member_created_epci_is_matched_by_its_siren(tmp_path):
    run_import = datafiles.importer(tmp_path)
    grand_poitiers = Organisation.objects.create(
        name="Grand Poitiers", kind=Kind.EPCI, siren="200069854"
    )
    run_import()
    assert Organisation.objects.filter(siren="200069854").count() == 1
    grand_poitiers.refresh_from_db()
    assert grand_poitiers.name == "Grand Poitiers"
    assert grand_poitiers.territory.code == "200069854"
    assert grand_poitiers.mission.startswith("Communauté urbaine")


def test_fields_edited_by_members_survive_later_imports(tmp_path, user):
    run_import = datafiles.importer(tmp_path)
    run_import()
    poitiers = Organisation.objects.get(kind=Kind.COMMUNE, insee_code="86194")
    Membership.objects.create(user=user, organisation=poitiers, role=Role.ADMIN)
    organisation_update(
        organisation=poitiers, user=user, data={"name": "Ville de Poitiers", "phone": "0549000000"}
    )
    assert set(poitiers.edited_fields) == {"name", "phone"}
    rows = datafiles.rows()
    rows["communes"][0]["mairie_telephone"] = "05 49 99 99 99"
    rows["communes"][0]["mairie_email"] = "accueil@poitiers.fr"
    result = run_import(datafiles.write(tmp_path / "next", rows))
    assert result.organisations.updated == 1
    poitiers.refresh_from_db()
    assert (poitiers.name, poitiers.phone) == ("Ville de Poitiers", "0549000000")
    assert poitiers.email == "accueil@poitiers.fr"  # not edited: refreshed
    assert poitiers.imported["territory"]["phone"] == "05 49 99 99 99"
    assert poitiers.imported["territory"]["name"] == "Commune de Poitiers"


def test_organisations_are_linked_to_their_commune(tmp_path):
    run_import = datafiles.importer(tmp_path)
    association = Organisation.objects.create(
        name="Maison de quartier", kind=Kind.ASSOCIATION, commune_code="86194"
    )
    elsewhere = Organisation.objects.create(
        name="Ailleurs", kind=Kind.ASSOCIATION, commune_code="75056"
    )
    result = run_import()
    assert result.communes_linked == 1
    association.refresh_from_db()
    elsewhere.refresh_from_db()
    assert association.commune.code == "86194"
    assert elsewhere.commune is None


def test_an_organisation_standing_for_another_territory_is_left_alone(tmp_path):
    run_import = datafiles.importer(tmp_path)
    other = Territory.objects.create(kind="commune", code="86001", name="Ailleurs")
    taken = Organisation.objects.create(
        name="Poitiers ?", kind=Kind.COMMUNE, insee_code="86194", territory=other
    )
    result = run_import()
    assert result.organisations.rejected == 1
    assert "already stands for another territory" in " ".join(result.organisations.notes)
    taken.refresh_from_db()
    assert (taken.name, taken.territory) == ("Poitiers ?", other)
    assert not Organisation.objects.filter(territory__code="86194").exists()
