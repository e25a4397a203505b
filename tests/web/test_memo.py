"""web.memo: values kept under the counters they were read at, bounded in number and age."""

from __future__ import annotations

import pytest

from coappoint.web import memo
from coappoint.web.memo import MOST_SECONDS, CounterMemo


def test_a_value_is_read_once_per_key_and_again_under_new_counters() -> None:
    reads: list[str] = []
    kept: CounterMemo[str] = CounterMemo(size=4)

    def read(value: str) -> str:
        reads.append(value)
        return value

    assert kept.get(("event", 1), lambda: read("first")) == "first"
    assert kept.get(("event", 1), lambda: read("again")) == "first"
    assert kept.get(("event", 2), lambda: read("second")) == "second"
    assert reads == ["first", "second"]


def test_the_least_recently_used_value_is_forgotten_beyond_its_size() -> None:
    kept: CounterMemo[int] = CounterMemo(size=2)
    kept.get("a", lambda: 1)
    kept.get("b", lambda: 2)
    kept.get("a", lambda: 0)  # used again: "b" is now the oldest
    kept.get("c", lambda: 3)
    assert kept.get("a", lambda: 0) == 1
    assert kept.get("b", lambda: 20) == 20


def test_a_value_is_read_again_once_it_is_older_than_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [1000.0]
    monkeypatch.setattr("coappoint.web.memo.time.monotonic", lambda: clock[0])
    kept: CounterMemo[str] = CounterMemo(size=2)
    kept.get("a", lambda: "old")
    clock[0] += MOST_SECONDS - 1
    assert kept.get("a", lambda: "new") == "old"
    clock[0] += 2
    assert kept.get("a", lambda: "new") == "new"


def test_forgetting_everything_empties_every_memo() -> None:
    kept: CounterMemo[str] = CounterMemo(size=2)
    kept.get("a", lambda: "old")
    memo.forget_everything()
    assert kept.get("a", lambda: "new") == "new"
