"""Delete staff sign-in records older than 30 days: run it daily (cron or the scheduler)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from coappoint.audit.security_log import purge_security_log


class Command(BaseCommand):
    help = "Delete security-log rows older than SECURITY_LOG_RETENTION_DAYS (default 30)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge_security_log()
        self.stdout.write(f"Deleted {deleted} security-log rows.")
