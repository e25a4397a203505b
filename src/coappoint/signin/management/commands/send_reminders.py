"""`coappoint manage send_reminders`: remind everyone taking part in tomorrow's events."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from coappoint.signin.reminders import send_day_before_reminders


class Command(BaseCommand):
    help = "Send the day-before reminder to recruiters and candidates of tomorrow's events."

    def handle(self, *args: Any, **options: Any) -> None:
        written = send_day_before_reminders()
        self.stdout.write(f"{written} reminders written.")
