"""Recreate the audit table's triggers, e.g. after changing COAPPOINT_AUDIT_RETENTION_DAYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

from coappoint.audit.db import create_triggers


class Command(BaseCommand):
    help = "Recreate the triggers that refuse UPDATE and early DELETE on the audit table."

    def handle(self, *args: Any, **options: Any) -> None:
        with connection.schema_editor() as schema_editor:
            create_triggers(schema_editor)
        self.stdout.write("The audit table's triggers are in place.")
