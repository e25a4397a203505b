"""Reads about a campaign's candidates, always within one organisation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from coappoint.campaigns.models import Campaign, Candidate
from coappoint.candidates.models import (
    EQUALITY_QUESTIONS,
    AdjustmentRequest,
    EqualityMonitoring,
)
from coappoint.events.models import Event
from coappoint.organisations.models import Organisation

# Counts below this are shown as "fewer than 5", so nobody can be picked out by their answers.
SMALLEST_COUNT_SHOWN = 5


def get_campaign(organisation: Organisation, campaign_id: int) -> Campaign:
    """The campaign if it belongs to `organisation`, else 404."""
    return get_object_or_404(
        Campaign.objects.select_related("vacancy", "vacancy__area"),
        organisation=organisation,
        pk=campaign_id,
    )


def get_candidate(campaign: Campaign, candidate_id: int) -> Candidate:
    """The candidate if they are in `campaign`, else 404."""
    return get_object_or_404(
        Candidate, organisation=campaign.organisation, campaign=campaign, pk=candidate_id
    )


def list_candidates(campaign: Campaign) -> QuerySet[Candidate]:
    """The campaign's candidates by name, with the events they are invited to."""
    return Candidate.objects.filter(
        organisation=campaign.organisation, campaign=campaign
    ).prefetch_related("events")


def list_candidate_emails(campaign: Campaign) -> list[str]:
    """The email addresses already used in `campaign` (to catch an import repeating one)."""
    return list(
        Candidate.objects.filter(organisation=campaign.organisation, campaign=campaign)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def list_events(campaign: Campaign) -> QuerySet[Event]:
    """The campaign's events, soonest first."""
    return Event.objects.filter(organisation=campaign.organisation, campaign=campaign).order_by(
        "date", "name"
    )


def get_adjustment_request(candidate: Candidate) -> AdjustmentRequest | None:
    return AdjustmentRequest.objects.filter(
        organisation=candidate.organisation, candidate=candidate
    ).first()


def get_equality_monitoring(candidate: Candidate) -> EqualityMonitoring | None:
    return EqualityMonitoring.objects.filter(
        organisation=candidate.organisation, candidate=candidate
    ).first()


def list_adjustment_requests(campaign: Campaign) -> QuerySet[AdjustmentRequest]:
    """The campaign's adjustment requests that ask for something, by candidate name."""
    return (
        AdjustmentRequest.objects.filter(
            organisation=campaign.organisation, candidate__campaign=campaign
        )
        .exclude(interpreter_language="", needs="")
        .select_related("candidate")
        .order_by("candidate__first_name", "candidate__last_name", "candidate_id")
    )


@dataclass(frozen=True)
class AnswerCount:
    """One answer to one question and how many chose it; `count` is None when hidden."""

    label: str
    count: int | None


@dataclass(frozen=True)
class QuestionSummary:
    question: str
    answers: tuple[AnswerCount, ...]


@dataclass(frozen=True)
class EqualitySummary:
    """Totals of the campaign's equality answers; no figures at all when `respondents` is small."""

    respondents: int
    shown: bool
    questions: tuple[QuestionSummary, ...]


def suppress_small_counts(
    counts: Mapping[str, int], smallest_shown: int = SMALLEST_COUNT_SHOWN
) -> dict[str, int | None]:
    """Hide (None) every count from 1 to `smallest_shown` - 1, and enough others to keep it hidden.

    Zero is shown: it says nothing about anyone. When exactly one count is hidden, the total
    would give it away, so the next smallest count above zero is hidden too (secondary
    suppression).
    """
    shown: dict[str, int | None] = {
        answer: (None if 0 < count < smallest_shown else count) for answer, count in counts.items()
    }
    hidden = [answer for answer, count in shown.items() if count is None]
    if len(hidden) == 1:
        others = sorted(
            (count, answer) for answer, count in shown.items() if count is not None and count > 0
        )
        if others:
            shown[others[0][1]] = None
    return shown


def get_equality_summary(campaign: Campaign) -> EqualitySummary:
    """The campaign's equality answers as totals per question, small numbers hidden.

    Call only after `access.may_see_equality_data` allowed the viewer.
    """
    records = list(
        EqualityMonitoring.objects.filter(
            organisation=campaign.organisation, candidate__campaign=campaign
        )
    )
    if len(records) < SMALLEST_COUNT_SHOWN:
        return EqualitySummary(respondents=len(records), shown=False, questions=())
    questions = []
    for name, answers in EQUALITY_QUESTIONS.items():
        tally = Counter(getattr(record, name) for record in records)
        shown = suppress_small_counts({str(value): tally[value] for value in answers.values})
        questions.append(
            QuestionSummary(
                question=str(EqualityMonitoring._meta.get_field(name).verbose_name),  # type: ignore[union-attr]
                answers=tuple(
                    AnswerCount(label=str(label), count=shown[str(value)])
                    for value, label in answers.choices
                ),
            )
        )
    return EqualitySummary(respondents=len(records), shown=True, questions=tuple(questions))
