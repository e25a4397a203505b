"""Reads for co-design."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch

from coappoint.campaigns.models import Candidate
from coappoint.codesign.models import (
    CriteriaVersion,
    Dot,
    DotVote,
    Observation,
    Proposal,
    ProposalKind,
)
from coappoint.events.models import Event
from coappoint.events.queries import list_candidate_display_names
from coappoint.recruiters.models import CommunityRecruiter, ConflictOfInterest
from coappoint.recruiters.queries import list_published_candidates


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


def list_criteria_versions(event: Event) -> list[CriteriaVersion]:
    """Every wording of the event's criteria, newest first, with its criteria."""
    return list(
        CriteriaVersion.objects.filter(event=event)
        .select_related("created_by")
        .prefetch_related("criteria")
        .order_by("-number")
    )


def list_proposals(event: Event, kind: ProposalKind) -> list[Proposal]:
    """The proposals still standing (not merged into another), oldest first, with their merged."""
    return list(
        Proposal.objects.filter(event=event, kind=kind, merged_into__isnull=True)
        .select_related("proposed_by_recruiter", "typed_by_staff")
        .prefetch_related(
            Prefetch("merged", queryset=Proposal.objects.order_by("created_at", "id"))
        )
        .order_by("created_at", "id")
    )


def get_open_vote(event: Event) -> DotVote | None:
    """The event's dot-vote that is open now, if any."""
    return DotVote.objects.filter(event=event, closed_at__isnull=True).first()


def get_latest_vote(event: Event) -> DotVote | None:
    """The event's newest round of dot-voting, open or closed."""
    return DotVote.objects.filter(event=event).order_by("-opened_at", "-id").first()


def get_recruiter_dots(vote: DotVote, recruiter: CommunityRecruiter) -> dict[int, int]:
    """Where the recruiter's dots are in this round: {proposal id: dots}."""
    return dict(
        Dot.objects.filter(vote=vote, recruiter=recruiter).values_list("proposal_id", "dots")
    )


@dataclass(frozen=True)
class QualityResult:
    """One quality's dots in a round; qualities with the same dots share a place."""

    proposal: Proposal
    dots: int
    place: int
    tied: bool


def list_vote_results(vote: DotVote) -> list[QualityResult]:
    """Every standing quality with its dots, most dots first; equal dots share a place.

    Dots on a quality merged after the round count for the quality it was merged into.
    """
    qualities = list_proposals(vote.event, ProposalKind.QUALITY)
    totals = dict.fromkeys((quality.pk for quality in qualities), 0)
    for dot in Dot.objects.filter(vote=vote).select_related("proposal"):
        standing = dot.proposal.merged_into_id or dot.proposal_id
        if standing in totals:
            totals[standing] += dot.dots
    ordered = sorted(qualities, key=lambda quality: -totals[quality.pk])
    counts = Counter(totals.values())
    results = []
    for quality in ordered:
        dots = totals[quality.pk]
        place = 1 + sum(1 for other in totals.values() if other > dots)
        results.append(
            QualityResult(proposal=quality, dots=dots, place=place, tied=counts[dots] > 1)
        )
    return results


def count_recruiters_voted(vote: DotVote) -> int:
    return Dot.objects.filter(vote=vote).values("recruiter").distinct().count()


def list_candidates_to_observe(
    recruiter: CommunityRecruiter,
) -> list[tuple[Candidate, str, int]] | None:
    """The candidates the recruiter may write notes on, with the recruiter's own note count.

    Never a candidate they said they know. None while the candidate list is not published.
    """
    candidates = list_published_candidates(recruiter.event)
    if candidates is None:
        return None
    known = set(
        ConflictOfInterest.objects.filter(recruiter=recruiter).values_list(
            "candidate_id", flat=True
        )
    )
    counts = Counter(
        Observation.objects.filter(recruiter=recruiter).values_list("candidate_id", flat=True)
    )
    return [
        (candidate, name, counts[candidate.pk])
        for candidate, name in candidates
        if candidate.pk not in known
    ]


def list_own_observations(recruiter: CommunityRecruiter, candidate: Candidate) -> list[Observation]:
    """The recruiter's own notes on the candidate, oldest first."""
    return list(
        Observation.objects.filter(recruiter=recruiter, candidate=candidate).order_by(
            "created_at", "id"
        )
    )


@dataclass(frozen=True)
class CandidateNotes:
    """The notes on one candidate, without who wrote them."""

    name: str
    notes: list[Observation]


def list_observations_by_candidate(event: Event) -> list[CandidateNotes]:
    """Every candidate of the event with the notes on them, authors left out, in a fixed order.

    The notes are ordered by their text rather than by time, so the order gives no clue to
    who wrote which.
    """
    notes: dict[int, list[Observation]] = {}
    for observation in Observation.objects.filter(event=event).defer("recruiter"):
        notes.setdefault(observation.candidate_id, []).append(observation)
    return [
        CandidateNotes(
            name=name,
            notes=sorted(
                notes.get(candidate.pk, []),
                key=lambda note: (note.curiosity, note.manner, note.inclusion, note.other),
            ),
        )
        for candidate, name in list_candidate_display_names(event)
    ]
