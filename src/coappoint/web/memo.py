"""What a poll reads from the database, remembered in this process under the counters it was
read at (web.stamps), so forty phones at one event do not each read the same rows.

A value is kept under a key that includes the counters the services bump, in the same
transaction, whenever what the value holds changes (for example `Event.screens_version`). The
counters a request read come from the database; rows read after them are at least as new, so a
value read once is right for every request that finds the same counters, on any app server (each
remembers for itself: nothing is shared, nothing to invalidate). A value is also forgotten after
`MOST_SECONDS`, so that counters that went back (a database restored from a backup while the
service runs) cannot keep an old value for long; and the memo holds at most `size` values.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")

MOST_SECONDS = 60.0

_memos: list[CounterMemo[object]] = []


class CounterMemo(Generic[Value]):
    """At most `size` values, the least recently used forgotten first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, tuple[float, Value]] = OrderedDict()
        self._lock = threading.Lock()
        _memos.append(self)  # type: ignore[arg-type]

    def get(self, key: Hashable, read: Callable[[], Value]) -> Value:
        """The value kept under `key`, or `read()` (outside the lock), kept under it."""
        now = time.monotonic()
        with self._lock:
            kept = self._values.get(key)
            if kept is not None and now - kept[0] < MOST_SECONDS:
                self._values.move_to_end(key)
                return kept[1]
        value = read()
        with self._lock:
            self._values[key] = (now, value)
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def forget_everything() -> None:
    """Empty every memo: for tests, whose databases reuse ids and counters (as a fresh process)."""
    for memo in _memos:
        memo.clear()
