"""Timetables in the admin, read-only: they are made only through the service."""

from django.contrib import admin
from django.http import HttpRequest

from coappoint.timetables.models import Timetable


@admin.register(Timetable)
class TimetableAdmin(admin.ModelAdmin[Timetable]):
    list_display = ("event", "version", "made_at", "made_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Timetable | None = None) -> bool:
        return False
