"""PostgreSQL: a stored `search_vector` (name A, mission B, town C, through the `alliances_fr`
configuration: unaccent then the French Snowball stemmer) with a GIN index, created by
migration 0004. The query words go to `to_tsquery` as typed (folded), so PostgreSQL stems them
exactly as it stemmed the documents."""

import time

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from alliances.organisations.search.backends.base import TABLE, SearchBackend
from alliances.organisations.search.text import ParsedQuery

_ROWS_CACHE: dict[str, tuple[float, int]] = {}
_ROWS_TTL = 600.0


def tsquery_text(parsed: ParsedQuery) -> str:
    """'aide' & 'devoirs':*, ('secours' <-> 'populaire'): the words are letters and digits
    only (see text.words), so quoting them is enough to make any input safe."""
    parts = []
    for group in parsed.groups:
        terms = [f"'{term.word}'" + (":*" if term.prefix else "") for term in group]
        parts.append(terms[0] if len(terms) == 1 else "(" + " <-> ".join(terms) + ")")
    return " & ".join(parts)


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    can_sample = True

    def match_sql(self, parsed: ParsedQuery) -> tuple[str, list]:
        return (
            f"{TABLE}.search_vector @@ to_tsquery('alliances_fr', %s)",
            [tsquery_text(parsed)],
        )

    def rank_sql(self, parsed: ParsedQuery) -> tuple[str, list]:
        return (
            f"ts_rank_cd({TABLE}.search_vector, to_tsquery('alliances_fr', %s))",
            [tsquery_text(parsed)],
        )

    def cause_condition(self, codes: tuple[str, ...]) -> RawSQL:
        # `cause_codes` holds each target's goal too (migration 0005): "4" finds "4.1".
        return RawSQL(  # noqa: S611 (the codes are a parameter)
            f"{TABLE}.cause_codes && %s::text[]", [list(codes)], output_field=BooleanField()
        )

    def sampled(self, sql: str, *, percent: float) -> str:
        # SYSTEM sampling reads whole random pages: a cost that does not grow with the
        # match; REPEATABLE keeps the estimate stable from one page of results to the next.
        source = f'FROM "{TABLE}"'
        if source not in sql:
            raise ValueError("Cannot sample a query that does not read the directory table")
        return sql.replace(source, f"{source} TABLESAMPLE SYSTEM ({percent:.6f}) REPEATABLE (7)", 1)

    def table_rows(self) -> int:
        """The planner's row count for the directory table, re-read every few minutes."""
        cached = _ROWS_CACHE.get(connection.alias)
        if cached and time.monotonic() - cached[0] < _ROWS_TTL:
            return cached[1]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [TABLE]
            )
            row = cursor.fetchone()
        rows = max(int(row[0]) if row else 0, 0)
        _ROWS_CACHE[connection.alias] = (time.monotonic(), rows)
        return rows
