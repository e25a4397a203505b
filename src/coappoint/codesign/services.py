"""Writes for co-design: every one audited."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.campaigns.models import Candidate
from coappoint.codesign.models import (
    CriteriaVersion,
    Criterion,
    Dot,
    DotVote,
    Observation,
    Proposal,
    ProposalKind,
)
from coappoint.codesign.queries import get_open_vote
from coappoint.events.models import Event
from coappoint.events.services import bump_live_versions
from coappoint.recruiters.models import CommunityRecruiter, ConflictOfInterest


class NoCriteria(Exception):
    """Scoring cannot start: the group has not chosen and worded any criteria yet."""


def _lock_event(event: Event) -> None:
    """Hold the event's row until the transaction ends, so changes to its criteria and votes
    happen one at a time (no two "version 2"s; no new version made while scoring starts)."""
    list(Event.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True))


def lock_current_criteria(
    *, event: Event, actor: User, now: datetime | None = None
) -> CriteriaVersion:
    """Lock the newest criteria version when scoring starts; locking twice changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_event(event)
        version = (
            CriteriaVersion.objects.select_for_update()
            .filter(event=event)
            .order_by("-number")
            .first()
        )
        if version is None or not version.criteria.exists():
            raise NoCriteria
        if version.locked_at is None:
            version.locked_at = now
            version.save(update_fields=["locked_at"])
            audit.record(
                now=now,
                organisation=event.organisation,
                actor=actor,
                action=AuditAction.CRITERIA_LOCKED,
                target=version,
                after={
                    "version": version.number,
                    "criteria": [criterion.name for criterion in version.criteria.all()],
                },
            )
    return version


# --- Proposals -------------------------------------------------------------------------------


class CodesignRefused(Exception):
    """A co-design change the rules do not allow; the message says why, in plain words."""


def make_proposal(
    *,
    event: Event,
    kind: ProposalKind,
    text: str,
    idempotency_key: uuid.UUID,
    recruiter: CommunityRecruiter | None = None,
    staff: User | None = None,
) -> Proposal:
    """Add a quality or local insight, from a recruiter's phone or typed by staff.

    A repeated `idempotency_key` (a phone sending again after a lost answer) returns the first
    proposal and writes nothing.
    """
    if (recruiter is None) == (staff is None):
        raise ValueError("A proposal comes from one recruiter or one member of staff.")
    if recruiter is not None and recruiter.event_id != event.pk:
        raise CodesignRefused(gettext("The recruiter is not taking part in this event."))
    existing = Proposal.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                organisation=event.organisation,
                event=event,
                kind=kind,
                text=text,
                proposed_by_recruiter=recruiter,
                typed_by_staff=staff,
                idempotency_key=idempotency_key,
            )
            audit.record(
                now=timezone.now(),
                organisation=event.organisation,
                actor=staff or recruiter or audit.SYSTEM,
                action=AuditAction.PROPOSAL_MADE,
                target=proposal,
                after={"kind": str(kind), "text": text},
            )
            bump_live_versions(event_id=event.pk, board=True)
    except IntegrityError:
        # The same key sent twice at once: the other request made it.
        return Proposal.objects.get(idempotency_key=idempotency_key)
    return proposal


def merge_proposals(
    *,
    event: Event,
    keep: Proposal,
    duplicates: Sequence[Proposal],
    actor: User,
) -> Proposal:
    """Merge `duplicates` into `keep`: they stay on record, pointing at the one that stays.

    Proposals merged earlier into a duplicate follow it, so every chain is one step long.
    Qualities cannot be merged while dot-voting is open, so nobody's dots move under them.
    """
    others = [proposal for proposal in duplicates if proposal.pk != keep.pk]
    if not others:
        raise CodesignRefused(gettext("Select at least 2 proposals to merge."))
    with transaction.atomic():
        proposals = list(
            Proposal.objects.select_for_update().filter(
                pk__in=[keep.pk, *(proposal.pk for proposal in others)]
            )
        )
        if any(
            proposal.event_id != event.pk
            or proposal.kind != keep.kind
            or proposal.merged_into_id is not None
            for proposal in proposals
        ):
            raise CodesignRefused(
                gettext("Only proposals of the same kind that are not merged yet can be merged.")
            )
        if keep.kind == ProposalKind.QUALITY and get_open_vote(event) is not None:
            raise CodesignRefused(gettext("Close dot-voting before you merge qualities."))
        other_ids = [proposal.pk for proposal in others]
        Proposal.objects.filter(merged_into_id__in=other_ids).update(merged_into=keep)
        Proposal.objects.filter(pk__in=other_ids).update(merged_into=keep)
        audit.record(
            now=timezone.now(),
            organisation=event.organisation,
            actor=actor,
            action=AuditAction.PROPOSALS_MERGED,
            target=keep,
            after={
                "kept": keep.text,
                "merged": [proposal.text for proposal in others],
            },
        )
        bump_live_versions(event_id=keep.event_id, board=True)
    return keep


# --- Dot-voting ------------------------------------------------------------------------------


def open_voting(
    *, event: Event, dots_per_recruiter: int, actor: User, now: datetime | None = None
) -> DotVote:
    """Open a round of dot-voting on the event's qualities (one open round at a time)."""
    with transaction.atomic():
        _lock_event(event)
        if get_open_vote(event) is not None:
            raise CodesignRefused(gettext("Dot-voting is already open."))
        if not Proposal.objects.filter(
            event=event, kind=ProposalKind.QUALITY, merged_into__isnull=True
        ).exists():
            raise CodesignRefused(gettext("Add at least one quality before you open dot-voting."))
        vote = DotVote.objects.create(
            organisation=event.organisation,
            event=event,
            dots_per_recruiter=dots_per_recruiter,
            opened_at=now or timezone.now(),
            opened_by=actor,
        )
        audit.record(
            now=vote.opened_at,
            organisation=event.organisation,
            actor=actor,
            action=AuditAction.DOT_VOTE_OPENED,
            target=vote,
            after={"dots_per_recruiter": dots_per_recruiter},
        )
        bump_live_versions(event_id=event.pk, board=True)
    return vote


def close_voting(*, vote: DotVote, actor: User, now: datetime | None = None) -> DotVote:
    """Close the round: no more dots are placed, and the totals go into the audit log."""
    with transaction.atomic():
        vote = DotVote.objects.select_for_update().get(pk=vote.pk)
        if vote.closed_at is not None:
            return vote
        vote.closed_at = now or timezone.now()
        vote.closed_by = actor
        vote.save(update_fields=["closed_at", "closed_by"])
        totals: dict[str, int] = {}
        for dot in Dot.objects.filter(vote=vote).select_related("proposal"):
            totals[dot.proposal.text] = totals.get(dot.proposal.text, 0) + dot.dots
        audit.record(
            now=vote.closed_at,
            organisation=vote.organisation,
            actor=actor,
            action=AuditAction.DOT_VOTE_CLOSED,
            target=vote,
            after={
                "dots_per_recruiter": vote.dots_per_recruiter,
                "recruiters_voted": Dot.objects.filter(vote=vote)
                .values("recruiter")
                .distinct()
                .count(),
                "dots": totals,
            },
        )
        bump_live_versions(event_id=vote.event_id, board=True)
    return vote


def place_dots(*, vote: DotVote, recruiter: CommunityRecruiter, dots: Mapping[int, int]) -> None:
    """Put the recruiter's dots on qualities ({proposal id: dots}), replacing their last go.

    Replacing makes sending the same form twice harmless, and lets people change their mind
    while voting is open. Several dots on one quality are allowed, as with sticky dots on a wall.
    """
    placed = {proposal_id: count for proposal_id, count in dots.items() if count}
    if any(count < 0 for count in placed.values()):
        raise CodesignRefused(gettext("Dots cannot be fewer than 0."))
    with transaction.atomic():
        vote = DotVote.objects.select_for_update().get(pk=vote.pk)
        if vote.closed_at is not None:
            raise CodesignRefused(gettext("Dot-voting has closed."))
        if recruiter.event_id != vote.event_id:
            raise CodesignRefused(gettext("The recruiter is not taking part in this event."))
        if sum(placed.values()) > vote.dots_per_recruiter:
            raise CodesignRefused(
                gettext("You have %(dots)s dots: use %(dots)s or fewer.")
                % {"dots": vote.dots_per_recruiter}
            )
        qualities = {
            proposal.pk: proposal
            for proposal in Proposal.objects.filter(
                event_id=vote.event_id,
                kind=ProposalKind.QUALITY,
                merged_into__isnull=True,
                pk__in=list(placed),
            )
        }
        if set(placed) - set(qualities):
            raise CodesignRefused(gettext("Dots can only go on the qualities on the list."))
        Dot.objects.filter(vote=vote, recruiter=recruiter).delete()
        Dot.objects.bulk_create(
            Dot(
                organisation=vote.organisation,
                vote=vote,
                recruiter=recruiter,
                proposal=qualities[proposal_id],
                dots=count,
            )
            for proposal_id, count in placed.items()
        )
        audit.record(
            now=timezone.now(),
            organisation=vote.organisation,
            actor=recruiter,
            action=AuditAction.DOTS_PLACED,
            target=vote,
            after={qualities[proposal_id].text: count for proposal_id, count in placed.items()},
        )
        bump_live_versions(event_id=vote.event_id, board=True)


# --- Wording the criteria --------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionWording:
    """A chosen quality's name and a plain description of what good looks like."""

    name: str
    what_good_looks_like: str


def word_criteria(
    *, event: Event, criteria: Sequence[CriterionWording], actor: User
) -> CriteriaVersion:
    """Make the next version of the event's criteria (1, 2, ...) from the worded qualities.

    Refused once a version is locked: scoring has started, and everyone must score the same
    qualities with the same words.
    """
    if not criteria:
        raise CodesignRefused(gettext("Choose at least one quality to word."))
    with transaction.atomic():
        _lock_event(event)
        versions = CriteriaVersion.objects.filter(event=event)
        if versions.filter(locked_at__isnull=False).exists():
            raise CodesignRefused(
                gettext("Scoring has started, so the criteria are locked and cannot be changed.")
            )
        number = (versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
        version = CriteriaVersion.objects.create(
            organisation=event.organisation, event=event, number=number, created_by=actor
        )
        Criterion.objects.bulk_create(
            Criterion(
                organisation=event.organisation,
                version=version,
                position=position,
                name=wording.name,
                what_good_looks_like=wording.what_good_looks_like,
            )
            for position, wording in enumerate(criteria, start=1)
        )
        audit.record(
            now=timezone.now(),
            organisation=event.organisation,
            actor=actor,
            action=AuditAction.CRITERIA_WORDED,
            target=version,
            after={
                "version": number,
                "criteria": [
                    {"name": wording.name, "what_good_looks_like": wording.what_good_looks_like}
                    for wording in criteria
                ],
            },
        )
    return version


# --- Mingling notes --------------------------------------------------------------------------


@dataclass(frozen=True)
class ObservationNote:
    """What a recruiter saw of a candidate, prompt by prompt; any may be left empty."""

    curiosity: str = ""
    manner: str = ""
    inclusion: str = ""
    other: str = ""


def record_observation(
    *,
    recruiter: CommunityRecruiter,
    candidate: Candidate,
    note: ObservationNote,
    idempotency_key: uuid.UUID,
) -> Observation:
    """Keep a recruiter's mingling note about a candidate of their event they do not know.

    A repeated `idempotency_key` returns the first note. The audit row names the recruiter but
    neither the candidate nor the words, so staff cannot tell who wrote which note.
    """
    existing = Observation.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    event = recruiter.event
    if not event.candidates.filter(pk=candidate.pk).exists():
        raise CodesignRefused(gettext("The candidate is not at this event."))
    if ConflictOfInterest.objects.filter(recruiter=recruiter, candidate=candidate).exists():
        raise CodesignRefused(
            gettext("You said you know this candidate, so you do not write notes on them.")
        )
    try:
        with transaction.atomic():
            observation = Observation.objects.create(
                organisation=event.organisation,
                event=event,
                recruiter=recruiter,
                candidate=candidate,
                curiosity=note.curiosity,
                manner=note.manner,
                inclusion=note.inclusion,
                other=note.other,
                idempotency_key=idempotency_key,
            )
            audit.record(
                now=timezone.now(),
                organisation=event.organisation,
                actor=recruiter,
                action=AuditAction.OBSERVATION_RECORDED,
                target=observation,
            )
    except IntegrityError:
        return Observation.objects.get(idempotency_key=idempotency_key)
    return observation
