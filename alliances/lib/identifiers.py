"""French legal identifiers: SIREN, SIRET (through python-stdnum), RNA and INSEE codes."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

_RNA = re.compile(r"^W[0-9A-Z][0-9]{8}$")
# Communes: 2 digits (or 2A/2B for Corsica) then 3 digits; overseas: 97x then 2 digits.
_INSEE_COMMUNE = re.compile(r"^(?:[0-9]{2}|2A|2B)[0-9]{3}$")


def _compact(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "").upper()


def normalise_siren(value: str) -> str:
    """Return the 9-digit SIREN or raise ValidationError with a readable message."""
    compact = _compact(value)
    try:
        return stdnum_siren.validate(compact)
    except stdnum_exceptions.InvalidLength as exc:
        raise ValidationError(_("A SIREN number has 9 digits."), code="siren_length") from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(
            _("This SIREN number is not valid (check the digits)."), code="siren_invalid"
        ) from exc


def normalise_siret(value: str) -> str:
    compact = _compact(value)
    try:
        return stdnum_siret.validate(compact)
    except stdnum_exceptions.InvalidLength as exc:
        raise ValidationError(_("A SIRET number has 14 digits."), code="siret_length") from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(
            _("This SIRET number is not valid (check the digits)."), code="siret_invalid"
        ) from exc


def normalise_rna(value: str) -> str:
    """RNA number of an association: W then 9 characters (digits; the 2nd may be a letter)."""
    compact = _compact(value)
    if not _RNA.match(compact):
        raise ValidationError(
            _("An RNA number is the letter W followed by 9 digits, for example W751234567."),
            code="rna_invalid",
        )
    return compact


def normalise_insee_commune(value: str) -> str:
    compact = _compact(value)
    if not _INSEE_COMMUNE.match(compact):
        raise ValidationError(
            _("An INSEE commune code has 5 characters, for example 86194 or 2A004."),
            code="insee_invalid",
        )
    return compact


def siren_of_siret(siret: str) -> str:
    return siret[:9]
