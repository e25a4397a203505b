"""Scoring in the admin, for support staff: read-only, and never a score value.

The admin bypasses services and the hidden-until-the-reveal rule, so it shows who sent which
sheet and when, never the scores, the "comfortable" answer or the comment. Score and
ScoreCorrection (which hold values) are not registered at all.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from coappoint.scoring.models import ScoreSheet, ScoringRound


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ScoringRound)
class ScoringRoundAdmin(ReadOnlyAdmin):
    list_display = ("event", "opened_at", "revealed_at", "closed_at")
    fields = ("event", "criteria_version", "opened_at", "opened_by", "revealed_at", "closed_at")


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdmin):
    list_display = ("event", "recruiter", "candidate", "submitted_at", "entered_on_paper_by")
    list_filter = ("event",)
    # Only these fields: never comfortable, comment or the scores.
    fields = ("event", "recruiter", "candidate", "submitted_at", "entered_on_paper_by")
