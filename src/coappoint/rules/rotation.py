"""The rotation on the day: how long the current round has left, and each recruiter's now and next.

Pure: the clock is passed in (`now`), and the timetable is the rules core's own slots of
`Conversation`s, so the big screen and every phone compute the same answer from the same row.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from coappoint.rules.timetable import Conversation


def seconds_left_in_round(
    *,
    round_started_at: datetime.datetime,
    paused_at: datetime.datetime | None,
    now: datetime.datetime,
    round_minutes: int,
) -> int:
    """Whole seconds left of a round of `round_minutes`, between 0 and the round's length.

    The clock stops at `paused_at` while the room is paused. Time already spent paused is not
    counted because resuming moves `round_started_at` forward by the length of the pause (the
    rotation keeps one start time, not a history of pauses). A start in the future (a clock a
    little ahead on another server) counts as just started. Fractions of a second are dropped
    from the time spent, so a round just started shows its full length.
    """
    round_seconds = max(round_minutes, 0) * 60
    clock = paused_at if paused_at is not None and paused_at < now else now
    spent = int((clock - round_started_at).total_seconds())
    return min(round_seconds, max(0, round_seconds - spent))


def minutes_and_seconds(seconds: int) -> str:
    """A countdown as people read it: "9:05", "0:00" (never negative)."""
    whole = max(seconds, 0)
    return f"{whole // 60}:{whole % 60:02d}"


def slots_from_json(
    slots: Sequence[Sequence[Mapping[str, Any]]],
) -> tuple[tuple[Conversation, ...], ...]:
    """A stored timetable's `output["slots"]` as the core's conversations, slot by slot."""
    return tuple(
        tuple(
            Conversation(
                candidate=str(entry["candidate"]),
                recruiter=str(entry["recruiter"]),
                slot=slot,
                table=int(entry["table"]),
                interpreters=tuple(str(code) for code in entry.get("interpreters") or ()),
            )
            for entry in entries
        )
        for slot, entries in enumerate(slots)
    )


@dataclass(frozen=True)
class NowAndNext:
    """Where one recruiter is in the rotation.

    `current_round` is the 0-based round under way, or None before the conversations start.
    `now` is the recruiter's conversation in the current round (None: resting, or not started
    or over). `next` is their first conversation in a later round (before the start: their first
    at all). `over` is true once the last round has passed.
    """

    rounds: int
    current_round: int | None
    now: Conversation | None
    next: Conversation | None
    over: bool

    @property
    def resting(self) -> bool:
        """In a round under way with no conversation of their own."""
        return self.current_round is not None and not self.over and self.now is None


def now_and_next(
    slots: Sequence[Sequence[Conversation]], *, recruiter: str, current_round: int | None
) -> NowAndNext:
    """The recruiter's conversation in `current_round` and their next one after it.

    `current_round` None means the conversations have not started; a round at or past the
    number of slots (after a re-plan made the timetable shorter, or once finished) means over.
    """
    rounds = len(slots)
    over = current_round is not None and current_round >= rounds
    own = [
        conversation
        for slot in slots
        for conversation in slot
        if conversation.recruiter == recruiter
    ]
    if current_round is None:
        return NowAndNext(
            rounds=rounds, current_round=None, now=None, next=own[0] if own else None, over=False
        )
    if over:
        return NowAndNext(
            rounds=rounds, current_round=current_round, now=None, next=None, over=True
        )
    now = next((conversation for conversation in own if conversation.slot == current_round), None)
    later = next((conversation for conversation in own if conversation.slot > current_round), None)
    return NowAndNext(rounds=rounds, current_round=current_round, now=now, next=later, over=False)


class RoundPhase(Enum):
    """Where a round of the timetable stands on the day."""

    PLANNED = "planned"
    HAPPENING = "happening"
    HELD = "held"


def round_phase(round_index: int, *, current_round: int | None, finished: bool) -> RoundPhase:
    """A round before the current one has been held, the current one is happening, later ones
    are planned; before the start (`current_round` None) every round is planned, and once the
    conversations have finished every round has been held."""
    if finished:
        return RoundPhase.HELD
    if current_round is None or round_index > current_round:
        return RoundPhase.PLANNED
    if round_index == current_round:
        return RoundPhase.HAPPENING
    return RoundPhase.HELD
