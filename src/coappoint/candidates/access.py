"""Who may see what a candidate told us: contact details, adjustments and equality data.

By the product's "who may see what" table (shared/PRODUCT.md). Who scores in the campaign is a
fact, asked of `events.scorers` (ADR 0008), never read from roles; each function here takes the
roles a person holds together, so a person with several gets what the table gives them, less
what their scoring forbids.
"""

from __future__ import annotations

from dataclasses import dataclass

from coappoint.accounts.models import User
from coappoint.campaigns.models import Campaign
from coappoint.events.scorers import facilitates_in_campaign, scores_in_campaign, sits_on_panel
from coappoint.organisations.models import Role
from coappoint.organisations.queries import get_roles

# The roles that oversee the whole campaign: the table gives them candidates' details in full.
OVERSEERS = frozenset({Role.PROGRAMME_MANAGER, Role.AUDITOR})


@dataclass(frozen=True)
class AdjustmentsShown:
    """Which parts of candidates' adjustment requests one reader may see."""

    interpreter: bool  # the interpreter's language: the day and the interview both need it
    interview_needs: bool  # what the candidate wrote for the interview panel to know
    needs: bool  # everything else, in the candidate's words: it can reveal a disability


EVERYTHING = AdjustmentsShown(interpreter=True, interview_needs=True, needs=True)
WHAT_THE_DAY_NEEDS = AdjustmentsShown(interpreter=True, interview_needs=False, needs=False)
WHAT_THE_INTERVIEW_NEEDS = AdjustmentsShown(interpreter=True, interview_needs=True, needs=False)


def may_see_equality_data(user: User, campaign: Campaign) -> bool:
    """Whether `user` may see `campaign`'s equality-monitoring totals (never one person's).

    A programme manager or an auditor who does not score in the campaign, whatever else they
    hold: a scorer who knew how candidates answered could be swayed by it.
    """
    roles = get_roles(user, campaign.organisation)
    return bool(roles & OVERSEERS) and not scores_in_campaign(user, campaign)


def adjustments_shown_to(user: User, campaign: Campaign) -> AdjustmentsShown | None:
    """What `user` may read of `campaign`'s candidates' adjustments; None for nothing at all.

    - A programme manager or auditor who does not score in the campaign: everything.
    - A member of its interview panel: what the interview needs.
    - A facilitator of one of its events: what the day needs.
    - A programme manager or auditor who scores (or may yet, `events.scorers`) in it with no
      seat: what the day needs, no more than a scorer's seat would show.
    A person with several of these sees the most their scoring allows: never `needs` while they
    score, whatever other role they hold.
    """
    roles = get_roles(user, campaign.organisation)
    overseer = bool(roles & OVERSEERS)
    if overseer and not scores_in_campaign(user, campaign):
        return EVERYTHING
    if sits_on_panel(user, campaign):
        return WHAT_THE_INTERVIEW_NEEDS
    if overseer or facilitates_in_campaign(user, campaign):
        return WHAT_THE_DAY_NEEDS
    return None


def may_see_contact_details(user: User, campaign: Campaign) -> bool:
    """Whether `user` may read `campaign`'s candidates' email addresses and phone numbers.

    A programme manager, an auditor, or a member of the campaign's own interview panel; never a
    facilitator for being one, nor a member of another campaign's panel. (Community recruiters
    are not staff and never reach a staff page: they see a display name only.)
    """
    roles = get_roles(user, campaign.organisation)
    return bool(roles & OVERSEERS) or sits_on_panel(user, campaign)
