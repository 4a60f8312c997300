"""SQLite: an FTS5 table `organisation_fts` (rowid = organisation id) holding the folded and
stemmed text of name, mission and town, kept in step by triggers on the directory table. The
triggers call `alliances_fts_text`, a Python function registered on every connection, so that
rows written by raw SQL (the register imports) are indexed like any other."""

from django.db import connection

from alliances.organisations.search import text
from alliances.organisations.search.backends.base import TABLE, SearchBackend
from alliances.organisations.search.text import ParsedQuery

FTS_TABLE = "organisation_fts"
# bm25 weights of the FTS5 columns name, mission, town.
_WEIGHTS = "10.0, 2.0, 1.0"

# Plain literals (no formatting): the same statements as migration 0004.
CREATE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS organisation_fts USING fts5("
    "name, mission, city, tokenize = 'unicode61 remove_diacritics 2')"
)
FILL_FTS = (
    "INSERT INTO organisation_fts(rowid, name, mission, city) SELECT id, "
    "alliances_fts_text(name), alliances_fts_text(mission), alliances_fts_text(city) "
    "FROM organisations_organisation"
)
_INSERT_NEW = (
    "INSERT INTO organisation_fts(rowid, name, mission, city) VALUES (new.id, "
    "alliances_fts_text(new.name), alliances_fts_text(new.mission), "
    "alliances_fts_text(new.city));"
)
TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS organisation_fts_insert AFTER INSERT "
    "ON organisations_organisation BEGIN {insert} END",
    "CREATE TRIGGER IF NOT EXISTS organisation_fts_update AFTER UPDATE OF name, mission, city "
    "ON organisations_organisation BEGIN "
    "DELETE FROM organisation_fts WHERE rowid = old.id; {insert} END",
    "CREATE TRIGGER IF NOT EXISTS organisation_fts_delete AFTER DELETE "
    "ON organisations_organisation BEGIN DELETE FROM organisation_fts WHERE rowid = old.id; END",
)
TRIGGERS = tuple(statement.replace("{insert}", _INSERT_NEW) for statement in TRIGGERS)


def fts_query_text(parsed: ParsedQuery) -> str:
    """ "aid" "devoir"*, "secour populair": the stems are letters and digits only."""
    parts = []
    for group in parsed.groups:
        phrase = '"' + " ".join(term.stem for term in group) + '"'
        parts.append(phrase + ("*" if group[-1].prefix else ""))
    return " ".join(parts)


def register_functions(sender=None, connection=None, **kwargs) -> None:
    """connection_created receiver: the SQL functions the triggers and queries call."""
    if connection is None or connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("alliances_fts_text", 1, text.index_text, deterministic=True)
    raw.create_function("alliances_fold", 1, _fold, deterministic=True)


def _fold(value):
    return None if value is None else text.fold(value)


def ensure_index(connection) -> None:
    """Create the FTS table and its triggers if a migration lost them (SQLite rebuilds a table
    to alter it, which drops its triggers), and refill the index if it is out of step."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name IN (%s, %s)", [TABLE, FTS_TABLE])
        present = {row[0] for row in cursor.fetchall()}
        if TABLE not in present:
            return
        cursor.execute(CREATE_FTS)
        for statement in TRIGGERS:
            cursor.execute(statement)
        cursor.execute(
            "SELECT (SELECT count(*) FROM organisations_organisation), "
            "(SELECT count(*) FROM organisation_fts)"
        )
        rows, indexed = cursor.fetchone()
        if rows != indexed:
            cursor.execute("DELETE FROM organisation_fts")
            cursor.execute(FILL_FTS)


class SqliteBackend(SearchBackend):
    vendor = "sqlite"

    def match_sql(self, parsed: ParsedQuery) -> tuple[str, list]:
        return (
            "organisations_organisation.id IN "
            "(SELECT rowid FROM organisation_fts WHERE organisation_fts MATCH %s)",
            [fts_query_text(parsed)],
        )

    def rank_sql(self, parsed: ParsedQuery) -> tuple[str, list]:
        # bm25 is lower for better matches; the search wants higher.
        return (
            f"(SELECT -bm25(organisation_fts, {_WEIGHTS}) FROM organisation_fts "  # noqa: S608
            "WHERE organisation_fts MATCH %s "
            "AND organisation_fts.rowid = organisations_organisation.id)",
            [fts_query_text(parsed)],
        )

    def table_rows(self) -> int:
        # The largest id bounds the row count and costs one step down the primary key.
        with connection.cursor() as cursor:
            cursor.execute("SELECT MAX(id) FROM organisations_organisation")
            (largest,) = cursor.fetchone()
        return largest or 0
