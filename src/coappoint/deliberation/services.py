"""Writes for deliberation: how consensus is recorded, and recording or changing a consensus."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.campaigns.models import Candidate
from coappoint.codesign.models import Criterion
from coappoint.deliberation.models import Consensus, DeliberationSettings
from coappoint.deliberation.queries import (
    get_shift_threshold,
    list_private_values,
    records_per_quality,
)
from coappoint.events.models import Event
from coappoint.rules.consensus import ConsensusRecord, validate_consensus
from coappoint.rules.errors import InvalidDecisionRecord, InvalidScore
from coappoint.scoring.queries import get_scale


class ConsensusRefused(Exception):
    """The consensus cannot be recorded as given; `field` names the answer to change."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def save_deliberation_settings(
    *, event: Event, consensus_per_quality: bool, actor: User, now: datetime | None = None
) -> DeliberationSettings:
    """Choose whether the group agrees a score per quality too; only before the first one."""
    now = now or timezone.now()
    with transaction.atomic():
        settings = DeliberationSettings.objects.select_for_update().filter(event=event).first()
        if Consensus.objects.filter(event=event).exists():
            raise ConsensusRefused(
                gettext(
                    "A consensus is already recorded, so how the group records it cannot "
                    "change now."
                )
            )
        before = (
            None if settings is None else {"consensus_per_quality": settings.consensus_per_quality}
        )
        if settings is None:
            settings = DeliberationSettings(organisation=event.organisation, event=event)
        settings.consensus_per_quality = consensus_per_quality
        settings.changed_at = now
        settings.changed_by = actor
        settings.save()
        audit.record(
            now=now,
            organisation=event.organisation,
            actor=actor,
            action=AuditAction.DELIBERATION_SETTINGS_CHANGED,
            target=settings,
            before=before,
            after={"consensus_per_quality": consensus_per_quality},
        )
    return settings


def _values(consensus: Consensus) -> dict[str, Any]:
    # The rationale and reasons are about candidates: the row says how long they were, and the
    # page reads the current text from the consensus while it exists.
    return {
        "consensus_score": consensus.consensus_score,
        "rationale_characters": len(consensus.rationale),
        "dissent": consensus.dissent,
        "dissent_reason_characters": len(consensus.dissent_reason),
    }


def record_consensus(
    *,
    event: Event,
    candidate: Candidate,
    quality: Criterion | None,
    consensus_score: int,
    rationale: str,
    dissent: str,
    dissent_reason: str,
    actor: User,
    change_reason: str = "",
    now: datetime | None = None,
) -> Consensus:
    """Record the score the group agreed for `candidate` (overall, or on `quality`).

    Checked by the rules core against the scale and the campaign's consensus shift: a score
    the threshold or more from the private mean needs a rationale (more than the threshold,
    for campaigns locked before that rule, rules.consensus.ShiftRule). A dissent needs its
    reason. Changing a recorded consensus needs a reason for the change; both are audited.
    """
    now = now or timezone.now()
    # The event's lifecycle decides (rules.lifecycle): a consensus is recorded while the group
    # deliberates, after the reveal and until the decision.
    state = Event.objects.values_list("state", flat=True).get(pk=event.pk)
    if state == Event.State.DONE:
        raise ConsensusRefused(
            gettext("The decision is recorded, so the consensus it was made on cannot change.")
        )
    if state != Event.State.DELIBERATION:
        raise ConsensusRefused(
            gettext("The scores are not revealed yet, so no consensus can be recorded.")
        )
    if quality is not None and not records_per_quality(event):
        raise ConsensusRefused(gettext("This event records only an overall consensus."))
    if dissent.strip() and not dissent_reason.strip():
        raise ConsensusRefused(gettext("Enter the reason for the dissent"), "dissent_reason")
    try:
        validate_consensus(
            ConsensusRecord(
                candidate=str(candidate.pk),
                quality=None if quality is None else quality.name,
                consensus_score=consensus_score,
                private_scores=list_private_values(event, candidate, quality),
                rationale=rationale,
                dissent=dissent,
            ),
            scale=get_scale(event),
            threshold=get_shift_threshold(event),
        )
    except InvalidScore as refused:
        raise ConsensusRefused(str(refused), "consensus_score") from refused
    except InvalidDecisionRecord as refused:
        raise ConsensusRefused(str(refused), "rationale") from refused
    with transaction.atomic():
        consensus = (
            Consensus.objects.select_for_update()
            .filter(event=event, candidate=candidate, quality=quality)
            # By id: the default order joins the nullable quality, which PostgreSQL cannot lock.
            .order_by("pk")
            .first()
        )
        about = {
            "candidate_id": candidate.pk,
            "quality": "overall" if quality is None else quality.name,
        }
        if consensus is None:
            consensus = Consensus.objects.create(
                organisation=event.organisation,
                event=event,
                candidate=candidate,
                quality=quality,
                consensus_score=consensus_score,
                rationale=rationale,
                dissent=dissent,
                dissent_reason=dissent_reason,
                recorded_by=actor,
                recorded_at=now,
            )
            audit.record(
                now=now,
                organisation=event.organisation,
                actor=actor,
                action=AuditAction.CONSENSUS_RECORDED,
                target=consensus,
                after={**about, **_values(consensus)},
            )
            return consensus
        if not change_reason.strip():
            raise ConsensusRefused(
                gettext("Enter why the group is changing its consensus"), "change_reason"
            )
        before = _values(consensus)
        consensus.consensus_score = consensus_score
        consensus.rationale = rationale
        consensus.dissent = dissent
        consensus.dissent_reason = dissent_reason
        consensus.change_reason = change_reason
        consensus.recorded_by = actor
        consensus.changed_at = now
        consensus.save()
        audit.record(
            now=now,
            organisation=event.organisation,
            actor=actor,
            action=AuditAction.CONSENSUS_CHANGED,
            target=consensus,
            before={**about, **before},
            after={
                **about,
                **_values(consensus),
                "change_reason": audit.text_on(consensus, "change_reason"),
            },
        )
    return consensus
