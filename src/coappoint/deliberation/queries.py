"""Reads for the deliberation screen: the anonymised spread, after the reveal only.

Every function here that returns a score value reads the sheets through
`scoring.queries.list_counted_scores` (the sheets of `list_counted_sheets`), which raises
`ScoresHidden` before the reveal. Recruiters
appear only by their key inside the rules core (events.people_keys) and as letters on the page,
never by name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import get_language_bidi, gettext, ngettext

from coappoint.campaigns.models import Candidate
from coappoint.campaigns.queries import describe_shift_rule, plural_count, shift_threshold
from coappoint.codesign.models import Criterion, Observation
from coappoint.codesign.queries import list_observations_by_candidate
from coappoint.deliberation.models import Consensus, DeliberationSettings
from coappoint.events.models import Event
from coappoint.events.people_keys import candidate_key, recruiter_key
from coappoint.events.queries import list_candidate_display_names
from coappoint.rules.agreement import (
    Agreement,
    DisagreementFlag,
    PrivateScore,
    QualitySpread,
    agreement,
)
from coappoint.rules.consensus import ShiftThreshold
from coappoint.rules.scales import Scale, round_for_display
from coappoint.scoring.models import Comfortable, ScoreSheet, ScoringRound
from coappoint.scoring.queries import (
    get_scale,
    get_scoring_round,
    labelled_points,
    list_counted_scores,
    list_criteria,
)

# The dot plot's geometry, in SVG user units; the viewBox scales it to the page's width.
COLUMN_WIDTH = 80
PLOT_MARGIN = 10
DOT_RADIUS = 9
DOT_SPACING = 22
# Labels longer than this would run into the next point's label; the data table has them all.
LONGEST_LABEL_IN_PLOT = 12


def display_points(value: Fraction | int) -> str:
    """A value for people to read, by rules.scales.round_for_display (ROUND_HALF_UP to one
    place), without a trailing ".0" so a median of 4 reads "4" and 3.5 reads "3.5"."""
    rounded = round_for_display(Fraction(value))
    if rounded == rounded.to_integral_value():
        return str(rounded.quantize(Decimal(1)))
    return str(rounded)


def get_settings(event: Event) -> DeliberationSettings | None:
    return DeliberationSettings.objects.filter(event=event).first()


def records_per_quality(event: Event) -> bool:
    settings = get_settings(event)
    return settings is not None and settings.consensus_per_quality


def has_consensus(event: Event) -> bool:
    return Consensus.objects.filter(event=event).exists()


def get_shift_threshold(event: Event) -> ShiftThreshold:
    """The campaign's consensus-shift threshold in points, with the rule fixed at its lock."""
    return shift_threshold(event.campaign)


# --- Private scores, after the reveal only ---------------------------------------------------


@dataclass(frozen=True)
class RevealedSheets:
    """The sheets that count, with their criteria: the raw material of the spread."""

    scoring_round: ScoringRound
    scale: Scale
    criteria: tuple[Criterion, ...]
    sheets: tuple[ScoreSheet, ...]
    # Each sheet's (criterion id, value) pairs, by sheet id.
    values_by_sheet: dict[int, tuple[tuple[int, int], ...]]


def _revealed_sheets(event: Event) -> RevealedSheets:
    """The sheets that count (scoring.queries.list_counted_scores), with the locked criteria;
    raises ScoresHidden before the reveal."""
    counted = list_counted_scores(event)
    return RevealedSheets(
        scoring_round=counted.scoring_round,
        scale=get_scale(event),
        criteria=tuple(list_criteria(counted.scoring_round.criteria_version)),
        sheets=counted.sheets,
        values_by_sheet=counted.values_by_sheet,
    )


def _quality_id(criterion_id: int) -> str:
    return f"q{criterion_id}"


def _private_scores(revealed: RevealedSheets) -> list[PrivateScore]:
    criteria = {criterion.pk for criterion in revealed.criteria}
    return [
        PrivateScore(
            recruiter=recruiter_key(sheet.recruiter_id),
            candidate=candidate_key(sheet.candidate_id),
            quality=_quality_id(criterion_id),
            score=value,
        )
        for sheet in revealed.sheets
        for criterion_id, value in revealed.values_by_sheet[sheet.pk]
        if criterion_id in criteria
    ]


def list_private_values(
    event: Event, candidate: Candidate, criterion: Criterion | None
) -> tuple[int, ...]:
    """The private scores a consensus is compared with: those on `criterion`, or every score
    the candidate was given on any quality for the overall consensus (so the overall average
    is the average of all the private scores). Raises ScoresHidden before the reveal."""
    revealed = _revealed_sheets(event)
    criteria = {c.pk for c in revealed.criteria}
    return tuple(
        value
        for sheet in revealed.sheets
        if sheet.candidate_id == candidate.pk
        for criterion_id, value in revealed.values_by_sheet[sheet.pk]
        if criterion_id in criteria and (criterion is None or criterion_id == criterion.pk)
    )


# --- The deliberation screen -----------------------------------------------------------------


@dataclass(frozen=True)
class PointCount:
    point: int
    text: str
    count: int


@dataclass(frozen=True)
class PlotTick:
    x: int
    number: str
    label: str


@dataclass(frozen=True)
class PlotDot:
    x: int
    y: int


@dataclass(frozen=True)
class DotPlot:
    """Where to draw one quality's dots: one dot per private score, stacked above its point."""

    width: int
    height: int
    axis_y: int
    number_y: int
    label_y: int
    axis_start_x: int
    axis_end_x: int
    ticks: tuple[PlotTick, ...]
    dots: tuple[PlotDot, ...]
    dot_radius: int
    median_x: str
    text_alternative: str


@dataclass(frozen=True)
class QualitySummary:
    """One candidate's private scores on one quality, as the group sees them: no names."""

    key: str
    criterion: Criterion
    # Drawn only for the candidate whose page shows it: 40 dots on every quality of every
    # candidate made the one-page screen 300 KB at 10 x 40 (issue 20).
    plot: DotPlot | None
    counts: tuple[PointCount, ...]
    count: int
    median: str
    mean: str
    minimum: int
    maximum: int
    range_points: int
    interquartile_range: str
    flags: tuple[str, ...]
    # The flags in a word or two, for the screen's table of every candidate.
    flag_names: tuple[str, ...]
    consensus: Consensus | None


@dataclass(frozen=True)
class CandidateSummary:
    """Everything about one candidate on the deliberation screen, most-disputed quality first."""

    candidate: Candidate
    name: str
    flag_count: int
    sheet_count: int
    private_mean: str
    qualities: tuple[QualitySummary, ...]
    comfortable: tuple[tuple[str, int], ...]
    notes: tuple[Observation, ...]
    consensus: Consensus | None

    def qualities_in_criteria_order(self) -> tuple[QualitySummary, ...]:
        """The qualities in the criteria's own order: the columns of the screen's table."""
        return tuple(sorted(self.qualities, key=lambda quality: quality.criterion.position))


@dataclass(frozen=True)
class RaterLine:
    letter: str
    words: str


@dataclass(frozen=True)
class AboutScores:
    """Krippendorff's alpha and rater stringency, anonymised, with the rules core's caveat."""

    alpha: str | None
    alpha_reason: str | None
    caveat: str | None
    raters: tuple[RaterLine, ...]


@dataclass(frozen=True)
class Deliberation:
    scoring_round: ScoringRound
    candidates: tuple[CandidateSummary, ...]
    criteria: tuple[Criterion, ...]
    unscored_names: tuple[str, ...]
    about: AboutScores
    points: tuple[tuple[int, str], ...]
    consensus_per_quality: bool
    # Once the group has recorded a consensus, how it records them is fixed.
    has_consensus: bool
    # "A consensus score 1 point or more from the private average needs a reason"
    shift_rule_words: str


def _all_flag_words() -> dict[DisagreementFlag, str]:
    return {
        DisagreementFlag.WIDE_SPREAD: gettext("Wide spread: the scores are far apart"),
        DisagreementFlag.TWO_CAMPS: gettext(
            "Two camps: some recruiters scored low and others high"
        ),
        DisagreementFlag.OUTLIER: gettext("Outlier: one score is far from the others"),
    }


def _all_flag_names() -> dict[DisagreementFlag, str]:
    return {
        DisagreementFlag.WIDE_SPREAD: gettext("Wide spread"),
        DisagreementFlag.TWO_CAMPS: gettext("Two camps"),
        DisagreementFlag.OUTLIER: gettext("Outlier"),
    }


def _dot_plot(
    values: list[int], spread: QualitySpread, *, scale: Scale, quality: str, candidate: str
) -> DotPlot:
    counts = Counter(values)
    tallest = max(counts.values())
    axis_y = PLOT_MARGIN + tallest * DOT_SPACING + 4
    show_labels = all(len(label) <= LONGEST_LABEL_IN_PLOT for label in scale.labels) and bool(
        scale.labels
    )

    width = 2 * PLOT_MARGIN + len(scale.points) * COLUMN_WIDTH
    # Right to left, the scale runs from the right, as the table of counts beneath it does.
    right_to_left = get_language_bidi()

    def centre(point: Fraction | int) -> Fraction:
        x = PLOT_MARGIN + (Fraction(point) - scale.minimum) * COLUMN_WIDTH + COLUMN_WIDTH // 2
        return width - x if right_to_left else x

    dots = tuple(
        PlotDot(x=int(centre(point)), y=axis_y - 4 - DOT_RADIUS - level * DOT_SPACING)
        for point in scale.points
        for level in range(counts[point])
    )
    ticks = tuple(
        PlotTick(
            x=int(centre(point)),
            number=str(point),
            label=(scale.label_for(point) or "") if show_labels else "",
        )
        for point in scale.points
    )
    text = gettext("%(quality)s for %(candidate)s: scores %(scores)s; median %(median)s") % {
        "quality": quality,
        "candidate": candidate,
        "scores": ", ".join(str(value) for value in sorted(values)),
        "median": display_points(spread.median),
    }
    return DotPlot(
        width=width,
        height=axis_y + (44 if show_labels else 26),
        axis_y=axis_y,
        number_y=axis_y + 18,
        label_y=axis_y + 36,
        axis_start_x=PLOT_MARGIN,
        axis_end_x=PLOT_MARGIN + len(scale.points) * COLUMN_WIDTH,
        ticks=ticks,
        dots=dots,
        dot_radius=DOT_RADIUS,
        median_x=str(round_for_display(centre(spread.median))),
        text_alternative=text,
    )


def _letter(position: int) -> str:
    """A, B, … Z, then AA, AB, …: a recruiter's anonymous letter."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _about(result: Agreement, revealed: RevealedSheets) -> AboutScores:
    # Letters follow a random order fixed per recruiter (their first sheet's random key), not
    # their names or sign-up order, so nobody can be picked out by their letter.
    first_keys: dict[str, str] = {}
    for sheet in revealed.sheets:
        recruiter = recruiter_key(sheet.recruiter_id)
        key = str(sheet.idempotency_key)
        if recruiter not in first_keys or key < first_keys[recruiter]:
            first_keys[recruiter] = key
    ordered = sorted(result.stringency, key=lambda rater: first_keys.get(rater.recruiter, ""))
    raters = []
    for position, rater in enumerate(ordered):
        letter = _letter(position)
        offset = rater.mean_offset_points
        if offset is None:
            words = gettext("scored no candidate that another recruiter also scored")
        elif round_for_display(offset) == 0:
            words = gettext("about the same as the others")
        elif offset < 0:
            words = ngettext(
                "%(points)s point harsher than the others",
                "%(points)s points harsher than the others",
                plural_count(display_points(-offset)),
            ) % {"points": display_points(-offset)}
        else:
            words = ngettext(
                "%(points)s point more generous than the others",
                "%(points)s points more generous than the others",
                plural_count(display_points(offset)),
            ) % {"points": display_points(offset)}
        raters.append(RaterLine(letter=letter, words=words))
    value = result.alpha.value
    return AboutScores(
        alpha=None if value is None else display_points(Fraction(value)),
        alpha_reason=result.alpha.reason,
        caveat=result.alpha.caveat,
        raters=tuple(raters),
    )


def get_deliberation(event: Event, *, details_for: int | None = None) -> Deliberation:
    """The deliberation screen's content; raises ScoresHidden before the reveal.

    Candidates come in the rules core's discussion order (most disagreement first); values are
    exact until display, where rules.scales.round_for_display rounds them. Dot plots and
    mingling notes are for the candidate whose id is `details_for` only: each page shows one
    candidate's (the screen's table of them all shows neither).
    """
    revealed = _revealed_sheets(event)
    scale = revealed.scale
    scores = _private_scores(revealed)
    result = agreement(scores, scale=scale)
    criteria = {_quality_id(criterion.pk): criterion for criterion in revealed.criteria}
    names = {
        candidate_key(candidate.pk): (candidate, name)
        for candidate, name in list_candidate_display_names(event)
    }
    values_by_unit: dict[tuple[str, str], list[int]] = defaultdict(list)
    for score in scores:
        values_by_unit[(score.candidate, score.quality)].append(score.score)
    consensus_by_key = {
        (record.candidate_id, record.quality_id): record
        for record in Consensus.objects.filter(event=event)
    }
    notes_by_name = (
        {entry.name: tuple(entry.notes) for entry in list_observations_by_candidate(event)}
        if details_for is not None
        else {}
    )
    comfortable_labels = [(choice.value, str(choice.label)) for choice in Comfortable]
    # Looked up once, not per candidate or quality: each costs time 50 qualities over.
    sheets_by_candidate: dict[int, list[ScoreSheet]] = defaultdict(list)
    for sheet in revealed.sheets:
        sheets_by_candidate[sheet.candidate_id].append(sheet)
    values_by_candidate: dict[str, list[int]] = defaultdict(list)
    for (candidate_id, _quality), values in values_by_unit.items():
        values_by_candidate[candidate_id].extend(values)
    points = labelled_points(scale)
    words, flag_names = _all_flag_words(), _all_flag_names()
    candidates = []
    for entry in result.candidates:
        if entry.candidate not in names:
            continue
        candidate, name = names[entry.candidate]
        mine = sheets_by_candidate[candidate.pk]
        comfortable = Counter(sheet.comfortable for sheet in mine)
        every_value = values_by_candidate[entry.candidate]
        qualities = []
        for spread in entry.qualities:
            criterion = criteria[spread.quality]
            values = values_by_unit[(entry.candidate, spread.quality)]
            counted = Counter(values)
            qualities.append(
                QualitySummary(
                    key=f"{candidate.pk}-{criterion.pk}",
                    criterion=criterion,
                    plot=(
                        _dot_plot(
                            values, spread, scale=scale, quality=criterion.name, candidate=name
                        )
                        if candidate.pk == details_for
                        else None
                    ),
                    counts=tuple(
                        PointCount(point=point, text=text, count=counted[point])
                        for point, text in points
                    ),
                    count=spread.count,
                    median=display_points(spread.median),
                    mean=display_points(spread.mean),
                    minimum=spread.minimum,
                    maximum=spread.maximum,
                    range_points=spread.range_points,
                    interquartile_range=display_points(spread.interquartile_range),
                    flags=tuple(words[flag] for flag in spread.flags),
                    flag_names=tuple(flag_names[flag] for flag in spread.flags),
                    consensus=consensus_by_key.get((candidate.pk, criterion.pk)),
                )
            )
        candidates.append(
            CandidateSummary(
                candidate=candidate,
                name=name,
                flag_count=entry.flag_count,
                sheet_count=len(mine),
                private_mean=display_points(Fraction(sum(every_value), len(every_value))),
                qualities=tuple(qualities),
                comfortable=tuple(
                    (label, comfortable[value]) for value, label in comfortable_labels
                ),
                notes=notes_by_name.get(name, ()),
                consensus=consensus_by_key.get((candidate.pk, None)),
            )
        )
    scored = {summary.candidate.pk for summary in candidates}
    return Deliberation(
        scoring_round=revealed.scoring_round,
        candidates=tuple(candidates),
        criteria=revealed.criteria,
        unscored_names=tuple(
            name for candidate, name in names.values() if candidate.pk not in scored
        ),
        about=_about(result, revealed),
        points=tuple(points),
        consensus_per_quality=records_per_quality(event),
        has_consensus=bool(consensus_by_key),
        shift_rule_words=describe_shift_rule(get_shift_threshold(event)),
    )


# --- Consensus records -----------------------------------------------------------------------


def get_consensus(
    event: Event, candidate: Candidate, criterion: Criterion | None
) -> Consensus | None:
    return Consensus.objects.filter(event=event, candidate=candidate, quality=criterion).first()


def get_criterion(event: Event, criterion_id: int) -> Criterion | None:
    """A criterion of the criteria version scoring used at this event."""
    scoring_round = get_scoring_round(event)
    if scoring_round is None:
        return None
    return Criterion.objects.filter(version=scoring_round.criteria_version, pk=criterion_id).first()
