"""PostgreSQL only: bulk imports write `cause_codes` in the same INSERT as the organisation,
and tell the link-table triggers so (`alliances.cause_codes_written`): otherwise every
imported organisation with causes is written twice, search vector and indexes included."""

from django.db import migrations

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
PREVIOUS_REFRESH = """
CREATE OR REPLACE FUNCTION alliances_refresh_cause_codes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
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


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("organisations", "0005_cause_codes")]

    operations = [
        migrations.RunPython(
            _run([CODES_OF_CAUSES, REFRESH]),
            _run([PREVIOUS_REFRESH, "DROP FUNCTION IF EXISTS alliances_codes_of_causes(bigint[])"]),
        )
    ]
