"""How long a place must wait after a wrong access code: free at first, then doubling to a cap.

Guessing access codes is slowed, never refused outright, because a whole hall shares one
address and a refusal would lock every resident out with the guesser. The same curve applies to
one address and, with a larger allowance, to every address together; the numbers and the odds
they leave a guesser are in docs/security-access-codes.md.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

# 2**30 seconds is 34 years: no curve needs more doublings than that, and it keeps ints small.
_MOST_DOUBLINGS = 30


@dataclass(frozen=True)
class WaitCurve:
    """Wrong codes that cost nothing within a window, then a wait that doubles to a cap.

    `free_wrong_codes` wrong codes may be tried in a row; after the last of them the place waits
    `first_wait_seconds`, and after each further wrong code twice as long as before, never more
    than `longest_wait_seconds`. Every distinct code that signed in correctly from the same
    place in the window earns one more free wrong code: a hall that mistypes also signs in, a
    guesser does not.
    """

    free_wrong_codes: int
    first_wait_seconds: int
    longest_wait_seconds: int

    def __post_init__(self) -> None:
        if self.free_wrong_codes < 1:
            raise ValueError("at least one wrong code must be free, or nobody could ever try")
        if not 0 < self.first_wait_seconds <= self.longest_wait_seconds:
            raise ValueError("the first wait must be positive and no longer than the longest")

    def wait_after_wrong_code(self, *, wrong_codes: int, right_codes: int = 0) -> int:
        """Seconds to wait after a wrong code, counting it among `wrong_codes` in the window.

        `right_codes` is how many distinct codes signed in from the same place in the window.
        """
        free = self.free_wrong_codes + max(right_codes, 0)
        if wrong_codes < free:
            return 0
        doublings = min(wrong_codes - free, _MOST_DOUBLINGS)
        wait: int = self.first_wait_seconds * 2**doublings
        return min(wait, self.longest_wait_seconds)


def most_wrong_codes(curve: WaitCurve, *, window_seconds: int, over_seconds: int) -> int:
    """The most wrong codes one patient guesser can have checked in `over_seconds`.

    The guesser tries again the instant each wait ends (and instantly while tries are free),
    never signs in, and is counted over a sliding window of `window_seconds`, as the service
    counts. This is the bound the odds in docs/security-access-codes.md are worked out from.
    """
    in_window: deque[int] = deque()
    now = tried = 0
    while now < over_seconds:
        while in_window and in_window[0] < now - window_seconds:
            in_window.popleft()
        in_window.append(now)
        tried += 1
        now += curve.wait_after_wrong_code(wrong_codes=len(in_window))
    return tried
