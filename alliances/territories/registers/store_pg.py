"""The PostgreSQL path of `store`: the same rules, set-based.

Per batch: COPY the rows into a temporary staging table; drop the rows that change nothing;
leave out identifiers held by other organisations (one UPDATE); then one INSERT ... SELECT
... ON CONFLICT (key) DO UPDATE, whose RETURNING (xmax = 0) tells inserted from updated
rows; then the causes. Python only streams rows; table and column names in the SQL come
from the code, never from the files (hence the `noqa: S608`).
"""

from collections.abc import Callable

from django.db import connection

from alliances.organisations.models import Organisation, Source
from alliances.territories.registers.rows import Row, WriteResult
from alliances.territories.registers.store import Target, held_warning

ORG = Organisation._meta.db_table
# In an EXISTS, OFFSET 0 keeps the subquery from becoming a join: each staged row then
# probes an index, instead of the planner reading the whole organisation table (or one of
# its indexes) for every batch, which grows with the directory.
PROBE = "OFFSET 0"
CAUSES = Organisation.causes.through._meta.db_table


def _stage_type(name: str) -> str:
    if name == "imported":
        return "jsonb"
    db_type = Organisation._meta.get_field(name).db_type(connection)
    # Lengths are checked in Python; text keeps COPY from failing a whole batch.
    return "text" if db_type.startswith("varchar") else db_type


def _insert_parts(target: Target) -> tuple[list[str], list[str], list[object]]:
    """Columns and value expressions of the INSERT, with the parameters of the defaults."""
    columns, expressions, params = [], [], []
    for model_field in Organisation._meta.concrete_fields:
        if model_field.primary_key or getattr(model_field, "generated", False):
            continue
        name = model_field.column
        columns.append(f'"{name}"')
        if model_field.attname in target.columns:
            expressions.append(f's."{model_field.attname}"')
        elif name == "source":
            expressions.append("%s")
            params.append(target.source)
        elif name == "uuid":
            expressions.append("gen_random_uuid()")
        elif name in ("created_at", "updated_at"):
            expressions.append("now()")
        else:
            expressions.append("%s")
            params.append(model_field.get_db_prep_save(model_field.get_default(), connection))
    return columns, expressions, params


def _protected(group: str) -> str:
    return f"(o.source = '{Source.MEMBER}' OR o.edited_fields ? '{group}')"


class PostgresWriter:
    def __init__(self, target: Target) -> None:
        self.target = target
        self.stage = f"_register_stage_{target.source}"
        self.done = f"_register_done_{target.source}"
        staged = ["line", *target.columns] + (["cause_ids"] if target.causes else [])
        self.copy_sql = f"COPY {self.stage} ({', '.join(staged)}) FROM STDIN"  # noqa: S608
        types = {"line": "bigint", "cause_ids": "bigint[]"}
        definition = ", ".join(f"{c} {types.get(c) or _stage_type(c)}" for c in staged)
        with connection.cursor() as cursor:
            # New rows wait in each GIN index's pending list, merged in large sorted runs
            # rather than one posting tree descent per word of each row.
            cursor.execute("SET gin_pending_list_limit = '64MB'")
            cursor.execute(f"DROP TABLE IF EXISTS {self.stage}, {self.done}")
            cursor.execute(f"CREATE TEMP TABLE {self.stage} ({definition})")
            cursor.execute(
                f"CREATE TEMP TABLE {self.done} "
                "(id bigint, key text, inserted boolean, causes_apply boolean)"
            )
        self.held_sql = self._held_sql()
        # ON CONFLICT DO UPDATE locks (writes) every conflicting row even when its WHERE
        # is false: rows that change nothing leave the batch before, at the cost of a read.
        self.skip_sql = (
            f"DELETE FROM {self.stage} s WHERE EXISTS (SELECT 1 FROM {ORG} o "  # noqa: S608
            f"WHERE o.{target.key} = s.{target.key} AND o.{target.key} <> '' "
            f"AND (o.source NOT IN (%s, '{Source.MEMBER}') "
            "OR o.registry_hash = s.registry_hash "
            f"OR s.registry_updated_at < o.registry_updated_at) {PROBE})"
        )
        self.upsert_sql, self.upsert_params = self._upsert_sql()

    def close(self) -> None:
        if connection.connection is None:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.stage}, {self.done}")
            cursor.execute("RESET gin_pending_list_limit")

    def _held_sql(self) -> str | None:
        target = self.target
        if not target.held:
            return None
        tests = " OR ".join(
            f"(s.{c} <> '' AND EXISTS (SELECT 1 FROM {ORG} o WHERE o.{c} = s.{c} "  # noqa: S608
            f"AND o.{c} <> '' AND o.{target.key} <> s.{target.key} {PROBE}))"
            for c in target.held
        )
        blank = ", ".join(f"{c} = ''" for c in target.held)
        return f"UPDATE {self.stage} s SET {blank} WHERE {tests} RETURNING s.line"  # noqa: S608

    def _upsert_sql(self) -> tuple[str, list[object]]:
        target = self.target
        columns, expressions, params = _insert_parts(target)
        sets = []
        for column in target.updatable:
            group = target.group_of.get(column)
            new = f"excluded.{column}"
            if column == "name" and target.name_with_city:
                new = (
                    "CASE WHEN NOT excluded.is_legal_person AND o.city <> '' "
                    "THEN excluded.name || ' – ' || o.city ELSE excluded.name END"
                )
            if group is None:
                sets.append(f"{column} = {new}")
            else:
                sets.append(
                    f"{column} = CASE WHEN {_protected(group)} THEN o.{column} ELSE {new} END"
                )
        if target.causes:
            # Written here, with the row, rather than by the link-table triggers afterwards.
            columns.append("cause_codes")
            expressions.append("alliances_codes_of_causes(s.cause_ids)")
            sets.append(
                f"cause_codes = CASE WHEN {_protected('causes')} THEN o.cause_codes "
                "ELSE excluded.cause_codes END"
            )
        sets.append("imported = o.imported || excluded.imported")
        sets.append("updated_at = excluded.updated_at")
        causes_apply = f"NOT {_protected('causes')}" if target.causes else "false"
        sql = (
            f"WITH up AS (INSERT INTO {ORG} AS o ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(expressions)} FROM {self.stage} s "
            f"ON CONFLICT ({target.key}) WHERE {target.key} <> '' DO UPDATE SET {', '.join(sets)} "
            f"WHERE o.source IN (%s, '{Source.MEMBER}') "
            "AND o.registry_hash IS DISTINCT FROM excluded.registry_hash "
            "AND (excluded.registry_updated_at IS NULL OR o.registry_updated_at IS NULL "
            "OR excluded.registry_updated_at >= o.registry_updated_at) "
            f"RETURNING o.id, o.{target.key}, (xmax = 0), {causes_apply}) "
            f"INSERT INTO {self.done} SELECT * FROM up"
        )
        return sql, [*params, target.source]

    def write(self, rows: list[Row], *, waiting: Callable[[], None] = lambda: None) -> WriteResult:
        target = self.target
        result = WriteResult()
        columns = target.columns
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {self.stage}, {self.done}")
            raw = cursor.cursor
            with raw.copy(self.copy_sql) as copy:
                if target.causes:
                    for row in rows:
                        values = row.values
                        copy.write_row(
                            (row.line, *[values[c] for c in columns], list(row.cause_ids))
                        )
                else:
                    for row in rows:
                        values = row.values
                        copy.write_row((row.line, *[values[c] for c in columns]))
            # From here on the server works and this thread waits: time to read ahead.
            waiting()
            cursor.execute(self.skip_sql, [target.source])
            if self.held_sql and any(row.values[c] for row in rows for c in target.held):
                cursor.execute(self.held_sql)
                warning = held_warning(target.held)
                result.warnings.extend((line, warning) for (line,) in cursor.fetchall())
            cursor.execute(self.upsert_sql, self.upsert_params)
            if target.causes:
                # The upsert wrote `cause_codes`: the triggers of the link table stand aside.
                cursor.execute("SELECT set_config('alliances.cause_codes_written', 'on', true)")
                # = ANY(ARRAY(...)): index probes, never a scan of the whole link table.
                cursor.execute(
                    f"DELETE FROM {CAUSES} WHERE organisation_id = ANY(ARRAY("  # noqa: S608
                    f"SELECT id FROM {self.done} WHERE causes_apply AND NOT inserted))"
                )
                cursor.execute(
                    f"INSERT INTO {CAUSES} (organisation_id, cause_id) "  # noqa: S608
                    f"SELECT d.id, unnest(s.cause_ids) FROM {self.done} d "
                    f"JOIN {self.stage} s ON s.{target.key} = d.key WHERE d.causes_apply "
                    "ON CONFLICT DO NOTHING"
                )
                cursor.execute("SELECT set_config('alliances.cause_codes_written', 'off', true)")
            cursor.execute(
                f"SELECT count(*) FILTER (WHERE inserted), count(*) FROM {self.done}"  # noqa: S608
            )
            inserted, written = cursor.fetchone()
        result.inserted = inserted
        result.updated = written - inserted
        result.unchanged = len(rows) - written
        return result
