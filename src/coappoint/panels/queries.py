"""Reads for a day's panel: volunteers, the area's figures, draws and whether quotas are met."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from django.db.models import Prefetch, QuerySet

from coappoint.candidates.models import EQUALITY_QUESTIONS, PREFER_NOT_TO_SAY
from coappoint.candidates.queries import EqualitySummary, question_text, summarise_equality
from coappoint.events.models import Event
from coappoint.organisations.models import Area
from coappoint.panels import drawing
from coappoint.panels.models import (
    AreaFigure,
    PanelDraw,
    PanelVolunteer,
    RecruiterEqualityMonitoring,
)
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.rules.panel_quotas import Answers, QuotaBounds, unmet_quotas
from coappoint.rules.scales import round_for_display


def event_area(event: Event) -> Area:
    return event.campaign.vacancy.area


def get_figures(area: Area) -> dict[tuple[str, str], int]:
    """The area's people per (question, answer)."""
    return {
        (question, answer): people
        for question, answer, people in AreaFigure.objects.filter(
            organisation=area.organisation, area=area
        ).values_list("question", "answer", "people")
    }


def questions_with_figures(area: Area) -> list[str]:
    """The equality questions the area has figures for, in the form's order: the draw's quotas."""
    given = set(
        AreaFigure.objects.filter(organisation=area.organisation, area=area, people__gt=0)
        .values_list("question", flat=True)
        .distinct()
    )
    return [name for name in EQUALITY_QUESTIONS if name in given]


def list_volunteers(event: Event) -> QuerySet[CommunityRecruiter]:
    """Everyone who volunteered for the event and has not withdrawn, reserves included."""
    return (
        CommunityRecruiter.objects.filter(
            organisation=event.organisation, event=event, withdrawn_at__isnull=True
        )
        .select_related("equality_monitoring")
        .order_by("pk")
    )


def answers_of(recruiter: CommunityRecruiter, questions: list[str]) -> Answers:
    """A volunteer's answer to each of `questions`: "Prefer not to say" for any they did not
    answer (no answers given at all included), so nobody is left out of the draw for that."""
    record: RecruiterEqualityMonitoring | None = getattr(recruiter, "equality_monitoring", None)
    return tuple(
        (name, getattr(record, name) if record is not None else PREFER_NOT_TO_SAY)
        for name in questions
    )


def get_latest_draw(event: Event) -> PanelDraw | None:
    return (
        PanelDraw.objects.filter(organisation=event.organisation, event=event)
        .prefetch_related(
            "quotas",
            Prefetch(
                "volunteers",
                queryset=PanelVolunteer.objects.select_related(
                    "recruiter", "recruiter__equality_monitoring"
                ),
            ),
            "replacements",
        )
        .first()
    )


def bounds_of(draw: PanelDraw) -> tuple[QuotaBounds, ...]:
    return tuple(
        QuotaBounds(q.question, q.answer, quota=q.quota, least=q.least, most=q.most)
        for q in draw.quotas.all()
    )


def questions_of(draw: PanelDraw) -> list[str]:
    return list(dict.fromkeys(q.question for q in draw.quotas.all()))


def panel_now(draw: PanelDraw) -> list[CommunityRecruiter]:
    """The draw's pool who are on the day now: not reserves, not withdrawn."""
    return [
        entry.recruiter
        for entry in draw.volunteers.all()
        if entry.recruiter.reserve_since is None and entry.recruiter.withdrawn_at is None
    ]


@dataclass(frozen=True)
class QuotaStatus:
    """Whether one category's quota is met: never how many of the panel are in it."""

    question: str
    answer: str
    quota: int
    least: int
    most: int
    met: bool


def quota_statuses(draw: PanelDraw) -> list[QuotaStatus]:
    """Every category of the draw's quotas, met or not by the panel as it is now."""
    questions = questions_of(draw)
    unmet = set(unmet_quotas(bounds_of(draw), [answers_of(r, questions) for r in panel_now(draw)]))
    rows = []
    for quota in draw.quotas.all():
        bound = QuotaBounds(
            quota.question, quota.answer, quota=quota.quota, least=quota.least, most=quota.most
        )
        choices = EQUALITY_QUESTIONS[quota.question]
        rows.append(
            QuotaStatus(
                question=question_text(quota.question),
                answer=str(choices(quota.answer).label),
                quota=quota.quota,
                least=quota.least,
                most=quota.most,
                met=bound not in unmet,
            )
        )
    return rows


@dataclass(frozen=True)
class VolunteerRow:
    recruiter: CommunityRecruiter
    drawn: bool
    replaceable: bool  # drawn, then withdrew, not yet replaced


def chances_shown(draw: PanelDraw) -> list[str]:
    """Every volunteer's chance of selection as a percent to one place (round_for_display, from
    the stored millionths the draw gave), highest first and without names.

    Never beside a name: a chance follows from a person's answers (the only volunteers aged 65
    or over may each have a chance of 100%), so a named chance would show their answers, which
    nobody reads one person at a time."""
    return [
        str(round_for_display(Fraction(millionths, 10_000)))
        for millionths in sorted(
            (entry.probability_millionths for entry in draw.volunteers.all()), reverse=True
        )
    ]


def volunteer_rows(draw: PanelDraw) -> list[VolunteerRow]:
    """The draw's pool by name: drawn or not, and whether a reserve can be called for them."""
    replaced = {r.dropped_out_id for r in draw.replacements.all()}
    return [
        VolunteerRow(
            recruiter=entry.recruiter,
            drawn=entry.drawn,
            replaceable=entry.drawn
            and entry.recruiter.withdrawn_at is not None
            and entry.recruiter_id not in replaced,
        )
        for entry in sorted(draw.volunteers.all(), key=lambda e: (e.recruiter.full_name, e.pk))
    ]


def get_recruiter_equality_summary(event: Event) -> EqualitySummary:
    """The event's recruiters' equality answers as totals, by rules.disclosure (the candidates'
    summary, `summarise_equality`): the collection closes once the event is done."""
    given = RecruiterEqualityMonitoring.objects.filter(
        organisation=event.organisation, recruiter__event=event
    )
    return summarise_equality(given, closed=event.state == Event.State.DONE)


def get_recruiter_equality_answered_at(recruiter: CommunityRecruiter) -> datetime | None:
    """When the recruiter last answered: never the answers (as for candidates)."""
    answered: datetime | None = (
        RecruiterEqualityMonitoring.objects.filter(recruiter=recruiter)
        .values_list("updated_at", flat=True)
        .first()
    )
    return answered


@dataclass(frozen=True)
class Repeat:
    """A draw run again from what was kept: whether it had the same pool and gave the same panel."""

    same_pool: bool
    same_panel: bool
    same_library_version: bool
    drawn: frozenset[int]


def repeat_draw(draw: PanelDraw) -> Repeat:
    """Run `draw` again from its seed and quotas on its pool's answers as they are now.

    Writes nothing. `same_pool` compares the pool's digest with the one kept: false when a
    volunteer has since changed their answers or been forgotten, and then the panel may differ.
    """
    questions = questions_of(draw)
    bounds = bounds_of(draw)
    volunteers = [
        drawing.Volunteer(
            key=str(entry.recruiter_id), answers=answers_of(entry.recruiter, questions)
        )
        for entry in draw.volunteers.select_related("recruiter__equality_monitoring")
    ]
    result = drawing.draw(volunteers=volunteers, bounds=bounds, places=draw.places, seed=draw.seed)
    drawn = frozenset(int(key) for key in result.drawn)
    kept = frozenset(draw.volunteers.filter(drawn=True).values_list("recruiter_id", flat=True))
    return Repeat(
        same_pool=drawing.pool_digest(volunteers, bounds, draw.places, draw.seed)
        == draw.pool_digest,
        same_panel=drawn == kept,
        same_library_version=drawing.library_version() == draw.library_version,
        drawn=drawn,
    )
