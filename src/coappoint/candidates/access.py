"""Who may see what a candidate told us in confidence: adjustments and equality data."""

from __future__ import annotations

from coappoint.accounts.models import User
from coappoint.campaigns.models import Campaign
from coappoint.organisations.models import Role
from coappoint.organisations.queries import get_roles

# Until per-campaign scorer records exist (a later issue), holding one of these roles anywhere in
# the organisation counts as scoring in every one of its campaigns: safe, if too broad.
SCORING_ROLES = frozenset({Role.INTERVIEW_PANEL, Role.FACILITATOR})


def scores_in_campaign(user: User, campaign: Campaign) -> bool:
    """Whether `user` scores (or may score) candidates in `campaign`."""
    return bool(get_roles(user, campaign.organisation) & SCORING_ROLES)


def may_see_equality_data(user: User, campaign: Campaign) -> bool:
    """Whether `user` may see `campaign`'s equality-monitoring totals.

    Only a programme manager who does not score in the campaign, whatever else they hold: a
    scorer who knew a candidate's answers could be swayed by them.
    """
    roles = get_roles(user, campaign.organisation)
    return Role.PROGRAMME_MANAGER in roles and not scores_in_campaign(user, campaign)


def may_see_adjustment_needs(user: User, campaign: Campaign) -> bool:
    """Whether `user` may read candidates' adjustment requests in full, beyond the interpreter.

    The same people as for equality data: what a candidate needs can reveal a disability.
    """
    return may_see_equality_data(user, campaign)
