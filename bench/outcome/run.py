"""Benchmark: `coappoint outcome` on decision records of 250 to 2,000 candidates.

Times `compute_outcome` and `render_outcome` with the ranking as it is (sorting, n log n), and
in the same run with the ranking rule applied to every pair of candidates (how it was before,
quadratic), so the two are measured on the same machine under the same load.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from coappoint.rules import outcome

SIZES = (250, 500, 1000, 2000)


def _record(candidates: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)  # a fixed seed: the same records every run
    return {
        "stages": [
            {
                "name": "community",
                "weight_percent": 40,
                "scale": {"min": 1, "max": 5},
                "minimum_percent": 40,
                "community": True,
            },
            {
                "name": "interview",
                "weight_percent": 60,
                "scale": {"min": 0, "max": 10},
                "minimum_percent": None,
                "community": False,
            },
        ],
        "candidates": [
            {
                "id": f"c{index}",
                "stage_scores": {
                    "community": [rng.randint(1, 5) for _ in range(3)],
                    "interview": [rng.randint(0, 10) for _ in range(4)],
                },
            }
            for index in range(candidates)
        ],
    }


def _rank_every_pair(
    candidates: Sequence[tuple[str, Fraction, bool]],
) -> dict[str, tuple[int, tuple[str, ...]]]:
    appointable_count = sum(1 for _, _, appointable in candidates if appointable)
    placings = {}
    for candidate_id, value, appointable in candidates:
        group = [entry for entry in candidates if entry[2] == appointable]
        higher = sum(1 for _, other, _ in group if other > value)
        tied = tuple(sorted(o for o, other, _ in group if other == value and o != candidate_id))
        placings[candidate_id] = (1 + higher + (0 if appointable else appointable_count), tied)
    return placings


def _seconds(record: dict[str, Any]) -> float:
    started = time.perf_counter()
    outcome.render_outcome(outcome.compute_outcome(outcome.parse_decision_record(record)))
    return time.perf_counter() - started


def _timed(ranking: Callable[..., Any], record: dict[str, Any]) -> tuple[float, Any]:
    kept = outcome.rank
    outcome.rank = ranking  # type: ignore[assignment]
    try:
        seconds = min(_seconds(record) for _ in range(3))
        answer = outcome.render_outcome(
            outcome.compute_outcome(outcome.parse_decision_record(record))
        )
    finally:
        outcome.rank = kept  # type: ignore[assignment]
    return seconds, answer


def main() -> int:
    print("| candidates | n log n ranking | every pair (before) | same answer |")
    print("| --- | --- | --- | --- |")
    for size in SIZES:
        record = _record(size, seed=size)
        now, answer_now = _timed(outcome.rank, record)
        before, answer_before = _timed(_rank_every_pair, record)
        same = "yes" if answer_now == answer_before else "NO"
        print(f"| {size} | {now:.2f} s | {before:.2f} s | {same} |", flush=True)
        if same != "yes":
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
