"""Who scores in a campaign: the one answer every app asks (ADR 0008).

A member of staff scores in a campaign when they sit on its interview panel
(`campaigns.PanelMember`) or facilitate one of its events (`events.EventFacilitator`). Until
those seats are filled, everyone who could be given one counts, so that nobody reads what a
scorer may not before it is known who will score:

- while nobody sits on the campaign's panel, everyone holding the interview panel role;
- while the campaign has no event, or one of its events has no facilitator chosen, everyone
  holding the facilitator role.

A seat counts whatever roles its holder has since gained or lost: it is a fact about the
campaign, not a role. It lives here because events is the lowest app that knows both seats;
candidates (equality data, adjustments), interviews and anything above ask it, never roles.
"""

from __future__ import annotations

from coappoint.accounts.models import User
from coappoint.campaigns.models import Campaign, PanelMember
from coappoint.events.models import Event, EventFacilitator
from coappoint.organisations.models import Role
from coappoint.organisations.queries import get_roles


def sits_on_panel(user: User, campaign: Campaign) -> bool:
    """Whether `user` has a seat on `campaign`'s interview panel."""
    return PanelMember.objects.filter(
        organisation=campaign.organisation, campaign=campaign, user=user
    ).exists()


def facilitates_event(user: User, event: Event) -> bool:
    """Whether `user` facilitates `event`: chosen for it, or, while nobody is chosen for it,
    holding the facilitator role in its organisation."""
    chosen = EventFacilitator.objects.filter(organisation=event.organisation, event=event)
    if chosen.filter(user=user).exists():
        return True
    return not chosen.exists() and Role.FACILITATOR in get_roles(user, event.organisation)


def facilitates_in_campaign(user: User, campaign: Campaign) -> bool:
    """Whether `user` facilitates one of `campaign`'s events (as `facilitates_event`)."""
    events = Event.objects.filter(organisation=campaign.organisation, campaign=campaign)
    if EventFacilitator.objects.filter(event__in=events, user=user).exists():
        return True
    return (
        Role.FACILITATOR in get_roles(user, campaign.organisation)
        and events.filter(facilitators__isnull=True).exists()
    )


def scores_in_campaign(user: User, campaign: Campaign) -> bool:
    """Whether `user` scores, or may yet be given a seat to score, in `campaign`.

    Whoever this answers yes for never sees the campaign's equality data, whatever other role
    they hold, and sees of candidates' adjustments only what their seat needs
    (`candidates.access`).
    """
    if sits_on_panel(user, campaign) or facilitates_in_campaign(user, campaign):
        return True
    roles = get_roles(user, campaign.organisation)
    if Role.INTERVIEW_PANEL in roles and not PanelMember.objects.filter(campaign=campaign).exists():
        return True
    events = Event.objects.filter(organisation=campaign.organisation, campaign=campaign)
    return Role.FACILITATOR in roles and not events.exists()
