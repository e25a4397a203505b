"""The deliberation screen, recording the consensus, and the recruiters' view of the spread.

No view reads a score itself: values come from deliberation.queries, which raises ScoresHidden
before the reveal; every view then shows a plain "hidden until the reveal" page instead.
"""

from __future__ import annotations

from fractions import Fraction

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from coappoint.campaigns.queries import describe_shift_rule
from coappoint.codesign.models import Criterion
from coappoint.deliberation.forms import ConsensusForm, DeliberationSettingsForm
from coappoint.deliberation.queries import (
    Deliberation,
    display_points,
    get_consensus,
    get_criterion,
    get_deliberation,
    get_settings,
    get_shift_threshold,
    has_consensus,
    list_private_values,
    records_per_quality,
)
from coappoint.deliberation.services import (
    ConsensusRefused,
    record_consensus,
    save_deliberation_settings,
)
from coappoint.events.models import Event
from coappoint.events.queries import get_candidate_with_display_name, get_event
from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Role
from coappoint.reveal.queries import ScoresHidden
from coappoint.scoring.forms import COMFORTABLE_QUESTION
from coappoint.scoring.queries import get_scale, get_scoring_round, is_revealed
from coappoint.signin.participants import Participant, participant_required

RUNNERS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR)
READERS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR, Role.AUDITOR)


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _staff_event(
    request: HttpRequest, organisation_slug: str, event_id: int, read: tuple[Role, ...]
) -> tuple[StaffAccess, Event]:
    """The staff member's access and the event; POSTs only from those who run the day."""
    access = require_staff(request, organisation_slug, read, write=RUNNERS)
    event = get_event(access.organisation, event_id)
    if event is None:
        raise Http404
    return access, event


def _hidden(request: HttpRequest, access: StaffAccess, event: Event) -> HttpResponse:
    return render(
        request,
        "deliberation/scores_hidden.html",
        {"access": access, "event": event, "scoring_round": get_scoring_round(event)},
        status=403,
    )


@require_GET
def screen(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """The projector screen: candidates in order of disagreement, each quality's median, range
    and flags in one table, the consensus so far, and what the agreement statistics can and
    cannot say. Each candidate's dots, notes and consensus are on their own page (one page
    with them all was 300 KB at 10 candidates x 40 recruiters). No names of recruiters."""
    access, event = _staff_event(request, organisation_slug, event_id, READERS)
    try:
        deliberation = get_deliberation(event)
    except ScoresHidden:
        return _hidden(request, access, event)
    return render(
        request,
        "deliberation/deliberation_screen.html",
        {
            "access": access,
            "event": event,
            "scoring_round": deliberation.scoring_round,
            "deliberation": deliberation,
            "can_record": access.holds(*RUNNERS),
            "settings_fixed": deliberation.has_consensus,
        },
    )


def _place_in_order(deliberation: Deliberation, candidate_id: int) -> tuple[list[int], int]:
    """The candidates' ids in discussion order, and where `candidate_id` is among them (404 when
    they are not being discussed)."""
    order = [summary.candidate.pk for summary in deliberation.candidates]
    if candidate_id not in order:
        raise Http404
    return order, order.index(candidate_id)


@require_GET
def candidate(
    request: HttpRequest, organisation_slug: str, event_id: int, candidate_id: int
) -> HttpResponse:
    """One candidate on the projector: the dots and counts per quality, the comfortable
    answers, the mingling notes and the consensus, with the way to the one before and after."""
    access, event = _staff_event(request, organisation_slug, event_id, READERS)
    try:
        deliberation = get_deliberation(event, details_for=candidate_id)
    except ScoresHidden:
        return _hidden(request, access, event)
    order, at = _place_in_order(deliberation, candidate_id)
    return render(
        request,
        "deliberation/deliberation_candidate.html",
        {
            "access": access,
            "event": event,
            "deliberation": deliberation,
            "candidate": deliberation.candidates[at],
            "position": at + 1,
            "previous": deliberation.candidates[at - 1] if at > 0 else None,
            "next": deliberation.candidates[at + 1] if at + 1 < len(order) else None,
            "can_record": access.holds(*RUNNERS),
            "comfortable_question": COMFORTABLE_QUESTION,
        },
    )


@require_http_methods(["GET", "POST"])
def settings(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """Whether the group agrees a score per quality too; fixed once a consensus is recorded."""
    access, event = _staff_event(request, organisation_slug, event_id, RUNNERS)
    current = get_settings(event)
    fixed = has_consensus(event)
    form = DeliberationSettingsForm(
        None if fixed else _posted(request),
        initial={"consensus_per_quality": current is not None and current.consensus_per_quality},
    )
    if request.method == "POST" and not fixed and form.is_valid():
        try:
            save_deliberation_settings(
                event=event,
                consensus_per_quality=form.cleaned_data["consensus_per_quality"],
                actor=access.user,
            )
        except ConsensusRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, gettext("How the group records its consensus is saved."))
            return redirect("deliberation:screen", access.organisation.slug, event.pk)
    return render(
        request,
        "deliberation/deliberation_settings.html",
        {
            "access": access,
            "event": event,
            "form": form,
            "fixed": fixed,
            "consensus_per_quality": records_per_quality(event),
        },
        status=400 if form.errors else (409 if request.method == "POST" else 200),
    )


def _consensus(
    request: HttpRequest,
    organisation_slug: str,
    event_id: int,
    candidate_id: int,
    criterion_id: int | None,
) -> HttpResponse:
    access, event = _staff_event(request, organisation_slug, event_id, RUNNERS)
    named = get_candidate_with_display_name(event, candidate_id)
    if named is None:
        raise Http404
    candidate, name = named
    criterion: Criterion | None = None
    if criterion_id is not None:
        criterion = get_criterion(event, criterion_id)
        if criterion is None or not records_per_quality(event):
            raise Http404
    if not is_revealed(event):
        return _hidden(request, access, event)
    private_values = list_private_values(event, candidate, criterion)
    if not private_values:
        raise Http404
    existing = get_consensus(event, candidate, criterion)
    scale = get_scale(event)
    threshold = get_shift_threshold(event)
    initial = (
        {}
        if existing is None
        else {
            "consensus_score": str(existing.consensus_score),
            "rationale": existing.rationale,
            "dissent": existing.dissent,
            "dissent_reason": existing.dissent_reason,
        }
    )
    form = ConsensusForm(
        _posted(request),
        initial=initial,
        scale=scale,
        private_values=private_values,
        threshold=threshold,
        changing=existing is not None,
    )
    candidate_url = reverse(
        "deliberation:candidate", args=[access.organisation.slug, event.pk, candidate.pk]
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_consensus(
                event=event,
                candidate=candidate,
                quality=criterion,
                consensus_score=form.cleaned_data["consensus_score"],
                rationale=form.cleaned_data["rationale"],
                dissent=form.cleaned_data["dissent"],
                dissent_reason=form.cleaned_data["dissent_reason"],
                change_reason=form.cleaned_data.get("change_reason", ""),
                actor=access.user,
            )
        except ConsensusRefused as refused:
            form.add_error(refused.field, str(refused))
        else:
            messages.success(
                request,
                gettext("The group's score for %(name)s is recorded.") % {"name": name},
            )
            return redirect(candidate_url)
    return render(
        request,
        "deliberation/consensus_form.html",
        {
            "access": access,
            "event": event,
            "form": form,
            "candidate_name": name,
            "criterion": criterion,
            "existing": existing,
            "private_mean": display_points(Fraction(sum(private_values), len(private_values))),
            "private_count": len(private_values),
            "shift_rule_words": describe_shift_rule(threshold),
            "back_url": candidate_url,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def consensus(
    request: HttpRequest, organisation_slug: str, event_id: int, candidate_id: int
) -> HttpResponse:
    """Record (or change) the overall score the group agreed for one candidate."""
    return _consensus(request, organisation_slug, event_id, candidate_id, None)


@require_http_methods(["GET", "POST"])
def quality_consensus(
    request: HttpRequest,
    organisation_slug: str,
    event_id: int,
    candidate_id: int,
    criterion_id: int,
) -> HttpResponse:
    """Record (or change) the score the group agreed for one candidate on one quality."""
    return _consensus(request, organisation_slug, event_id, candidate_id, criterion_id)


@require_GET
@participant_required("recruiter")
def recruiter_spread(request: HttpRequest) -> HttpResponse:
    """The recruiter's view during deliberation: a summary first, each candidate in the order
    the group will talk about them with the group's score once agreed, linking to one candidate
    at a time (a phone showed them all at once, about 9,800 px tall); nothing before the reveal.
    """
    participant: Participant = request.participant  # type: ignore[attr-defined]
    event = participant.event
    try:
        deliberation = get_deliberation(event)
    except ScoresHidden:
        return render(request, "deliberation/recruiter_scores_hidden.html", {"event": event})
    return render(
        request,
        "deliberation/recruiter_spread.html",
        {"event": event, "deliberation": deliberation},
    )


@require_GET
@participant_required("recruiter")
def recruiter_spread_candidate(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """One candidate's anonymised spread and consensus, with the way to the one before and
    after; nothing before the reveal."""
    participant: Participant = request.participant  # type: ignore[attr-defined]
    event = participant.event
    try:
        deliberation = get_deliberation(event, details_for=candidate_id)
    except ScoresHidden:
        return render(request, "deliberation/recruiter_scores_hidden.html", {"event": event})
    order, at = _place_in_order(deliberation, candidate_id)
    return render(
        request,
        "deliberation/recruiter_spread_candidate.html",
        {
            "event": event,
            "deliberation": deliberation,
            "candidate": deliberation.candidates[at],
            "position": at + 1,
            "previous": deliberation.candidates[at - 1] if at > 0 else None,
            "next": deliberation.candidates[at + 1] if at + 1 < len(order) else None,
        },
    )
