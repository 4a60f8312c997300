"""Writing batches of register rows into `organisations_organisation`.

Rules both writers follow (the tests run them on SQLite and PostgreSQL):
- an organisation is found by its register key (RNA number or SIREN) and never duplicated;
- a row whose fingerprint has not changed, or that is older than what is stored, changes
  nothing;
- an import rewrites the profile fields (`IMPORTABLE_FIELDS`) of the organisations it created
  only, and never those a member changed (`edited_fields`); organisations created by members
  get their register facts and `imported` refreshed, nothing else; organisations of another
  register are left alone;
- an identifier (SIREN, SIRET) held by another organisation is left out, with a warning.

PostgreSQL takes the set-based path: COPY into a temporary table, then one INSERT ... ON
CONFLICT DO UPDATE for the batch. Other databases take a plain ORM path.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.organisations.models import Organisation, Source
from alliances.territories.registers.rows import Row, WriteResult


@dataclass(frozen=True)
class Target:
    """How the rows of one register map onto organisations."""

    source: str
    key: str
    # Columns every row carries in `Row.values`, the key included.
    columns: tuple[str, ...]
    # Member-editable field → the columns it covers. Columns in no group are register facts.
    groups: dict[str, tuple[str, ...]]
    # Identifiers another organisation may already hold; they are left out together.
    held: tuple[str, ...] = ()
    causes: bool = False
    # Sole traders' neutral names carry the town once it is known.
    name_with_city: bool = False
    group_of: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        mapping = {column: name for name, columns in self.groups.items() for column in columns}
        object.__setattr__(self, "group_of", mapping)

    @property
    def updatable(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in (self.key, "kind", "imported"))


def make_writer(target: Target, *, generic: bool = False):
    if connection.vendor == "postgresql" and not generic:
        from alliances.territories.registers.store_pg import PostgresWriter

        return PostgresWriter(target)
    return GenericWriter(target)


def held_warning(columns: tuple[str, ...]) -> str:
    names = "/".join(column.upper() for column in columns)
    return _("%(names)s already held by another organisation: imported without it") % {
        "names": names
    }


def is_older(row_time, stored_time) -> bool:
    return row_time is not None and stored_time is not None and row_time < stored_time


class GenericWriter:
    def __init__(self, target: Target) -> None:
        self.target = target
        self.through = Organisation.causes.through

    def close(self) -> None:
        """Nothing to release: the ORM path holds no temporary table."""

    def write(self, rows: list[Row], *, waiting: Callable[[], None] = lambda: None) -> WriteResult:
        waiting()
        target = self.target
        result = WriteResult()
        existing = {
            item[target.key]: item
            for item in Organisation.objects.filter(
                **{f"{target.key}__in": [row.key for row in rows]}
            ).values(
                "id",
                target.key,
                "source",
                "edited_fields",
                "registry_hash",
                "registry_updated_at",
                "imported",
                "city",
            )
        }
        changed: list[tuple[dict | None, Row]] = []
        for row in rows:
            current = existing.get(row.key)
            if current is not None and (
                current["source"] not in (target.source, Source.MEMBER)
                or current["registry_hash"] == row.values["registry_hash"]
                or is_older(row.values["registry_updated_at"], current["registry_updated_at"])
            ):
                result.unchanged += 1
            else:
                changed.append((current, row))
        result.warnings.extend(self._leave_out_held([row for _current, row in changed]))
        created: list[tuple[Organisation, Row]] = []
        links: list[tuple[int, Row]] = []
        for current, row in changed:
            if current is None:
                created.append((self._new(row), row))
                continue
            Organisation.objects.filter(pk=current["id"]).update(**self._changes(current, row))
            result.updated += 1
            if target.causes and self._causes_apply(current):
                links.append((current["id"], row))
        Organisation.objects.bulk_create([organisation for organisation, _row in created])
        result.inserted += len(created)
        if target.causes:
            links.extend((organisation.pk, row) for organisation, row in created)
            self._set_causes(links)
        return result

    def _new(self, row: Row) -> Organisation:
        values = dict(row.values)
        values["imported"] = json.loads(values["imported"])
        return Organisation(source=self.target.source, is_public=True, **values)

    def _changes(self, current: dict, row: Row) -> dict:
        target = self.target
        if current["source"] == Source.MEMBER:
            protected = set(target.groups)
        else:
            protected = set(current["edited_fields"] or []) & set(target.groups)
        fields = {
            column: row.values[column]
            for column in target.updatable
            if target.group_of.get(column) not in protected
        }
        if (
            target.name_with_city
            and "name" in fields
            and not row.values["is_legal_person"]
            and current["city"]
        ):
            fields["name"] = f"{fields['name']} – {current['city']}"
        fields["imported"] = {**(current["imported"] or {}), **json.loads(row.values["imported"])}
        fields["updated_at"] = timezone.now()
        return fields

    def _causes_apply(self, current: dict) -> bool:
        return current["source"] != Source.MEMBER and "causes" not in (
            current["edited_fields"] or []
        )

    def _set_causes(self, links: list[tuple[int, Row]]) -> None:
        self.through.objects.filter(organisation_id__in=[pk for pk, _row in links]).delete()
        self.through.objects.bulk_create(
            [
                self.through(organisation_id=pk, cause_id=cause_id)
                for pk, row in links
                for cause_id in row.cause_ids
            ],
            batch_size=2000,
        )

    def _leave_out_held(self, rows: list[Row]) -> list[tuple[int, str]]:
        target = self.target
        if not target.held:
            return []
        wanted = {column: {row.values[column] for row in rows} - {""} for column in target.held}
        query = Q()
        for column, values in wanted.items():
            if values:
                query |= Q(**{f"{column}__in": values})
        if not query:
            return []
        holders: dict[tuple[str, str], str] = {}
        for item in Organisation.objects.filter(query).values(target.key, *target.held):
            for column in target.held:
                if item[column]:
                    holders[(column, item[column])] = item[target.key]
        warnings = []
        for row in rows:
            for column in target.held:
                holder = holders.get((column, row.values[column]))
                if row.values[column] and holder is not None and holder != row.key:
                    for name in target.held:
                        row.values[name] = ""
                    warnings.append((row.line, held_warning(target.held)))
                    break
        return warnings
