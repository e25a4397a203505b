"""The decision record (agreed scores only), its outcome, and what the outcome page shows.

The record is the rules core's input (`coappoint outcome`): the campaign's stages and, for every
candidate with every stage's agreed scores, those scores. The community stage's scores are the
group's consensus; the interview's are the panel's agreed scores. Private scores never enter it.
Keys the rules core does not know ("campaign", "not_ready", "did_not_attend", and for the
auditor "rules", "consensus", "interview_questions", "recruiters_did_not_attend") are ignored by
it. Those last four were added later: a record locked before them lacks them, and the exports
say "not recorded" (decisions.exports).

The record holds people only by their keys ("c12", `record_key`): no names, and no words said
about them. Their names (`build_names`) and the words said with each consensus
(`build_consensus_words`) are kept beside it (`Decision.names`, `Decision.consensus_words`), so
forgetting a person changes those and never the record nor its digest; `readable_record` joins
them back for the pages and the exports.

The record is JSON because it is stored and fingerprinted; the outcome is the rules core's typed
`Outcome`, and every figure shown is its exact value rounded once by `round_for_display`. The
outcome's JSON (`render_outcome`) is made only to store the decision and for the exports.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import get_language_bidi, gettext

from coappoint.campaigns.models import Campaign, Candidate, Stage
from coappoint.campaigns.queries import shift_rule, threshold_shown
from coappoint.decisions.models import Decision
from coappoint.deliberation.models import Consensus
from coappoint.deliberation.queries import records_per_quality
from coappoint.events.models import Event
from coappoint.events.people_keys import candidate_key
from coappoint.interviews.queries import (
    list_absent_candidate_ids,
    list_agreed_scores,
    list_questions,
)
from coappoint.rules.errors import InvalidDecisionRecord
from coappoint.rules.outcome import (
    CandidateResult,
    Outcome,
    compute_outcome,
    parse_decision_record,
)
from coappoint.rules.scales import round_for_display
from coappoint.timetables.models import AttendanceChange

# The record's lists whose entries are people, by their "id" key.
PEOPLE_PARTS = ("candidates", "not_ready", "did_not_attend", "consensus")
# The words said with a consensus, kept beside the record (`Decision.consensus_words`).
CONSENSUS_WORDS = ("rationale", "dissent", "dissent_reason", "change_reason")
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


def _consensus_rows(campaign: Campaign) -> list[tuple[Event, Consensus]]:
    """Each consensus the record's community scores come from (the same rows as
    `_community_scores`), in the order the auditor reads them."""
    found: list[tuple[Event, Consensus]] = []
    for event in Event.objects.filter(campaign=campaign).order_by("pk"):
        per_quality = records_per_quality(event)
        rows = (
            Consensus.objects.filter(event=event, quality__isnull=not per_quality)
            .select_related("candidate", "quality")
            .order_by(
                "candidate__first_name",
                "candidate__last_name",
                "candidate_id",
                "quality__position",
                "pk",
            )
        )
        found.extend((event, row) for row in rows)
    return found


def _consensus_entries(campaign: Campaign) -> list[dict[str, Any]]:
    """Each consensus with its score, for the auditor; its words are `build_consensus_words`."""
    return [
        {
            "id": record_key(row.candidate),
            "event": event.name,
            "quality": None if row.quality is None else row.quality.name,
            "score": row.consensus_score,
        }
        for event, row in _consensus_rows(campaign)
    ]


def build_consensus_words(campaign: Campaign) -> list[dict[str, Any]]:
    """The words said with each of the record's consensus entries, in the same order: the
    group's rationale, any dissent and its reason, the reason for a change."""
    return [
        {
            "id": record_key(row.candidate),
            "rationale": row.rationale,
            "dissent": row.dissent,
            "dissent_reason": row.dissent_reason,
            "change_reason": row.change_reason,
        }
        for _event, row in _consensus_rows(campaign)
    ]


def build_names(campaign: Campaign) -> dict[str, str]:
    """Who each of the record's keys is: every candidate of the campaign, by key."""
    return {
        record_key(candidate): candidate.full_name
        for candidate in Candidate.objects.filter(campaign=campaign).order_by("pk")
    }


def pseudonym(key: str) -> str:
    """What a forgotten person is called in the record's names and in the words about them:
    "Candidate c12". It is kept data, as the anonymised candidate's own name, so not translated."""
    return f"Candidate {key}"


def readable_record(
    record: dict[str, Any], names: dict[str, str], consensus_words: list[dict[str, Any]]
) -> dict[str, Any]:
    """The record as people read it: every entry about a person with their "name" (their
    pseudonym once forgotten), and each consensus with its words ("Not recorded" in the exports
    when a record locked before them has none). `coappoint outcome` reads it as the record."""
    readable = dict(record)
    for part in PEOPLE_PARTS:
        if part in record:
            readable[part] = [
                {**entry, "name": names.get(entry["id"]) or pseudonym(entry["id"])}
                for entry in record[part]
            ]
    if "consensus" in record:
        for position, entry in enumerate(readable["consensus"]):
            words = consensus_words[position] if position < len(consensus_words) else {}
            if words.get("id", entry["id"]) != entry["id"]:
                words = {}
            entry.update({key: words.get(key) for key in CONSENSUS_WORDS})
    return readable


def _rules(campaign: Campaign) -> dict[str, Any]:
    """The campaign-wide rules and when and by whom they were locked (None: not locked).

    Stage rules are the record's "stages"; the exports print every key of this dict, so a rule
    added here shows up in them without their knowing it.
    """
    locked_by = campaign.rules_locked_by
    return {
        "locked_at": None
        if campaign.rules_locked_at is None
        else campaign.rules_locked_at.isoformat(),
        "locked_by": None if locked_by is None else locked_by.full_name,
        # Which consensus needed a rationale: the threshold in points of the community stage's
        # scale, exact, and the rule fixed at the lock ("at_or_above", or "more_than" for
        # campaigns locked before it). The rules core ignores both; auditors read them.
        "consensus_shift_threshold_points": threshold_shown(campaign.consensus_shift_points),
        "consensus_shift_rule": shift_rule(campaign).value,
    }


def _recruiters_did_not_attend(campaign: Campaign) -> int:
    """How many community recruiters were recorded as not coming to the day: a count, since
    recruiters' names follow their own retention periods and a locked record keeps no names."""
    return (
        AttendanceChange.objects.filter(
            event__campaign=campaign,
            kind=AttendanceChange.Kind.NO_SHOW,
            person_kind=AttendanceChange.PersonKind.RECRUITER,
        )
        .values("event_id", "person_id")
        .distinct()
        .count()
    )


def build_decision_record(campaign: Campaign) -> dict[str, Any]:
    """The decision record of `campaign` from agreed scores only, in the rules core's format.

    People are in it by key only (`build_names` says who they are). Candidates missing any
    stage's agreed scores are left out of "candidates" and listed in
    "not_ready" with the stages they miss (shortlisting scores are not kept in coappoint, so a
    shortlisting stage leaves every candidate not ready), or in "did_not_attend" when every
    stage they miss is one they were recorded as not attending (a no-show on the day, or at
    the interview). The "rules" say which rule decided when a consensus needed a rationale.
    """
    stages = list(Stage.objects.filter(campaign=campaign).order_by("position", "pk"))
    sources: dict[str, dict[int, list[int]]] = {
        Stage.Kind.COMMUNITY: _community_scores(campaign),
        Stage.Kind.INTERVIEW: {
            candidate_id: list(scores)
            for candidate_id, scores in list_agreed_scores(campaign).items()
        },
    }
    absent: dict[str, set[int]] = {
        Stage.Kind.COMMUNITY: set(
            AttendanceChange.objects.filter(
                event__campaign=campaign,
                kind=AttendanceChange.Kind.NO_SHOW,
                person_kind=AttendanceChange.PersonKind.CANDIDATE,
            ).values_list("person_id", flat=True)
        ),
        Stage.Kind.INTERVIEW: list_absent_candidate_ids(campaign),
    }
    candidates: list[dict[str, Any]] = []
    not_ready: list[dict[str, Any]] = []
    did_not_attend: list[dict[str, Any]] = []
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
        entry: dict[str, Any] = {"id": record_key(candidate)}
        if missing and all(candidate.pk in absent.get(kind, set()) for kind in missing):
            # Every stage they have no score for is one they were recorded as not attending.
            did_not_attend.append({**entry, "missed": missing})
        elif missing:
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
        "did_not_attend": did_not_attend,
        "rules": _rules(campaign),
        "consensus": _consensus_entries(campaign),
        "interview_questions": [
            {"position": position, "text": question.text}
            for position, question in enumerate(list_questions(campaign), start=1)
        ],
        "recruiters_did_not_attend": _recruiters_did_not_attend(campaign),
    }


def record_digest(record: dict[str, Any]) -> str:
    """A fingerprint of a record: forgetting people never changes the stored record's."""
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()


def shown_digest(campaign: Campaign) -> str:
    """The fingerprint of the record as the decision page shows it now, names and consensus
    words joined in, so a decision is saved on exactly what the manager read (a changed
    reason counts, not only a changed score)."""
    return record_digest(
        readable_record(
            build_decision_record(campaign),
            build_names(campaign),
            build_consensus_words(campaign),
        )
    )


class OutcomeNotAvailable(Exception):
    """The record cannot be combined yet; the message says why in plain words."""


def compute_record_outcome(record: dict[str, Any]) -> Outcome:
    """The rules core's answer for `record`, typed; `coappoint outcome` prints the same."""
    if not record["candidates"]:
        raise OutcomeNotAvailable(
            gettext("No candidate has every stage's agreed scores yet, so there is no outcome.")
        )
    try:
        return compute_outcome(parse_decision_record(record))
    except InvalidDecisionRecord as error:
        raise OutcomeNotAvailable(str(error)) from error


def get_result(outcome: Outcome, candidate_id: str) -> CandidateResult | None:
    """The outcome for the candidate with this record id, or None if they are not in it."""
    return next((result for result in outcome.candidates if result.id == candidate_id), None)


def top_is_tied(outcome: Outcome) -> bool:
    """True when an appointable candidate ranked first is tied: a person must break the tie."""
    return any(
        result.placing.rank == 1 and result.placing.appointable and result.placing.tied_with
        for result in outcome.candidates
    )


# --- What the pages and exports show ----------------------------------------------------------


@dataclass(frozen=True)
class StageCell:
    """One stage of a candidate's row: percents as shown (rounded once), and the exact share."""

    name: str
    percent: Decimal
    contribution_exact: Fraction
    contribution_percent: Decimal


@dataclass(frozen=True)
class CandidateRow:
    id: str
    name: str
    stages: tuple[StageCell, ...]
    combined_percent: Decimal
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
    # Right to left the chart is drawn as in a mirror: names on the right, bars growing left.
    right_to_left: bool = False
    # Where the names end, the bars start (the axis), the bars' grey track and the legend.
    name_x: float = 0
    axis_x: float = 0
    track_x: float = 0
    legend_box_x: float = 0
    legend_text_x: float = 0
    # Which end of each name, and of the legend's and values' words, stands at its x. The
    # drawing is always set left to right (WeasyPrint reverses right-to-left words in an SVG
    # after other text), so these are physical: right to left, names start at their x.
    name_anchor: str = "end"
    words_anchor: str = "start"


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
    did_not_attend: tuple[tuple[str, str], ...]


def _names_in_words(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def describe_did_not_attend(record: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """(candidate name, the stages they did not attend, in words), from the readable record."""
    return tuple(
        (entry["name"], _names_in_words([stage_name(kind) for kind in entry["missed"]]))
        for entry in record.get("did_not_attend", [])
    )


def describe_not_ready(record: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """(candidate name, the stages whose agreed scores are missing, in words), from the
    readable record."""
    return tuple(
        (
            entry["name"],
            _names_in_words([stage_name(kind) for kind in entry["missing"]]),
        )
        for entry in record.get("not_ready", [])
    )


def _influence_words(outcome: Outcome, names: dict[str, str]) -> str:
    influence = outcome.community_influence
    if influence is None:
        return gettext(
            "No other stage has a weight, so there is no ranking without the community's score."
        )
    if not influence.top_changes:
        return gettext("The community's score did not change who ranks first.")
    without = sorted((names[key] for key in influence.top_without), key=str.casefold)
    if not without:
        return gettext("Without the community's score, no candidate would have been appointable.")
    return gettext("Without the community's score, %(names)s would have ranked first.") % {
        "names": _names_in_words(without)
    }


def describe_outcome(record: dict[str, Any], outcome: Outcome) -> OutcomeDescription:
    """Everything the outcome page, the PDF and the spreadsheet show, from the readable record
    (`readable_record`, with people's names) and the rules core's typed answer for it.

    Ranks and ties come from the exact values. Every figure shown is the core's exact value
    rounded once by `round_for_display`: a stage's share of the combined percent is the core's
    exact share (`Placing.contribution_percent`), never a rounded stage percent multiplied and
    rounded again, so the chart and its table agree with the combined percent to within the
    rounding of each figure.
    """
    stages = tuple(record["stages"])
    names = {entry["id"]: entry["name"] for entry in record["candidates"]}
    influence = outcome.community_influence
    rows = []
    for result in outcome.candidates:
        placing = result.placing
        shown_shares = placing.contribution_percent
        cells = tuple(
            StageCell(
                name=stage["name"],
                percent=round_for_display(result.stage_percent[stage["name"]]),
                contribution_exact=placing.contribution_exact[stage["name"]],
                contribution_percent=shown_shares[stage["name"]],
            )
            for stage in stages
        )
        rows.append(
            CandidateRow(
                id=result.id,
                name=names[result.id],
                stages=cells,
                combined_percent=round_for_display(placing.combined_percent),
                combined_exact=str(placing.combined_percent),
                appointable=placing.appointable,
                below_minimum=tuple(stage_name(kind) for kind in placing.below_minimum),
                rank=placing.rank,
                tied_with=tuple(names[key] for key in placing.tied_with),
                rank_without=(
                    None if influence is None else influence.placing_without[result.id].rank
                ),
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
        did_not_attend=describe_did_not_attend(record),
    )


def _chart(rows: list[CandidateRow], stages: tuple[dict[str, Any], ...]) -> Chart:
    """A horizontal bar per candidate: its combined percent, split into each stage's share.

    Segments are placed from the exact shares, so each bar ends at its exact combined percent;
    only the drawing's coordinates are rounded (to 0.01 of a unit).
    """
    scale = Fraction(CHART_BAR_WIDTH, 100)
    chart_top = (len(stages) + 1) * CHART_LEGEND_ROW_HEIGHT
    right_to_left = get_language_bidi()

    def across(x: Fraction | float, width: Fraction | float = 0) -> float:
        """Where something starting `x` across from the reading side, `width` wide, is drawn."""
        return round(float(CHART_WIDTH - x - width if right_to_left else x), 2)

    chart_rows = []
    for index, row in enumerate(rows):
        top = chart_top + index * CHART_ROW_HEIGHT
        x = Fraction(CHART_LABEL_WIDTH)
        segments = []
        for position, cell in enumerate(row.stages):
            width = cell.contribution_exact * scale
            segments.append(
                ChartSegment(
                    x=across(x, width),
                    width=round(float(width), 2),
                    colour=STAGE_COLOURS[position % len(STAGE_COLOURS)],
                )
            )
            x += width
        chart_rows.append(
            ChartRow(
                name=row.name,
                label_y=top + CHART_BAR_HEIGHT / 2 + 5,
                bar_y=top,
                value_x=across(x + 6),
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
        right_to_left=right_to_left,
        name_x=across(CHART_LABEL_WIDTH - 8),
        axis_x=across(CHART_LABEL_WIDTH),
        track_x=across(CHART_LABEL_WIDTH, CHART_BAR_WIDTH),
        legend_box_x=across(CHART_LABEL_WIDTH, 14),
        legend_text_x=across(CHART_LABEL_WIDTH + 20),
        name_anchor="start" if right_to_left else "end",
        words_anchor="end" if right_to_left else "start",
    )
