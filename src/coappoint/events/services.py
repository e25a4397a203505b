"""Changes to an event's plan, agenda and facilitators, each with its audit row."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.campaigns.models import Campaign, Candidate
from coappoint.events.models import (
    TOLD_BY_STAFF,
    AgendaBlock,
    AgendaBlockKind,
    DayPlace,
    Event,
    EventFacilitator,
    HowTold,
    Meetings,
)
from coappoint.events.queries import list_event_facilitators, list_facilitator_role_holders
from coappoint.organisations.models import Organisation


class RoundsRefused(Exception):
    """The number of rounds cannot be set like that; the message says why, in plain words."""


class FacilitatorsRefused(Exception):
    """The facilitators cannot be changed like that; the message says why, in plain words."""


class DayPlaceRefused(Exception):
    """The candidate cannot be put on this day; the message says why, in plain words."""


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
    audit.record(
        now=timezone.now(),
        organisation=organisation,
        actor=actor,
        action=AuditAction.EVENT_CREATED,
        target=event,
        after={**_plan_record(event), "agenda": _agenda_record(event)},
    )
    return event


def rounds_in_block(event: Event) -> int | None:
    """How many whole rounds the conversations block holds: what the timetable is given."""
    block = _conversations_block(event)
    if block is None or not event.conversation_minutes:
        return None
    return block.duration_minutes // event.conversation_minutes


def _conversations_block(event: Event) -> AgendaBlock | None:
    return (
        AgendaBlock.objects.filter(event=event, kind=AgendaBlockKind.CONVERSATIONS)
        .order_by("position")
        .first()
    )


def _set_rounds(event: Event, rounds: int, shown: int | None) -> None:
    """Make the conversations block `rounds` conversations long, when `rounds` is not the
    number the plan's form showed (`shown`); the blocks after it move so the times add up."""
    if rounds == shown:
        return
    block = _conversations_block(event)
    if block is None:
        raise RoundsRefused(
            gettext("The agenda has no one-to-one conversations block. Add one to the agenda.")
        )
    blocks = list(AgendaBlock.objects.filter(event=event).order_by("position"))
    for each in blocks:
        if each.pk == block.pk:
            each.duration_minutes = rounds * event.conversation_minutes
    try:
        starts = agenda_start_times(blocks[0].starts_at, [each.duration_minutes for each in blocks])
    except ValueError as error:
        raise RoundsRefused(
            gettext(
                "%(rounds)s rounds of %(minutes)s minutes would run the agenda past midnight. "
                "Enter fewer rounds"
            )
            % {"rounds": rounds, "minutes": event.conversation_minutes}
        ) from error
    for each, starts_at in zip(blocks, starts, strict=True):
        each.starts_at = starts_at
        each.save(update_fields=["duration_minutes", "starts_at"])


@transaction.atomic
def change_event_plan(
    *, event: Event, plan: EventPlan, actor: User, rounds: int | None = None
) -> Event:
    """Change the venue, date, tables, interpreters and conversation rules of the day.

    `rounds`, when given and not the number of rounds the conversations block holds now,
    makes the block that many conversations long (of the plan's length), moving the blocks
    after it: the block stays the one record of how long the conversations run, and the
    timetable takes its rounds from it. Raises RoundsRefused.
    """
    before = {**_plan_record(event), "agenda": _agenda_record(event)}
    shown = rounds_in_block(event)
    for field, value in asdict(plan).items():
        setattr(event, field, value)
    if event.meetings == Meetings.ALL:
        event.recruiters_per_candidate = None
    event.save()
    if rounds is not None:
        _set_rounds(event, rounds, shown)
    audit.record(
        now=timezone.now(),
        organisation=event.organisation,
        actor=actor,
        action=AuditAction.EVENT_PLAN_CHANGED,
        target=event,
        before=before,
        after={**_plan_record(event), "agenda": _agenda_record(event)},
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
    audit.record(
        now=timezone.now(),
        organisation=event.organisation,
        actor=actor,
        action=AuditAction.EVENT_AGENDA_CHANGED,
        target=event,
        before={"agenda": before},
        after={"agenda": _agenda_record(event)},
    )
    return saved


@transaction.atomic
def set_event_facilitators(
    *,
    event: Event,
    facilitators: Iterable[User],
    actor: User,
    now: datetime.datetime | None = None,
) -> list[User]:
    """Choose exactly `facilitators` to facilitate the event; each must hold the facilitator role.

    Choosing nobody means every holder of the facilitator role facilitates it. Facilitating is
    scoring in the campaign (`events.scorers`), so from the day of the event on nobody can be
    taken off: someone who ran the day would otherwise be free to read what scorers may not.
    For the same reason a day that came with nobody chosen (so everyone facilitated it) keeps it
    so. Raises FacilitatorsRefused.
    """
    now = now or timezone.now()
    Event.objects.select_for_update().filter(pk=event.pk).first()  # one change at a time
    chosen = {user.pk: user for user in facilitators}
    allowed = set(list_facilitator_role_holders(event.organisation).values_list("pk", flat=True))
    for user in chosen.values():
        if user.pk not in allowed:
            raise FacilitatorsRefused(
                gettext("%(name)s does not hold the facilitator role here.") % {"name": user}
            )
    current = {user.pk: user for user in list_event_facilitators(event)}
    leaving = [user for pk, user in current.items() if pk not in chosen]
    joining = [user for pk, user in chosen.items() if pk not in current]
    if not leaving and not joining:
        return list_event_facilitators(event)
    if timezone.localdate(now) >= event.date:
        if not current:
            raise FacilitatorsRefused(
                gettext(
                    "The day has come with no facilitator chosen, so every facilitator counts "
                    "as having run it, and as scoring in the campaign. The facilitators can no "
                    "longer be chosen."
                )
            )
        if leaving:
            raise FacilitatorsRefused(
                gettext(
                    "The day has come, so %(name)s counts as scoring in the campaign and "
                    "cannot be taken off. You can still add facilitators."
                )
                % {"name": leaving[0]}
            )
    EventFacilitator.objects.filter(event=event, user_id__in=[user.pk for user in leaving]).delete()
    for user in joining:
        EventFacilitator.objects.create(
            organisation=event.organisation, event=event, user=user, added_at=now, added_by=actor
        )
    audit.record(
        now=now,
        organisation=event.organisation,
        actor=actor,
        action=AuditAction.EVENT_FACILITATORS_CHANGED,
        target=event,
        before={"facilitators": sorted(user.pk for user in current.values())},
        after={"facilitators": sorted(user.pk for user in chosen.values())},
    )
    return list_event_facilitators(event)


def refuse_if_the_day_started(event: Event) -> None:
    """No candidate joins a day that has started: its timetable of conversations is set.
    Forms choosing a day ask this too, so the page says it before anything is sent."""
    if event.state != Event.State.PLANNED:
        raise DayPlaceRefused(
            gettext("That day has already started: choose a day that has not started yet")
        )


def place_on_the_day(
    *,
    event: Event,
    candidate: Candidate,
    how_told: HowTold,
    actor: User | None,
    now: datetime.datetime,
    note: str = "",
) -> DayPlace:
    """Put `candidate` on `event`'s list of candidates and keep how they were told.

    The one way a candidate joins a day: by an invitation sent from here (candidates' invite,
    which writes its own audit row) or by staff who told them themselves
    (`put_candidate_on_the_day`). Told again, the place keeps the latest way, and the audit log
    keeps each. Call it inside the caller's transaction.
    """
    if candidate.campaign_id != event.campaign_id:
        raise DayPlaceRefused(gettext("This candidate is not in the event's campaign."))
    refuse_if_the_day_started(event)
    event.candidates.add(candidate)
    place, _created = DayPlace.objects.update_or_create(
        event=event,
        candidate=candidate,
        defaults={
            "organisation": event.organisation,
            "how_told": how_told,
            "told_at": now,
            "recorded_by": actor,
            "note": note,
        },
    )
    bump_live_versions(event_id=event.pk, screens=True)
    return place


def put_candidate_on_the_day(
    *,
    event: Event,
    candidate: Candidate,
    how_told: HowTold,
    actor: User,
    note: str = "",
    now: datetime.datetime | None = None,
) -> DayPlace:
    """Staff put a candidate on the day whom they told themselves (by phone, in person, by
    letter): for a candidate with no email address, or who asked to be phoned.

    The audit row says how they were told, never the note (which may hold personal details).
    """
    if how_told not in TOLD_BY_STAFF:
        raise DayPlaceRefused(gettext("Choose how you told them."))
    now = now or timezone.now()
    with transaction.atomic():
        place = place_on_the_day(
            event=event, candidate=candidate, how_told=how_told, actor=actor, now=now, note=note
        )
        audit.record(
            now=now,
            organisation=event.organisation,
            actor=actor,
            action=AuditAction.CANDIDATE_PUT_ON_THE_DAY,
            target=candidate,
            after={"event": event.pk, "how_told": str(how_told), "note_given": bool(note)},
        )
    return place


# --- What the day's live screens show has changed ---------------------------------------------


def bump_live_versions(
    *, event_id: int, screens: bool = False, progress: bool = False, board: bool = False
) -> None:
    """Tell the day's live screens that what they show has changed (coappoint.web.stamps).

    `screens`: the rotation, the timetable, or the names the room sees (recruiters' now and next,
    the big screen, the facilitator's round); `progress`: the facilitator's lists (check-ins,
    sheets to send, nudges); `board`: the co-design board. Called by the services that make such a
    change, inside their transaction, so the new version and the change commit together.
    """
    changes = {
        name: F(name) + 1
        for name, wanted in (
            ("screens_version", screens),
            ("progress_version", progress),
            ("board_version", board),
        )
        if wanted
    }
    if changes:
        Event.objects.filter(pk=event_id).update(**changes)
