"""Who may see a panel's figures and run its draw: the equality-data rule, asked once.

Recruiters' equality answers, the panel's quotas against the area, the selection probabilities
and the candidates' equality report are all equality data about a campaign, so they follow the
candidates' rule (`candidates.access.may_see_equality_data`, ADR 0008): a programme manager or
an auditor who does not score in the campaign. Drawing needs the programme manager too.
"""

from __future__ import annotations

from coappoint.accounts.models import User
from coappoint.campaigns.models import Campaign
from coappoint.candidates.access import may_see_equality_data
from coappoint.organisations.models import Role
from coappoint.organisations.queries import get_roles


def may_see_panel_figures(user: User, campaign: Campaign) -> bool:
    """Quotas met or not, probabilities (rounded), recruiters' and candidates' equality totals."""
    return may_see_equality_data(user, campaign)


def may_draw_panel(user: User, campaign: Campaign) -> bool:
    """Enter the area's figures for its draw, draw the panel, call a reserve."""
    return Role.PROGRAMME_MANAGER in get_roles(user, campaign.organisation) and (
        may_see_equality_data(user, campaign)
    )
