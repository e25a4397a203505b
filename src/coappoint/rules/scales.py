"""Rating scales: points and labels, checking a score, and the one rounding rule for display."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import floor

from coappoint.rules.errors import InvalidScale, InvalidScore

COMMUNITY_SCALE_LABELS = ("No evidence", "A little", "Some", "Good", "Strong")


@dataclass(frozen=True)
class QualityDescriptor:
    """What good looks like for one quality, in the plain words the group chose."""

    quality: str
    what_good_looks_like: str


@dataclass(frozen=True)
class Scale:
    """A rating scale of whole-number points from `minimum` to `maximum` inclusive.

    `labels` is empty or has one plain-words label per point, lowest first. `descriptors` are
    the optional per-quality "what good looks like" texts shown beside the scale.
    """

    minimum: int
    maximum: int
    labels: tuple[str, ...] = ()
    descriptors: tuple[QualityDescriptor, ...] = ()

    def __post_init__(self) -> None:
        for name, value in (("minimum", self.minimum), ("maximum", self.maximum)):
            if not _is_whole_number(value):
                raise InvalidScale(
                    f"The scale's {name} must be a whole number, but it is {value!r}."
                )
        if self.minimum >= self.maximum:
            raise InvalidScale(
                f"The scale's minimum ({self.minimum}) must be below its maximum "
                f"({self.maximum}). Swap them or widen the scale."
            )
        point_count = self.maximum - self.minimum + 1
        if self.labels and len(self.labels) != point_count:
            raise InvalidScale(
                f"The scale from {self.minimum} to {self.maximum} has {point_count} points but "
                f"{len(self.labels)} labels. Give one label per point, or none."
            )
        for label in self.labels:
            if not isinstance(label, str) or not label.strip():
                raise InvalidScale(f"Every label on the scale must be some words, not {label!r}.")
        qualities = [descriptor.quality for descriptor in self.descriptors]
        for quality in qualities:
            if qualities.count(quality) > 1:
                raise InvalidScale(
                    f"{quality} has two 'what good looks like' descriptions. Keep one."
                )

    @property
    def span(self) -> int:
        """The distance from the lowest point to the highest, in points (4 on a 1 to 5 scale)."""
        return self.maximum - self.minimum

    @property
    def points(self) -> tuple[int, ...]:
        """Every score the scale allows, lowest first."""
        return tuple(range(self.minimum, self.maximum + 1))

    def label_for(self, score: int) -> str | None:
        """The plain-words label of a point on the scale, or None when the scale has no labels."""
        if not self.labels:
            return None
        return self.labels[score - self.minimum]

    def what_good_looks_like(self, quality: str) -> str | None:
        """The group's description of good for `quality`, or None when it has none."""
        for descriptor in self.descriptors:
            if descriptor.quality == quality:
                return descriptor.what_good_looks_like
        return None


def community_scale(descriptors: tuple[QualityDescriptor, ...] = ()) -> Scale:
    """The default scale for community recruiters: 1 "No evidence" to 5 "Strong"."""
    return Scale(minimum=1, maximum=5, labels=COMMUNITY_SCALE_LABELS, descriptors=descriptors)


def scale_from_mapping(document: object) -> Scale:
    """Build a scale from its JSON shape `{"min": 1, "max": 5, "labels": [...]}`.

    Unknown keys are ignored so exported records may carry more. `descriptors` is optional and
    maps each quality to its "what good looks like" text.
    """
    if not isinstance(document, Mapping):
        raise InvalidScale('A scale must be an object such as {"min": 1, "max": 5}.')
    for key in ("min", "max"):
        if key not in document:
            raise InvalidScale(f'The scale has no "{key}". Give its lowest and highest points.')
    labels = document.get("labels", [])
    if not isinstance(labels, list):
        raise InvalidScale('The scale\'s "labels" must be a list of words, one per point.')
    descriptors = document.get("descriptors", {})
    if not isinstance(descriptors, Mapping) or not all(
        isinstance(text, str) for text in descriptors.values()
    ):
        raise InvalidScale(
            'The scale\'s "descriptors" must map each quality to its "what good looks like" text.'
        )
    return Scale(
        minimum=document["min"],
        maximum=document["max"],
        labels=tuple(labels),
        descriptors=tuple(
            QualityDescriptor(quality=str(quality), what_good_looks_like=text)
            for quality, text in descriptors.items()
        ),
    )


def validate_score(value: object, *, scale: Scale, quality: str, whose: str = "") -> int:
    """Return `value` as a score on `scale`, or raise InvalidScore naming the quality and value.

    Only whole numbers of type int are scores. True and False are refused although Python counts
    them as integers, and so is 3.0: a float in the input means a spreadsheet or form has
    averaged or converted something, and silently accepting it would hide that. `whose` names
    the person or record the score belongs to, for example "recruiter r2's score for candidate
    c1", so the message can say where to look.
    """
    where = f"{whose} on {quality}" if whose else f"The score for {quality}"
    if not _is_whole_number(value):
        raise InvalidScore(
            f"{where} is {value!r}, which is not a whole number. "
            f"Give a whole number from {scale.minimum} to {scale.maximum}."
        )
    assert isinstance(value, int)  # narrowed by _is_whole_number, for the type checker
    if not scale.minimum <= value <= scale.maximum:
        raise InvalidScore(
            f"{where} is {value}, which is outside the scale. "
            f"Give a whole number from {scale.minimum} to {scale.maximum}."
        )
    return value


def percent_of_scale(value: Fraction, scale: Scale) -> Fraction:
    """Where `value` sits on the scale as an exact percent: minimum is 0, maximum is 100.

    (value - minimum) / (maximum - minimum) * 100, so a 4 on a 1 to 5 scale is 75 and a 7 on a
    0 to 10 scale is 70. Stages on different scales become comparable this way.
    """
    return (value - scale.minimum) / scale.span * 100


def round_for_display(value: Fraction) -> Decimal:
    """Round an exact value to one decimal place, halves away from zero, for showing to people.

    This is Decimal's ROUND_HALF_UP to one place (72.45 shows as 72.5, 72.44 as 72.4, 23/3 as
    7.7), the rule people learn at school and the one a spreadsheet's ROUND gives, so an auditor
    can check any shown figure by hand. It is computed from the exact fraction with whole
    numbers, never through a float or a truncated Decimal, so a value a hair below a half (for
    example 0.25 minus one part in 10^40) is not pushed over it.

    Rounded values are only ever shown: ranks, ties and minimums are decided on the exact value,
    so rounding can never change who ranks where. Two candidates who are not tied can show the
    same rounded figure; their exact values say which is higher.
    """
    tenths = abs(value) * 10
    rounded_tenths = floor(tenths + Fraction(1, 2))
    sign = -1 if value < 0 else 1
    return Decimal(sign * rounded_tenths).scaleb(-1)


def _is_whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
