"""The odds a guesser has against access codes, and how long a mistyping hall waits, worked out
from the rule the service applies (`coappoint.rules.guessing`) with the default settings.

Run with `.venv/bin/python bench/access_code_odds/run.py` (or `make bench`); prints the Markdown
tables quoted in docs/security-access-codes.md. Nothing is timed: every number follows from the
rule and the settings below (keep them equal to the defaults in settings/base.py), and the hall
uses fixed seeds.
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass

from coappoint.rules.guessing import WaitCurve, most_wrong_codes

CODES = 32**8  # 8 characters from an alphabet of 32
WINDOW_SECONDS = 15 * 60
FIRST_WAIT_SECONDS, LONGEST_WAIT_SECONDS = 5, 120
PER_ADDRESS = WaitCurve(
    free_wrong_codes=20,
    first_wait_seconds=FIRST_WAIT_SECONDS,
    longest_wait_seconds=LONGEST_WAIT_SECONDS,
)
ALL_ADDRESSES = WaitCurve(
    free_wrong_codes=100,
    first_wait_seconds=FIRST_WAIT_SECONDS,
    longest_wait_seconds=LONGEST_WAIT_SECONDS,
)
LIFETIME_DAYS = 14  # COAPPOINT_SIGN_IN_LINK_DAYS
DAY = 24 * 60 * 60
LIVE_CODES = (100, 10_000)


def chance_of_a_hit(guesses: int, live_codes: int) -> float:
    """The chance that at least one of `guesses` different codes is one of `live_codes`."""
    return -math.expm1(guesses * math.log1p(-live_codes / CODES))


def odds_table() -> str:
    rows = [
        "| guesser | over | most wrong codes | chance, 100 live codes | "
        "chance, 10,000 live codes |",
        "| --- | --- | --- | --- | --- |",
    ]
    for who, curve in (("one address", PER_ADDRESS), ("all addresses together", ALL_ADDRESSES)):
        for over, seconds in (
            ("15 minutes", WINDOW_SECONDS),
            ("a day", DAY),
            (f"{LIFETIME_DAYS} days", LIFETIME_DAYS * DAY),
        ):
            guesses = most_wrong_codes(curve, window_seconds=WINDOW_SECONDS, over_seconds=seconds)
            chances = " | ".join(f"{chance_of_a_hit(guesses, live):.1e}" for live in LIVE_CODES)
            rows.append(f"| {who} | {over} | {guesses:,} | {chances} |")
    return "\n".join(rows)


@dataclass(frozen=True)
class Hall:
    people: int
    mistype_percent: int  # the chance each try is wrong
    arrive_within_seconds: int
    guesser: bool = False  # someone on the hall's own wifi guessing flat out all along


@dataclass(frozen=True)
class HallWaits:
    asked_to_wait: int  # people asked to wait at least once
    longest_wait_seconds: int  # the most one person waited in all
    still_out: int  # people not signed in an hour after the last arrived


GUESSER = -1  # sorts first: at the instant a wait ends, the guesser's try is in first
HOUR = 60 * 60


def hall_waits(hall: Hall, seed: int) -> HallWaits:
    """People in one hall (one address) typing codes. Someone who mistypes tries again 15 s
    later; someone asked to wait comes back up to 20 s after the wait ends; a guesser tries
    again the instant each wait ends."""
    rng = random.Random(seed)  # a fixed seed: the same hall every run
    queue = [(rng.uniform(0, hall.arrive_within_seconds), person) for person in range(hall.people)]
    if hall.guesser:
        queue.append((0.0, GUESSER))
    heapq.heapify(queue)
    wrong: list[float] = []
    right: list[float] = []
    opens_at = 0.0
    waited: dict[int, float] = {}
    signed_in = 0
    while queue and signed_in < hall.people:
        at, person = heapq.heappop(queue)
        if at > hall.arrive_within_seconds + HOUR:
            break
        if at < opens_at:
            if person != GUESSER:
                waited[person] = waited.get(person, 0.0) + opens_at - at
            back = 0.0 if person == GUESSER else rng.uniform(0, 20)
            heapq.heappush(queue, (opens_at + back, person))
        elif person == GUESSER or rng.uniform(0, 100) < hall.mistype_percent:
            wrong = [t for t in wrong if t >= at - WINDOW_SECONDS] + [at]
            recent_right = sum(1 for t in right if t >= at - WINDOW_SECONDS)
            opens_at = at + PER_ADDRESS.wait_after_wrong_code(
                wrong_codes=len(wrong), right_codes=recent_right
            )
            heapq.heappush(queue, (at if person == GUESSER else at + 15, person))
        else:
            right.append(at)
            signed_in += 1
    return HallWaits(
        asked_to_wait=len(waited),
        longest_wait_seconds=math.ceil(max(waited.values(), default=0.0)),
        still_out=hall.people - signed_in,
    )


def hall_table() -> str:
    rows = [
        "| hall | each try wrong | arriving within | halls where anyone waited | "
        "longest anyone waited: typical hall, worst hall | still out after an hour, worst hall |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for hall in (
        Hall(people=60, mistype_percent=15, arrive_within_seconds=600),
        Hall(people=60, mistype_percent=30, arrive_within_seconds=600),
        Hall(people=60, mistype_percent=30, arrive_within_seconds=120),
        Hall(people=60, mistype_percent=50, arrive_within_seconds=300),
        Hall(people=60, mistype_percent=15, arrive_within_seconds=600, guesser=True),
    ):
        results = [hall_waits(hall, seed) for seed in range(300)]
        longest = sorted(result.longest_wait_seconds for result in results)
        rows.append(
            f"| {hall.people} people{' and a guesser' if hall.guesser else ''} | "
            f"{hall.mistype_percent}% | {hall.arrive_within_seconds // 60} minutes | "
            f"{sum(1 for result in results if result.asked_to_wait)} of {len(results)} | "
            f"{longest[len(longest) // 2]} s, {longest[-1]} s | "
            f"{max(result.still_out for result in results)} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    print(f"Codes: 32^8 = {CODES:,}\n")
    print(odds_table())
    print()
    print(hall_table())
