"""Writes on organisation profiles: creation, profile and causes, resources, logo."""

import secrets
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from alliances.core.audit import audit_record
from alliances.core.models import Interface
from alliances.core.permissions import Role
from alliances.lib.identifiers import (
    normalise_insee_commune,
    normalise_rna,
    normalise_siren,
    normalise_siret,
    siren_of_siret,
)
from alliances.lib.images import logo_for_storage, validate_logo
from alliances.organisations.models import (
    IMPORTABLE_FIELDS,
    Cause,
    Kind,
    Membership,
    Organisation,
    OrganisationResource,
)
from alliances.organisations.selectors.profiles import identifier_clashes
from alliances.territories.models import Territory, TerritoryKind

# What a member may write on the profile form (causes, resources and logo have their own).
PROFILE_FIELDS: tuple[str, ...] = (
    "name",
    "kind",
    "siren",
    "siret",
    "rna",
    "insee_code",
    "address",
    "postal_code",
    "commune_code",
    "city",
    "website",
    "email",
    "phone",
    "mission",
    "staff_count",
    "volunteer_count",
    "budget_band",
    "is_public",
    "accepts_introductions",
)
# Only these kinds are registered in the Répertoire national des associations.
RNA_KINDS = frozenset({Kind.ASSOCIATION, Kind.FOUNDATION, Kind.RESIDENTS_GROUP})

DUPLICATE_MESSAGES = {
    "siren": _(
        "Another organisation already has this SIREN number. If it is yours, find it in "
        "the directory and ask to join it."
    ),
    "siret": _(
        "Another organisation already has this SIRET number. If it is yours, find it in "
        "the directory and ask to join it."
    ),
    "rna": _(
        "Another organisation already has this RNA number. If it is yours, find it in "
        "the directory and ask to join it."
    ),
    "insee_code": _("Another organisation of this type already has this INSEE code."),
}


def organisation_identifiers_clean(
    *,
    kind: str,
    siren: str = "",
    siret: str = "",
    rna: str = "",
    insee_code: str = "",
    exclude_pk: int | None = None,
) -> dict[str, str]:
    """Normalise the legal identifiers, check them against each other and against the
    identifiers other organisations hold. Return them normalised (the SIREN is derived
    from the SIRET when missing) or raise a ValidationError naming each faulty field."""
    errors: dict[str, list] = {}
    values = {"siren": "", "siret": "", "rna": "", "insee_code": ""}
    normalisers = {
        "siren": normalise_siren,
        "siret": normalise_siret,
        "rna": normalise_rna,
        "insee_code": normalise_insee_commune,
    }
    raw = {"siren": siren, "siret": siret, "rna": rna, "insee_code": insee_code}
    for name, normalise in normalisers.items():
        if (raw[name] or "").strip():
            try:
                values[name] = normalise(raw[name])
            except ValidationError as exc:
                errors[name] = exc.error_list
    if values["siret"] and "siren" not in errors:
        if not values["siren"]:
            values["siren"] = siren_of_siret(values["siret"])
        elif not values["siret"].startswith(values["siren"]):
            errors["siret"] = [
                ValidationError(
                    _(
                        "This SIRET number does not belong to the SIREN number above: a SIRET "
                        "starts with the 9 digits of its SIREN."
                    ),
                    code="siret_mismatch",
                )
            ]
    if values["rna"] and kind and kind not in RNA_KINDS:
        errors["rna"] = [
            ValidationError(
                _(
                    "Only associations, foundations and residents' groups have an RNA number. "
                    "Leave this field empty or change the type of organisation."
                ),
                code="rna_kind",
            )
        ]
    clashes = identifier_clashes(
        siren="" if "siren" in errors else values["siren"],
        siret="" if "siret" in errors else values["siret"],
        rna="" if "rna" in errors else values["rna"],
        kind=kind,
        insee_code="" if "insee_code" in errors else values["insee_code"],
        exclude_pk=exclude_pk,
    )
    for name in sorted(clashes):
        errors[name] = [ValidationError(DUPLICATE_MESSAGES[name], code="duplicate")]
    if errors:
        raise ValidationError(errors)
    return values


def _assign(organisation: Organisation, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {', '.join(sorted(unknown))}")
    for name, value in data.items():
        setattr(organisation, name, value)


def _validate(organisation: Organisation) -> None:
    """Identifiers first, for clear messages, then every other field of the model."""
    errors: dict[str, list] = {}
    try:
        identifiers = organisation_identifiers_clean(
            kind=organisation.kind,
            siren=organisation.siren,
            siret=organisation.siret,
            rna=organisation.rna,
            insee_code=organisation.insee_code,
            exclude_pk=organisation.pk,
        )
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    else:
        for name, value in identifiers.items():
            setattr(organisation, name, value)
    try:
        # The unique constraints are all on identifiers, checked above with clear messages.
        organisation.full_clean(exclude=list(errors), validate_constraints=False)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _link_commune(organisation: Organisation) -> None:
    """Point `commune` at the territory of `commune_code`, when that commune is known."""
    organisation.commune = (
        Territory.objects.filter(kind=TerritoryKind.COMMUNE, code=organisation.commune_code).first()
        if organisation.commune_code
        else None
    )


def _mark_edited(organisation: Organisation, names: Iterable[str]) -> list[str]:
    """Remember which imported fields a member changed: imports leave those alone."""
    edited = set(organisation.edited_fields or [])
    if organisation.source != "member":
        edited |= set(names) & set(IMPORTABLE_FIELDS)
    if edited == set(organisation.edited_fields or []):
        return []
    organisation.edited_fields = sorted(edited)
    return ["edited_fields"]


def _save(organisation: Organisation, **kwargs) -> None:
    # Two people saving the same identifiers at the same moment both pass the checks;
    # the database refuses the second one.
    try:
        with transaction.atomic():
            organisation.save(**kwargs)
    except IntegrityError as exc:
        raise ValidationError(
            _(
                "Another organisation with the same SIREN, SIRET, RNA or INSEE code was saved a "
                "moment ago. Please check these numbers."
            ),
            code="duplicate",
        ) from exc


def _create(*, creator, data: Mapping[str, Any], verb: str, interface: str) -> Organisation:
    organisation = Organisation(created_by=creator)
    _assign(organisation, data)
    _validate(organisation)
    _link_commune(organisation)
    _save(organisation)
    audit_record(
        actor=creator,
        verb=verb,
        obj=organisation,
        organisation_uuid=organisation.uuid,
        interface=interface,
    )
    return organisation


@transaction.atomic
def organisation_create(
    *, user, data: Mapping[str, Any], interface: str = Interface.WEB
) -> Organisation:
    """Create an organisation from profile fields; `user` becomes its administrator."""
    organisation = _create(
        creator=user, data=data, verb="organisation.created", interface=interface
    )
    Membership.objects.create(user=user, organisation=organisation, role=Role.ADMIN)
    return organisation


@transaction.atomic
def organisation_import(*, data: Mapping[str, Any], interface: str) -> Organisation:
    """Create an organisation that nobody manages yet (public registers, imports, demo).

    It has no members until someone claims it and the platform's staff approve the claim.
    """
    return _create(creator=None, data=data, verb="organisation.imported", interface=interface)


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    user,
    data: Mapping[str, Any],
    causes: Iterable[Cause] | None = None,
    interface: str = Interface.WEB,
) -> Organisation:
    """Change profile fields (and the causes, when given); audit what changed."""
    before = {name: getattr(organisation, name) for name in PROFILE_FIELDS}
    _assign(organisation, data)
    changed: list[str] = []
    try:
        _validate(organisation)
        changed = [name for name in PROFILE_FIELDS if getattr(organisation, name) != before[name]]
        if changed:
            extra = _mark_edited(organisation, changed)
            if "commune_code" in changed:
                _link_commune(organisation)
                extra.append("commune")
            _save(organisation, update_fields=[*changed, *extra, "updated_at"])
    except ValidationError:
        # The caller may show the organisation again next to the errors: as it is stored.
        _assign(organisation, before)
        raise
    audit_data: dict[str, Any] = {"fields": changed}
    if causes is not None:
        wanted = {cause.pk: cause.code for cause in causes}
        current = dict(organisation.causes.values_list("pk", "code"))
        if wanted.keys() != current.keys():
            organisation.causes.set(wanted.keys())
            if _mark_edited(organisation, ["causes"]):
                organisation.save(update_fields=["edited_fields", "updated_at"])
            audit_data["causes_added"] = sorted(wanted[pk] for pk in wanted.keys() - current)
            audit_data["causes_removed"] = sorted(current[pk] for pk in current.keys() - wanted)
    if len(audit_data) > 1 or changed:
        audit_record(
            actor=user,
            verb="organisation.updated",
            obj=organisation,
            organisation_uuid=organisation.uuid,
            interface=interface,
            data=audit_data,
        )
    return organisation


class ResourceChoice(NamedTuple):
    direction: str
    resource: str
    detail: str = ""


@transaction.atomic
def organisation_set_resources(
    *,
    organisation: Organisation,
    user,
    choices: Iterable[ResourceChoice],
    interface: str = Interface.WEB,
) -> list[OrganisationResource]:
    """Replace what the organisation offers and needs with `choices`."""
    rows: list[OrganisationResource] = []
    seen: set[tuple[str, str]] = set()
    for choice in choices:
        key = (choice.direction, choice.resource)
        if key in seen:
            raise ValidationError(
                _("A resource can be listed only once as offered and once as needed."),
                code="resource_twice",
            )
        seen.add(key)
        row = OrganisationResource(
            organisation=organisation,
            direction=choice.direction,
            resource=choice.resource,
            detail=(choice.detail or "").strip(),
        )
        # Uniqueness is checked above, without one query per row.
        row.full_clean(exclude=["organisation"], validate_constraints=False)
        rows.append(row)
    OrganisationResource.objects.filter(organisation=organisation).delete()
    OrganisationResource.objects.bulk_create(rows)
    audit_record(
        actor=user,
        verb="organisation.resources_set",
        obj=organisation,
        organisation_uuid=organisation.uuid,
        interface=interface,
        data={"resources": sorted(f"{row.direction}:{row.resource}" for row in rows)},
    )
    return rows


@transaction.atomic
def organisation_set_logo(
    *, organisation: Organisation, user, file=None, interface: str = Interface.WEB
) -> Organisation:
    """Store `file` as the logo (checked, then re-encoded), or remove the logo when None.

    The previous file is deleted once the change is committed.
    """
    old_name = organisation.logo.name
    storage = organisation.logo.storage
    if file is None:
        if not old_name:
            return organisation
        organisation.logo = ""
        verb, audit_data = "organisation.logo_removed", {}
    else:
        info = validate_logo(file)
        content = logo_for_storage(file, info)
        # A new name for each logo, so browsers never show a cached old one.
        name = f"{organisation.uuid.hex}-{secrets.token_hex(4)}.{info.extension}"
        organisation.logo.save(name, content, save=False)
        verb = "organisation.logo_set"
        audit_data = {"format": info.format, "width": info.width, "height": info.height}
    organisation.save(update_fields=["logo", "updated_at"])
    audit_record(
        actor=user,
        verb=verb,
        obj=organisation,
        organisation_uuid=organisation.uuid,
        interface=interface,
        data=audit_data,
    )
    if old_name and old_name != organisation.logo.name:
        transaction.on_commit(lambda: storage.delete(old_name))
    return organisation
