"""Who may read what the day needs to know about the event's community recruiters."""

from __future__ import annotations

from coappoint.accounts.models import User
from coappoint.events.models import Event
from coappoint.events.scorers import facilitates_event
from coappoint.organisations.models import Role
from coappoint.organisations.queries import get_roles


def may_see_recruiters_needs(user: User, event: Event) -> bool:
    """Whether `user` may read the event's access and catering lists: recruiters' access,
    dietary and interpreter needs, by name.

    The programme manager, and whoever facilitates this event (`facilitates_event`: chosen
    for it, or any facilitator while nobody is chosen), because they arrange the room and the
    food. Not an auditor for being one: the lists are operational, read on the day and then of
    no use, and an auditor's review needs the audit log, not what a person eats. Not the
    interview panel, and not a facilitator of another event.
    """
    if Role.PROGRAMME_MANAGER in get_roles(user, event.organisation):
        return True
    return facilitates_event(user, event)
