"""The event page for staff, the event plan, agenda and facilitators pages, and the candidate's
own page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from coappoint.campaigns.models import Campaign
from coappoint.events.access import may_see_recruiters_needs
from coappoint.events.forms import AgendaForm, EventFacilitatorsForm, EventPlanForm
from coappoint.events.models import Event, Meetings
from coappoint.events.queries import (
    get_event,
    list_candidate_display_names,
    list_day_places,
    list_event_facilitators,
    list_facilitator_role_holders,
)
from coappoint.events.scorers import facilitates_event
from coappoint.events.services import (
    FacilitatorsRefused,
    RoundsRefused,
    change_agenda,
    change_event_plan,
    create_event,
    set_event_facilitators,
)
from coappoint.organisations.access import require_staff
from coappoint.organisations.models import Role
from coappoint.signin.participants import Participant, participant_required
from coappoint.signin.queries import get_slowed_codes

PLANNERS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR)


def detail(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    access = require_staff(
        request, organisation_slug, [Role.PROGRAMME_MANAGER, Role.FACILITATOR, Role.AUDITOR]
    )
    event = get_event(access.organisation, event_id)
    if event is None:
        raise Http404
    recruiters = event.recruiters.prefetch_related("conflicts__candidate")
    places = list_day_places(event)
    return render(
        request,
        "events/event_detail.html",
        {
            "access": access,
            "event": event,
            "candidates": [
                (candidate, name, places.get(candidate.pk))
                for candidate, name in list_candidate_display_names(event)
            ],
            "recruiters": recruiters,
            "can_issue_sign_in": access.holds(Role.PROGRAMME_MANAGER, Role.FACILITATOR),
            "facilitators": list_event_facilitators(event),
            "can_choose_facilitators": access.holds(Role.PROGRAMME_MANAGER),
            # What candidates asked for: the manager and auditor read it, a facilitator only
            # what the day needs (candidates.access), and only for an event they facilitate.
            "shows_adjustments": access.holds(Role.PROGRAMME_MANAGER, Role.AUDITOR)
            or facilitates_event(access.user, event),
            "shows_access_and_catering": may_see_recruiters_needs(access.user, event),
            "slowed_codes": get_slowed_codes(event),
        },
    )


@participant_required("candidate")
def candidate_home(request: HttpRequest) -> HttpResponse:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    return render(
        request,
        "events/candidate_home.html",
        {"participant": participant, "event": participant.event},
    )


@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """Plan a new recruitment day for one of the organisation's campaigns."""
    access = require_staff(request, organisation_slug, PLANNERS)
    campaigns = Campaign.objects.filter(organisation=access.organisation).select_related("vacancy")
    if request.method == "POST":
        form = EventPlanForm(request.POST, campaigns=campaigns)
        if form.is_valid():
            event = create_event(
                organisation=access.organisation,
                campaign=form.cleaned_data["campaign"],
                plan=form.plan(),
                actor=access.user,
            )
            messages.success(
                request,
                gettext("Event created, with the usual agenda of the day. Check its times."),
            )
            return redirect("events:detail", access.organisation.slug, event.pk)
        status = 400
    else:
        campaign_id = request.GET.get("campaign", "")
        chosen = campaigns.filter(pk=int(campaign_id)).first() if campaign_id.isdigit() else None
        form = EventPlanForm(
            initial={
                "campaign": chosen or campaigns.first(),
                "tables": 4,
                "conversation_minutes": 10,
                "most_conversations_in_a_row": 3,
                "meetings": Meetings.ALL,
            },
            campaigns=campaigns,
        )
        status = 200
    return render(
        request,
        "events/event_plan_form.html",
        {"access": access, "form": form, "event": None},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def event_plan_change(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """Change the venue, date, tables, interpreters and how the conversations run."""
    access = require_staff(request, organisation_slug, PLANNERS)
    event = get_object_or_404(Event, organisation=access.organisation, pk=event_id)
    if request.method == "POST":
        form = EventPlanForm(request.POST)
        if form.is_valid():
            try:
                change_event_plan(
                    event=event,
                    plan=form.plan(),
                    actor=access.user,
                    rounds=form.cleaned_data.get("rounds"),
                )
            except RoundsRefused as error:
                form.add_error("rounds", str(error))
            else:
                messages.success(request, gettext("The event plan is saved."))
                return redirect("events:detail", access.organisation.slug, event.pk)
        status = 400
    else:
        form = EventPlanForm(initial=EventPlanForm.initial_for(event))
        status = 200
    return render(
        request,
        "events/event_plan_form.html",
        {"access": access, "form": form, "event": event},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def agenda_change(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """The whole agenda on one page; start times follow from the day's start and the minutes."""
    access = require_staff(request, organisation_slug, PLANNERS)
    event = get_object_or_404(Event, organisation=access.organisation, pk=event_id)
    blocks = list(event.agenda.order_by("position"))
    form_options = {"blocks": blocks, "conversation_minutes": event.conversation_minutes}
    if request.method == "POST":
        form = AgendaForm(request.POST, **form_options)  # type: ignore[arg-type]
        if form.is_valid():
            change_agenda(
                event=event,
                day_starts_at=form.cleaned_data["day_starts_at"],
                blocks=form.blocks(),
                actor=access.user,
            )
            messages.success(request, gettext("The agenda is saved. Its times add up."))
            return redirect("events:agenda_change", access.organisation.slug, event.pk)
        status = 400
    else:
        starts_at = blocks[0].starts_at if blocks else None
        form = AgendaForm(
            initial={"day_starts_at": starts_at.strftime("%H:%M") if starts_at else "10:00"},
            **form_options,  # type: ignore[arg-type]
        )
        status = 200
    return render(
        request,
        "events/agenda_form.html",
        {"access": access, "form": form, "event": event, "blocks": blocks},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def facilitators_change(
    request: HttpRequest, organisation_slug: str, event_id: int
) -> HttpResponse:
    """The programme manager chooses who facilitates the event: they score in its campaign."""
    access = require_staff(request, organisation_slug, [Role.PROGRAMME_MANAGER])
    event = get_object_or_404(Event, organisation=access.organisation, pk=event_id)
    form = EventFacilitatorsForm(
        request.POST if request.method == "POST" else None,
        holders=list_facilitator_role_holders(access.organisation),
        initial={"facilitators": [user.pk for user in list_event_facilitators(event)]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_event_facilitators(
                event=event, facilitators=form.cleaned_data["facilitators"], actor=access.user
            )
        except FacilitatorsRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, gettext("The facilitators are saved."))
            return redirect("events:detail", access.organisation.slug, event.pk)
    return render(
        request,
        "events/facilitators_form.html",
        {"access": access, "event": event, "form": form},
        status=400 if form.errors else 200,
    )
