"""Audit-log fixtures: the triggers' guard on, whichever database runs the suite."""

from __future__ import annotations

import pytest
from django.db import connection

from coappoint.audit.db import PURGE_SETTING


@pytest.fixture
def guarded(settings, db) -> None:
    """The audit table as production has it: the suite's permission to empty it withdrawn.

    On SQLite the triggers ask a function that reads the setting; on PostgreSQL they read a
    session setting, switched off here for this test's transaction only.
    """
    settings.AUDIT_PURGE_FOR_TESTS = False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL {PURGE_SETTING} = 'off'")
