"""PostgreSQL only: `cause_codes`, the codes of an organisation's causes plus the goals of its
targets ({"4", "4.1"}), kept by statement triggers on the causes table and indexed by GIN.
Bulk imports write `cause_codes` in the same INSERT as the organisation
(`alliances_codes_of_causes`) and tell the triggers so (`alliances.cause_codes_written`):
otherwise every imported organisation with causes is written twice, search vector and
indexes included.

A directory filter on causes then combines with the other indexes (text, place) in one bitmap,
instead of probing the causes table for each of thousands of candidate rows. SQLite keeps the
plain EXISTS, which is enough at its scale. Not a model field: only the search reads it.
"""

from django.db import migrations

CODES_OF = """
CREATE OR REPLACE FUNCTION alliances_cause_codes(organisation bigint) RETURNS text[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT code ORDER BY code), '{}') FROM (
    SELECT c.code FROM organisations_organisation_causes oc
      JOIN organisations_cause c ON c.id = oc.cause_id WHERE oc.organisation_id = organisation
    UNION
    SELECT c.goal::text FROM organisations_organisation_causes oc
      JOIN organisations_cause c ON c.id = oc.cause_id WHERE oc.organisation_id = organisation
  ) codes
$$
"""
CODES_OF_CAUSES = """
CREATE OR REPLACE FUNCTION alliances_codes_of_causes(cause_ids bigint[]) RETURNS text[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT code ORDER BY code), '{}') FROM (
    SELECT c.code FROM organisations_cause c WHERE c.id = ANY(cause_ids)
    UNION
    SELECT c.goal::text FROM organisations_cause c WHERE c.id = ANY(cause_ids)
  ) codes
$$
"""
REFRESH = """
CREATE OR REPLACE FUNCTION alliances_refresh_cause_codes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('alliances.cause_codes_written', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    UPDATE organisations_organisation o SET cause_codes = alliances_cause_codes(o.id)
    WHERE o.id IN (SELECT organisation_id FROM old_rows);
  ELSE
    UPDATE organisations_organisation o SET cause_codes = alliances_cause_codes(o.id)
    WHERE o.id IN (SELECT organisation_id FROM new_rows);
  END IF;
  RETURN NULL;
END
$$
"""
FORWARD = [
    "ALTER TABLE organisations_organisation "
    "ADD COLUMN cause_codes text[] NOT NULL DEFAULT '{}'",
    CODES_OF,
    CODES_OF_CAUSES,
    REFRESH,
    "CREATE TRIGGER org_cause_codes_insert AFTER INSERT ON organisations_organisation_causes "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION alliances_refresh_cause_codes()",
    "CREATE TRIGGER org_cause_codes_delete AFTER DELETE ON organisations_organisation_causes "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION alliances_refresh_cause_codes()",
    "UPDATE organisations_organisation o SET cause_codes = alliances_cause_codes(o.id) "
    "WHERE o.id IN (SELECT organisation_id FROM organisations_organisation_causes)",
    "CREATE INDEX org_cause_codes_idx ON organisations_organisation USING gin (cause_codes)",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS org_cause_codes_insert ON organisations_organisation_causes",
    "DROP TRIGGER IF EXISTS org_cause_codes_delete ON organisations_organisation_causes",
    "DROP FUNCTION IF EXISTS alliances_refresh_cause_codes()",
    "DROP FUNCTION IF EXISTS alliances_cause_codes(bigint)",
    "DROP FUNCTION IF EXISTS alliances_codes_of_causes(bigint[])",
    "ALTER TABLE organisations_organisation DROP COLUMN IF EXISTS cause_codes",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("organisations", "0004_directory_search"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
