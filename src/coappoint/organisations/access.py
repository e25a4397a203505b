"""Who may open a staff page: a member of that organisation with one of the page's roles.

Another organisation's pages answer 404, not 403, so their existence is not given away.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from coappoint.accounts.models import User
from coappoint.organisations.models import Organisation, Role
from coappoint.organisations.queries import get_roles


@dataclass(frozen=True)
class StaffAccess:
    """The organisation a staff page is about, and the roles the signed-in user holds there."""

    user: User
    organisation: Organisation
    roles: frozenset[Role]

    def holds(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


# Methods that only read: anything else changes something and needs a `write` role.
READ_METHODS = frozenset({"GET", "HEAD"})


def require_staff(
    request: HttpRequest,
    organisation_slug: str,
    read: Iterable[Role],
    *,
    write: Iterable[Role] | None = None,
) -> StaffAccess:
    """The caller's access to `organisation_slug`, or 404 (not a member) or 403 (wrong role).

    `read` roles may GET (or HEAD) the page; any other method, a POST, needs one of the `write`
    roles, which are the `read` roles unless given (an auditor reads, but never changes).
    """
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise Http404
    organisation = get_object_or_404(Organisation, slug=organisation_slug)
    held = get_roles(user, organisation)
    if not held:
        raise Http404
    needed = read if write is None or request.method in READ_METHODS else write
    if not held.intersection(needed):
        raise PermissionDenied
    request.organisation = organisation  # type: ignore[attr-defined]
    return StaffAccess(user=user, organisation=organisation, roles=held)
