"""A record of each housekeeping run: when it ran and how many rows it removed, never which."""

from __future__ import annotations

from django.db import models


class HousekeepingRun(models.Model):
    """One finished run of `coappoint housekeeping`; /health/ reads the newest one's age.

    A run that fails part-way leaves no row, so a broken timer shows as housekeeping not having
    run, which is what it is.
    """

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(db_index=True)
    sessions_removed = models.PositiveIntegerField(default=0)
    sign_in_attempts_removed = models.PositiveIntegerField(default=0)
    security_log_removed = models.PositiveIntegerField(default=0)
    task_results_removed = models.PositiveIntegerField(default=0)
    messages_handed_on = models.PositiveIntegerField(default=0)
    retention_removed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-finished_at", "-id")

    def __str__(self) -> str:
        return f"Housekeeping finished at {self.finished_at:%Y-%m-%d %H:%M}"
