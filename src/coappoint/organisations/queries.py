"""Reads about organisations and who holds which role in them."""

from __future__ import annotations

from django.db.models import QuerySet

from coappoint.accounts.models import User
from coappoint.organisations.models import Membership, Organisation, Role


def list_organisations_for_user(user: User) -> QuerySet[Organisation]:
    """The organisations in which `user` holds any role."""
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")


def get_roles(user: User, organisation: Organisation) -> frozenset[Role]:
    """The roles `user` holds in `organisation` (empty when none)."""
    return frozenset(
        Role(role)
        for role in Membership.objects.filter(user=user, organisation=organisation).values_list(
            "role", flat=True
        )
    )
