"""The one helper every write calls to leave its audit row."""

from __future__ import annotations

from typing import Any

from django.db import models

from coappoint.accounts.models import User
from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Organisation

SYSTEM = "System"


def record_audit_event(
    *,
    organisation: Organisation | None,
    actor: User | str,
    action: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row. `actor` is a staff user, or words for anyone else ("System").

    Call it inside the service's own transaction so the change and its audit row stand or fall
    together. `before` and `after` must hold JSON-ready values, never secrets.
    """
    actor_user = actor if isinstance(actor, User) else None
    return AuditEvent.objects.create(
        organisation=organisation,
        actor_user=actor_user,
        actor_label=str(actor_user) if actor_user is not None else str(actor),
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        before=before,
        after=after,
    )
