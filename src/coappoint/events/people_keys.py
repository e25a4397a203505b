"""How the rules core names an event's people: "c12" for candidate 12, "r3" for recruiter 3.

The rules core knows people only by text ids. These functions are the one place that turns a
database id into such a key and back, for every core the shell calls (the timetable, agreement
and the outcome); a decision record locked with these keys stays recomputable.
"""

from __future__ import annotations

CANDIDATE_PREFIX = "c"
RECRUITER_PREFIX = "r"


def candidate_key(pk: int) -> str:
    return f"{CANDIDATE_PREFIX}{pk}"


def recruiter_key(pk: int) -> str:
    return f"{RECRUITER_PREFIX}{pk}"


def _pk(key: object, prefix: str) -> int | None:
    if isinstance(key, str) and key.startswith(prefix) and key[len(prefix) :].isdigit():
        return int(key[len(prefix) :])
    return None


def candidate_pk(key: object) -> int | None:
    """The candidate's database id in a key such as "c12"; None for anything else."""
    return _pk(key, CANDIDATE_PREFIX)


def recruiter_pk(key: object) -> int | None:
    """The recruiter's database id in a key such as "r3"; None for anything else."""
    return _pk(key, RECRUITER_PREFIX)
