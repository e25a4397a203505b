"""Moving a campaign on in its lifecycle: the one door to `Campaign.state`.

The steps allowed are rules.lifecycle's; this module loads the state, asks the rule, and saves.
Callers run it inside their own `transaction.atomic`, after locking the campaign's row, and pass
their own refusal (an exception in their words) for a step the rule refuses.
"""

from __future__ import annotations

from django.utils.translation import gettext

from coappoint.campaigns.models import Campaign
from coappoint.rules.errors import IllegalTransition
from coappoint.rules.lifecycle import CampaignState, campaign_step_allowed, check_campaign_step


class LifecycleRefused(Exception):
    """The step is not allowed from where the campaign or event is; the message says why."""


class RulesNotLockedForTheDay(LifecycleRefused):
    """The day (its conversations or its scoring) cannot start before the rules are locked.

    Pages show the message with a link to "Check and lock the rules" for `campaign`.
    """

    def __init__(self, campaign_id: int) -> None:
        super().__init__(
            gettext(
                "The campaign's rules are not locked yet. Lock them before the day starts: "
                "the scores are combined by rules fixed beforehand."
            )
        )
        self.campaign_id = campaign_id


def campaign_state(campaign: Campaign) -> CampaignState:
    """The campaign's state as the rules core names it."""
    return CampaignState(campaign.state)


def may_move_campaign(campaign: Campaign, to: Campaign.State) -> bool:
    """True if the campaign, as loaded, may move to `to`."""
    return campaign_step_allowed(campaign_state(campaign), CampaignState(to))


def move_campaign(
    campaign: Campaign, to: Campaign.State, *, refused: Exception | None = None
) -> Campaign:
    """Move `campaign` (its row locked by the caller) to `to`, or raise `refused`.

    Without `refused`, a step the rule refuses raises LifecycleRefused in plain words.
    """
    try:
        check_campaign_step(campaign_state(campaign), CampaignState(to))
    except IllegalTransition as error:
        if refused is not None:
            raise refused from error
        raise LifecycleRefused(
            gettext("The campaign is at “%(state)s”, so this cannot be done now.")
            % {"state": campaign.get_state_display()}
        ) from error
    campaign.state = to
    campaign.save(update_fields=["state"])
    return campaign
