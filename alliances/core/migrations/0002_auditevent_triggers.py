"""The database refuses to change or delete audit entries, whatever code runs against it.

The one update allowed sets the person to NULL: deleting an account keeps its audit entries
but forgets who it was. PostgreSQL refuses DELETE; TRUNCATE (used only to empty a test
database) fires no row trigger. SQLite empties tables with a plain DELETE when a test database
is flushed, so there only the model layer refuses deletion.
"""

from django.db import migrations

_SQLITE_UNCHANGED = " AND ".join(
    f"NEW.{column} IS OLD.{column}"
    for column in (
        "id",
        "created_at",
        "verb",
        "object_type",
        "object_uuid",
        "object_repr",
        "organisation_uuid",
        "interface",
        "data",
    )
)

SQLITE_CREATE = [
    f"""
    CREATE TRIGGER core_auditevent_no_update
    BEFORE UPDATE ON core_auditevent
    WHEN NOT (NEW.actor_id IS NULL AND {_SQLITE_UNCHANGED})
    BEGIN
        SELECT RAISE(ABORT, 'audit events are never edited');
    END;
    """,
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS core_auditevent_no_update;"]

POSTGRESQL_CREATE = [
    """
    CREATE FUNCTION core_auditevent_refuse_change() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
           AND to_jsonb(NEW) - 'actor_id' = to_jsonb(OLD) - 'actor_id' THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit events are never edited or deleted'
            USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER core_auditevent_no_change
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_refuse_change();
    """,
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent;",
    "DROP FUNCTION IF EXISTS core_auditevent_refuse_change();",
]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE})


def drop_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
