"""Reads about events, always within one organisation."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from coappoint.accounts.models import User
from coappoint.campaigns.models import Candidate
from coappoint.events.models import DayPlace, Event, EventFacilitator
from coappoint.organisations.models import Membership, Organisation, Role
from coappoint.rules.names import display_names
from coappoint.web.stamps import read_counters


def get_event(organisation: Organisation, event_id: int) -> Event | None:
    """The event with its agenda and candidates, if it belongs to `organisation`."""
    return (
        Event.objects.filter(organisation=organisation, pk=event_id)
        .select_related("campaign", "campaign__vacancy", "campaign__vacancy__area")
        .prefetch_related("agenda", Prefetch("candidates", queryset=Candidate.objects.all()))
        .first()
    )


def list_candidate_display_names(event: Event) -> list[tuple[Candidate, str]]:
    """The event's candidates with the names recruiters see ("Sam A."), in that order."""
    candidates = list(event.candidates.all())
    names = display_names(
        {str(candidate.pk): (candidate.called, candidate.last_name) for candidate in candidates}
    )
    return sorted(
        ((candidate, names[str(candidate.pk)]) for candidate in candidates),
        key=lambda pair: pair[1].casefold(),
    )


def list_day_places(event: Event) -> dict[int, DayPlace]:
    """How each of the event's candidates was told they are on the day, by candidate id.

    A candidate put on the day before places were kept has none: "not recorded".
    """
    return {
        place.candidate_id: place
        for place in DayPlace.objects.filter(organisation=event.organisation, event=event)
    }


def get_candidate_with_display_name(
    event: Event, candidate_id: int
) -> tuple[Candidate, str] | None:
    """The event's candidate `candidate_id` with the name recruiters see, if they are at it.

    The name depends on the event's other candidates (an initial only where first names clash),
    so it is always read from the whole list.
    """
    for candidate, name in list_candidate_display_names(event):
        if candidate.pk == candidate_id:
            return candidate, name
    return None


def list_facilitator_role_holders(organisation: Organisation) -> QuerySet[User]:
    """Everyone holding the facilitator role in the organisation: who may facilitate an event."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(organisation=organisation, role=Role.FACILITATOR).values(
            "user_id"
        )
    ).order_by("full_name", "pk")


def list_event_facilitators(event: Event) -> list[User]:
    """The facilitators chosen for `event`, by name; empty while none is chosen (then every
    holder of the facilitator role facilitates it, `events.scorers`)."""
    return [
        row.user
        for row in EventFacilitator.objects.filter(organisation=event.organisation, event=event)
        .select_related("user")
        .order_by("user__full_name", "pk")
    ]


def event_poll_versions(event_id: int, session_key: str, *fields: str) -> tuple[int, ...] | None:
    """The event's counters named by `fields` (web.stamps), in one query; None when the event is
    gone or the session `session_key` is not alive."""
    return read_counters(Event, fields, event_id, session_key)
