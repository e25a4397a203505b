"""Co-design pages: recruiters' phones (qualities, insights, dots, notes) and the facilitator's."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from coappoint.campaigns.models import Candidate
from coappoint.codesign.forms import (
    ChooseQualitiesForm,
    DotsForm,
    MergeForm,
    ObservationForm,
    OpenVotingForm,
    ProposalForm,
    StaffProposalForm,
    WordingForm,
    fresh_key,
)
from coappoint.codesign.models import ProposalKind
from coappoint.codesign.queries import (
    count_recruiters_voted,
    get_current_criteria,
    get_latest_vote,
    get_locked_criteria,
    get_open_vote,
    get_recruiter_dots,
    list_candidates_to_observe,
    list_criteria_versions,
    list_observations_by_candidate,
    list_own_observations,
    list_proposals,
    list_vote_results,
)
from coappoint.codesign.services import (
    CodesignRefused,
    close_voting,
    make_proposal,
    merge_proposals,
    open_voting,
    place_dots,
    record_observation,
    word_criteria,
)
from coappoint.events.models import Event
from coappoint.events.queries import get_event
from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Role
from coappoint.recruiters.forms import fieldset_params
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.participants import Participant, participant_required
from coappoint.web.caching import never_kept

RUNNERS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR)
READERS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR, Role.AUDITOR)


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _status(form: Any) -> int:
    return 400 if form.errors else 200


# --- The recruiter's phone -------------------------------------------------------------------


def _recruiter(request: HttpRequest) -> CommunityRecruiter:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    assert participant.recruiter is not None
    return participant.recruiter


@require_GET
@participant_required("recruiter")
def recruiter_codesign(request: HttpRequest) -> HttpResponse:
    """What the group has proposed so far, and where to add more or place dots."""
    recruiter = _recruiter(request)
    event = recruiter.event
    return render(
        request,
        "codesign/recruiter_codesign.html",
        {
            "event": event,
            "qualities": list_proposals(event, ProposalKind.QUALITY),
            "insights": list_proposals(event, ProposalKind.INSIGHT),
            "open_vote": get_open_vote(event),
            "criteria": get_current_criteria(event),
        },
    )


def _propose(request: HttpRequest, kind: ProposalKind, template: str) -> HttpResponse:
    recruiter = _recruiter(request)
    form = ProposalForm(_posted(request), kind=kind, initial=fresh_key())
    if request.method == "POST" and form.is_valid():
        make_proposal(
            event=recruiter.event,
            kind=kind,
            text=form.cleaned_data["text"].strip(),
            idempotency_key=form.cleaned_data["idempotency_key"],
            recruiter=recruiter,
        )
        messages.success(
            request,
            gettext("Thank you. Your quality is on the list.")
            if kind == ProposalKind.QUALITY
            else gettext("Thank you. Your local insight is on the list."),
        )
        return redirect("codesign:recruiter_codesign")
    return render(request, template, {"form": form}, status=_status(form))


@require_http_methods(["GET", "POST"])
@participant_required("recruiter")
def propose_quality(request: HttpRequest) -> HttpResponse:
    return _propose(request, ProposalKind.QUALITY, "codesign/quality_propose.html")


@require_http_methods(["GET", "POST"])
@participant_required("recruiter")
def share_insight(request: HttpRequest) -> HttpResponse:
    return _propose(request, ProposalKind.INSIGHT, "codesign/insight_share.html")


@require_http_methods(["GET", "POST"])
@participant_required("recruiter")
def dots(request: HttpRequest) -> HttpResponse:
    """Place this round's dots on the qualities: a number per quality, no more than allowed."""
    recruiter = _recruiter(request)
    vote = get_open_vote(recruiter.event)
    if vote is None:
        return render(
            request,
            "codesign/dots_closed.html",
            {"latest": get_latest_vote(recruiter.event)},
            status=403 if request.method == "POST" else 200,
        )
    placed = get_recruiter_dots(vote, recruiter)
    form = DotsForm(
        _posted(request),
        qualities=list_proposals(recruiter.event, ProposalKind.QUALITY),
        dots_per_recruiter=vote.dots_per_recruiter,
        initial={f"dots_{pk}": count for pk, count in placed.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            place_dots(vote=vote, recruiter=recruiter, dots=form.placed())
        except CodesignRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, gettext("Thank you. Your dots are placed."))
            return redirect("codesign:dots")
    # The dots they placed: never kept on the phone.
    return never_kept(
        render(
            request,
            "codesign/dots_place.html",
            {
                "form": form,
                "vote": vote,
                "placed_total": sum(placed.values()),
                "fieldset": fieldset_params(
                    legend=gettext("How many dots for each quality?"),
                    hint=gettext("Leave a box empty or put 0 for no dots."),
                    fields=[form[name] for name in form.fields],
                    input_class="govuk-input--width-2",
                ),
            },
            status=_status(form),
        )
    )


@require_GET
@participant_required("recruiter")
def notes(request: HttpRequest) -> HttpResponse:
    """The candidates the recruiter may write mingling notes on, with how many they wrote."""
    candidates = list_candidates_to_observe(_recruiter(request))
    if candidates is None:
        return render(request, "codesign/notes_not_yet.html")
    return render(request, "codesign/notes_list.html", {"candidates": candidates})


def _observable_candidate(
    recruiter: CommunityRecruiter, candidate_id: int
) -> tuple[Candidate, str]:
    for candidate, name, _count in list_candidates_to_observe(recruiter) or []:
        if candidate.pk == candidate_id:
            return candidate, name
    raise Http404


@require_http_methods(["GET", "POST"])
@participant_required("recruiter")
def candidate_notes(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """The recruiter's own notes on one candidate, and a form to add another."""
    recruiter = _recruiter(request)
    candidate, name = _observable_candidate(recruiter, candidate_id)
    form = ObservationForm(_posted(request), initial=fresh_key())
    if request.method == "POST" and form.is_valid():
        try:
            record_observation(
                recruiter=recruiter,
                candidate=candidate,
                note=form.note(),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except CodesignRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, gettext("Your note on %(name)s is saved.") % {"name": name})
            return redirect("codesign:candidate_notes", candidate.pk)
    # Their own notes: never kept on the phone.
    return never_kept(
        render(
            request,
            "codesign/candidate_notes.html",
            {
                "form": form,
                "name": name,
                "candidate": candidate,
                "observations": list_own_observations(recruiter, candidate),
            },
            status=_status(form),
        )
    )


# --- The facilitator's pages -----------------------------------------------------------------


def _staff_event(
    request: HttpRequest, organisation_slug: str, event_id: int, *, change: bool = False
) -> tuple[StaffAccess, Event]:
    """Access and event; POSTs (and pages that only change things) need a role that runs events."""
    access = require_staff(
        request, organisation_slug, RUNNERS if change else READERS, write=RUNNERS
    )
    event = get_event(access.organisation, event_id)
    if event is None:
        raise Http404
    return access, event


def _context(access: StaffAccess, event: Event, **more: Any) -> dict[str, Any]:
    return {"access": access, "event": event, "can_change": access.holds(*RUNNERS), **more}


@require_GET
def overview(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """Everything the room proposed, and the steps from proposals to criteria."""
    access, event = _staff_event(request, organisation_slug, event_id)
    return render(
        request,
        "codesign/overview.html",
        _context(
            access,
            event,
            qualities=list_proposals(event, ProposalKind.QUALITY),
            insights=list_proposals(event, ProposalKind.INSIGHT),
            open_vote=get_open_vote(event),
            criteria=get_current_criteria(event),
        ),
    )


@require_http_methods(["GET", "POST"])
def add_proposal(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """The facilitator types what the room says."""
    access, event = _staff_event(request, organisation_slug, event_id, change=True)
    form = StaffProposalForm(_posted(request), initial=fresh_key())
    if request.method == "POST" and form.is_valid():
        kind = ProposalKind(form.cleaned_data["kind"])
        make_proposal(
            event=event,
            kind=kind,
            text=form.cleaned_data["text"].strip(),
            idempotency_key=form.cleaned_data["idempotency_key"],
            staff=access.user,
        )
        messages.success(request, gettext("Added. You can add another."))
        return redirect("codesign:add_proposal", access.organisation.slug, event.pk)
    return render(
        request,
        "codesign/proposal_add.html",
        _context(access, event, form=form),
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, organisation_slug: str, event_id: int, kind: str) -> HttpResponse:
    """Merge proposals that say the same thing into one."""
    access, event = _staff_event(request, organisation_slug, event_id, change=True)
    if kind not in ProposalKind.values:
        raise Http404
    proposal_kind = ProposalKind(kind)
    form = MergeForm(_posted(request), proposals=list_proposals(event, proposal_kind))
    if request.method == "POST" and form.is_valid():
        keep, duplicates = form.chosen()
        try:
            merge_proposals(event=event, keep=keep, duplicates=duplicates, actor=access.user)
        except CodesignRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                gettext("Merged %(count)d proposals into “%(text)s”.")
                % {"count": len(duplicates), "text": keep.text},
            )
            return redirect("codesign:overview", access.organisation.slug, event.pk)
    return render(
        request,
        "codesign/proposals_merge.html",
        _context(access, event, form=form, kind=proposal_kind),
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
def voting(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """Open dot-voting, see how many have voted, close it, and see the results."""
    access, event = _staff_event(request, organisation_slug, event_id)
    open_vote = get_open_vote(event)
    form = OpenVotingForm(_posted(request) if open_vote is None else None)
    if request.method == "POST":
        if open_vote is not None:
            if request.POST.get("action") != "close":
                return HttpResponse(status=400)
            close_voting(vote=open_vote, actor=access.user)
            messages.success(request, gettext("Dot-voting is closed."))
            return redirect("codesign:voting", access.organisation.slug, event.pk)
        if form.is_valid():
            try:
                open_voting(
                    event=event,
                    dots_per_recruiter=form.cleaned_data["dots_per_recruiter"],
                    actor=access.user,
                )
            except CodesignRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, gettext("Dot-voting is open."))
                return redirect("codesign:voting", access.organisation.slug, event.pk)
    latest = open_vote or get_latest_vote(event)
    return render(
        request,
        "codesign/voting.html",
        _context(
            access,
            event,
            form=form,
            open_vote=open_vote,
            latest=latest,
            results=list_vote_results(latest) if latest is not None else [],
            recruiters_voted=count_recruiters_voted(latest) if latest is not None else 0,
            recruiters_count=event.recruiters.count(),
        ),
        status=_status(form),
    )


@require_GET
def criteria(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """Every version of the criteria, newest first; which one is locked."""
    access, event = _staff_event(request, organisation_slug, event_id)
    return render(
        request,
        "codesign/criteria_versions.html",
        _context(
            access,
            event,
            versions=list_criteria_versions(event),
            locked=get_locked_criteria(event),
        ),
    )


def _refuse_if_locked(
    request: HttpRequest, access: StaffAccess, event: Event
) -> HttpResponse | None:
    if get_locked_criteria(event) is None:
        return None
    messages.error(
        request,
        gettext("Scoring has started, so the criteria are locked and cannot be changed."),
    )
    return redirect("codesign:criteria", access.organisation.slug, event.pk)


@require_http_methods(["GET", "POST"])
def choose_qualities(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """Step 1 of wording the criteria: pick the qualities the group chose."""
    access, event = _staff_event(request, organisation_slug, event_id, change=True)
    if (refused := _refuse_if_locked(request, access, event)) is not None:
        return refused
    latest = get_latest_vote(event)
    if latest is not None:
        choices = [
            (
                str(result.proposal.pk),
                gettext("%(quality)s (%(dots)d dots)")
                % {"quality": result.proposal.text, "dots": result.dots},
            )
            for result in list_vote_results(latest)
        ]
    else:
        choices = [
            (str(quality.pk), quality.text)
            for quality in list_proposals(event, ProposalKind.QUALITY)
        ]
    form = ChooseQualitiesForm(_posted(request), choices=choices)
    if request.method == "POST" and form.is_valid():
        query = QueryDict(mutable=True)
        query.setlist("quality", form.cleaned_data["qualities"])
        url = redirect("codesign:word_criteria", access.organisation.slug, event.pk).url
        return redirect(f"{url}?{query.urlencode()}")
    return render(
        request,
        "codesign/criteria_choose.html",
        _context(access, event, form=form),
        status=_status(form),
    )


@require_http_methods(["GET", "POST"])
def word_criteria_view(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """Step 2: word each chosen quality with what good looks like; saving makes a new version.

    Without chosen qualities in the address, it starts from the current version's words.
    """
    access, event = _staff_event(request, organisation_slug, event_id, change=True)
    if (refused := _refuse_if_locked(request, access, event)) is not None:
        return refused
    chosen_ids = [int(pk) for pk in request.GET.getlist("quality") if pk.isdigit()]
    initial: dict[str, str] = {}
    if chosen_ids:
        qualities = {quality.pk: quality for quality in list_proposals(event, ProposalKind.QUALITY)}
        names = [qualities[pk].text for pk in chosen_ids if pk in qualities]
        initial = {f"name_{index}": name for index, name in enumerate(names)}
        count = len(names)
    else:
        current = get_current_criteria(event)
        existing = list(current.criteria.all()) if current is not None else []
        for index, criterion in enumerate(existing):
            initial[f"name_{index}"] = criterion.name
            initial[f"good_{index}"] = criterion.what_good_looks_like
        count = len(existing)
    if count == 0:
        return redirect("codesign:choose_qualities", access.organisation.slug, event.pk)
    form = WordingForm(_posted(request), count=count, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = word_criteria(event=event, criteria=form.wordings(), actor=access.user)
        except CodesignRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                gettext("Criteria version %(number)d is made.") % {"number": version.number},
            )
            return redirect("codesign:criteria", access.organisation.slug, event.pk)
    return render(
        request,
        "codesign/criteria_word.html",
        _context(access, event, form=form),
        status=_status(form),
    )


@require_GET
def insights(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """The "what you need to know about this area" sheet as a page."""
    access, event = _staff_event(request, organisation_slug, event_id)
    return render(
        request,
        "codesign/insights.html",
        _context(access, event, insights=list_proposals(event, ProposalKind.INSIGHT)),
    )


@require_GET
def insights_pdf(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """The same sheet as an A4 PDF to print for the new coordinator."""
    _access, event = _staff_event(request, organisation_slug, event_id)
    import weasyprint  # slow to import, and only the PDF needs it

    html = render_to_string(
        "codesign/insights_print.html",
        {"event": event, "insights": list_proposals(event, ProposalKind.INSIGHT)},
        request=request,
    )
    response = HttpResponse(
        weasyprint.HTML(string=html).write_pdf(), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="local-insights-event-{event.pk}.pdf"'
    return response


@require_GET
def observations(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """Mingling notes per candidate, without who wrote them."""
    access, event = _staff_event(request, organisation_slug, event_id)
    return render(
        request,
        "codesign/observations.html",
        _context(access, event, candidates=list_observations_by_candidate(event)),
    )
