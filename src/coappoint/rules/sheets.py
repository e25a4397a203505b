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


@dataclass(frozen=True)
class PairFacts:
    """What is known of one scorer and one candidate: everything `sheet_owed` decides on.

    `met`: a meeting of theirs is planned; `knows`: the scorer declared they know the candidate;
    `missed`: a meeting of theirs was recorded as not having happened; `sent`: the scorer's
    sheet for the candidate is in; `withdrawn`: the scorer left.
    """

    met: bool
    knows: bool
    missed: bool
    sent: bool
    withdrawn: bool


def sheet_owed(facts: PairFacts) -> bool:
    """Whether the scorer owes a sheet for the candidate (sent or not): the rule of
    `sheets_owed`, for one pair, so that a request about one pair need not load every pair.

    Owed when they met, the scorer does not know the candidate and the meeting was not missed;
    a scorer who withdrew is asked for nothing more, but a sheet they sent before still counts.
    """
    return (
        facts.met and not facts.knows and not facts.missed and (facts.sent or not facts.withdrawn)
    )


def sheet_pending(facts: PairFacts) -> bool:
    """Whether the scorer's sheet for the candidate is owed and not sent yet."""
    return sheet_owed(facts) and not facts.sent


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
    knows = set(conflicts)
    not_held = set(missed)
    sent = set(submitted)
    gone = set(withdrawn)
    owed = sorted(
        pair
        for pair in set(met)
        if sheet_owed(
            PairFacts(
                met=True,
                knows=pair in knows,
                missed=pair in not_held,
                sent=pair in sent,
                withdrawn=pair.scorer in gone,
            )
        )
    )
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
