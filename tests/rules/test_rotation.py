"""The rotation's countdown and each recruiter's now and next, from the clock and the timetable."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.rotation import (
    RoundPhase,
    minutes_and_seconds,
    now_and_next,
    round_phase,
    seconds_left_in_round,
    slots_from_json,
)
from coappoint.rules.timetable import Conversation

START = datetime.datetime(2026, 12, 12, 12, 5, tzinfo=datetime.UTC)


def _at(seconds: float) -> datetime.datetime:
    return START + datetime.timedelta(seconds=seconds)


def test_a_round_just_started_has_its_full_length_left() -> None:
    assert (
        seconds_left_in_round(round_started_at=START, paused_at=None, now=START, round_minutes=10)
        == 600
    )
    assert (
        seconds_left_in_round(
            round_started_at=START, paused_at=None, now=_at(0.9), round_minutes=10
        )
        == 600
    )


def test_the_countdown_runs_down_with_the_clock_and_stops_at_nought() -> None:
    def left(seconds: float) -> int:
        return seconds_left_in_round(
            round_started_at=START, paused_at=None, now=_at(seconds), round_minutes=10
        )

    assert left(65) == 535
    assert left(600) == 0
    assert left(3600) == 0


def test_a_paused_round_keeps_the_time_it_had_when_paused() -> None:
    paused = _at(125)
    for later in (125, 200, 5000):
        assert (
            seconds_left_in_round(
                round_started_at=START, paused_at=paused, now=_at(later), round_minutes=10
            )
            == 475
        )


def test_a_start_a_little_in_the_future_counts_as_just_started() -> None:
    assert (
        seconds_left_in_round(round_started_at=_at(3), paused_at=None, now=START, round_minutes=10)
        == 600
    )


def test_the_countdown_reads_as_minutes_and_seconds() -> None:
    assert minutes_and_seconds(600) == "10:00"
    assert minutes_and_seconds(545) == "9:05"
    assert minutes_and_seconds(0) == "0:00"
    assert minutes_and_seconds(-3) == "0:00"


moments = st.floats(min_value=-600, max_value=20_000, allow_nan=False)
minutes = st.integers(min_value=0, max_value=120)


@given(now=moments, round_minutes=minutes, paused=st.none() | moments)
def test_time_left_is_never_negative_nor_above_the_round_length(
    now: float, round_minutes: int, paused: float | None
) -> None:
    left = seconds_left_in_round(
        round_started_at=START,
        paused_at=None if paused is None else _at(paused),
        now=_at(now),
        round_minutes=round_minutes,
    )
    assert 0 <= left <= round_minutes * 60


@given(
    paused=moments,
    first=moments,
    wait=st.floats(min_value=0, max_value=10_000),
    round_minutes=minutes,
)
def test_pausing_freezes_the_countdown(
    paused: float, first: float, wait: float, round_minutes: int
) -> None:
    now = max(first, paused)

    def left(at: float) -> int:
        return seconds_left_in_round(
            round_started_at=START, paused_at=_at(paused), now=_at(at), round_minutes=round_minutes
        )

    assert left(now) == left(now + wait)


@given(first=moments, wait=st.floats(min_value=0, max_value=10_000), round_minutes=minutes)
def test_a_running_countdown_never_goes_up(first: float, wait: float, round_minutes: int) -> None:
    def left(at: float) -> int:
        return seconds_left_in_round(
            round_started_at=START, paused_at=None, now=_at(at), round_minutes=round_minutes
        )

    assert left(first + wait) <= left(first)


# Now and next -------------------------------------------------------------------------------


def _slots() -> tuple[tuple[Conversation, ...], ...]:
    """r1 talks in rounds 0 and 2 (with an Arabic interpreter), rests in round 1; r2 only in 1."""
    return slots_from_json(
        [
            [{"candidate": "c1", "recruiter": "r1", "table": 1, "interpreters": []}],
            [{"candidate": "c1", "recruiter": "r2", "table": 2}],
            [
                {"candidate": "c2", "recruiter": "r1", "table": 3, "interpreters": ["ar"]},
                {"candidate": "c1", "recruiter": "r3", "table": 1},
            ],
        ]
    )


def test_before_the_start_the_next_conversation_is_the_first() -> None:
    where = now_and_next(_slots(), recruiter="r2", current_round=None)
    assert where.now is None
    assert where.next == Conversation("c1", "r2", 1, 2)
    assert not where.resting
    assert not where.over


def test_in_a_round_the_recruiter_sees_now_and_their_next_conversation() -> None:
    where = now_and_next(_slots(), recruiter="r1", current_round=0)
    assert where.now == Conversation("c1", "r1", 0, 1)
    assert where.next == Conversation("c2", "r1", 2, 3, ("ar",))
    assert where.rounds == 3


def test_a_round_without_a_conversation_is_a_rest() -> None:
    where = now_and_next(_slots(), recruiter="r1", current_round=1)
    assert where.resting
    assert where.now is None
    assert where.next is not None
    assert where.next.slot == 2


def test_after_the_last_conversation_there_is_no_next() -> None:
    where = now_and_next(_slots(), recruiter="r1", current_round=2)
    assert where.now is not None
    assert where.next is None
    assert not where.over


def test_past_the_last_round_the_conversations_are_over() -> None:
    where = now_and_next(_slots(), recruiter="r1", current_round=3)
    assert where.over
    assert where.now is None
    assert where.next is None
    assert not where.resting


def test_a_recruiter_not_on_the_timetable_rests_every_round() -> None:
    where = now_and_next(_slots(), recruiter="r9", current_round=0)
    assert where.resting
    assert where.next is None


conversation_rows = st.lists(
    st.lists(
        st.tuples(st.sampled_from(["c1", "c2", "c3"]), st.sampled_from(["r1", "r2", "r3"])),
        max_size=3,
    ),
    max_size=8,
)


@given(rows=conversation_rows, current=st.none() | st.integers(min_value=0, max_value=10))
def test_now_is_this_round_and_next_is_the_earliest_later_conversation_of_the_recruiter(
    rows: list[list[tuple[str, str]]], current: int | None
) -> None:
    slots = tuple(
        tuple(
            Conversation(candidate, recruiter, slot, table + 1)
            for table, (candidate, recruiter) in enumerate(row)
        )
        for slot, row in enumerate(rows)
    )
    where = now_and_next(slots, recruiter="r1", current_round=current)
    own = [c for slot in slots for c in slot if c.recruiter == "r1"]
    if where.now is not None:
        assert where.now.recruiter == "r1"
        assert where.now.slot == current
    if current is None:
        assert where.next == (own[0] if own else None)
    elif current >= len(slots):
        assert where.over
        assert where.next is None
    else:
        later = [c for c in own if c.slot > current]
        assert where.next == (later[0] if later else None)
        assert where.resting == all(c.slot != current for c in own)


def test_before_the_start_every_round_is_planned_and_after_the_end_every_round_held() -> None:
    assert {round_phase(index, current_round=None, finished=False) for index in range(4)} == {
        RoundPhase.PLANNED
    }
    assert {round_phase(index, current_round=2, finished=True) for index in range(4)} == {
        RoundPhase.HELD
    }


@given(rounds=st.integers(1, 12), current=st.integers(0, 11))
def test_exactly_the_current_round_is_happening_with_the_earlier_ones_held(
    rounds: int, current: int
) -> None:
    phases = [round_phase(index, current_round=current, finished=False) for index in range(rounds)]
    assert phases == [
        RoundPhase.HELD
        if index < current
        else RoundPhase.HAPPENING
        if index == current
        else RoundPhase.PLANNED
        for index in range(rounds)
    ]
