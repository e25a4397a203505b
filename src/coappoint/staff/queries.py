"""Reads about an organisation's team: who holds which role, and who is invited."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone
from django_otp import user_has_device

from coappoint.accounts.models import User
from coappoint.organisations.models import Membership, Organisation, Role
from coappoint.staff.models import Invitation


@dataclass(frozen=True)
class TeamMember:
    user: User
    roles: tuple[Role, ...]
    has_two_factor: bool

    def role_labels(self) -> list[str]:
        return [str(role.label) for role in self.roles]


ROLE_ORDER = {role: index for index, role in enumerate(Role)}


def list_team(organisation: Organisation, *, user_id: int | None = None) -> list[TeamMember]:
    """Everyone holding a role in `organisation` (or just `user_id`), by name, with their roles."""
    roles: dict[int, list[Role]] = {}
    users: dict[int, User] = {}
    memberships = Membership.objects.filter(organisation=organisation).select_related("user")
    if user_id is not None:
        memberships = memberships.filter(user_id=user_id)
    for membership in memberships:
        users[membership.user_id] = membership.user
        roles.setdefault(membership.user_id, []).append(Role(membership.role))
    return [
        TeamMember(
            user=user,
            roles=tuple(sorted(roles[pk], key=ROLE_ORDER.__getitem__)),
            has_two_factor=user_has_device(user),
        )
        for pk, user in sorted(users.items(), key=lambda item: str(item[1]).lower())
    ]


def get_team_member(organisation: Organisation, user_id: int) -> TeamMember:
    """One member of `organisation`'s team, or 404 (someone else's staff are not confirmed)."""
    members = list_team(organisation, user_id=user_id)
    if not members:
        raise Http404
    return members[0]


def list_open_invitations(organisation: Organisation) -> list[Invitation]:
    """Invitations not yet used, revoked or expired, newest first."""
    return list(
        Invitation.objects.filter(
            organisation=organisation,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
    )


def get_open_invitation(organisation: Organisation, invitation_id: int) -> Invitation:
    """One open invitation of `organisation`, or 404."""
    invitation = Invitation.objects.filter(
        organisation=organisation,
        pk=invitation_id,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).first()
    if invitation is None:
        raise Http404
    return invitation
