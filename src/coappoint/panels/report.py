"""The candidates' equality report: totals at each stage of recruitment, per campaign and
across a programme, every table through rules.disclosure (`candidates.queries
.summarise_equality`, the one summary the equality totals page uses too).

The stages: applied (every candidate of the campaign), invited (put on one of its days),
attended (on a day that has started and not recorded as a no-show or as withdrawn), appointable
(by the decision's outcome) and appointed. A collection closes, and every answer counts, once
the campaign's decision is recorded (for a programme, once all its campaigns' are); until then
each stage counts whole batches of ten answers, earliest first, as the totals page does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coappoint.campaigns.models import Campaign, Candidate
from coappoint.candidates.models import EqualityMonitoring
from coappoint.candidates.queries import EqualitySummary, summarise_equality
from coappoint.decisions.models import Decision
from coappoint.decisions.queries import OutcomeNotAvailable, compute_record_outcome
from coappoint.events.models import Event
from coappoint.events.people_keys import candidate_pk
from coappoint.organisations.models import Programme
from coappoint.timetables.models import AttendanceChange
from coappoint.web.tables import Cell

STAGES = (
    ("applied", pgettext_lazy("recruitment stage", "Applied")),
    ("invited", pgettext_lazy("recruitment stage", "Invited to the day")),
    ("attended", pgettext_lazy("recruitment stage", "Attended the day")),
    ("appointable", pgettext_lazy("recruitment stage", "Appointable")),
    ("appointed", pgettext_lazy("recruitment stage", "Appointed")),
)


@dataclass(frozen=True)
class StageSummary:
    stage: str
    label: str
    summary: EqualitySummary


def _is_closed(campaign: Campaign) -> bool:
    return campaign.state in (Campaign.State.DECIDED, Campaign.State.CLOSED)


def _stage_candidates(campaigns: Sequence[Campaign]) -> dict[str, set[int]]:
    """The ids of the candidates at each stage, for `campaigns`."""
    applied = set(Candidate.objects.filter(campaign__in=campaigns).values_list("pk", flat=True))
    invited = set(
        Candidate.objects.filter(campaign__in=campaigns, events__isnull=False).values_list(
            "pk", flat=True
        )
    )
    started = Event.objects.filter(campaign__in=campaigns).exclude(state=Event.State.PLANNED)
    away = set(
        AttendanceChange.objects.filter(
            event__in=started,
            person_kind=AttendanceChange.PersonKind.CANDIDATE,
            kind__in=(AttendanceChange.Kind.NO_SHOW, AttendanceChange.Kind.WITHDREW),
        ).values_list("person_id", flat=True)
    )
    attended = {
        pk
        for pk in Candidate.objects.filter(events__in=started).values_list("pk", flat=True)
        if pk not in away
    }
    appointable: set[int] = set()
    appointed: set[int] = set()
    for decision in Decision.objects.filter(campaign__in=campaigns):
        if decision.appointed_id is not None:
            appointed.add(decision.appointed_id)
        try:
            outcome = compute_record_outcome(decision.record)
        except OutcomeNotAvailable:
            continue
        appointable |= {
            pk
            for result in outcome.candidates
            if result.placing.appointable and (pk := candidate_pk(result.id)) is not None
        }
    return {
        "applied": applied,
        "invited": invited,
        "attended": attended,
        "appointable": appointable,
        "appointed": appointed,
    }


def stage_report(campaigns: Sequence[Campaign]) -> list[StageSummary]:
    """The equality totals of each stage across `campaigns` (one campaign, or a programme's)."""
    closed = bool(campaigns) and all(_is_closed(campaign) for campaign in campaigns)
    at_stage = _stage_candidates(campaigns)
    return [
        StageSummary(
            stage=stage,
            label=str(label),
            summary=summarise_equality(
                EqualityMonitoring.objects.filter(candidate__in=at_stage[stage]), closed=closed
            ),
        )
        for stage, label in STAGES
    ]


def report_rows(report: Iterable[StageSummary]) -> list[list[Cell]]:
    """The report as a table for CSV: one row per stage, question and answer, as shown (rounded,
    "fewer than 5", and nothing for a stage whose totals are not shown yet)."""
    rows: list[list[Cell]] = [
        [
            str(_("Stage")),
            str(_("Question")),
            str(_("Answer")),
            str(_("Candidates")),
            str(_("Candidates who answered")),
        ]
    ]
    for stage in report:
        if not stage.summary.shown:
            rows.append([stage.label, "", "", str(_("not shown yet: fewer than 10 answers")), ""])
            continue
        for question in stage.summary.questions:
            for cell in question.table.cells:
                rows.append(
                    [
                        stage.label,
                        question.question,
                        cell.label,
                        str(_("fewer than 5")) if cell.count is None else cell.count,
                        stage.summary.respondents,
                    ]
                )
    return rows


def list_programme_campaigns(programme: Programme) -> list[Campaign]:
    return list(
        Campaign.objects.filter(organisation=programme.organisation, vacancy__programme=programme)
        .select_related("vacancy")
        .order_by("pk")
    )
