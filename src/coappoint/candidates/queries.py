"""Reads about a campaign's candidates, always within one organisation."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from coappoint.campaigns.models import Campaign, Candidate
from coappoint.candidates.access import AdjustmentsShown
from coappoint.candidates.models import (
    EQUALITY_QUESTIONS,
    AdjustmentRequest,
    EqualityMonitoring,
)
from coappoint.events.models import Event, interpreter_language_name
from coappoint.organisations.models import Organisation
from coappoint.rules.disclosure import Table, answers_counted, disclose


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
    """The campaign's candidates by name, with the events they are invited to and how told."""
    return Candidate.objects.filter(
        organisation=campaign.organisation, campaign=campaign
    ).prefetch_related("events", "day_places__event")


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


def get_equality_answered_at(candidate: Candidate) -> datetime | None:
    """When the candidate last answered the equality questions: never the answers themselves.

    Their page does not show answers back: staff could have opened the session (a link sent to
    an address they changed, say), and staff see equality data only as totals.
    """
    answered: datetime | None = (
        EqualityMonitoring.objects.filter(organisation=candidate.organisation, candidate=candidate)
        .values_list("updated_at", flat=True)
        .first()
    )
    return answered


@dataclass(frozen=True)
class CandidateAdjustments:
    """One candidate with the parts of their adjustment request one reader may see; a part the
    reader may not see is empty, so a template cannot show it by mistake."""

    candidate: Candidate
    interpreter: str  # the language's name, "" for none
    interview_needs: str
    needs: str

    @property
    def asks_for_something(self) -> bool:
        return bool(self.interpreter or self.interview_needs or self.needs)


def list_candidate_adjustments(
    campaign: Campaign, shown: AdjustmentsShown
) -> list[CandidateAdjustments]:
    """Every candidate of `campaign` by name, with what `shown` allows of their adjustments.

    `shown` is `access.adjustments_shown_to` for the reader: only its parts are read out.
    """
    candidates = (
        Candidate.objects.filter(organisation=campaign.organisation, campaign=campaign)
        .select_related("adjustment_request")
        .order_by("first_name", "last_name", "pk")
    )
    rows = []
    for candidate in candidates:
        request: AdjustmentRequest | None = getattr(candidate, "adjustment_request", None)
        rows.append(
            CandidateAdjustments(
                candidate=candidate,
                interpreter=(
                    interpreter_language_name(request.interpreter_language)
                    if request is not None and request.interpreter_language and shown.interpreter
                    else ""
                ),
                interview_needs=(
                    request.interview_needs if request is not None and shown.interview_needs else ""
                ),
                needs=request.needs if request is not None and shown.needs else "",
            )
        )
    return rows


@dataclass(frozen=True)
class QuestionSummary:
    question: str
    table: Table


@dataclass(frozen=True)
class EqualitySummary:
    """Totals of the campaign's equality answers, through rules.disclosure: nothing at all until
    enough candidates have answered or the campaign is decided, then rounded, small counts
    hidden."""

    shown: bool
    respondents: int | None
    questions: tuple[QuestionSummary, ...]


def get_equality_summary(campaign: Campaign) -> EqualitySummary:
    """The campaign's equality answers as totals per question, by rules.disclosure: whole
    batches of ten answers while the campaign is open, every answer once it is decided.

    The collection counts as closed once the campaign's decision is recorded: no answer can
    arrive after it to compare with. Call only after `access.may_see_equality_data` allowed the
    reader.
    """
    given = EqualityMonitoring.objects.filter(
        organisation=campaign.organisation, candidate__campaign=campaign
    )
    closed = campaign.state in (campaign.State.DECIDED, campaign.State.CLOSED)
    return summarise_equality(given, closed=closed)


def summarise_equality(given: QuerySet[Any], *, closed: bool) -> EqualitySummary:
    """Totals per question of the equality answers `given` (candidates' or recruiters': one
    question set, `EqualityAnswers`), by rules.disclosure: whole batches of ten answers, the
    earliest first, while the collection is open, and every answer once it has closed."""
    given = given.order_by("pk")  # the order they first answered in
    records = list(given[: answers_counted(given.count(), closed=closed)])
    questions = []
    for name, answers in EQUALITY_QUESTIONS.items():
        tally = Counter(getattr(record, name) for record in records)
        table = disclose(
            [(str(label), tally[value]) for value, label in answers.choices],
            respondents=len(records),
            closed=closed,
        )
        questions.append(QuestionSummary(question=question_text(name), table=table))
    shown = all(question.table.shown for question in questions)
    return EqualitySummary(
        shown=shown,
        respondents=questions[0].table.respondents if shown and questions else None,
        questions=tuple(questions) if shown else (),
    )


def question_text(name: str) -> str:
    """An equality question as it is asked ("What is your age?")."""
    return str(EqualityMonitoring._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
