"""Small register files written by the tests, row by row, in the published layouts."""

import csv
import json
from pathlib import Path

import pytest
from django.db import connection

from alliances.territories.registers.engine import report_paths
from alliances.territories.registers.rna import IMPORT_COLUMNS, WALDEC_COLUMNS

# PostgreSQL has two write paths (set-based, and the portable one); other databases one.
# Tests taking a `generic` argument run on each (True: the portable ORM path).
both_paths = pytest.mark.parametrize(
    "generic",
    [False, True] if connection.vendor == "postgresql" else [True],
    ids=(lambda generic: "portable" if generic else "set-based"),
)


@pytest.fixture
def var_dir(settings, tmp_path) -> Path:
    """Default report files go under VAR_DIR: keep them out of the working tree."""
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def read_rejects(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def read_summary(rejects: Path) -> dict:
    _rejects, summary = report_paths("", rejects, rejects)
    return json.loads(summary.read_text())


WALDEC_ROW = {
    "id": "W863000123",
    "id_ex": "",
    "siret": "",
    "rup_mi": "",
    "gestion": "863P",
    "date_creat": "2012-03-04",
    "date_decla": "2012-03-10",
    "date_publi": "2012-03-24",
    "date_disso": "0001-01-01",
    "nature": "D",
    "groupement": "S",
    "titre": "LES JARDINS PARTAGÉS DU CLAIN",
    "titre_court": "JARDINS DU CLAIN",
    "objet": "créer et animer des jardins partagés; sensibiliser à l'écologie",
    "objet_social1": "024000",
    "objet_social2": "015000",
    "adrs_complement": "",
    "adrs_numvoie": "12",
    "adrs_repetition": "B",
    "adrs_typevoie": "RUE",
    "adrs_libvoie": "des Écoles",
    "adrs_distrib": "_",
    "adrs_codeinsee": "86194",
    "adrs_codepostal": "86000",
    "adrs_libcommune": "Poitiers",
    "adrg_declarant": "Jeanne Martin",
    "adrg_complemid": "",
    "adrg_complemgeo": "",
    "adrg_libvoie": "3 rue Carnot",
    "adrg_distrib": "",
    "adrg_codepostal": "86000",
    "adrg_achemine": "POITIERS",
    "adrg_pays": "FRANCE",
    "dir_civilite": "PF",
    "telephone": "0549000000",
    "siteweb": "www.jardins-clain.fr",
    "email": "contact@jardins-clain.fr",
    "publiweb": "1",
    "observation": "",
    "position": "A",
    "maj_time": "2020-05-06 10:11:12",
}

IMPORT_ROW = {
    "id": "W863000456",
    "id_ex": "863P00012345",
    "siret": "",
    "gestion": "863P",
    "date_creat": "1987-06-01",
    "date_publi": "1987-06-20",
    "nature": "D",
    "groupement": "S",
    "titre": "AMICALE BOULISTE DE POITIERS",
    "objet": "pratique de la pétanque",
    "objet_social1": "011000",
    "objet_social2": "000000",
    "adr1": "Mairie",
    "adr2": "place du Maréchal Leclerc",
    "adr3": "",
    "adrs_codepostal": "86000",
    "libcom": "POITIERS",
    "adrs_codeinsee": "86194",
    "dir_civilite": "PM",
    "telephone": "",
    "siteweb": "",
    "email": "",
    "observation": "",
    "position": "A",
    "rup_mi": "",
    "maj_time": "2009-01-02 03:04:05",
}


def _quote(value: str) -> str:
    if any(char in value for char in ';"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def rna_line(layout: str = "waldec", **changes: str) -> str:
    row = {**(WALDEC_ROW if layout == "waldec" else IMPORT_ROW), **changes}
    columns = WALDEC_COLUMNS if layout == "waldec" else IMPORT_COLUMNS
    return ";".join(_quote(row[name]) for name in columns)


def write_rna(
    path: Path,
    lines: list[str | bytes],
    *,
    layout: str = "waldec",
    encoding: str = "utf-8",
    header: list[str] | None = None,
) -> Path:
    columns = header or (WALDEC_COLUMNS if layout == "waldec" else IMPORT_COLUMNS)
    data = bytearray((";".join(columns) + "\n").encode(encoding))
    for line in lines:
        data += line if isinstance(line, bytes) else (line + "\n").encode(encoding)
    path.write_bytes(bytes(data))
    return path


UNIT_ROW = {
    "siren": "732829320",
    "statutDiffusionUniteLegale": "O",
    "dateCreationUniteLegale": "1994-05-01",
    "trancheEffectifsUniteLegale": "11",
    "anneeEffectifsUniteLegale": "2022",
    "dateDernierTraitementUniteLegale": "2024-03-01T10:20:30",
    "nombrePeriodesUniteLegale": "3",
    "categorieEntrepriseUniteLegale": "PME",
    "anneeCategorieEntrepriseUniteLegale": "2022",
    "dateDebut": "2008-01-01",
    "etatAdministratifUniteLegale": "A",
    "denominationUniteLegale": "SCOP LES ATELIERS DU CLAIN",
    "categorieJuridiqueUniteLegale": "5458",
    "activitePrincipaleUniteLegale": "43.32A",
    "nomenclatureActivitePrincipaleUniteLegale": "NAFRev2",
    "nicSiegeUniteLegale": "00074",
    "economieSocialeSolidaireUniteLegale": "O",
    "caractereEmployeurUniteLegale": "O",
}

SOLE_TRADER = {
    **UNIT_ROW,
    "siren": "356000000",
    "sexeUniteLegale": "F",
    "prenom1UniteLegale": "Jeanne",
    "prenomUsuelUniteLegale": "Jeanne",
    "nomUniteLegale": "MARTIN",
    "denominationUniteLegale": "",
    "categorieJuridiqueUniteLegale": "1000",
    "activitePrincipaleUniteLegale": "62.01Z",
    "nicSiegeUniteLegale": "",
    "economieSocialeSolidaireUniteLegale": "N",
}

SITE_ROW = {
    "siren": "732829320",
    "nic": "00074",
    "siret": "73282932000074",
    "statutDiffusionEtablissement": "O",
    "etablissementSiege": "true",
    "numeroVoieEtablissement": "12",
    "indiceRepetitionEtablissement": "",
    "typeVoieEtablissement": "AV",
    "libelleVoieEtablissement": "DE LA LIBERATION",
    "codePostalEtablissement": "86000",
    "libelleCommuneEtablissement": "POITIERS",
    "codeCommuneEtablissement": "86194",
    "etatAdministratifEtablissement": "A",
}


def write_csv(path: Path, columns: list[str], rows: list[dict | str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            if isinstance(row, str):
                handle.write(row + "\n")
            else:
                writer.writerow([row.get(name, "") for name in columns])
    return path
