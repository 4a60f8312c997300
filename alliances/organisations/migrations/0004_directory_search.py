"""Full-text search of the directory.

PostgreSQL: unaccent and pg_trgm, the `alliances_fr` configuration (french with unaccent
before the stemmer), `alliances_fold(text)` (lower, unaccented, immutable so that indexes may
use it), a stored generated `search_vector` with a GIN index, and a trigram GIN index and a
btree on the folded name. The column is not a model field: only the search backend reads it, by raw SQL,
and generated columns fill themselves whatever writes the row (ORM, COPY, INSERT … ON
CONFLICT).

SQLite: an FTS5 table `organisation_fts` with triggers that index every written row through
`alliances_fts_text`, a Python function registered on each connection by the app.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE OR REPLACE FUNCTION alliances_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
    """,
    """
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'alliances_fr') THEN
        CREATE TEXT SEARCH CONFIGURATION alliances_fr (COPY = pg_catalog.french);
        ALTER TEXT SEARCH CONFIGURATION alliances_fr
          ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem;
      END IF;
    END $$
    """,
    """
    ALTER TABLE organisations_organisation ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
      setweight(to_tsvector('alliances_fr'::regconfig, coalesce(name, '')), 'A')
      || setweight(to_tsvector('alliances_fr'::regconfig, coalesce(mission, '')), 'B')
      || setweight(to_tsvector('alliances_fr'::regconfig, coalesce(city, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX org_search_vector_idx ON organisations_organisation USING gin (search_vector)",
    "CREATE INDEX org_name_trgm_idx ON organisations_organisation "
    "USING gin (alliances_fold(name) gin_trgm_ops)",
    # Sorting by name, accents aside, in pages of twenty.
    "CREATE INDEX org_name_fold_idx ON organisations_organisation (alliances_fold(name), id)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS org_name_fold_idx",
    "DROP INDEX IF EXISTS org_name_trgm_idx",
    "DROP INDEX IF EXISTS org_search_vector_idx",
    "ALTER TABLE organisations_organisation DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS alliances_fr",
    "DROP FUNCTION IF EXISTS alliances_fold(text)",
]

_INSERT_NEW = (
    "INSERT INTO organisation_fts(rowid, name, mission, city) VALUES (new.id, "
    "alliances_fts_text(new.name), alliances_fts_text(new.mission), "
    "alliances_fts_text(new.city));"
)
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS organisation_fts USING fts5("
    "name, mission, city, tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO organisation_fts(rowid, name, mission, city) SELECT id, "
    "alliances_fts_text(name), alliances_fts_text(mission), alliances_fts_text(city) "
    "FROM organisations_organisation",
    "CREATE TRIGGER IF NOT EXISTS organisation_fts_insert AFTER INSERT "
    f"ON organisations_organisation BEGIN {_INSERT_NEW} END",
    "CREATE TRIGGER IF NOT EXISTS organisation_fts_update AFTER UPDATE OF name, mission, city "
    "ON organisations_organisation BEGIN DELETE FROM organisation_fts WHERE rowid = old.id; "
    f"{_INSERT_NEW} END",
    "CREATE TRIGGER IF NOT EXISTS organisation_fts_delete AFTER DELETE "
    "ON organisations_organisation BEGIN DELETE FROM organisation_fts WHERE rowid = old.id; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS organisation_fts_insert",
    "DROP TRIGGER IF EXISTS organisation_fts_update",
    "DROP TRIGGER IF EXISTS organisation_fts_delete",
    "DROP TABLE IF EXISTS organisation_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("organisations", "0003_registers_and_territories"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
