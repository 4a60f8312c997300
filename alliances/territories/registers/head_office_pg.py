"""The PostgreSQL path of `head_office`: COPY the batch, then one UPDATE ... FROM."""

from collections.abc import Callable

from django.db import connection

from alliances.organisations.models import Source
from alliances.territories.registers.head_office import NAMESPACE, STAGED
from alliances.territories.registers.rows import Row, WriteResult
from alliances.territories.registers.store import held_warning
from alliances.territories.registers.store_pg import ORG, PROBE, _protected, _stage_type

STAGE = "_register_stage_head_office"
OWNERS = f"o.source IN ('{Source.SIRENE}', '{Source.MEMBER}')"


def _set(column: str, group: str, new: str) -> str:
    return f"{column} = CASE WHEN {_protected(group)} THEN o.{column} ELSE {new} END"


UPDATE_SQL = (
    f"WITH up AS (UPDATE {ORG} o SET "  # noqa: S608 (identifiers only)
    + ", ".join(
        [
            _set("address", "address", "CASE WHEN o.is_legal_person THEN s.address ELSE '' END"),
            _set("postal_code", "postal_code", "s.postal_code"),
            _set("city", "city", "s.city"),
            _set("commune_code", "commune_code", "s.commune_code"),
            _set("commune_id", "commune_code", "s.commune_id"),
            _set("siret", "siret", "COALESCE(NULLIF(s.siret, ''), o.siret)"),
            _set(
                "name",
                "name",
                "CASE WHEN o.is_legal_person OR o.imported->'sirene'->>'public_name' IS NULL "
                "THEN o.name ELSE concat_ws(' – ', o.imported->'sirene'->>'public_name', "
                "NULLIF(s.city, '')) END",
            ),
            "imported = o.imported || s.imported",
            "updated_at = now()",
        ]
    )
    # The = ANY(ARRAY(...)) makes the organisations found by primary key, not by a scan.
    + f" FROM {STAGE} s WHERE o.id = s.org_id AND s.changed AND o.id = ANY(ARRAY("  # noqa: S608
    f"SELECT org_id FROM {STAGE} WHERE changed)) RETURNING o.id) "
    "SELECT count(*) FROM up"
)
# One probe per row finds its organisation and whether the row brings anything new; the
# other statements then only touch those rows, by primary key.
MATCH_SQL = (
    f"WITH matched AS (UPDATE {STAGE} s SET (org_id, changed) = "  # noqa: S608 (identifiers)
    f"(SELECT o.id, (o.imported->'{NAMESPACE}'->>'hash') IS DISTINCT FROM s.registry_hash "
    f"FROM {ORG} o WHERE o.siren = s.siren AND o.siren <> '' AND {OWNERS} {PROBE}) "
    "RETURNING s.org_id, s.changed) "
    "SELECT count(org_id), count(*) FILTER (WHERE changed) FROM matched"
)
HELD_SQL = (
    f"UPDATE {STAGE} s SET siret = '' WHERE s.changed AND s.siret <> '' AND EXISTS "  # noqa: S608
    f"(SELECT 1 FROM {ORG} o WHERE o.siret = s.siret AND o.siret <> '' AND o.id <> s.org_id "
    f"{PROBE}) "
    "RETURNING s.line"
)


class PostgresHeadOfficeWriter:
    def __init__(self) -> None:
        columns = ("line", *STAGED)
        definition = ", ".join(
            f"{c} {'bigint' if c == 'line' else _stage_type(c)}" for c in columns
        )
        definition += ", org_id bigint, changed boolean"
        self.copy_sql = f"COPY {STAGE} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
            cursor.execute(f"CREATE TEMP TABLE {STAGE} ({definition})")

    def close(self) -> None:
        if connection.connection is None:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")

    def write(self, rows: list[Row], *, waiting: Callable[[], None] = lambda: None) -> WriteResult:
        result = WriteResult()
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {STAGE}")
            with cursor.cursor.copy(self.copy_sql) as copy:
                for row in rows:
                    values = row.values
                    copy.write_row((row.line, *[values[c] for c in STAGED]))
            waiting()
            cursor.execute(MATCH_SQL)
            matched, changed = cursor.fetchone()
            updated = 0
            if changed:
                cursor.execute(HELD_SQL)
                warning = held_warning(("siret",))
                result.warnings.extend((line, warning) for (line,) in cursor.fetchall())
                cursor.execute(UPDATE_SQL)
                (updated,) = cursor.fetchone()
        result.updated = updated
        result.unchanged = matched - updated
        result.missing = len(rows) - matched
        return result
