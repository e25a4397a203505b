"""The draw itself: the Sortition Foundation's `sortition-algorithms`, maximin with HiGHS.

Not in the rules core: the library keeps its random generator in a module global (seeded here
from the draw's seed, `set_random_provider`), so a draw is repeatable from its seed, its quotas
and its pool, but it is not a pure function. The steps are the library's own `find_random_sample`
for "maximin", taken one by one so the selection probabilities can be kept: the maximin
distribution over feasible panels (`find_distribution_maximin`, whose HiGHS solver takes its
seed from the same generator), the library's clean-up of it (`standardize_distribution`), then
one panel drawn from it (`lottery_rounding`). Each volunteer's chance of selection is the sum
of the chances of the panels they are on.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version

from coappoint.rules.panel_quotas import QuotaBounds

# The library's generator is one per process: a draw holds it from seeding to the last number.
_GENERATOR = threading.Lock()

LIBRARY = "sortition-algorithms"
ALGORITHM = "maximin"
SOLVER = "highspy"
# The library's generator takes seeds below 2**31 - 1; 0 would mean "no seed".
LARGEST_SEED = 2**31 - 2


def library_version() -> str:
    return version(LIBRARY)


@dataclass(frozen=True)
class Volunteer:
    """One volunteer as the draw sees them: a key and their answer to each question with quotas."""

    key: str
    answers: tuple[tuple[str, str], ...]  # (question, answer), in the quotas' question order


@dataclass(frozen=True)
class Drawn:
    drawn: frozenset[str]
    probabilities: dict[str, float]


class DrawNotPossible(Exception):
    """The library found no panel meeting the quotas; `lines` are its reasons, in English."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = tuple(lines)


def pool_digest(
    volunteers: Sequence[Volunteer], bounds: Sequence[QuotaBounds], places: int, seed: int
) -> str:
    """A SHA-256 of everything the draw is given, so a repeat can show it had the same input."""
    given = {
        "places": places,
        "seed": seed,
        "quotas": [[b.question, b.answer, b.least, b.most] for b in bounds],
        "pool": sorted([v.key, [list(pair) for pair in v.answers]] for v in volunteers),
    }
    return hashlib.sha256(json.dumps(given, sort_keys=True).encode()).hexdigest()


def draw(
    *, volunteers: Sequence[Volunteer], bounds: Sequence[QuotaBounds], places: int, seed: int
) -> Drawn:
    """Draw `places` of `volunteers` meeting `bounds`, repeatably from `seed` (1 to
    LARGEST_SEED)."""
    if not 1 <= seed <= LARGEST_SEED:
        raise ValueError("the seed is from 1 to 2**31 - 2")
    # Imported here: the library (with numpy and scipy) takes over half a second to import,
    # and only a draw needs it, never an ordinary page.
    from sortition_algorithms.committee_generation import (
        find_distribution_maximin,
        standardize_distribution,
    )
    from sortition_algorithms.core import lottery_rounding
    from sortition_algorithms.errors import SortitionBaseError
    from sortition_algorithms.features import FeatureValueMinMax
    from sortition_algorithms.people import People
    from sortition_algorithms.utils import set_random_provider

    features: dict[str, dict[str, FeatureValueMinMax]] = {}
    for bound in bounds:
        features.setdefault(bound.question, {})[bound.answer] = FeatureValueMinMax(
            min=bound.least, max=bound.most
        )
    people = People([])
    # Sorted by key, so the library sees the pool in the same order every time.
    for row, volunteer in enumerate(sorted(volunteers, key=lambda v: v.key), start=1):
        people.add(volunteer.key, dict(volunteer.answers), features, row)  # type: ignore[arg-type]
    with _GENERATOR:
        set_random_provider(seed)
        try:
            committees, chances, _report = find_distribution_maximin(
                features,  # type: ignore[arg-type]
                people,
                places,
                [],
                SOLVER,
            )
        except SortitionBaseError as error:
            lines = getattr(error, "all_lines", None) or [str(error)]
            raise DrawNotPossible(list(lines)) from error
        committees, chances = standardize_distribution(committees, chances)
        (panel,) = lottery_rounding(committees, chances, 1)
    probabilities = dict.fromkeys((v.key for v in volunteers), 0.0)
    for committee, chance in zip(committees, chances, strict=True):
        for key in committee:
            probabilities[key] += chance
    return Drawn(drawn=frozenset(panel), probabilities=probabilities)
