"""Reads for co-design."""

from __future__ import annotations

from coappoint.codesign.models import CriteriaVersion
from coappoint.events.models import Event


def get_locked_criteria(event: Event) -> CriteriaVersion | None:
    """The criteria version scoring uses: the locked one, or None before scoring starts."""
    return (
        CriteriaVersion.objects.filter(event=event, locked_at__isnull=False)
        .prefetch_related("criteria")
        .order_by("-number")
        .first()
    )


def get_current_criteria(event: Event) -> CriteriaVersion | None:
    """The newest criteria version, locked or not."""
    return (
        CriteriaVersion.objects.filter(event=event)
        .prefetch_related("criteria")
        .order_by("-number")
        .first()
    )
