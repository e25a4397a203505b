"""Disclosure control: the one rule every figure about people goes through before anyone sees it.

Equality monitoring, evaluations, a panel against its area and network figures are all counts of
people. Published carelessly, a count lets a reader work out one person's answer: a cell of 1, a
hidden cell the total gives away, or the change in a total just after a named person answered.
The rule (after the Office for National Statistics' practice for small counts):

1. Nothing is shown until at least `LEAST_RESPONDENTS` people have answered, or the collection
   has closed (no answer can arrive any more, so no before-and-after comparison). While it is
   open, the figures count only whole batches of `LEAST_RESPONDENTS` answers, earliest first
   (`answers_counted`): one more answer changes nothing shown until it completes a batch of
   ten, and then the change mixes ten answers, so comparing the figures before and after a
   named person answered cannot isolate theirs.
2. A count under `SMALLEST_CELL` is suppressed (primary suppression), zero included: a zero that
   turns into "fewer than 5" just after a named person answered would show their answer.
3. When exactly one count in a table is suppressed, the next smallest count is suppressed too
   (secondary suppression), so a total cannot give it away.
4. Every figure shown, the number of respondents included, is rounded to the nearest
   `ROUNDING_BASE`, so hidden counts cannot be recovered by subtraction and one new answer
   usually changes nothing that is shown. When any count is hidden, the number of respondents is
   rounded to the nearest `ROUNDING_BASE_WITH_HIDDEN` instead: with 7, 7 and 4 answers the
   4 and one 7 are hidden, and a total of 20 (rounded to 5) left only 7 + 7 + 4 as the counts
   the rule could have shown that way; to the nearest 10 it leaves several. (A total that
   rounds to 0 is shown as 5: a closed collection's few answers are never "about 0".)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LEAST_RESPONDENTS = 10
SMALLEST_CELL = 5
ROUNDING_BASE = 5
ROUNDING_BASE_WITH_HIDDEN = 10


def rounded(count: int, base: int = ROUNDING_BASE) -> int:
    """`count` to the nearest multiple of `base` (counts are whole, so there is never a tie)."""
    return ((count + base // 2) // base) * base


@dataclass(frozen=True)
class Cell:
    """One answer's figure: `count` is the rounded count, or None when it is suppressed."""

    label: str
    count: int | None


@dataclass(frozen=True)
class Table:
    """What may be shown of one question's counts.

    `shown` is False when nothing may be shown yet (too few answers and still open); then
    `respondents` is None and `cells` is empty. Otherwise `respondents` is rounded.
    """

    shown: bool
    respondents: int | None
    cells: tuple[Cell, ...]


def answers_counted(respondents: int, *, closed: bool, batch: int = LEAST_RESPONDENTS) -> int:
    """How many of the answers, earliest first, the figures may include: all of them once the
    collection has closed, else the whole batches of `batch` answers (none under `batch`)."""
    return respondents if closed else (respondents // batch) * batch


def suppressed(counts: Sequence[int], smallest_cell: int = SMALLEST_CELL) -> tuple[bool, ...]:
    """Which counts must be hidden: primary (under smallest_cell) and, when only one is, the
    next smallest count too (the earliest of equals, so the rule is stable)."""
    hidden = [count < smallest_cell for count in counts]
    if hidden.count(True) == 1:
        others = sorted((count, index) for index, count in enumerate(counts) if not hidden[index])
        if others:
            hidden[others[0][1]] = True
    return tuple(hidden)


def disclose(
    counts: Sequence[tuple[str, int]],
    *,
    respondents: int,
    closed: bool,
    least_respondents: int = LEAST_RESPONDENTS,
) -> Table:
    """The table of `counts` (label, exact count) that may be shown, by the rule above.

    `counts` must be of the answers `answers_counted` allows, and `respondents` their number.
    """
    if respondents < least_respondents and not closed:
        return Table(shown=False, respondents=None, cells=())
    hidden = suppressed([count for _label, count in counts])
    shown_respondents = rounded(respondents)
    if any(hidden):  # never "about 0" for the few answers of a closed collection
        shown_respondents = max(rounded(respondents, ROUNDING_BASE_WITH_HIDDEN), ROUNDING_BASE)
    return Table(
        shown=True,
        respondents=shown_respondents,
        cells=tuple(
            Cell(label=label, count=None if hide else rounded(count))
            for (label, count), hide in zip(counts, hidden, strict=True)
        ),
    )
