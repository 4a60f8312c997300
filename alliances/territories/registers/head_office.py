"""Head offices from the SIRENE stock file of establishments (StockEtablissement).

Only rows with `etablissementSiege` true matter: they give the address, the commune and the
SIRET of a legal unit imported before from StockUniteLegale. They update that organisation
(found by SIREN) and never create one. The file is read in a second pass, on its own, so
memory stays flat however many establishments there are and the two files need no common
order. A sole trader's street address is often a home: it stays in `imported`, only the
postal code and the town are shown.
"""

import json
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.organisations.models import Organisation, Source
from alliances.territories.models import ImportSource
from alliances.territories.registers.communes import CommuneIndex
from alliances.territories.registers.engine import MissingColumns
from alliances.territories.registers.rows import Row, WriteResult
from alliances.territories.registers.store import held_warning
from alliances.territories.registers.values import (
    JSON,
    BadValue,
    clip,
    commune_code_or_empty,
    fingerprint,
    siret_or_error,
    street_address,
)

ESTABLISHMENT_COLUMNS = [
    "siren",
    "nic",
    "siret",
    "statutDiffusionEtablissement",
    "dateCreationEtablissement",
    "trancheEffectifsEtablissement",
    "anneeEffectifsEtablissement",
    "activitePrincipaleRegistreMetiersEtablissement",
    "dateDernierTraitementEtablissement",
    "etablissementSiege",
    "nombrePeriodesEtablissement",
    "complementAdresseEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "dernierNumeroVoieEtablissement",
    "indiceRepetitionDernierNumeroVoieEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "libelleCommuneEtrangerEtablissement",
    "distributionSpecialeEtablissement",
    "codeCommuneEtablissement",
    "codeCedexEtablissement",
    "libelleCedexEtablissement",
    "codePaysEtrangerEtablissement",
    "libellePaysEtrangerEtablissement",
    "identifiantAdresseEtablissement",
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "complementAdresse2Etablissement",
    "numeroVoie2Etablissement",
    "indiceRepetition2Etablissement",
    "typeVoie2Etablissement",
    "libelleVoie2Etablissement",
    "codePostal2Etablissement",
    "libelleCommune2Etablissement",
    "libelleCommuneEtranger2Etablissement",
    "distributionSpeciale2Etablissement",
    "codeCommune2Etablissement",
    "codeCedex2Etablissement",
    "libelleCedex2Etablissement",
    "codePaysEtranger2Etablissement",
    "libellePaysEtranger2Etablissement",
    "dateDebut",
    "etatAdministratifEtablissement",
    "enseigne1Etablissement",
    "enseigne2Etablissement",
    "enseigne3Etablissement",
    "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
]
REQUIRED = ("siren", "siret", "etablissementSiege", "codeCommuneEtablissement")
ADDRESS_COLUMNS = (
    "complementAdresseEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "distributionSpecialeEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "codeCommuneEtablissement",
    "codeCedexEtablissement",
    "libelleCedexEtablissement",
    "etatAdministratifEtablissement",
)
NAMESPACE = "sirene_head_office"
GROUPS = {
    "address": ("address",),
    "postal_code": ("postal_code",),
    "city": ("city",),
    "commune_code": ("commune_code", "commune_id"),
    "siret": ("siret",),
}
STAGED = (
    "siren",
    "siret",
    "address",
    "postal_code",
    "city",
    "commune_code",
    "commune_id",
    "registry_hash",
    "imported",
)


class HeadOfficeParser:
    source = ImportSource.SIRENE
    delimiter = ","
    unique_columns = ("siret",)

    def __init__(self) -> None:
        self.communes = CommuneIndex()
        self.others = 0

    def bind(self, header: list[str]) -> None:
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise MissingColumns(missing)
        self.width = len(header)
        self.index = {name: i for i, name in enumerate(header)}
        self.head = self.index["etablissementSiege"]

    def writer(self, *, generic: bool):
        from django.db import connection

        if connection.vendor == "postgresql" and not generic:
            from alliances.territories.registers.head_office_pg import PostgresHeadOfficeWriter

            return PostgresHeadOfficeWriter()
        return GenericHeadOfficeWriter()

    def notes(self) -> list[str]:
        return [_("%(count)s establishments are not head offices.") % {"count": self.others}]

    def _get(self, fields: list[str], name: str) -> str:
        index = self.index.get(name)
        if index is None:
            return ""
        value = fields[index].strip()
        # [ND]: not diffusible, as good as empty.
        return "" if value == "[ND]" else value

    def parse(self, fields: list[str]) -> Row | None:
        if len(fields) != self.width:
            raise BadValue(
                _("wrong number of columns: %(found)s instead of %(expected)s")
                % {"found": len(fields), "expected": self.width}
            )
        if fields[self.head].strip().lower() != "true":
            self.others += 1
            return None
        get = self._get
        siret = siret_or_error(get(fields, "siret"))
        siren = get(fields, "siren")
        if siret[:9] != siren:
            raise BadValue(
                _("SIRET %(siret)s does not belong to SIREN %(siren)s")
                % {"siret": siret, "siren": siren}
            )
        raw_commune = get(fields, "codeCommuneEtablissement")
        commune_code = commune_code_or_empty(raw_commune)
        warnings = []
        if raw_commune and not commune_code:
            warnings.append(
                _("bad commune code %(value)s: imported without it") % {"value": raw_commune}
            )
        commune_id, commune_name = self.communes.find(commune_code)
        street = street_address(
            number=get(fields, "numeroVoieEtablissement"),
            repetition=get(fields, "indiceRepetitionEtablissement"),
            street_type=get(fields, "typeVoieEtablissement"),
            street=get(fields, "libelleVoieEtablissement"),
        )
        parts = (
            get(fields, "complementAdresseEtablissement"),
            street,
            get(fields, "distributionSpecialeEtablissement"),
        )
        imported = {name: value for name in ADDRESS_COLUMNS if (value := get(fields, name))}
        imported["siret"] = siret
        values = {
            "siren": siren,
            "siret": siret,
            "address": clip(", ".join(part for part in parts if part), 255),
            "postal_code": clip(get(fields, "codePostalEtablissement"), 10),
            "city": clip(commune_name or get(fields, "libelleCommuneEtablissement"), 120),
            "commune_code": commune_code,
            "commune_id": commune_id,
        }
        digest = fingerprint(*values.values(), *imported.values())
        imported["hash"] = digest
        values["registry_hash"] = digest
        values["imported"] = JSON.encode({NAMESPACE: imported})
        return Row(line=0, key=siren, values=values, warnings=warnings)


def head_office_name(*, public_name: str | None, city: str) -> str | None:
    if not public_name:
        return None
    return f"{public_name} – {city}" if city else public_name


class GenericHeadOfficeWriter:
    def close(self) -> None:
        """Nothing to release: the ORM path holds no temporary table."""

    def write(self, rows: list[Row], *, waiting: Callable[[], None] = lambda: None) -> WriteResult:
        waiting()
        result = WriteResult()
        found = {
            item["siren"]: item
            for item in Organisation.objects.filter(
                siren__in=[row.key for row in rows], source__in=(Source.SIRENE, Source.MEMBER)
            ).values("id", "siren", "source", "edited_fields", "imported", "is_legal_person")
        }
        holders = dict(
            Organisation.objects.filter(
                siret__in={row.values["siret"] for row in rows}
            ).values_list("siret", "siren")
        )
        for row in rows:
            values = row.values
            current = found.get(row.key)
            if current is None:
                result.missing += 1
                continue
            imported = current["imported"] or {}
            if (imported.get(NAMESPACE) or {}).get("hash") == values["registry_hash"]:
                result.unchanged += 1
                continue
            if holders.get(values["siret"], row.key) != row.key:
                values["siret"] = ""
                result.warnings.append((row.line, held_warning(("siret",))))
            if current["source"] == Source.MEMBER:
                protected = set(GROUPS) | {"name"}
            else:
                protected = set(current["edited_fields"] or [])
            fields = {
                column: values[column]
                for group, columns in GROUPS.items()
                if group not in protected
                for column in columns
            }
            if not values["siret"]:
                fields.pop("siret", None)
            if "address" in fields and not current["is_legal_person"]:
                fields["address"] = ""
            if "name" not in protected and not current["is_legal_person"]:
                name = head_office_name(
                    public_name=(imported.get("sirene") or {}).get("public_name"),
                    city=values["city"],
                )
                if name:
                    fields["name"] = name
            fields["imported"] = {**imported, **json.loads(values["imported"])}
            fields["updated_at"] = timezone.now()
            Organisation.objects.filter(pk=current["id"]).update(**fields)
            result.updated += 1
        return result
