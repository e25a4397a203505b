"""How far recruiters' private scores agree: spread, disagreement flags, alpha and stringency."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import floor
from typing import Any

from coappoint.rules.errors import InvalidScore
from coappoint.rules.scales import Scale, round_for_display, validate_score

# Below this many candidates alpha's sampling error is so large that one changed score can move
# it across any threshold; Krippendorff's own guidance needs far more units than a recruitment
# day ever has, so the deliberation screen must not present alpha as a verdict on the panel.
MINIMUM_CANDIDATES_FOR_RELIABLE_ALPHA = 10


class DisagreementFlag(enum.StrEnum):
    """A pattern in one candidate's scores on one quality that the group should talk about."""

    WIDE_SPREAD = "wide_spread"
    TWO_CAMPS = "two_camps"
    OUTLIER = "outlier"


@dataclass(frozen=True)
class PrivateScore:
    """One recruiter's private, independent score for one candidate on one quality."""

    recruiter: str
    candidate: str
    quality: str
    score: int


@dataclass(frozen=True)
class AgreementThresholds:
    """When a disagreement flag is raised, as shares of the scale's span (its max - min).

    Shares, not points, so a flag means the same on a 1 to 5 scale as on 0 to 10. The defaults
    are the issue's: a wide spread is a range of at least half the span; an outlier is a score
    at least half the span from the median; two camps are at least two scores at or below
    median - a quarter of the span and at least two at or above median + a quarter of the span,
    which is the issue's "one point" on the 1 to 5 community scale.
    """

    wide_spread_share: Fraction = Fraction(1, 2)
    two_camps_share: Fraction = Fraction(1, 4)
    outlier_share: Fraction = Fraction(1, 2)
    minimum_candidates_for_reliable_alpha: int = MINIMUM_CANDIDATES_FOR_RELIABLE_ALPHA


@dataclass(frozen=True)
class QualitySpread:
    """The spread of the private scores for one candidate on one quality.

    `median`, `mean` and `interquartile_range` are exact; `range_points` is max - min.
    """

    candidate: str
    quality: str
    count: int
    median: Fraction
    mean: Fraction
    minimum: int
    maximum: int
    range_points: int
    interquartile_range: Fraction
    flags: tuple[DisagreementFlag, ...]


@dataclass(frozen=True)
class CandidateAgreement:
    """Everything the deliberation screen shows about one candidate, most-disputed quality first."""

    candidate: str
    flag_count: int
    largest_interquartile_range: Fraction
    qualities: tuple[QualitySpread, ...]


@dataclass(frozen=True)
class Alpha:
    """Krippendorff's ordinal alpha for the panel, or None with the reason it cannot be computed.

    `reliable` is False when there are fewer candidates than the threshold, and `caveat` then
    says in plain words that alpha is very uncertain. Alpha is a float: it informs the
    discussion and never decides anyone's job, so it is exempt from the exact-arithmetic rule.
    """

    value: float | None
    reason: str | None
    candidate_count: int
    pairable_score_count: int
    reliable: bool
    caveat: str | None


@dataclass(frozen=True)
class RaterStringency:
    """How a recruiter's scores compare with the other recruiters' on the same candidates.

    `mean_offset_points` is the average, over every candidate and quality the recruiter scored
    that someone else also scored, of (their score - the mean of the others' scores). Negative
    means harsher than the rest of the panel, positive more generous; None when the recruiter
    shares no candidate and quality with anyone. For anonymised display only.
    """

    recruiter: str
    comparison_count: int
    mean_offset_points: Fraction | None


@dataclass(frozen=True)
class Agreement:
    """The panel's agreement: per candidate in discussion order, alpha, and rater stringency."""

    candidates: tuple[CandidateAgreement, ...]
    alpha: Alpha
    alpha_by_quality: tuple[tuple[str, Alpha], ...]
    stringency: tuple[RaterStringency, ...]

    @property
    def discussion_order(self) -> tuple[str, ...]:
        """Candidate ids in the order the group should discuss them."""
        return tuple(candidate.candidate for candidate in self.candidates)


def validate_private_scores(scores: Iterable[PrivateScore], *, scale: Scale) -> list[PrivateScore]:
    """Check every score is on the scale and no recruiter scored the same thing twice."""
    seen: set[tuple[str, str, str]] = set()
    checked: list[PrivateScore] = []
    for private_score in scores:
        whose = (
            f"Recruiter {private_score.recruiter}'s score for candidate {private_score.candidate}"
        )
        validate_score(private_score.score, scale=scale, quality=private_score.quality, whose=whose)
        key = (private_score.recruiter, private_score.candidate, private_score.quality)
        if key in seen:
            raise InvalidScore(
                f"Recruiter {private_score.recruiter} has two scores for candidate "
                f"{private_score.candidate} on {private_score.quality}. Keep only their final one."
            )
        seen.add(key)
        checked.append(private_score)
    return checked


def median(values: Sequence[int]) -> Fraction:
    """The exact median: the middle score, or halfway between the two middle scores."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def quantile(values: Sequence[int], share: Fraction) -> Fraction:
    """The exact quantile by linear interpolation between order statistics.

    This is the "inclusive" method of a spreadsheet's QUARTILE.INC and numpy's default: the
    position is (count - 1) * share in the sorted scores, interpolating between neighbours.
    """
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    lower = floor(position)
    if lower + 1 >= len(ordered):
        return Fraction(ordered[lower])
    return ordered[lower] + (position - lower) * (ordered[lower + 1] - ordered[lower])


def interquartile_range(values: Sequence[int]) -> Fraction:
    """The exact third quartile minus the first, by the QUARTILE.INC method."""
    return quantile(values, Fraction(3, 4)) - quantile(values, Fraction(1, 4))


def disagreement_flags(
    values: Sequence[int], *, scale: Scale, thresholds: AgreementThresholds
) -> tuple[DisagreementFlag, ...]:
    """The disagreement flags raised by one candidate's scores on one quality.

    - wide spread: highest - lowest ≥ wide_spread_share * span;
    - two camps: at least two scores ≤ median - two_camps_share * span and at least two scores
      ≥ median + two_camps_share * span;
    - outlier: some score is at least outlier_share * span from the median.
    Every comparison is on exact values, so a threshold exactly met raises the flag.
    """
    middle = median(values)
    flags: list[DisagreementFlag] = []
    if max(values) - min(values) >= thresholds.wide_spread_share * scale.span:
        flags.append(DisagreementFlag.WIDE_SPREAD)
    camp_distance = thresholds.two_camps_share * scale.span
    low_camp = sum(1 for value in values if value <= middle - camp_distance)
    high_camp = sum(1 for value in values if value >= middle + camp_distance)
    if low_camp >= 2 and high_camp >= 2:
        flags.append(DisagreementFlag.TWO_CAMPS)
    outlier_distance = thresholds.outlier_share * scale.span
    if any(abs(value - middle) >= outlier_distance for value in values):
        flags.append(DisagreementFlag.OUTLIER)
    return tuple(flags)


def quality_spread(
    values: Sequence[int],
    *,
    candidate: str,
    quality: str,
    scale: Scale,
    thresholds: AgreementThresholds,
) -> QualitySpread:
    """Count, median, mean, range, interquartile range and flags for one candidate and quality."""
    return QualitySpread(
        candidate=candidate,
        quality=quality,
        count=len(values),
        median=median(values),
        mean=Fraction(sum(values), len(values)),
        minimum=min(values),
        maximum=max(values),
        range_points=max(values) - min(values),
        interquartile_range=interquartile_range(values),
        flags=disagreement_flags(values, scale=scale, thresholds=thresholds),
    )


def discussion_sort_key(
    flag_count: int, interquartile_range: Fraction, name: str
) -> tuple[int, Fraction, str]:
    """Most disagreement first: more flags first, then the larger interquartile range, then
    the name (candidate id or quality) alphabetically, so the order is always the same."""
    return (-flag_count, -interquartile_range, name)


def alpha(
    scores: Sequence[PrivateScore], *, scale: Scale, thresholds: AgreementThresholds
) -> Alpha:
    """Krippendorff's alpha, ordinal level, with missing scores allowed.

    The units are the (candidate, quality) pairs and the observers are the recruiters: not every
    recruiter meets every candidate, so a recruiter's missing score is left out rather than
    guessed. The arithmetic is the `krippendorff` package's, given the whole scale as the value
    domain. When alpha is undefined it is None with a reason instead of NaN: fewer than two
    scores that can be paired (no unit scored by two recruiters), or every paired score the same
    (no variation, so agreement cannot be told apart from chance).
    """
    units = sorted({(score.candidate, score.quality) for score in scores})
    recruiters = sorted({score.recruiter for score in scores})
    by_unit: dict[tuple[str, str], list[int]] = defaultdict(list)
    for score in scores:
        by_unit[(score.candidate, score.quality)].append(score.score)
    pairable = [value for values in by_unit.values() if len(values) >= 2 for value in values]
    candidate_count = len({candidate for candidate, _ in units})
    reliable = candidate_count >= thresholds.minimum_candidates_for_reliable_alpha
    caveat = (
        None
        if reliable
        else (
            f"Only {candidate_count} candidate{'s' if candidate_count != 1 else ''} were scored. "
            f"With fewer than {thresholds.minimum_candidates_for_reliable_alpha}, alpha is very "
            "uncertain: one different score could change it a lot. Use it as a prompt for "
            "discussion, not as a measure of the panel."
        )
    )

    def undefined(reason: str) -> Alpha:
        return Alpha(None, reason, candidate_count, len(pairable), reliable, caveat)

    if len(pairable) < 2:
        return undefined(
            "Alpha cannot be computed: no candidate was scored on the same quality by two "
            "or more recruiters."
        )
    if len(set(pairable)) == 1:
        return undefined(
            "Alpha cannot be computed: every score that can be compared with another is the "
            "same, so there is no variation to measure agreement against."
        )
    # Imported here so that importing the rules (and starting the CLI) stays cheap.
    import krippendorff
    import numpy

    scored = {(score.recruiter, score.candidate, score.quality): score.score for score in scores}
    reliability_data = numpy.array(
        [[scored.get((recruiter, *unit), numpy.nan) for unit in units] for recruiter in recruiters],
        dtype=float,
    )
    value = float(
        krippendorff.alpha(
            reliability_data=reliability_data,
            level_of_measurement="ordinal",
            value_domain=list(scale.points),
        )
    )
    return Alpha(value, None, candidate_count, len(pairable), reliable, caveat)


def rater_stringency(scores: Sequence[PrivateScore]) -> tuple[RaterStringency, ...]:
    """Each recruiter's average offset from the other recruiters, sorted by recruiter id.

    For each candidate and quality a recruiter scored, the offset is their score minus the mean
    of the other recruiters' scores on the same candidate and quality; candidates and qualities
    nobody else scored are left out. The result is exact.
    """
    by_unit: dict[tuple[str, str], list[PrivateScore]] = defaultdict(list)
    for score in scores:
        by_unit[(score.candidate, score.quality)].append(score)
    offsets: dict[str, list[Fraction]] = {score.recruiter: [] for score in scores}
    for unit_scores in by_unit.values():
        if len(unit_scores) < 2:
            continue
        total = sum(score.score for score in unit_scores)
        others = len(unit_scores) - 1
        for score in unit_scores:
            offsets[score.recruiter].append(score.score - Fraction(total - score.score, others))
    return tuple(
        RaterStringency(
            recruiter=recruiter,
            comparison_count=len(recruiter_offsets),
            mean_offset_points=(
                sum(recruiter_offsets, Fraction(0)) / len(recruiter_offsets)
                if recruiter_offsets
                else None
            ),
        )
        for recruiter, recruiter_offsets in sorted(offsets.items())
    )


def agreement(
    scores: Iterable[PrivateScore],
    *,
    scale: Scale,
    thresholds: AgreementThresholds | None = None,
) -> Agreement:
    """The panel's agreement on its private scores, for the deliberation screen.

    Candidates come in discussion order: most flags (summed over their qualities) first, then
    the largest interquartile range among their qualities, then candidate id. Within a
    candidate, qualities follow the same rule by their own flags and interquartile range.
    """
    thresholds = thresholds or AgreementThresholds()
    checked = validate_private_scores(scores, scale=scale)
    by_unit: dict[tuple[str, str], list[int]] = defaultdict(list)
    for score in checked:
        by_unit[(score.candidate, score.quality)].append(score.score)
    spreads_by_candidate: dict[str, list[QualitySpread]] = defaultdict(list)
    for (candidate, quality), values in by_unit.items():
        spreads_by_candidate[candidate].append(
            quality_spread(
                values, candidate=candidate, quality=quality, scale=scale, thresholds=thresholds
            )
        )
    candidates = []
    for candidate, spreads in spreads_by_candidate.items():
        ordered = sorted(
            spreads,
            key=lambda spread: discussion_sort_key(
                len(spread.flags), spread.interquartile_range, spread.quality
            ),
        )
        candidates.append(
            CandidateAgreement(
                candidate=candidate,
                flag_count=sum(len(spread.flags) for spread in spreads),
                largest_interquartile_range=max(spread.interquartile_range for spread in spreads),
                qualities=tuple(ordered),
            )
        )
    candidates.sort(
        key=lambda entry: discussion_sort_key(
            entry.flag_count, entry.largest_interquartile_range, entry.candidate
        )
    )
    qualities = sorted({score.quality for score in checked})
    return Agreement(
        candidates=tuple(candidates),
        alpha=alpha(checked, scale=scale, thresholds=thresholds),
        alpha_by_quality=tuple(
            (
                quality,
                alpha(
                    [score for score in checked if score.quality == quality],
                    scale=scale,
                    thresholds=thresholds,
                ),
            )
            for quality in qualities
        ),
        stringency=rater_stringency(checked),
    )


# Reading private scores from JSON and rendering agreement for display.


def parse_private_scores(document: object) -> list[PrivateScore]:
    """Read `[{"recruiter": ..., "candidate": ..., "quality": ..., "score": ...}, ...]`.

    Unknown keys are ignored. Scores are checked against the scale later, by `agreement`.
    """
    if not isinstance(document, list):
        raise InvalidScore(
            '"scores" must be a list of {"recruiter", "candidate", "quality", "score"} objects.'
        )
    scores = []
    for position, entry in enumerate(document, start=1):
        if not isinstance(entry, Mapping):
            raise InvalidScore(f"Score {position} must be an object.")
        names = {}
        for key in ("recruiter", "candidate", "quality"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise InvalidScore(f'Score {position} needs a "{key}" that is text.')
            names[key] = value
        if "score" not in entry:
            raise InvalidScore(
                f"Score {position} (recruiter {names['recruiter']}, candidate "
                f'{names["candidate"]}, {names["quality"]}) has no "score".'
            )
        scores.append(
            PrivateScore(
                recruiter=names["recruiter"],
                candidate=names["candidate"],
                quality=names["quality"],
                score=entry["score"],
            )
        )
    return scores


def render_agreement(result: Agreement) -> dict[str, Any]:
    """The agreement in JSON shape: display values rounded by `round_for_display`, with the
    exact fractions beside them as text, and alpha to three decimal places."""
    return {
        "discussion_order": list(result.discussion_order),
        "candidates": [
            {
                "id": candidate.candidate,
                "flag_count": candidate.flag_count,
                "qualities": [
                    {
                        "quality": spread.quality,
                        "count": spread.count,
                        "median": float(round_for_display(spread.median)),
                        "mean": float(round_for_display(spread.mean)),
                        "mean_exact": str(spread.mean),
                        "minimum": spread.minimum,
                        "maximum": spread.maximum,
                        "range_points": spread.range_points,
                        "interquartile_range": float(round_for_display(spread.interquartile_range)),
                        "flags": [str(flag) for flag in spread.flags],
                    }
                    for spread in candidate.qualities
                ],
            }
            for candidate in result.candidates
        ],
        "alpha": _render_alpha(result.alpha),
        "alpha_by_quality": {
            quality: _render_alpha(value) for quality, value in result.alpha_by_quality
        },
        "stringency": [
            {
                "recruiter": rater.recruiter,
                "comparison_count": rater.comparison_count,
                "mean_offset_points": (
                    None
                    if rater.mean_offset_points is None
                    else float(round_for_display(rater.mean_offset_points))
                ),
            }
            for rater in result.stringency
        ],
    }


def _render_alpha(value: Alpha) -> dict[str, Any]:
    return {
        "ordinal_alpha": None if value.value is None else round(value.value, 3),
        "reason": value.reason,
        "candidate_count": value.candidate_count,
        "pairable_score_count": value.pairable_score_count,
        "reliable": value.reliable,
        "caveat": value.caveat,
    }
