"""Reads every private scoring makes through: hidden until the reveal, and the sheets that count.

A query that returns a score value, an answer or a comment calls `require_revealed` first, so
that before the reveal it raises `ScoresHidden` whichever scoring it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from coappoint.reveal.models import PrivateRound
from coappoint.rules.sheets import Pair, SheetsOwed

RoundT = TypeVar("RoundT", bound=PrivateRound)
SheetT = TypeVar("SheetT")


class ScoresHidden(Exception):
    """Score values were asked for before the reveal; nobody may see them yet."""


def is_revealed(private_round: PrivateRound | None) -> bool:
    """True once the round is revealed; a round not yet started is not."""
    return private_round is not None and private_round.revealed_at is not None


def require_revealed(private_round: RoundT | None) -> RoundT:
    """The round, if it is revealed; raises ScoresHidden before the reveal (or before it exists).

    Load the round afresh for each read: the reveal is recorded on its row.
    """
    if private_round is None or private_round.revealed_at is None:
        raise ScoresHidden
    return private_round


def only_counted(
    sheets: Iterable[SheetT], owed: SheetsOwed, *, pair: Callable[[SheetT], Pair]
) -> list[SheetT]:
    """The sheets that count: sent and still owed (rules.sheets.SheetsOwed.submitted).

    Not a sheet from a scorer who later declared they know the candidate, nor one for a meeting
    no longer planned. `pair` says whose sheet for whom each one is.
    """
    counted = set(owed.submitted)
    return [sheet for sheet in sheets if pair(sheet) in counted]
