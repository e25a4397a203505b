"""Housekeeping runs in the support admin: read-only, so support staff see when it last ran."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from coappoint.housekeeping.models import HousekeepingRun


@admin.register(HousekeepingRun)
class HousekeepingRunAdmin(admin.ModelAdmin[HousekeepingRun]):
    list_display = (
        "finished_at",
        "started_at",
        "sessions_removed",
        "sign_in_attempts_removed",
        "security_log_removed",
        "task_results_removed",
        "messages_handed_on",
        "retention_removed",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: HousekeepingRun | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: HousekeepingRun | None = None
    ) -> bool:
        return False
