"""The one function every write calls to leave its audit row: `record`.

    from coappoint.audit import services as audit
    from coappoint.audit.actions import AuditAction

    audit.record(
        action=AuditAction.ROLE_ADDED,
        actor=request.user,            # a staff User, a recruiter, a candidate, or audit.SYSTEM
        target=membership,             # any model instance, or None
        organisation=organisation,     # or None for what belongs to no organisation
        now=now,                       # the row's `at`: the time the service was given
        before={"roles": [...]},       # JSON-ready ids and values, never names or emails
        after={"roles": [...]},
    )

Call it inside the service's own transaction, so the change and its row stand or fall together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models

from coappoint.audit.actions import ActorKind, AuditAction
from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Organisation


@dataclass(frozen=True)
class Actor:
    """Who acted, as a kind and an id: never their name, so the row outlives their record."""

    kind: ActorKind
    id: int | None = None


# What `record` accepts as the actor: a staff User, a recruiter, a candidate, or an Actor.
ActorLike = models.Model | Actor

SYSTEM = Actor(ActorKind.SYSTEM)
# A candidate answering equality monitoring: the row must not say which candidate answered.
UNNAMED_CANDIDATE = Actor(ActorKind.UNNAMED_CANDIDATE)
# A recruiter answering equality monitoring, likewise unnamed.
UNNAMED_RECRUITER = Actor(ActorKind.UNNAMED_RECRUITER)

# The people who act, by model label: the audit app sits below the apps that define recruiters
# and candidates, so it names their models rather than importing them.
ACTOR_MODELS: dict[str, ActorKind] = {
    "accounts.User": ActorKind.STAFF,
    "recruiters.CommunityRecruiter": ActorKind.RECRUITER,
    "campaigns.Candidate": ActorKind.CANDIDATE,
}


def actor_of(person: models.Model | Actor) -> Actor:
    """The audit reference for a staff user, a recruiter or a candidate."""
    if isinstance(person, Actor):
        return person
    kind = ACTOR_MODELS.get(person._meta.label)
    if kind is None:
        raise TypeError(f"{person._meta.label} cannot act in the audit log")
    return Actor(kind, int(person.pk))


def person(person_: models.Model | Actor) -> dict[str, Any]:
    """A person named in `before` or `after` (a sign-in link's holder): kind and id."""
    who = actor_of(person_)
    return {"kind": who.kind.value, "id": who.id}


def record(
    *,
    action: AuditAction,
    actor: models.Model | Actor,
    organisation: Organisation | None,
    now: datetime,
    target: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row at `now`. `before` and `after` hold ids and values, never a person's
    name, email or free text about them, and never a secret or a score before its reveal."""
    if action not in AuditAction.values:
        raise ValueError(f"{action!r} is not an AuditAction")
    who = actor_of(actor)
    return AuditEvent.objects.create(
        organisation=organisation,
        at=now,
        actor_kind=who.kind,
        actor_id=who.id,
        action=AuditAction(action),
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
    )


# What an audit row holds in place of a private value (a name, an email, a phone number).
WITHHELD = "[withheld]"


def text_on(record_: models.Model, field: str, key: str | None = None) -> dict[str, Any]:
    """Free text kept on its own record, named from an audit row rather than copied into it.

    A reason or a rationale can be about a person, so the row says where it is; the audit page
    shows it while that record exists, and "deleted record" once it is gone.
    """
    reference: dict[str, Any] = {"text_on": record_._meta.label, "id": record_.pk, "field": field}
    if key is not None:
        reference["key"] = key  # the field holds JSON: the text is under this key
    return reference
