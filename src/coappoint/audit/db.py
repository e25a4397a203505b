"""The database triggers that keep the audit log as written, on PostgreSQL and SQLite.

The audit table refuses every UPDATE, and the DELETE (or TRUNCATE) of any row younger than
`AUDIT_RETENTION_DAYS`. The one exception is the test suite, which empties tables between
tests: with `AUDIT_PURGE_FOR_TESTS` on, each connection says so (a session setting on
PostgreSQL, a function on SQLite) and the triggers let deletes through. Production never turns
it on; a connection opened outside Django (psql, sqlite3) never says so either.

SQLite rebuilds a table to alter it, dropping its triggers: a later migration that alters
`audit_auditevent` must call `create_triggers` again (as `coappoint manage audit_triggers` does).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"
UPDATE_REFUSED = "audit rows cannot be changed"
DELETE_REFUSED = "audit rows younger than the audit retention period cannot be deleted"
PURGE_SETTING = "coappoint.audit_purge_for_tests"


def _postgresql(days: int) -> list[str]:
    return [
        f"""
        CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                RAISE EXCEPTION '{UPDATE_REFUSED}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF coalesce(current_setting('{PURGE_SETTING}', true), '') = 'on' THEN
                RETURN OLD;
            END IF;
            IF TG_OP = 'TRUNCATE' OR OLD.at > now() - interval '{days} days' THEN
                RAISE EXCEPTION '{DELETE_REFUSED}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN OLD;
        END
        $$
        """,
        f"DROP TRIGGER IF EXISTS {TABLE}_keep ON {TABLE}",
        f"DROP TRIGGER IF EXISTS {TABLE}_keep_all ON {TABLE}",
        f"""CREATE TRIGGER {TABLE}_keep BEFORE UPDATE OR DELETE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse()""",
        f"""CREATE TRIGGER {TABLE}_keep_all BEFORE TRUNCATE ON {TABLE}
            FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse()""",
    ]


def _sqlite(days: int) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
        f"DROP TRIGGER IF EXISTS {TABLE}_no_early_delete",
        f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
            BEGIN SELECT RAISE(ABORT, '{UPDATE_REFUSED}'); END""",
        # Django stores UTC as 'YYYY-MM-DD HH:MM:SS[.ffffff]', which compares as text.
        f"""CREATE TRIGGER {TABLE}_no_early_delete BEFORE DELETE ON {TABLE}
            WHEN OLD.at > datetime('now', '-{days} days') AND coappoint_audit_purge() = 0
            BEGIN SELECT RAISE(ABORT, '{DELETE_REFUSED}'); END""",
    ]


def trigger_sql(vendor: str, days: int) -> list[str]:
    """The statements that (re)create the triggers on `vendor` for a retention of `days`."""
    if vendor == "postgresql":
        return _postgresql(int(days))
    if vendor == "sqlite":
        return _sqlite(int(days))
    raise NotImplementedError(f"No audit triggers for {vendor}: add them before using it.")


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {TABLE}_keep ON {TABLE}",
            f"DROP TRIGGER IF EXISTS {TABLE}_keep_all ON {TABLE}",
            f"DROP FUNCTION IF EXISTS {TABLE}_refuse()",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
        f"DROP TRIGGER IF EXISTS {TABLE}_no_early_delete",
    ]


def create_triggers(schema_editor: Any) -> None:
    for statement in trigger_sql(schema_editor.connection.vendor, settings.AUDIT_RETENTION_DAYS):
        schema_editor.execute(statement)


def on_connection_created(
    sender: object, connection: BaseDatabaseWrapper, **kwargs: object
) -> None:
    """Tell the triggers, on this connection, whether the test suite may empty the table."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "coappoint_audit_purge", 0, lambda: int(bool(settings.AUDIT_PURGE_FOR_TESTS))
        )
    elif connection.vendor == "postgresql" and settings.AUDIT_PURGE_FOR_TESTS:
        with connection.connection.cursor() as cursor:
            cursor.execute(f"SET {PURGE_SETTING} = 'on'")
