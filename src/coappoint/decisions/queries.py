"""The decision record (agreed scores only), its outcome, and what the outcome page shows.

The record is the rules core's input (`coappoint outcome`): the campaign's stages and, for every
candidate with every stage's agreed scores, those scores. The community stage's scores are the
group's consensus; the interview's are the panel's agreed scores. Private scores never enter it.
Keys the rules core does not know ("campaign", "name", "not_ready") are ignored by it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from coappoint.campaigns.models import Campaign, Candidate, Stage
from coappoint.decisions.models import Decision
from coappoint.deliberation.models import Consensus
from coappoint.deliberation.queries import records_per_quality
from coappoint.events.models import Event
from coappoint.events.people_keys import candidate_key
from coappoint.interviews.queries import list_agreed_scores
from coappoint.rules.errors import InvalidDecisionRecord
from coappoint.rules.outcome import compute_outcome, parse_decision_record, render_outcome

# The bar chart's geometry, in SVG user units; the viewBox scales it to the page's width.
CHART_WIDTH = 640
CHART_LABEL_WIDTH = 190
CHART_BAR_WIDTH = 380
CHART_ROW_HEIGHT = 40
CHART_BAR_HEIGHT = 24
CHART_LEGEND_ROW_HEIGHT = 22
# One colour per stage, in stage order: GOV.UK blue, green, purple (each 4.5:1 or more on white).
STAGE_COLOURS = ("#1d70b8", "#00703c", "#4c2c92")


def record_key(candidate: Candidate) -> str:
    """The candidate's id in the decision record (events.people_keys)."""
    return candidate_key(candidate.pk)


def stage_name(kind: str) -> str:
    """A stage's name in people's words ("Community recruitment event")."""
    return str(Stage.Kind(kind).label)


def get_decision(campaign: Campaign) -> Decision | None:
    return Decision.objects.filter(campaign=campaign).select_related("appointed").first()


def _community_scores(campaign: Campaign) -> dict[int, list[int]]:
    """Each candidate's consensus scores at the campaign's events: per quality where the event
    records the consensus per quality (in quality order), else the one overall score."""
    scores: dict[int, list[int]] = {}
    for event in Event.objects.filter(campaign=campaign).order_by("pk"):
        per_quality = records_per_quality(event)
        rows = Consensus.objects.filter(event=event, quality__isnull=not per_quality).order_by(
            "candidate_id", "quality__position", "pk"
        )
        for candidate_id, score in rows.values_list("candidate_id", "consensus_score"):
            scores.setdefault(candidate_id, []).append(score)
    return scores


def build_decision_record(campaign: Campaign) -> dict[str, Any]:
    """The decision record of `campaign` from agreed scores only, in the rules core's format.

    Candidates missing any stage's agreed scores are left out of "candidates" and listed in
    "not_ready" with the stages they miss (shortlisting scores are not kept in coappoint, so a
    shortlisting stage leaves every candidate not ready).
    """
    stages = list(Stage.objects.filter(campaign=campaign).order_by("position", "pk"))
    sources: dict[str, dict[int, list[int]]] = {
        Stage.Kind.COMMUNITY: _community_scores(campaign),
        Stage.Kind.INTERVIEW: {
            candidate_id: list(scores)
            for candidate_id, scores in list_agreed_scores(campaign).items()
        },
    }
    candidates: list[dict[str, Any]] = []
    not_ready: list[dict[str, Any]] = []
    for candidate in Candidate.objects.filter(campaign=campaign).order_by(
        "first_name", "last_name", "pk"
    ):
        stage_scores: dict[str, list[int]] = {}
        missing: list[str] = []
        for stage in stages:
            scores = sources.get(stage.kind, {}).get(candidate.pk)
            if scores:
                stage_scores[stage.kind] = scores
            else:
                missing.append(stage.kind)
        entry = {"id": record_key(candidate), "name": candidate.full_name}
        if missing:
            not_ready.append({**entry, "missing": missing})
        else:
            candidates.append({**entry, "stage_scores": stage_scores})
    return {
        "campaign": campaign.name,
        "stages": [
            {
                "name": stage.kind,
                "weight_percent": stage.weight_percent,
                "scale": {"min": stage.scale_min, "max": stage.scale_max},
                "minimum_percent": stage.minimum_percent,
                "community": stage.kind == Stage.Kind.COMMUNITY,
            }
            for stage in stages
        ],
        "candidates": candidates,
        "not_ready": not_ready,
    }


def record_digest(record: dict[str, Any]) -> str:
    """A fingerprint of the record, so a decision is saved on exactly the record that was shown."""
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()


class OutcomeNotAvailable(Exception):
    """The record cannot be combined yet; the message says why in plain words."""


def compute_rendered_outcome(record: dict[str, Any]) -> dict[str, Any]:
    """The rules core's answer for `record` (`coappoint outcome`'s JSON)."""
    if not record["candidates"]:
        raise OutcomeNotAvailable(
            gettext("No candidate has every stage's agreed scores yet, so there is no outcome.")
        )
    try:
        return render_outcome(compute_outcome(parse_decision_record(record)))
    except InvalidDecisionRecord as error:
        raise OutcomeNotAvailable(str(error)) from error


# --- What the pages and exports show ----------------------------------------------------------


@dataclass(frozen=True)
class StageCell:
    name: str
    percent: float
    contribution: float


@dataclass(frozen=True)
class CandidateRow:
    id: str
    name: str
    stages: tuple[StageCell, ...]
    combined_percent: float
    combined_exact: str
    appointable: bool
    below_minimum: tuple[str, ...]
    rank: int
    tied_with: tuple[str, ...]
    rank_without: int | None


@dataclass(frozen=True)
class ChartSegment:
    x: float
    width: float
    colour: str


@dataclass(frozen=True)
class ChartRow:
    name: str
    label_y: float
    bar_y: float
    value_x: float
    value: str
    segments: tuple[ChartSegment, ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bar_width: int
    axis_top: int
    legend: tuple[tuple[str, str, int], ...]
    rows: tuple[ChartRow, ...]
    text_alternative: str


@dataclass(frozen=True)
class OutcomeDescription:
    """The outcome as people read it: rows in rank order, ties, influence, chart, not ready."""

    stages: tuple[dict[str, Any], ...]
    stage_names: tuple[str, ...]
    rows: tuple[CandidateRow, ...]
    tied_at_top: tuple[str, ...]
    community_influence: str
    chart: Chart
    not_ready: tuple[tuple[str, str], ...]
    rules: tuple[tuple[str, int, str, int | None], ...]


def _names_in_words(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def describe_not_ready(record: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """(candidate name, the stages whose agreed scores are missing, in words)."""
    return tuple(
        (
            entry["name"],
            _names_in_words([stage_name(kind) for kind in entry["missing"]]),
        )
        for entry in record.get("not_ready", [])
    )


def _influence_words(outcome: dict[str, Any], names: dict[str, str]) -> str:
    influence = outcome.get("community_influence")
    if influence is None:
        return gettext(
            "No other stage has a weight, so there is no ranking without the community's score."
        )
    if not influence["top_changes"]:
        return gettext("The community's score did not change who ranks first.")
    without = sorted((names[key] for key in influence["top_without"]), key=str.casefold)
    if not without:
        return gettext("Without the community's score, no candidate would have been appointable.")
    return gettext("Without the community's score, %(names)s would have ranked first.") % {
        "names": _names_in_words(without)
    }


def describe_outcome(record: dict[str, Any], outcome: dict[str, Any]) -> OutcomeDescription:
    """Everything the outcome page, the PDF and the spreadsheet show, from the record and the
    rules core's answer (display values only; ranks and ties come from the exact values)."""
    stages = tuple(record["stages"])
    total_weight = sum(stage["weight_percent"] for stage in stages) or 1
    names = {entry["id"]: entry["name"] for entry in record["candidates"]}
    influence = outcome.get("community_influence") or {}
    rows = []
    for result in outcome["candidates"]:
        cells = tuple(
            StageCell(
                name=stage["name"],
                percent=result["stage_percent"][stage["name"]],
                contribution=result["stage_percent"][stage["name"]]
                * stage["weight_percent"]
                / total_weight,
            )
            for stage in stages
        )
        rows.append(
            CandidateRow(
                id=result["id"],
                name=names[result["id"]],
                stages=cells,
                combined_percent=result["combined_percent"],
                combined_exact=result["combined_exact"],
                appointable=result["appointable"],
                below_minimum=tuple(stage_name(kind) for kind in result["below_minimum"]),
                rank=result["rank"],
                tied_with=tuple(names[key] for key in result["tied_with"]),
                rank_without=influence.get("rank_without", {}).get(result["id"]),
            )
        )
    rows.sort(key=lambda row: (row.rank, row.name.casefold()))
    tied_at_top = tuple(
        row.name for row in rows if row.rank == 1 and row.appointable and row.tied_with
    )
    return OutcomeDescription(
        stages=stages,
        stage_names=tuple(stage_name(stage["name"]) for stage in stages),
        rows=tuple(rows),
        tied_at_top=tied_at_top,
        community_influence=_influence_words(outcome, names),
        chart=_chart(rows, stages),
        not_ready=describe_not_ready(record),
        rules=tuple(
            (
                stage_name(stage["name"]),
                stage["weight_percent"],
                f"{stage['scale']['min']}–{stage['scale']['max']}",
                stage["minimum_percent"],
            )
            for stage in stages
        ),
    )


def top_is_tied(outcome: dict[str, Any]) -> bool:
    """True when an appointable candidate ranked first is tied: a person must break the tie."""
    return any(
        result["rank"] == 1 and result["appointable"] and result["tied_with"]
        for result in outcome["candidates"]
    )


def _chart(rows: list[CandidateRow], stages: tuple[dict[str, Any], ...]) -> Chart:
    """A horizontal bar per candidate: its combined percent, split into each stage's share."""
    scale = CHART_BAR_WIDTH / 100
    chart_top = (len(stages) + 1) * CHART_LEGEND_ROW_HEIGHT
    chart_rows = []
    for index, row in enumerate(rows):
        top = chart_top + index * CHART_ROW_HEIGHT
        x = float(CHART_LABEL_WIDTH)
        segments = []
        for position, cell in enumerate(row.stages):
            width = cell.contribution * scale
            segments.append(
                ChartSegment(
                    x=round(x, 2),
                    width=round(width, 2),
                    colour=STAGE_COLOURS[position % len(STAGE_COLOURS)],
                )
            )
            x += width
        chart_rows.append(
            ChartRow(
                name=row.name,
                label_y=top + CHART_BAR_HEIGHT / 2 + 5,
                bar_y=top,
                value_x=round(x + 6, 2),
                value=f"{row.combined_percent}%",
                segments=tuple(segments),
            )
        )
    legend = tuple(
        (
            stage_name(stage["name"]),
            STAGE_COLOURS[position % len(STAGE_COLOURS)],
            (position + 1) * CHART_LEGEND_ROW_HEIGHT - 6,
        )
        for position, stage in enumerate(stages)
    )
    alternative = gettext("Combined percent per candidate, highest first: %(list)s.") % {
        "list": "; ".join(
            gettext("%(name)s %(percent)s%% (rank %(rank)s)")
            % {"name": row.name, "percent": row.combined_percent, "rank": row.rank}
            for row in rows
        )
    }
    return Chart(
        width=CHART_WIDTH,
        height=chart_top + len(rows) * CHART_ROW_HEIGHT + 10,
        label_width=CHART_LABEL_WIDTH,
        bar_height=CHART_BAR_HEIGHT,
        bar_width=CHART_BAR_WIDTH,
        axis_top=chart_top - 4,
        legend=legend,
        rows=tuple(chart_rows),
        text_alternative=alternative,
    )
