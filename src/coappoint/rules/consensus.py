"""The agreed consensus beside the private scores, and when its shift needs explaining."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from coappoint.rules.errors import InvalidDecisionRecord
from coappoint.rules.scales import Scale, round_for_display, validate_score

# A quarter of the span is one point on the 1 to 5 community scale: moving further than that
# from what recruiters said privately is a change of mind the decision record should explain.
DEFAULT_SHIFT_SHARE = Fraction(1, 4)


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
    recruiters gave on average). `needs_explanation` is True when the size of the shift is
    larger than the configured share of the scale's span.
    """

    candidate: str
    quality: str | None
    consensus_score: int
    private_mean: Fraction
    shift_points: Fraction
    shift_share_of_span: Fraction
    needs_explanation: bool


def consensus_shift(
    record: ConsensusRecord, *, scale: Scale, shift_share: Fraction = DEFAULT_SHIFT_SHARE
) -> ConsensusShift:
    """Compare the agreed consensus with the exact mean of the private scores.

    A shift needs explaining when |consensus - private mean| > shift_share * (max - min):
    strictly larger, so with the default a shift of exactly one point on the 1 to 5 scale does
    not need explaining and anything more does. Scores are checked against the scale first.
    """
    about = _about(record)
    if shift_share < 0:
        raise InvalidDecisionRecord(
            f"The share of the scale that triggers an explanation must not be negative, "
            f"but it is {shift_share}."
        )
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
        needs_explanation=shift_share_of_span > shift_share,
    )


def validate_consensus(
    record: ConsensusRecord, *, scale: Scale, shift_share: Fraction = DEFAULT_SHIFT_SHARE
) -> ConsensusShift:
    """Check a consensus record can be accepted, and return its shift.

    A consensus whose shift needs explaining must have a rationale that is more than blank
    space; otherwise InvalidDecisionRecord tells the facilitator what to write.
    """
    shift = consensus_shift(record, scale=scale, shift_share=shift_share)
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
    shift_share: Fraction = DEFAULT_SHIFT_SHARE,
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
        shifts.append(validate_consensus(record, scale=scale, shift_share=shift_share))
    return tuple(shifts)


def _about(record: ConsensusRecord) -> str:
    if record.quality is None:
        return f"candidate {record.candidate} overall"
    return f"candidate {record.candidate} on {record.quality}"
