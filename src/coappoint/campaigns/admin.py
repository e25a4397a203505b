"""Campaign records in the admin, for support staff.

The rules of a campaign (stages, weights, scales, minimums, the threshold, the lock) are
read-only here: the admin bypasses services and the audit trail, and the rules are fixed by the
programme manager's "Lock the rules" step, never by support staff.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from coappoint.campaigns.models import Campaign, Candidate, Stage, Vacancy

admin.site.register(Vacancy)
admin.site.register(Candidate)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin[Campaign]):
    list_display = ("name", "organisation", "vacancy", "state", "rules_locked_at")
    # The state moves only through the services (campaigns.lifecycle), which audit each step.
    readonly_fields = (
        "consensus_shift_points",
        "consensus_shift_rule",
        "state",
        "rules_locked_at",
        "rules_locked_by",
        "closed_at",
    )


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin[Stage]):
    list_display = ("campaign", "kind", "weight_percent", "scale_min", "scale_max")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Stage | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Stage | None = None) -> bool:
        return False
