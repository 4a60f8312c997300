import lzma

import pytest

from alliances.territories import datafrance
from alliances.territories.datafrance import DataFileError, parse_opening_hours, read_dataset
from alliances.territories.tests import datafiles


def communes_by_code(data):
    return {commune.code: commune for commune in data.communes.values()}


def test_reads_regions_departements_epci_and_only_real_communes(tmp_path):
    data = read_dataset(datafiles.write(tmp_path))
    assert {r.code for r in data.regions.values()} == {"75", "84"}
    assert {d.code for d in data.departements.values()} == {"86", "33", "69"}
    assert data.epcis["539"].code == "200069854"
    assert data.epcis["539"].category == "CU"
    # Delegated communes and arrondissements are not communes of their own.
    assert set(communes_by_code(data)) == {"86194", "86062", "86041", "86209", "33063", "69123"}


def test_commune_values(tmp_path):
    poitiers = communes_by_code(read_dataset(datafiles.write(tmp_path)))["86194"]
    assert poitiers.name == "Poitiers"
    assert poitiers.complement == "de Poitiers"
    assert poitiers.population == 88291
    assert (poitiers.latitude, poitiers.longitude) == (46.5802, 0.3408)
    assert poitiers.address == "15 place du Maréchal-Leclerc\n86000 Poitiers"
    assert poitiers.hours == datafiles.WEEKDAYS_HOURS
    assert poitiers.postal_codes == ["86000"]
    assert poitiers.town_hall_misplaced is False


def test_names_get_their_article(tmp_path):
    roches = communes_by_code(read_dataset(datafiles.write(tmp_path)))["86209"]
    assert roches.name == "Les Roches-Prémarie-Andillé"
    assert roches.complement == "des Roches-Prémarie-Andillé"
    assert datafrance.complement("Vienne", "3") == "de la Vienne"
    assert datafrance.complement("Ain", "5") == "de l'Ain"


def test_point_falls_back_on_the_outline(tmp_path):
    communes = communes_by_code(read_dataset(datafiles.write(tmp_path)))
    # No town hall position, a town hall at (0, 0), a town hall 400 km away.
    for code, (lat, lon) in {
        "86062": (46.65, 0.37),
        "86041": (46.60, 0.36),
        "86209": (46.48, 0.38),
    }.items():
        assert (communes[code].latitude, communes[code].longitude) == pytest.approx((lat, lon))
    assert communes["86209"].town_hall_misplaced is True
    assert communes["86041"].town_hall_misplaced is False


def test_postal_codes_of_arrondissements_go_to_their_commune(tmp_path):
    communes = communes_by_code(read_dataset(datafiles.write(tmp_path)))
    assert communes["69123"].postal_codes == ["69001"]
    assert communes["33063"].postal_codes == ["33000", "33800"]


def test_malformed_rows_are_reported_not_fatal(tmp_path):
    broken_row = 'X1,12345,COM,"Too few values"\n'
    data = read_dataset(datafiles.write(tmp_path, communes=broken_row))
    reasons = [str(problem) for problem in data.problems]
    assert any("XYZ" in reason and "valid code" in reason for reason in reasons)
    assert any("4 values where the header has 19" in reason for reason in reasons)
    assert any("86041" in reason and "not JSON" in reason for reason in reasons)
    rejected = [problem for problem in data.problems if problem.rejected]
    assert len(rejected) == 1  # the bad code; the short row is skipped as unreadable
    assert "86041" in communes_by_code(data)  # bad hours lose only the hours
    assert communes_by_code(data)["86041"].hours == []


def test_bad_population_and_geometry_lose_only_that_value(tmp_path):
    rows = datafiles.rows()
    rows["communes"][0]["population_municipale"] = "beaucoup"
    rows["communes"][0]["geometry"] = "0106000000"
    rows["communes"][0]["mairie_localisation"] = "\\N"
    data = read_dataset(datafiles.write(tmp_path, rows))
    poitiers = communes_by_code(data)["86194"]
    assert poitiers.population is None
    assert poitiers.latitude is None
    reasons = " ".join(str(problem) for problem in data.problems)
    assert "population 'beaucoup' is not a number" in reasons
    assert "86194: bad geometry" in reasons


def test_missing_file_or_column_or_corrupt_file_raise_data_file_error(tmp_path):
    directory = datafiles.write(tmp_path)
    (directory / "epci.csv.lzma").unlink()
    with pytest.raises(DataFileError, match="not found"):
        read_dataset(directory)
    with lzma.open(directory / "epci.csv.lzma", "wt") as f:
        f.write("id,code,nom\n1,200069854,Grand Poitiers\n")
    with pytest.raises(DataFileError, match="missing columns type"):
        read_dataset(directory)
    (directory / "epci.csv.lzma").write_bytes(b"not lzma at all")
    with pytest.raises(DataFileError, match="cannot be read"):
        read_dataset(directory)


def test_opening_hours_are_checked():
    assert parse_opening_hours("") == []
    assert parse_opening_hours('[["lundi","",[["09:00:00","12:00:00"]]]]') == [
        ["lundi", "lundi", [["09:00:00", "12:00:00"]]]
    ]
    for raw in ('{"lundi": 1}', '[["lundi","vendredi"]]', '[["monday","friday",[]]]',
                '[["lundi","mardi",[["9h","12h"]]]]', "[["):  # fmt: skip
        with pytest.raises(ValueError):
            parse_opening_hours(raw)


def test_departement_codes_come_from_their_file_alone(tmp_path):
    assert datafrance.departement_codes(datafiles.write(tmp_path)) == {"86", "33", "69"}
