"""The audit triggers again, with the audit log's retention period of 6 years (issue 21).

The triggers hold AUDIT_RETENTION_DAYS as written when they were made; this writes the new
default (2191 days) into them, on PostgreSQL and SQLite alike.
"""

from django.db import migrations

from coappoint.audit.db import create_triggers


def recreate(apps, schema_editor):
    create_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0012_privacy_actions")]

    operations = [migrations.RunPython(recreate, recreate, elidable=False)]
