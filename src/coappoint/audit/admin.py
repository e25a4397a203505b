"""The audit log in the admin: read-only, because the admin bypasses services."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from coappoint.audit.models import AuditEvent, SecurityEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = (
        "at",
        "organisation",
        "actor_kind",
        "actor_id",
        "action",
        "target_type",
        "target_id",
    )
    list_filter = ("organisation", "action", "actor_kind")
    search_fields = ("action", "target_type", "target_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin[SecurityEvent]):
    list_display = ("at", "kind", "user_id", "client_address")
    list_filter = ("kind",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SecurityEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SecurityEvent | None = None) -> bool:
        return False
