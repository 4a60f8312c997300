"""Associations from the RNA open-data exports (répertoire national des associations).

Two layouts are published: "waldec" (associations with an RNA number, 41 columns) and the
older "import" (associations not updated since 2009, 26 columns). Both are `;`-separated,
quoted with `"`, in UTF-8 or Windows-1252, with 0001-01-01 for unknown dates.

What a row becomes:
- an organisation of kind association, keyed by its RNA number (`id`);
- `position` A (active) or R keeps it active; D (dissolved) and S (deleted) make it inactive;
- `objet_social1/2`, codes of the national nomenclature, give causes (see `causes`);
- a valid SIRET fills `siret` and `siren`, unless another organisation holds them;
- what the register says is kept in `imported["rna"]`, except the personal data of the
  declarant (`adrg_*`, `dir_civilite`) and the prefecture's free notes (`observation`).
"""

from pathlib import Path

from django.utils.translation import gettext as _

from alliances.organisations.models import Kind, Source
from alliances.territories.models import ImportSource
from alliances.territories.registers.causes import CauseResolver
from alliances.territories.registers.communes import CommuneIndex
from alliances.territories.registers.engine import ImportOptions, MissingColumns, import_file
from alliances.territories.registers.rows import Row
from alliances.territories.registers.store import Target, make_writer
from alliances.territories.registers.values import (
    JSON,
    RNA_NUMBER,
    BadValue,
    clip,
    commune_code_or_empty,
    email_or_empty,
    fingerprint,
    register_date,
    register_time,
    siret_or_error,
    street_address,
    website_or_empty,
)
from alliances.territories.summary import ImportSummary

WALDEC_COLUMNS = [
    "id",
    "id_ex",
    "siret",
    "rup_mi",
    "gestion",
    "date_creat",
    "date_decla",
    "date_publi",
    "date_disso",
    "nature",
    "groupement",
    "titre",
    "titre_court",
    "objet",
    "objet_social1",
    "objet_social2",
    "adrs_complement",
    "adrs_numvoie",
    "adrs_repetition",
    "adrs_typevoie",
    "adrs_libvoie",
    "adrs_distrib",
    "adrs_codeinsee",
    "adrs_codepostal",
    "adrs_libcommune",
    "adrg_declarant",
    "adrg_complemid",
    "adrg_complemgeo",
    "adrg_libvoie",
    "adrg_distrib",
    "adrg_codepostal",
    "adrg_achemine",
    "adrg_pays",
    "dir_civilite",
    "telephone",
    "siteweb",
    "email",
    "publiweb",
    "observation",
    "position",
    "maj_time",
]
IMPORT_COLUMNS = [
    "id",
    "id_ex",
    "siret",
    "gestion",
    "date_creat",
    "date_publi",
    "nature",
    "groupement",
    "titre",
    "objet",
    "objet_social1",
    "objet_social2",
    "adr1",
    "adr2",
    "adr3",
    "adrs_codepostal",
    "libcom",
    "adrs_codeinsee",
    "dir_civilite",
    "telephone",
    "siteweb",
    "email",
    "observation",
    "position",
    "rup_mi",
    "maj_time",
]
LAYOUTS = {"waldec": WALDEC_COLUMNS, "import": IMPORT_COLUMNS}

_COMMON_REQUIRED = (
    "id",
    "titre",
    "objet",
    "objet_social1",
    "date_creat",
    "adrs_codeinsee",
    "adrs_codepostal",
    "position",
    "maj_time",
)
REQUIRED = {
    "waldec": (*_COMMON_REQUIRED, "adrs_libvoie", "adrs_libcommune"),
    "import": (*_COMMON_REQUIRED, "adr1", "libcom"),
}
_PRIVATE = {
    "adrg_declarant",
    "adrg_complemid",
    "adrg_complemgeo",
    "adrg_libvoie",
    "adrg_distrib",
    "adrg_codepostal",
    "adrg_achemine",
    "adrg_pays",
    "dir_civilite",
    "observation",
}
# Bump when the mapping of rows to organisations changes: the next import rewrites them all.
VERSION = "rna-1"
ACTIVE_POSITIONS = {"A": True, "R": True, "D": False, "S": False}

TARGET = Target(
    source=Source.RNA,
    key="rna",
    columns=(
        "rna",
        "kind",
        "siren",
        "siret",
        "name",
        "address",
        "postal_code",
        "commune_code",
        "commune_id",
        "city",
        "website",
        "email",
        "phone",
        "mission",
        "is_active",
        "registered_on",
        "dissolved_on",
        "registry_updated_at",
        "registry_hash",
        "imported",
    ),
    groups={
        "name": ("name",),
        "address": ("address",),
        "postal_code": ("postal_code",),
        "commune_code": ("commune_code", "commune_id"),
        "city": ("city",),
        "website": ("website",),
        "email": ("email",),
        "phone": ("phone",),
        "mission": ("mission",),
        "siret": ("siret", "siren"),
    },
    held=("siren", "siret"),
    causes=True,
)


def detect_layout(header: list[str]) -> str:
    names = set(header)
    return max(LAYOUTS, key=lambda layout: (len(names & set(LAYOUTS[layout])), layout == "waldec"))


class RnaParser:
    source = ImportSource.RNA
    target = TARGET
    delimiter = ";"
    unique_columns = ("siret", "siren")

    def __init__(self) -> None:
        self.communes = CommuneIndex()
        self.causes = CauseResolver()
        self.layout = ""

    def bind(self, header: list[str]) -> None:
        header = [name.lower() for name in header]
        self.layout = detect_layout(header)
        missing = [name for name in REQUIRED[self.layout] if name not in header]
        if missing:
            raise MissingColumns(missing)
        self.width = len(header)
        position = {name: index for index, name in enumerate(header)}
        # Columns a layout lacks read as the empty value `parse` appends to each row.
        names = {*WALDEC_COLUMNS, *IMPORT_COLUMNS}
        self.at = {name: position.get(name, self.width) for name in names}
        self.kept = [(name, i) for name, i in position.items() if name not in _PRIVATE]

    def writer(self, *, generic: bool):
        return make_writer(TARGET, generic=generic)

    def notes(self) -> list[str]:
        return [_("RNA layout: %(layout)s.") % {"layout": self.layout}]

    def parse(self, fields: list[str]) -> Row:
        if len(fields) != self.width:
            raise BadValue(
                _("wrong number of columns: %(found)s instead of %(expected)s")
                % {"found": len(fields), "expected": self.width}
            )
        f = [value.strip() for value in fields]
        f.append("")
        at = self.at
        rna = f[at["id"]].upper()
        if not RNA_NUMBER.fullmatch(rna):
            raise BadValue(_("bad RNA number: %(value)s") % {"value": rna or "(empty)"})
        title = f[at["titre"]]
        if not title:
            raise BadValue(_("missing title"))
        position = f[at["position"]].upper()
        is_active = ACTIVE_POSITIONS.get(position)
        if is_active is None:
            raise BadValue(_("unknown position code: %(value)s") % {"value": position or "(empty)"})
        registered_on = register_date(f[at["date_creat"]], "date_creat")
        dissolved_on = register_date(f[at["date_disso"]], "date_disso")
        for name in ("date_decla", "date_publi"):
            register_date(f[at[name]], name)
        updated_at = register_time(f[at["maj_time"]], "maj_time")
        warnings = []
        siret = siren = ""
        raw_siret = f[at["siret"]]
        if raw_siret:
            try:
                siret = siret_or_error(raw_siret)
                siren = siret[:9]
            except BadValue as exc:
                warnings.append(_("%(problem)s: imported without it") % {"problem": exc})
        raw_commune = f[at["adrs_codeinsee"]]
        commune_code = commune_code_or_empty(raw_commune)
        if raw_commune and not commune_code:
            warnings.append(
                _("bad commune code %(value)s: imported without it") % {"value": raw_commune}
            )
        commune_id, commune_name = self.communes.find(commune_code)
        if self.layout == "waldec":
            street = street_address(
                number=f[at["adrs_numvoie"]],
                repetition=f[at["adrs_repetition"]],
                street_type=f[at["adrs_typevoie"]],
                street=f[at["adrs_libvoie"]],
            )
            parts = (f[at["adrs_complement"]], street, f[at["adrs_distrib"]])
            city = f[at["adrs_libcommune"]]
        else:
            parts = (f[at["adr1"]], f[at["adr2"]], f[at["adr3"]])
            city = f[at["libcom"]]
        address = ", ".join(part for part in parts if part and part != "_")
        imported = {name: f[i] for name, i in self.kept if f[i]}
        imported["layout"] = self.layout
        imported_text = JSON.encode({"rna": imported})
        cause_ids = self.causes(f[at["objet_social1"]], f[at["objet_social2"]])
        values = {
            "rna": rna,
            "kind": Kind.ASSOCIATION,
            "siren": siren,
            "siret": siret,
            "name": clip(title, 200),
            "address": clip(address, 255),
            "postal_code": clip(f[at["adrs_codepostal"]], 10),
            "commune_code": commune_code,
            "commune_id": commune_id,
            "city": clip(commune_name or city, 120),
            "website": website_or_empty(f[at["siteweb"]]),
            "email": email_or_empty(f[at["email"]]),
            "phone": clip(f[at["telephone"]], 30),
            "mission": clip(f[at["objet"]], 5000),
            "is_active": is_active,
            "registered_on": registered_on,
            "dissolved_on": dissolved_on,
            "registry_updated_at": updated_at,
            "imported": imported_text,
            # Every written value derives from the raw row, the commune found and the causes
            # mapped: once the territories are loaded, the next import links the communes.
            "registry_hash": fingerprint(VERSION, imported_text, commune_id, cause_ids),
        }
        return Row(line=0, key=rna, values=values, cause_ids=cause_ids, warnings=warnings)


def rna_import(
    *,
    path: Path,
    rejects: Path | None = None,
    restart: bool = False,
    batch_size: int = 10_000,
    stream=None,
    on_batch=None,
    generic: bool = False,
) -> ImportSummary:
    """Import one RNA export (either layout). `generic` forces the portable ORM path."""
    options = ImportOptions(
        rejects=Path(rejects) if rejects else None,
        restart=restart,
        batch_size=batch_size,
        stream=stream,
        on_batch=on_batch,
        generic=generic,
    )
    return import_file(path=Path(path), parser=RnaParser(), options=options)
