"""Who may lose the programme manager role: an organisation always keeps at least one.

Without a programme manager nobody can invite staff, change roles or reset a second factor, and
the organisation could only be recovered by support staff; so no change may leave it without.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable


def leaves_no_programme_manager(
    *, programme_managers: Iterable[Hashable], losing_the_role: Hashable
) -> bool:
    """Whether `losing_the_role` giving up the role would leave nobody holding it.

    `programme_managers` are everyone who holds the role now. Someone who does not hold it can
    always lose it (nothing changes).
    """
    holders = set(programme_managers)
    return losing_the_role in holders and not holders - {losing_the_role}
