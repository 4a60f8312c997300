"""Companies from the SIRENE stock file of legal units (StockUniteLegale, INSEE).

What a row becomes, by legal category (`categorieJuridiqueUniteLegale`):
- 1000 (sole trader) and 2xxx (groupings without legal personality): a company with
  `is_legal_person=False`. A person's name is never put in `name`, which becomes a neutral
  "Entreprise individuelle (62.01Z)", followed by the town once the head office is known; the
  names stay in `imported` only. Partially diffusible units (`statutDiffusionUniteLegale` P)
  are treated the same way whatever their category;
- 4xxx (public bodies under commercial law): state agency; 93xx: foundation; other
  private-law units (3xxx, 5xxx, 6xxx, 8xxx, 99xx): company;
- 7xxx (State, local authorities, public administrations: the territories import covers
  them), 91xx (co-owners' unions) and 92xx (associations: the RNA is their register) are
  skipped, and counted in the summary.
`etatAdministratifUniteLegale` C (closed) makes the organisation inactive;
`economieSocialeSolidaireUniteLegale` O flags the social and solidarity economy; `[ND]`
(non-diffusible) is read as empty.
"""

from collections import Counter
from pathlib import Path

from django.utils.translation import gettext as _

from alliances.organisations.models import Kind, Source
from alliances.territories.models import ImportSource
from alliances.territories.registers.engine import ImportOptions, MissingColumns, import_file
from alliances.territories.registers.head_office import HeadOfficeParser
from alliances.territories.registers.rows import Row
from alliances.territories.registers.store import Target, make_writer
from alliances.territories.registers.values import (
    JSON,
    BadValue,
    clip,
    fingerprint,
    register_date,
    register_time,
    siren_or_error,
    siret_or_error,
)
from alliances.territories.summary import ImportSummary

UNIT_COLUMNS = [
    "siren",
    "statutDiffusionUniteLegale",
    "unitePurgeeUniteLegale",
    "dateCreationUniteLegale",
    "sigleUniteLegale",
    "sexeUniteLegale",
    "prenom1UniteLegale",
    "prenom2UniteLegale",
    "prenom3UniteLegale",
    "prenom4UniteLegale",
    "prenomUsuelUniteLegale",
    "pseudonymeUniteLegale",
    "identifiantAssociationUniteLegale",
    "trancheEffectifsUniteLegale",
    "anneeEffectifsUniteLegale",
    "dateDernierTraitementUniteLegale",
    "nombrePeriodesUniteLegale",
    "categorieEntrepriseUniteLegale",
    "anneeCategorieEntrepriseUniteLegale",
    "dateDebut",
    "etatAdministratifUniteLegale",
    "nomUniteLegale",
    "nomUsageUniteLegale",
    "denominationUniteLegale",
    "denominationUsuelle1UniteLegale",
    "denominationUsuelle2UniteLegale",
    "denominationUsuelle3UniteLegale",
    "categorieJuridiqueUniteLegale",
    "activitePrincipaleUniteLegale",
    "nomenclatureActivitePrincipaleUniteLegale",
    "nicSiegeUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "societeMissionUniteLegale",
    "caractereEmployeurUniteLegale",
]
REQUIRED = (
    "siren",
    "denominationUniteLegale",
    "nomUniteLegale",
    "prenomUsuelUniteLegale",
    "activitePrincipaleUniteLegale",
    "trancheEffectifsUniteLegale",
    "categorieEntrepriseUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "etatAdministratifUniteLegale",
    "dateCreationUniteLegale",
    "categorieJuridiqueUniteLegale",
)
# Not kept even in `imported`: a person's sex and extra given names serve no purpose here.
_PRIVATE = {"sexeUniteLegale", "prenom2UniteLegale", "prenom3UniteLegale", "prenom4UniteLegale"}
PERSON_NAMES = (
    "nomUniteLegale",
    "nomUsageUniteLegale",
    "prenom1UniteLegale",
    "prenomUsuelUniteLegale",
    "pseudonymeUniteLegale",
)
EMPLOYEE_BANDS = {
    "NN",
    "00",
    "01",
    "02",
    "03",
    "11",
    "12",
    "21",
    "22",
    "31",
    "32",
    "41",
    "42",
    "51",
    "52",
    "53",
}
COMPANY_CATEGORIES = {"PME", "ETI", "GE"}
NOT_DIFFUSED = "[ND]"
# Bump when the mapping of rows to organisations changes: the next import rewrites them all.
VERSION = "sirene-1"
SKIPPED_CATEGORIES = {
    "7": "public bodies (7xxx)",
    "91": "co-owners' unions (91xx)",
    "92": "associations (92xx, imported from the RNA)",
}

TARGET = Target(
    source=Source.SIRENE,
    key="siren",
    columns=(
        "siren",
        "kind",
        "siret",
        "name",
        "naf_code",
        "employee_band",
        "company_category",
        "is_social_economy",
        "is_legal_person",
        "is_active",
        "registered_on",
        "dissolved_on",
        "registry_updated_at",
        "registry_hash",
        "imported",
    ),
    groups={"name": ("name",), "siret": ("siret",)},
    held=("siret",),
    name_with_city=True,
)


def kind_of_category(category: str) -> str:
    if category.startswith("4"):
        return Kind.STATE_AGENCY
    if category.startswith("93"):
        return Kind.FOUNDATION
    return Kind.COMPANY


def neutral_name(*, category: str, naf_code: str) -> str:
    # Stored data in the registers' language, like the names it stands for.
    label = "Entreprise individuelle" if category == "1000" else "Entreprise"
    return f"{label} ({naf_code})" if naf_code else label


class UnitParser:
    source = ImportSource.SIRENE
    target = TARGET
    delimiter = ","
    unique_columns = ("siret",)

    def __init__(self) -> None:
        self.skipped: Counter[str] = Counter()

    def bind(self, header: list[str]) -> None:
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise MissingColumns(missing)
        self.width = len(header)
        position = {name: i for i, name in enumerate(header)}
        # Optional columns a file lacks read as the empty value `parse` appends to each row.
        self.at = {name: position.get(name, self.width) for name in UNIT_COLUMNS}
        self.kept = [(name, i) for name, i in position.items() if name not in _PRIVATE]

    def writer(self, *, generic: bool):
        return make_writer(TARGET, generic=generic)

    def notes(self) -> list[str]:
        return [
            _("Skipped %(count)s %(what)s.") % {"count": count, "what": SKIPPED_CATEGORIES[key]}
            for key, count in sorted(self.skipped.items())
        ]

    def parse(self, fields: list[str]) -> Row | None:
        if len(fields) != self.width:
            raise BadValue(
                _("wrong number of columns: %(found)s instead of %(expected)s")
                % {"found": len(fields), "expected": self.width}
            )
        # [ND]: not diffusible, as good as empty.
        f = ["" if (v := value.strip()) == NOT_DIFFUSED else v for value in fields]
        f.append("")
        at = self.at
        siren = siren_or_error(f[at["siren"]])
        category = f[at["categorieJuridiqueUniteLegale"]]
        if len(category) != 4 or not category.isdigit():
            raise BadValue(_("bad legal category: %(value)s") % {"value": category or "(empty)"})
        for prefix in SKIPPED_CATEGORIES:
            if category.startswith(prefix):
                self.skipped[prefix] += 1
                return None
        state = f[at["etatAdministratifUniteLegale"]]
        if state not in ("A", "C"):
            raise BadValue(_("unknown administrative state: %(value)s") % {"value": state})
        created = register_date(f[at["dateCreationUniteLegale"]], "dateCreationUniteLegale")
        period_start = register_date(f[at["dateDebut"]], "dateDebut")
        updated_at = register_time(
            f[at["dateDernierTraitementUniteLegale"]], "dateDernierTraitementUniteLegale"
        )
        naf_code = clip(f[at["activitePrincipaleUniteLegale"]], 6)
        partial = f[at["statutDiffusionUniteLegale"]] == "P"
        legal_person = not (partial or category[0] in "12")
        imported = {name: f[i] for name, i in self.kept if f[i]}
        if partial:
            # A person who asked not to be published: not even kept aside.
            for name in PERSON_NAMES:
                imported.pop(name, None)
        if legal_person:
            name = (
                f[at["denominationUniteLegale"]]
                or f[at["denominationUsuelle1UniteLegale"]]
                or f[at["sigleUniteLegale"]]
            )
            if not name:
                raise BadValue(_("missing name"))
        else:
            name = neutral_name(category=category, naf_code=naf_code)
            imported["public_name"] = name
        warnings = []
        siret = ""
        nic = f[at["nicSiegeUniteLegale"]]
        if nic:
            try:
                siret = siret_or_error(siren + nic)
            except BadValue as exc:
                warnings.append(_("%(problem)s: imported without it") % {"problem": exc})
        band = f[at["trancheEffectifsUniteLegale"]]
        size = f[at["categorieEntrepriseUniteLegale"]]
        imported_text = JSON.encode({"sirene": imported})
        values = {
            "siren": siren,
            "kind": kind_of_category(category),
            "siret": siret,
            "name": clip(name, 200),
            "naf_code": naf_code,
            "employee_band": band if band in EMPLOYEE_BANDS else "",
            "company_category": size if size in COMPANY_CATEGORIES else "",
            "is_social_economy": f[at["economieSocialeSolidaireUniteLegale"]] == "O",
            "is_legal_person": legal_person,
            "is_active": state == "A",
            "registered_on": created,
            "dissolved_on": period_start if state == "C" else None,
            "registry_updated_at": updated_at,
            "imported": imported_text,
            # Every written value derives from the raw row (and the code: see VERSION).
            "registry_hash": fingerprint(VERSION, imported_text),
        }
        return Row(line=0, key=siren, values=values, warnings=warnings)


def sirene_import(
    *,
    path: Path,
    etablissements: Path | None = None,
    rejects: Path | None = None,
    etablissements_rejects: Path | None = None,
    restart: bool = False,
    batch_size: int = 10_000,
    stream=None,
    on_batch=None,
    generic: bool = False,
) -> list[ImportSummary]:
    """Import a StockUniteLegale file, then the head offices of a StockEtablissement file
    (address and commune). Returns one summary per file."""
    options = ImportOptions(
        rejects=Path(rejects) if rejects else None,
        restart=restart,
        batch_size=batch_size,
        stream=stream,
        on_batch=on_batch,
        generic=generic,
    )
    summaries = [import_file(path=Path(path), parser=UnitParser(), options=options)]
    if etablissements is not None:
        options.rejects = Path(etablissements_rejects) if etablissements_rejects else None
        summaries.append(
            import_file(path=Path(etablissements), parser=HeadOfficeParser(), options=options)
        )
    return summaries
