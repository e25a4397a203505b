"""The agreed consensus beside the private scores, and when its shift needs explaining."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from coappoint.rules.errors import InvalidDecisionRecord
from coappoint.rules.scales import Scale, round_for_display, validate_score

# One point on the 1 to 5 community scale (a quarter of its span): moving that far from what
# recruiters said privately is a change of mind the decision record should explain.
DEFAULT_THRESHOLD_POINTS = Fraction(1)


class ShiftRule(Enum):
    """Which shifts the threshold catches; a campaign's rule is fixed when its rules are locked.

    MORE_THAN is the first rule: only a shift strictly larger than the threshold needs a
    rationale, so a shift of exactly the threshold does not. Campaigns locked before the second
    rule keep it exactly. AT_OR_ABOVE is the rule as a panel thinks of it ("1 point or more"):
    a shift of exactly the threshold needs a rationale too. Every campaign locked since has it.
    """

    MORE_THAN = "more_than"
    AT_OR_ABOVE = "at_or_above"


# The rule a campaign gets when its rules are locked now.
CURRENT_SHIFT_RULE = ShiftRule.AT_OR_ABOVE


@dataclass(frozen=True)
class ShiftThreshold:
    """How far, in points of the community stage's scale, a consensus may move from the mean
    of the private scores before it must be explained, and which rule compares the two."""

    points: Fraction
    rule: ShiftRule

    def __post_init__(self) -> None:
        if self.points < 0:
            raise InvalidDecisionRecord(
                f"The consensus-shift threshold must not be negative, but it is {self.points} "
                "points."
            )

    def catches(self, shift_size: Fraction) -> bool:
        """True when a shift of `shift_size` points (its size, never negative) needs explaining."""
        if self.rule is ShiftRule.MORE_THAN:
            return shift_size > self.points
        return shift_size >= self.points


@dataclass(frozen=True)
class ConsensusRecord:
    """The consensus the group agreed for one candidate, overall or on one quality.

    The consensus score is agreed by people in discussion, never computed. `quality` is None for
    an overall consensus. `private_scores` are the recruiters' private scores it is compared
    with; `rationale` is the facilitator's record of why the group agreed this score, and
    `dissent` any disagreement someone asked to have recorded.
    """

    candidate: str
    quality: str | None
    consensus_score: int
    private_scores: tuple[int, ...]
    rationale: str = ""
    dissent: str = ""


@dataclass(frozen=True)
class ConsensusShift:
    """How far the agreed consensus moved from the mean of the private scores.

    `shift_points` is consensus - private mean (positive: the group agreed a higher score than
    recruiters gave on average). `needs_explanation` is True when the campaign's threshold
    catches the size of the shift (ShiftThreshold.catches: at or above it, or under the first
    rule more than it). `shift_share_of_span` is that size as a share of the scale's span.
    """

    candidate: str
    quality: str | None
    consensus_score: int
    private_mean: Fraction
    shift_points: Fraction
    shift_share_of_span: Fraction
    needs_explanation: bool


def consensus_shift(
    record: ConsensusRecord, *, scale: Scale, threshold: ShiftThreshold
) -> ConsensusShift:
    """Compare the agreed consensus with the exact mean of the private scores.

    A shift needs explaining when |consensus - private mean| >= threshold.points under
    AT_OR_ABOVE, so a shift of exactly 1 point with a 1-point threshold needs explaining, and
    when it is > threshold.points under MORE_THAN (the rule of campaigns locked before
    AT_OR_ABOVE), where exactly 1 point does not. Both sides are exact Fractions. Scores are
    checked against the scale first.
    """
    about = _about(record)
    quality = record.quality or "the overall score"
    validate_score(
        record.consensus_score,
        scale=scale,
        quality=quality,
        whose=f"The consensus for candidate {record.candidate}",
    )
    if not record.private_scores:
        raise InvalidDecisionRecord(
            f"There are no private scores for {about}, so the consensus cannot be compared "
            "with what recruiters said on their own. Enter the private scores first."
        )
    for private_score in record.private_scores:
        validate_score(
            private_score,
            scale=scale,
            quality=quality,
            whose=f"A private score for candidate {record.candidate}",
        )
    private_mean = Fraction(sum(record.private_scores), len(record.private_scores))
    shift_points = record.consensus_score - private_mean
    shift_share_of_span = abs(shift_points) / scale.span
    return ConsensusShift(
        candidate=record.candidate,
        quality=record.quality,
        consensus_score=record.consensus_score,
        private_mean=private_mean,
        shift_points=shift_points,
        shift_share_of_span=shift_share_of_span,
        needs_explanation=threshold.catches(abs(shift_points)),
    )


def validate_consensus(
    record: ConsensusRecord, *, scale: Scale, threshold: ShiftThreshold
) -> ConsensusShift:
    """Check a consensus record can be accepted, and return its shift.

    A consensus whose shift needs explaining must have a rationale that is more than blank
    space; otherwise InvalidDecisionRecord tells the facilitator what to write.
    """
    shift = consensus_shift(record, scale=scale, threshold=threshold)
    if shift.needs_explanation and not record.rationale.strip():
        raise InvalidDecisionRecord(
            f"The consensus for {_about(record)} is {record.consensus_score}, "
            f"{round_for_display(abs(shift.shift_points))} points "
            f"{'above' if shift.shift_points > 0 else 'below'} the mean of the private scores "
            f"({round_for_display(shift.private_mean)}). Record in the rationale "
            "why the group moved that far."
        )
    return shift


def validate_consensus_records(
    records: Sequence[ConsensusRecord],
    *,
    scale: Scale,
    threshold: ShiftThreshold,
) -> tuple[ConsensusShift, ...]:
    """Validate each record, refusing two consensus scores for the same candidate and quality."""
    seen: set[tuple[str, str | None]] = set()
    shifts = []
    for record in records:
        key = (record.candidate, record.quality)
        if key in seen:
            raise InvalidDecisionRecord(
                f"There are two consensus scores for {_about(record)}. Keep the one the group "
                "agreed last."
            )
        seen.add(key)
        shifts.append(validate_consensus(record, scale=scale, threshold=threshold))
    return tuple(shifts)


def _about(record: ConsensusRecord) -> str:
    if record.quality is None:
        return f"candidate {record.candidate} overall"
    return f"candidate {record.candidate} on {record.quality}"
