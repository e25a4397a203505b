"""Timetables in the admin, read-only: they are made only through the service."""

from django.contrib import admin
from django.http import HttpRequest

from coappoint.timetables.models import Conversation, Timetable


@admin.register(Timetable)
class TimetableAdmin(admin.ModelAdmin[Timetable]):
    list_display = ("event", "version", "made_at", "made_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Timetable | None = None) -> bool:
        return False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin[Conversation]):
    list_display = ("timetable", "round", "table", "recruiter", "candidate", "status")
    list_filter = ("status",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Conversation | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Conversation | None = None) -> bool:
        return False
