"""Which private score sheets each scorer owes, which are pending, and when the scores reveal.

One rule for both private scorings: a community recruiter owes a sheet for each candidate they
met in a one-to-one conversation, and an interview panel member for each candidate the panel
interviewed; neither scores a candidate they know. The scores stay hidden until the reveal,
which comes by itself the moment nothing is pending and at least one sheet that counts is in
(docs/scoring.md, "When scores are revealed").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Pair:
    """A scorer (a recruiter or a panel member) and a candidate they met (ids only)."""

    scorer: int
    candidate: int


@dataclass(frozen=True)
class SheetsOwed:
    """Every sheet owed, those sent, and those still pending, each in a stable order.

    `submitted` are the sheets that count: sent, and still owed. A sheet sent by a scorer who
    later declared they know the candidate, or for a meeting no longer planned, is in neither
    `submitted` nor `pending`. `pending_by_scorer` has an entry only for scorers with at least
    one pending sheet.
    """

    owed: tuple[Pair, ...]
    submitted: tuple[Pair, ...]
    pending: tuple[Pair, ...]

    @property
    def pending_by_scorer(self) -> dict[int, tuple[int, ...]]:
        """Scorer id -> the candidate ids whose sheets they have not sent yet."""
        by_scorer: dict[int, list[int]] = {}
        for pair in self.pending:
            by_scorer.setdefault(pair.scorer, []).append(pair.candidate)
        return {scorer: tuple(candidates) for scorer, candidates in by_scorer.items()}

    @property
    def nothing_pending(self) -> bool:
        return not self.pending


def sheets_owed(
    met: Iterable[Pair],
    *,
    conflicts: Iterable[Pair],
    missed: Iterable[Pair],
    submitted: Iterable[Pair],
    withdrawn: Iterable[int] = (),
) -> SheetsOwed:
    """A scorer owes one sheet per candidate they met, except a candidate they know.

    `met` are the meetings planned (a pair that met twice still owes one sheet); `conflicts` the
    pairs where the scorer declared they know the candidate (they never score them, even if the
    plan was made before the declaration); `missed` the meetings recorded as not having
    happened. A sheet is pending while it is owed and not in `submitted`. Sheets sent for
    meetings no longer owed (the plan changed) are not counted as sent, because nothing is
    waiting for them. A scorer in `withdrawn` left: they are asked for nothing more, and the
    sheets they sent before leaving still count.
    """
    excluded = set(conflicts) | set(missed)
    sent = set(submitted)
    gone = set(withdrawn)
    owed = sorted(pair for pair in set(met) - excluded if pair.scorer not in gone or pair in sent)
    return SheetsOwed(
        owed=tuple(owed),
        submitted=tuple(pair for pair in owed if pair in sent),
        pending=tuple(pair for pair in owed if pair not in sent),
    )


def automatic_reveal_due(owed: SheetsOwed) -> bool:
    """Whether the scores reveal by themselves: nothing is pending and a sheet that counts is in.

    The last pending sheet to arrive (or the last pending meeting recorded as missed, or the
    last scorer declaring they know the candidate) reveals. With no sheet that counts there is
    nothing to show, and for the interview panel a reveal also freezes who sits on it and who
    knows whom, so an empty round never reveals by itself: staff decide
    (`manual_reveal_allowed`), or close scoring with a reason.
    """
    return owed.nothing_pending and bool(owed.submitted)


def manual_reveal_allowed(owed: SheetsOwed) -> bool:
    """Whether staff may reveal by hand: nothing is pending, even if no sheet is in.

    This covers a plan changed after the last sheet, so that nothing is owed any more and no
    sheet will arrive to trigger the reveal. While a sheet is pending only closing scoring with
    a recorded reason reveals early.
    """
    return owed.nothing_pending
