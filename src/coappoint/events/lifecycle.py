"""Moving an event (the day) on in its lifecycle: the one door to `Event.state`.

The steps allowed are rules.lifecycle's, and they depend on the campaign's state too: the day
starts only once the campaign's rules are locked. Callers run it inside their own
`transaction.atomic`; it locks the event's row, so two steps at once happen one after the other.
"""

from __future__ import annotations

from django.utils.translation import gettext

from coappoint.campaigns.lifecycle import LifecycleRefused, RulesNotLockedForTheDay
from coappoint.campaigns.models import Campaign
from coappoint.events.models import Event
from coappoint.rules.errors import IllegalTransition, RulesNotLocked
from coappoint.rules.lifecycle import CampaignState, EventState, check_event_step


def move_event(event: Event, to: Event.State, *, refused: Exception | None = None) -> Event:
    """Move `event` to `to`, or raise: RulesNotLockedForTheDay if the day would start before
    the campaign's rules are locked, else `refused` (or LifecycleRefused in plain words).

    Reads the event's and its campaign's state afresh, with the event's row locked.
    """
    current = Event.objects.select_for_update().get(pk=event.pk)
    campaign = CampaignState(
        Campaign.objects.values_list("state", flat=True).get(pk=current.campaign_id)
    )
    try:
        check_event_step(EventState(current.state), EventState(to), campaign=campaign)
    except RulesNotLocked as error:
        raise RulesNotLockedForTheDay(current.campaign_id) from error
    except IllegalTransition as error:
        if refused is not None:
            raise refused from error
        raise LifecycleRefused(
            gettext("The event is at “%(state)s”, so this cannot be done now.")
            % {"state": current.get_state_display()}
        ) from error
    Event.objects.filter(pk=event.pk).update(state=to)
    event.state = to
    return event
