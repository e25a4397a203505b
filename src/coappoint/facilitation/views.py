"""The facilitator's screen on the day: the agenda now, the rotation, check-ins, late arrivals
and no-shows, and who still owes score sheets (with a nudge to their phone)."""

from __future__ import annotations

import datetime
import hashlib
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from coappoint.campaigns.lifecycle import RulesNotLockedForTheDay
from coappoint.events.models import Event
from coappoint.events.queries import event_poll_versions
from coappoint.facilitation.forms import AttendanceForm
from coappoint.facilitation.queries import list_unseen_nudge_times, nudge_message
from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Role
from coappoint.recruiters.queries import get_recruiter, list_check_ins
from coappoint.recruiters.services import send_nudge
from coappoint.scoring.queries import list_pending_recruiters
from coappoint.staff.middleware import staff_session_ends_at
from coappoint.timetables.models import AttendanceChange, Timetable
from coappoint.timetables.queries import (
    agenda_now,
    describe_better_plan,
    describe_timetable,
    first_open_round,
    freed_in_words,
    get_current_timetable,
    get_rotation,
    list_attendance_changes,
    list_people_on_the_day,
    moved_in_words,
    round_choices,
    round_clock,
    version_changes_in_words,
    was_replanned,
)
from coappoint.timetables.screens import room_versions
from coappoint.timetables.services import (
    ReplanningNotPossible,
    RotationNotPossible,
    keep_quick_plan,
    look_for_better_plan_again,
    next_round,
    pause_rotation,
    record_attendance_change,
    resume_rotation,
    start_rotation,
    use_improved_plan,
)
from coappoint.web.stamps import event_in_url, issue_stamp, live_poll, unchanged, with_stamp

PLANNERS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR)
# The run page names this many conversations that could not be planned; the timetable's page
# has them all (at 10 x 40 there can be hundreds, 47 KB of sentences: issue 20).
UNMET_SHOWN = 10
READERS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR, Role.AUDITOR)


def _event(access: StaffAccess, event_id: int) -> Event:
    return get_object_or_404(
        Event.objects.select_related("campaign"), organisation=access.organisation, pk=event_id
    )


ATTENDANCE_KINDS = {
    "no-show": AttendanceChange.Kind.NO_SHOW,
    "late-arrival": AttendanceChange.Kind.LATE_ARRIVAL,
    "early-leaver": AttendanceChange.Kind.EARLY_LEAVER,
}


def _round_part(
    event: Event, timetable: Timetable | None, now: datetime.datetime
) -> dict[str, Any]:
    """The round and its clock, and who sits at which table in it."""
    clock = round_clock(get_rotation(event), timetable, now)
    description = describe_timetable(timetable) if timetable else None
    current_cells: tuple[str, ...] = ()
    if (
        description
        and clock.round_index is not None
        and clock.round_index < len(description.rounds)
        and clock.state in ("running", "paused")
    ):
        current_cells = description.rounds[clock.round_index].cells
    return {
        "clock": clock,
        "current_tables": [
            (table, cell) for table, cell in zip(description.tables, current_cells, strict=False)
        ]
        if description
        else [],
    }


def _lists_part(
    access: StaffAccess, event: Event, timetable: Timetable | None, now: datetime.datetime
) -> dict[str, Any]:
    """The agenda now, arrivals, the sheets still to send, and a better plan on offer."""
    recruiters = list(list_check_ins(access.organisation, event))
    nudged_at = list_unseen_nudge_times(event)
    return {
        "agenda": agenda_now(list(event.agenda.order_by("position")), event.date, now),
        "checked_in": [r for r in recruiters if r.checked_in_at is not None],
        "not_checked_in": [r for r in recruiters if r.checked_in_at is None],
        "recruiter_count": len(recruiters),
        "pending": [
            (
                item,
                ", ".join(sorted(item.candidate_names, key=str.casefold)),
                nudged_at.get(item.recruiter.pk),
            )
            for item in list_pending_recruiters(event)
        ],
        "better_plan": describe_better_plan(event) if timetable else None,
    }


def _live_context(
    access: StaffAccess, event: Event, *, round_part: bool = True, lists_part: bool = True
) -> dict[str, Any]:
    """What changes by the second: the round and its clock (`round_part`); the agenda now,
    arrivals and progress (`lists_part`). A poll of one part works out only that part.

    The clock is read once here and passed on, so what the page says all holds for one moment.
    """
    now = timezone.now()
    timetable = get_current_timetable(event)
    context: dict[str, Any] = {
        "access": access,
        "event": event,
        "now": now,
        "now_epoch_ms": int(now.timestamp() * 1000),
        "time_zone": timezone.get_current_timezone_name(),
        "timetable": timetable,
        "can_run": access.holds(*PLANNERS),
    }
    if round_part:
        context.update(_round_part(event, timetable, now))
    if lists_part:
        context.update(_lists_part(access, event, timetable, now))
    return context


# The live part's regions, each swapped on its own: name (in the template's `live`), element id.
# The round's regions are polled every second (their clock ticks in the browser between polls);
# the lists every few seconds.
ROUND_REGIONS = (
    ("rotation", "live-rotation"),
    ("controls", "live-controls"),
    ("current_round", "live-current-round"),
)
LIST_REGIONS = (
    ("now", "live-now"),
    ("better_plan", "live-better-plan"),
    ("check_ins", "live-check-ins"),
    ("pending", "live-pending"),
)
LIVE_REGIONS = ROUND_REGIONS + LIST_REGIONS
# A CSRF token is masked afresh on every render; it says nothing about what a region shows.
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')


@dataclass(frozen=True)
class LiveRegion:
    """One region of the live part as rendered now, and the stamp of what it shows."""

    element_id: str
    body: str
    stamp: str

    def html(self, *, out_of_band: bool = False) -> SafeString:
        """The region with its stamp, which the page sends back with its next poll."""
        return format_html(
            '<div id="{}"{}>{}<input type="hidden" name="{}" value="{}" data-live-stamp></div>',
            self.element_id,
            SafeString(' hx-swap-oob="true"') if out_of_band else "",
            SafeString(self.body),
            self.element_id,
            self.stamp,
        )


def _live_regions(
    request: HttpRequest,
    context: dict[str, Any],
    which: tuple[tuple[str, str], ...] = LIVE_REGIONS,
) -> list[LiveRegion]:
    regions = []
    for name, element_id in which:
        body = render_to_string(f"facilitation/_live_{name}.html", context, request=request)
        stamp = hashlib.sha256(CSRF_VALUE.sub(r'\1"', body).encode()).hexdigest()[:16]
        regions.append(LiveRegion(element_id, body, stamp))
    return regions


def _attendance_form(
    event: Event, timetable: Timetable, kind: str, data: QueryDict | None = None
) -> AttendanceForm:
    """One of the three forms: a no-show needs who; the others who and which round."""
    first_open = first_open_round(get_rotation(event))
    people = list_people_on_the_day(event)
    if kind == AttendanceChange.Kind.LATE_ARRIVAL:
        return AttendanceForm(
            data,
            people=people,
            rounds=round_choices(timetable, first_open),
            round_label=gettext("The first round they can be there for"),
            prefix="late-arrival",
        )
    if kind == AttendanceChange.Kind.EARLY_LEAVER:
        return AttendanceForm(
            data,
            people=people,
            rounds=round_choices(timetable, first_open - 1),
            round_label=gettext("The last round they can be there for"),
            asks_about_the_round_under_way=first_open > 0,
            prefix="early-leaver",
        )
    return AttendanceForm(data, people=people, rounds=None, prefix="no-show")


def _attendance_forms(
    event: Event, bound: dict[str, AttendanceForm] | None = None
) -> dict[str, AttendanceForm] | None:
    timetable = get_current_timetable(event)
    if timetable is None:
        return None
    forms_by_kind: dict[str, AttendanceForm] = {
        kind.value: _attendance_form(event, timetable, kind) for kind in ATTENDANCE_KINDS.values()
    }
    forms_by_kind.update(bound or {})
    return forms_by_kind


def _run_page(
    request: HttpRequest,
    access: StaffAccess,
    event: Event,
    *,
    error: str = "",
    rules_not_locked: RulesNotLockedForTheDay | None = None,
    bound: dict[str, AttendanceForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    current = get_current_timetable(event)
    description = describe_timetable(current) if current else None
    errors_form = forms.Form({})
    if error:
        errors_form.is_valid()
        errors_form.add_error(None, error)
    attendance = _attendance_forms(event, bound)
    live_context = _live_context(access, event)
    regions = _live_regions(request, live_context)
    return render(
        request,
        "facilitation/run.html",
        {
            **live_context,
            "live": {
                name: region.html() for (name, _), region in zip(LIVE_REGIONS, regions, strict=True)
            },
            "errors_form": errors_form,
            "attendance": attendance,
            "has_errors": bool(error or rules_not_locked)
            or any(form.errors for form in (bound or {}).values()),
            "rules_not_locked": rules_not_locked,
            "unmet": description.unmet[:UNMET_SHOWN] if description else (),
            "unmet_count": len(description.unmet) if description else 0,
            "changes": list_attendance_changes(event),
            "moved_text": version_changes_in_words(current)
            if current and was_replanned(current)
            else "",
        },
        status=status,
    )


@require_GET
def run(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """The facilitator's screen: everything about the day in one place (auditors read only)."""
    access = require_staff(request, organisation_slug, READERS)
    return _run_page(request, access, _event(access, event_id))


def _list_versions(event_id: int, session_key: str) -> Sequence[int] | None:
    versions = event_poll_versions(event_id, session_key, "screens_version", "progress_version")
    # The agenda's "now" and the time of day move with the clock: the lists at least each minute.
    return None if versions is None else (*versions, int(time.time() // 60))


def _answer_live(
    request: HttpRequest,
    access: StaffAccess,
    event_id: int,
    view: Any,
    which: tuple[tuple[str, str], ...],
) -> HttpResponse:
    """Only the regions whose stamp differs from the one the page sent back, swapped out of band;
    204 when none has changed (htmx then swaps nothing), so a button keeps its place and its
    focus until its state changes."""
    event = _event(access, event_id)
    issued = issue_stamp(
        request, view, subject=event.pk, valid_until=staff_session_ends_at(request)
    )
    context = _live_context(
        access, event, round_part=which == ROUND_REGIONS, lists_part=which == LIST_REGIONS
    )
    regions = _live_regions(request, context, which)
    changed = [region for region in regions if request.GET.get(region.element_id) != region.stamp]
    stamp = issued.with_shown("")
    if not changed:
        return unchanged(stamp)
    return with_stamp(
        HttpResponse("".join(region.html(out_of_band=True) for region in changed)), stamp
    )


@live_poll(kind="run-round", versions=room_versions, subject_from_url=event_in_url)
@require_GET
def run_live(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """The round on the facilitator's screen, polled every second (web.stamps)."""
    access = require_staff(request, organisation_slug, READERS)
    return _answer_live(request, access, event_id, run_live, ROUND_REGIONS)


@live_poll(kind="run-lists", versions=_list_versions, subject_from_url=event_in_url)
@require_GET
def run_lists(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """The agenda, the better plan, check-ins and sheets to send, polled every few seconds."""
    access = require_staff(request, organisation_slug, READERS)
    return _answer_live(request, access, event_id, run_lists, LIST_REGIONS)


ROTATION_ACTIONS = {
    "start": (start_rotation, gettext_lazy("The conversations have started: round 1.")),
    "pause": (pause_rotation, gettext_lazy("The conversations are paused.")),
    "resume": (resume_rotation, gettext_lazy("The conversations have resumed.")),
}


@require_POST
def rotation_control(
    request: HttpRequest, organisation_slug: str, event_id: int, action: str
) -> HttpResponse:
    """Start, pause, resume, or move on to the next round; then back to the screen."""
    access = require_staff(request, organisation_slug, PLANNERS)
    event = _event(access, event_id)
    try:
        if action == "next":
            expected = request.POST.get("round", "")
            rotation = next_round(
                event=event,
                actor=access.user,
                expected_round=int(expected) if expected.isdigit() else None,
            )
            if rotation.state == rotation.State.FINISHED:
                message = gettext("The conversations have finished.")
            else:
                message = gettext("Round %(number)s has started.") % {
                    "number": (rotation.current_round or 0) + 1
                }
        elif action in ROTATION_ACTIONS:
            service, done = ROTATION_ACTIONS[action]
            service(event=event, actor=access.user)
            message = str(done)
        else:
            raise Http404
    except RulesNotLockedForTheDay as refused:
        return _run_page(request, access, event, rules_not_locked=refused, status=400)
    except RotationNotPossible as error:
        return _run_page(request, access, event, error=str(error), status=400)
    messages.success(request, message)
    return redirect("facilitation:run", access.organisation.slug, event.pk)


@require_POST
def record_attendance(
    request: HttpRequest, organisation_slug: str, event_id: int, kind: str
) -> HttpResponse:
    """A no-show, late arrival or early leaver: recorded, and the rounds not started re-planned."""
    access = require_staff(request, organisation_slug, PLANNERS)
    event = _event(access, event_id)
    if kind not in ATTENDANCE_KINDS:
        raise Http404
    timetable = get_current_timetable(event)
    if timetable is None:
        return _run_page(
            request,
            access,
            event,
            error=gettext("There is no timetable of conversations yet. Make the timetable first."),
            status=400,
        )
    key = ATTENDANCE_KINDS[kind].value
    form = _attendance_form(event, timetable, key, request.POST)
    if not form.is_valid():
        return _run_page(request, access, event, bound={key: form}, status=400)
    person_kind, person_id = form.person_kind_and_id()
    round_index = form.cleaned_data.get("round_index")
    current_not_held = bool(form.cleaned_data.get("current_not_held"))
    if round_index is not None and key == AttendanceChange.Kind.EARLY_LEAVER:
        round_index += 1  # the last round they are there for -> the first they are gone
    try:
        replanned = record_attendance_change(
            event=event,
            person_kind=person_kind,
            person_id=person_id,
            kind=key,
            round_index=round_index,
            current_not_held=current_not_held,
            actor=access.user,
        )
    except ReplanningNotPossible as error:
        form.add_error(None, str(error))
        return _run_page(request, access, event, bound={key: form}, status=400)
    messages.success(
        request,
        gettext("Timetable version %(version)s is made. %(moved)s")
        % {
            "version": replanned.timetable.version,
            "moved": version_changes_in_words(replanned.timetable),
        },
    )
    if replanned.freed:
        messages.info(request, freed_in_words(event, replanned.freed))
    return redirect("facilitation:run", access.organisation.slug, event.pk)


@require_POST
def better_plan(
    request: HttpRequest, organisation_slug: str, event_id: int, action: str
) -> HttpResponse:
    """Use the better plan the task worker found, keep the plan there is, or look again."""
    access = require_staff(request, organisation_slug, PLANNERS)
    event = _event(access, event_id)
    found = describe_better_plan(event)
    try:
        if action == "look-again":
            look_for_better_plan_again(event=event, actor=access.user)
            message = gettext("Looking for a better plan again.")
        elif found is None or not found.ready:
            raise ReplanningNotPossible(
                gettext(
                    "There is no better plan to use now: the timetable has changed or its "
                    "rounds have started."
                )
            )
        elif action == "use":
            used = use_improved_plan(event=event, job=found.job, actor=access.user)
            message = gettext("Timetable version %(version)s is made. %(moved)s") % {
                "version": used.timetable.version,
                "moved": moved_in_words(used.moved),
            }
        elif action == "keep":
            keep_quick_plan(event=event, job=found.job, actor=access.user)
            message = gettext("You kept the plan you have.")
        else:
            raise Http404
    except ReplanningNotPossible as error:
        return _run_page(request, access, event, error=str(error), status=400)
    messages.success(request, message)
    return redirect("facilitation:run", access.organisation.slug, event.pk)


@require_POST
def nudge(
    request: HttpRequest, organisation_slug: str, event_id: int, recruiter_id: int
) -> HttpResponse:
    """Remind a recruiter on their phone to send the score sheets they still owe (names only)."""
    access = require_staff(request, organisation_slug, PLANNERS)
    event = _event(access, event_id)
    recruiter = get_recruiter(access.organisation, event, recruiter_id)
    if recruiter is None:
        raise Http404
    pending = next(
        (p for p in list_pending_recruiters(event) if p.recruiter.pk == recruiter.pk), None
    )
    if pending is None:
        messages.info(
            request,
            gettext("%(name)s has sent every score sheet.") % {"name": recruiter.full_name},
        )
    else:
        send_nudge(
            recruiter=recruiter,
            message=nudge_message(pending.candidate_names),
            actor=access.user,
        )
        messages.success(
            request,
            gettext("%(name)s is nudged on their phone.") % {"name": recruiter.full_name},
        )
    return redirect("facilitation:run", access.organisation.slug, event.pk)
