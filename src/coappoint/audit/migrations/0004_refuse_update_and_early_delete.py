"""The audit table refuses UPDATE, and DELETE of rows younger than AUDIT_RETENTION_DAYS.

One RunPython per vendor's SQL (coappoint.audit.db.trigger_sql), so the retention period comes
from the settings when the migration runs.
"""

from django.db import migrations

from coappoint.audit.db import create_triggers, drop_sql


def create(apps, schema_editor):
    create_triggers(schema_editor)


def drop(apps, schema_editor):
    for statement in drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_actions_and_at")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
