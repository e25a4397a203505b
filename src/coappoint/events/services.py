"""Changes to an event's plan and agenda, each with its audit row."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction

from coappoint.accounts.models import User
from coappoint.audit.services import record_audit_event
from coappoint.campaigns.models import Campaign
from coappoint.events.models import AgendaBlock, AgendaBlockKind, Event, Meetings
from coappoint.organisations.models import Organisation

DAY_STARTS_AT = datetime.time(10, 0)
MIDNIGHT = datetime.time(0, 0)

# The day as councils run it (shared/PRODUCT.md), with the minutes each part usually takes.
DAY_AGENDA: tuple[tuple[AgendaBlockKind, int], ...] = (
    (AgendaBlockKind.WELCOME, 30),
    (AgendaBlockKind.ROLE_PURPOSE, 15),
    (AgendaBlockKind.EQUAL_OPPORTUNITIES, 20),
    (AgendaBlockKind.QUALITIES, 40),
    (AgendaBlockKind.MINGLING, 20),
    (AgendaBlockKind.CONVERSATIONS, 90),
    (AgendaBlockKind.DELIBERATION, 60),
)


@dataclass(frozen=True)
class EventPlan:
    """What a programme manager decides about the day, as the event form cleans it."""

    name: str
    date: datetime.date
    venue_name: str
    venue_address: str
    access_information: str
    tables: int
    interpreters: dict[str, int]
    conversation_minutes: int
    most_conversations_in_a_row: int
    meetings: str
    recruiters_per_candidate: int | None


@dataclass(frozen=True)
class AgendaBlockPlan:
    """One block of a changed agenda, in its new order: an existing block (by id) or a new one."""

    title: str
    duration_minutes: int
    block_id: int | None = None


def _plan_record(event: Event) -> dict[str, Any]:
    return {
        "name": event.name,
        "date": event.date.isoformat(),
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "access_information": event.access_information,
        "tables": event.tables,
        "interpreters": dict(event.interpreters),
        "conversation_minutes": event.conversation_minutes,
        "most_conversations_in_a_row": event.most_conversations_in_a_row,
        "meetings": event.meetings,
        "recruiters_per_candidate": event.recruiters_per_candidate,
    }


def _agenda_record(event: Event) -> list[dict[str, Any]]:
    return [
        {
            "title": block.title,
            "starts_at": block.starts_at.strftime("%H:%M"),
            "duration_minutes": block.duration_minutes,
            "kind": block.kind,
        }
        for block in AgendaBlock.objects.filter(event=event).order_by("position")
    ]


def agenda_start_times(
    day_starts_at: datetime.time, durations_minutes: Sequence[int]
) -> list[datetime.time]:
    """Each block starts when the one before it ends: the day's start plus the minutes before.

    Raises ValueError if the agenda would run past midnight.
    """
    moment = datetime.datetime.combine(datetime.date.min, day_starts_at)
    times = []
    for minutes in durations_minutes:
        times.append(moment.time())
        moment += datetime.timedelta(minutes=minutes)
    midnight = datetime.datetime.combine(datetime.date.min + datetime.timedelta(days=1), MIDNIGHT)
    if moment > midnight:
        raise ValueError("The agenda runs past midnight.")
    return times


@transaction.atomic
def create_event(
    *, organisation: Organisation, campaign: Campaign, plan: EventPlan, actor: User
) -> Event:
    """Create the event with the usual agenda of the day, starting at 10:00."""
    if campaign.organisation_id != organisation.pk:
        raise ValueError("The campaign belongs to another organisation.")
    event = Event.objects.create(organisation=organisation, campaign=campaign, **asdict(plan))
    durations = [minutes for _kind, minutes in DAY_AGENDA]
    for position, ((kind, minutes), starts_at) in enumerate(
        zip(DAY_AGENDA, agenda_start_times(DAY_STARTS_AT, durations), strict=True)
    ):
        AgendaBlock.objects.create(
            organisation=organisation,
            event=event,
            position=position,
            title=str(kind.label),
            starts_at=starts_at,
            duration_minutes=minutes,
            kind=kind,
        )
    record_audit_event(
        organisation=organisation,
        actor=actor,
        action="event.created",
        target=event,
        after={**_plan_record(event), "agenda": _agenda_record(event)},
    )
    return event


@transaction.atomic
def change_event_plan(*, event: Event, plan: EventPlan, actor: User) -> Event:
    """Change the venue, date, tables, interpreters and conversation rules of the day."""
    before = _plan_record(event)
    for field, value in asdict(plan).items():
        setattr(event, field, value)
    if event.meetings == Meetings.ALL:
        event.recruiters_per_candidate = None
    event.save()
    record_audit_event(
        organisation=event.organisation,
        actor=actor,
        action="event.plan_changed",
        target=event,
        before=before,
        after=_plan_record(event),
    )
    return event


@transaction.atomic
def change_agenda(
    *,
    event: Event,
    day_starts_at: datetime.time,
    blocks: Sequence[AgendaBlockPlan],
    actor: User,
) -> list[AgendaBlock]:
    """Replace the agenda with `blocks` in this order; start times follow from the minutes.

    Blocks left out are removed. Raises ValueError for a block of another event or an agenda
    past midnight (the form checks both first).
    """
    before = _agenda_record(event)
    existing = {block.pk: block for block in AgendaBlock.objects.filter(event=event)}
    if any(plan.block_id is not None and plan.block_id not in existing for plan in blocks):
        raise ValueError("A block belongs to another event.")
    starts = agenda_start_times(day_starts_at, [plan.duration_minutes for plan in blocks])
    kept = {plan.block_id for plan in blocks if plan.block_id is not None}
    AgendaBlock.objects.filter(event=event).exclude(pk__in=kept).delete()
    # Move the kept blocks out of the way first: positions are unique within the event.
    offset = len(existing) + len(blocks) + 1
    for block_id in kept:
        AgendaBlock.objects.filter(pk=block_id).update(
            position=offset + existing[block_id].position
        )
    saved = []
    for position, (plan, starts_at) in enumerate(zip(blocks, starts, strict=True)):
        if plan.block_id is None:
            block = AgendaBlock(organisation=event.organisation, event=event)
        else:
            block = existing[plan.block_id]
        block.position = position
        block.title = plan.title
        block.duration_minutes = plan.duration_minutes
        block.starts_at = starts_at
        block.save()
        saved.append(block)
    record_audit_event(
        organisation=event.organisation,
        actor=actor,
        action="event.agenda_changed",
        target=event,
        before={"agenda": before},
        after={"agenda": _agenda_record(event)},
    )
    return saved
