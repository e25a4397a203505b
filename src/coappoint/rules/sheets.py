"""Which score sheets each recruiter owes, and which are still pending before the reveal."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Conversation:
    """One recruiter and one candidate who met in a one-to-one conversation (ids only)."""

    recruiter: int
    candidate: int


@dataclass(frozen=True)
class SheetsOwed:
    """Every sheet owed, those sent, and those still pending, each in a stable order.

    `pending_by_recruiter` has an entry only for recruiters with at least one pending sheet.
    """

    owed: tuple[Conversation, ...]
    submitted: tuple[Conversation, ...]
    pending: tuple[Conversation, ...]

    @property
    def pending_by_recruiter(self) -> dict[int, tuple[int, ...]]:
        """Recruiter id -> the candidate ids whose sheets they have not sent yet."""
        by_recruiter: dict[int, list[int]] = {}
        for conversation in self.pending:
            by_recruiter.setdefault(conversation.recruiter, []).append(conversation.candidate)
        return {recruiter: tuple(candidates) for recruiter, candidates in by_recruiter.items()}

    @property
    def nothing_pending(self) -> bool:
        return not self.pending


def sheets_owed(
    held: Iterable[Conversation],
    *,
    conflicts: Iterable[Conversation],
    missed: Iterable[Conversation],
    submitted: Iterable[Conversation],
) -> SheetsOwed:
    """A recruiter owes one sheet per conversation held, except with a candidate they know.

    `held` are the conversations on the current timetable (a pair met twice still owes one
    sheet); `conflicts` the pairs where the recruiter declared they know the candidate (they
    never score them, even if the timetable was made before the declaration); `missed` the
    conversations the facilitator recorded as not having happened. A sheet is pending while it
    is owed and not in `submitted`. Sheets sent for conversations no longer owed (the timetable
    changed) are not counted as sent, because nothing is waiting for them.
    """
    excluded = set(conflicts) | set(missed)
    owed = sorted(set(held) - excluded)
    sent = set(submitted)
    return SheetsOwed(
        owed=tuple(owed),
        submitted=tuple(conversation for conversation in owed if conversation in sent),
        pending=tuple(conversation for conversation in owed if conversation not in sent),
    )
