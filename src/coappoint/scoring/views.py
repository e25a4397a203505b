"""The recruiter's private score sheets, and the staff pages that run scoring without seeing it.

No view reads a score value itself: values come only from scoring.queries, which refuses them
before the reveal (ScoresHidden), apart from a recruiter's own sheet shown to that recruiter in
the browser session that sent it.
"""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from coappoint.campaigns.lifecycle import RulesNotLockedForTheDay
from coappoint.campaigns.models import Candidate
from coappoint.codesign.services import NoCriteria
from coappoint.events.models import Event
from coappoint.events.queries import (
    get_candidate_with_display_name,
    get_event,
    list_candidate_display_names,
)
from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.reveal.queries import ScoresHidden
from coappoint.rules.errors import InvalidScore
from coappoint.scoring.forms import (
    COMFORTABLE_QUESTION,
    CloseScoringForm,
    CorrectionForm,
    ScoreSheetForm,
)
from coappoint.scoring.models import Comfortable, ScoringRound
from coappoint.scoring.queries import (
    RecruiterSheet,
    find_recruiters_submission,
    get_own_sheet,
    get_scale,
    get_score_spread,
    get_scoring_round,
    get_sheet_questions,
    get_sheets_owed,
    is_owed,
    is_revealed,
    labelled_points,
    list_conversation_statuses,
    list_criteria,
    list_named_sheets,
    list_pending_recruiters,
    list_recruiter_sheets,
    sheet_was_sent,
)
from coappoint.scoring.services import (
    ScoringNotPossible,
    SendingSession,
    SheetAlreadySent,
    SheetNotOwed,
    close_scoring,
    correct_score_sheet,
    enter_paper_sheet,
    mark_conversation_missed,
    reveal_scores,
    start_scoring,
    submit_score_sheet,
    unmark_conversation_missed,
)
from coappoint.signin.participants import Participant, participant_required
from coappoint.web.caching import never_kept
from coappoint.web.offline_queue import from_the_offline_queue, stored
from coappoint.web.pagination import paginate
from coappoint.web.tables import Cell, csv_response

RUNNERS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR)
READERS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR, Role.AUDITOR)
# Named scores are for audit: auditors only, and only after the reveal.
AUDITORS = (Role.AUDITOR,)
# Long lists come in pages: 400 conversations of a 10 x 40 day made one page of 362 KB (issue 20).
ROWS_PER_PAGE = 50


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


# --- The recruiter's phone -------------------------------------------------------------------


def _participant(request: HttpRequest) -> tuple[CommunityRecruiter, Event]:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    assert participant.recruiter is not None
    return participant.recruiter, participant.event


def _sending_session(request: HttpRequest) -> SendingSession:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    return SendingSession(mark=participant.session_mark, staff_issued=participant.staff_issued)


def _next_sheet(recruiter: CommunityRecruiter, candidate: Candidate) -> RecruiterSheet | None:
    """The sheet to score after this one (the next still to send, by name, from the top again):
    what the page offers once this one is sent or saved on the phone."""
    to_send = [sheet for sheet in list_recruiter_sheets(recruiter) if sheet.submitted_at is None]
    order = [sheet.candidate.pk for sheet in to_send]
    if candidate.pk in order:
        at = order.index(candidate.pk)
        to_send = to_send[at + 1 :] + to_send[:at]
    return to_send[0] if to_send else None


@require_GET
@participant_required("recruiter")
def recruiter_sheets(request: HttpRequest) -> HttpResponse:
    """The candidates the recruiter spoke with: whose sheets are still to send, and sent."""
    recruiter, event = _participant(request)
    scoring_round = get_scoring_round(event)
    sheets = list_recruiter_sheets(recruiter) if scoring_round is not None else []
    return render(
        request,
        "scoring/recruiter_sheet_list.html",
        {
            "event": event,
            "scoring_round": scoring_round,
            "to_send": [sheet for sheet in sheets if sheet.submitted_at is None],
            "sent": [sheet for sheet in sheets if sheet.submitted_at is not None],
        },
    )


@require_http_methods(["GET", "POST"])
@participant_required("recruiter")
def recruiter_sheet(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """The private score sheet for one candidate the recruiter spoke with; locked once sent.

    A new sheet goes straight to the service, which decides under the round's lock whether it
    is owed, with one query; every other answer (a refusal, the form again) is the page's. The
    offline queue's POST is answered 204 once the sheet is stored, or was already stored under
    the same key (web.offline_queue); a browser posting the form gets the redirect and the
    message, as does a repeat with the same key.
    """
    recruiter, event = _participant(request)
    named = get_candidate_with_display_name(event, candidate_id)
    if named is None:
        raise Http404
    candidate, candidate_name = named
    scoring_round = get_scoring_round(event)
    if request.method != "POST" or scoring_round is None or not scoring_round.is_open:
        return _sheet_page(request, recruiter, event, candidate, candidate_name, scoring_round)
    questions = get_sheet_questions(scoring_round, event)
    form = ScoreSheetForm(request.POST, criteria=list(questions.criteria), scale=questions.scale)
    if form.is_valid():
        try:
            _sheet, created = submit_score_sheet(
                recruiter=recruiter,
                candidate=candidate,
                answers=form.answers(),
                idempotency_key=form.cleaned_data["idempotency_key"],
                sent_from=_sending_session(request),
                questions=questions,
            )
        except SheetNotOwed:
            raise Http404 from None
        except SheetAlreadySent:
            pass  # the page says it is sent, and refuses this one
        except (ScoringNotPossible, InvalidScore) as error:
            form.add_error(None, str(error))
        else:
            done = reverse("scoring:recruiter_sheets")
            if from_the_offline_queue(request):
                return stored(done)
            if created:
                messages.success(
                    request,
                    gettext("Your score sheet for %(name)s is sent. Thank you.")
                    % {"name": candidate_name},
                )
            return redirect(done)
    return _sheet_page(
        request, recruiter, event, candidate, candidate_name, scoring_round, refused=form
    )


def _sheet_page(
    request: HttpRequest,
    recruiter: CommunityRecruiter,
    event: Event,
    candidate: Candidate,
    candidate_name: str,
    scoring_round: ScoringRound | None,
    *,
    refused: ScoreSheetForm | None = None,
) -> HttpResponse:
    """The sheet's page: the form, the sent sheet, or "scoring has closed"; for a POST, the
    answer to one not stored (`refused`: its form, with what to fix)."""
    done = reverse("scoring:recruiter_sheets")
    # A repeat of a submission already saved (the offline queue sending it again, or a lost
    # response) is the same submission: answer as if it succeeded, create nothing.
    if request.method == "POST" and find_recruiters_submission(
        recruiter, request.POST.get("idempotency_key", "")
    ):
        return stored(done) if from_the_offline_queue(request) else redirect(done)
    if scoring_round is None or not is_owed(event, recruiter.pk, candidate.pk):
        raise Http404
    own = get_own_sheet(recruiter, candidate, session_mark=_sending_session(request).mark)
    if (
        own is not None
        and request.method == "POST"
        and str(own.idempotency_key) == request.POST.get("idempotency_key", "").strip()
    ):
        # Its first copy was saved while this repeat was on its way.
        return stored(done) if from_the_offline_queue(request) else redirect(done)
    if own is not None:
        return never_kept(  # their values: never kept on the phone
            render(
                request,
                "scoring/score_sheet_sent.html",
                {
                    "candidate_name": candidate_name,
                    "own": own,
                    "sheet": own.sheet,
                    "scale_points": dict(labelled_points(get_scale(event))),
                    "comfortable_question": COMFORTABLE_QUESTION,
                    "refused": request.method == "POST",
                },
                status=409 if request.method == "POST" else 200,
            )
        )
    if not scoring_round.is_open:  # revealed (or closed, which reveals): no more sheets
        return render(
            request,
            "scoring/scoring_closed.html",
            {"candidate_name": candidate_name},
            status=409 if request.method == "POST" else 200,
        )
    if refused is not None:
        form = refused
    else:
        questions = get_sheet_questions(scoring_round, event)
        form = ScoreSheetForm(
            _posted(request), criteria=list(questions.criteria), scale=questions.scale
        )
    response = render(
        request,
        "scoring/score_sheet_form.html",
        {
            "form": form,
            "candidate_name": candidate_name,
            "next_sheet": _next_sheet(recruiter, candidate),
        },
        status=400 if form.is_bound else 200,
    )
    # A blank sheet is kept for scoring offline; one holding what they typed is not.
    return never_kept(response) if form.is_bound else response


# --- Staff pages -----------------------------------------------------------------------------


def _staff_event(
    request: HttpRequest, organisation_slug: str, event_id: int, read: tuple[Role, ...]
) -> tuple[StaffAccess, Event]:
    """The staff member's access and the event; POSTs only from those who run the day."""
    access = require_staff(request, organisation_slug, read, write=RUNNERS)
    event = get_event(access.organisation, event_id)
    if event is None:
        raise Http404
    return access, event


def _recruiter_and_candidate(
    event: Event, recruiter_id: int, candidate_id: int
) -> tuple[CommunityRecruiter, Candidate, str]:
    recruiter = CommunityRecruiter.objects.filter(event=event, pk=recruiter_id).first()
    if recruiter is None:
        raise Http404
    named = get_candidate_with_display_name(event, candidate_id)
    if named is None:
        raise Http404
    candidate, name = named
    return recruiter, candidate, name


def _hidden(
    request: HttpRequest, access: StaffAccess, event: Event, scoring_round: ScoringRound | None
) -> HttpResponse:
    return render(
        request,
        "scoring/scores_hidden.html",
        {"access": access, "event": event, "scoring_round": scoring_round},
        status=403,
    )


@require_http_methods(["GET", "POST"])
def event_scoring(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """Start scoring; then who is still pending (names and how many, never a value)."""
    access, event = _staff_event(request, organisation_slug, event_id, READERS)
    error = ""
    rules_not_locked: RulesNotLockedForTheDay | None = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "start":
                start_scoring(event=event, actor=access.user)
                messages.success(request, gettext("Scoring has started. The criteria are locked."))
            elif request.POST.get("action") == "reveal":
                reveal_scores(event=event, actor=access.user)
            else:
                return HttpResponse(status=400)
        except NoCriteria:
            error = gettext(
                "The group has not chosen and worded any criteria yet. Finish co-design first, "
                "then start scoring."
            )
        except RulesNotLockedForTheDay as refused:
            error, rules_not_locked = str(refused), refused
        except ScoringNotPossible as refused:
            error = str(refused)
        else:
            return redirect("scoring:event_scoring", access.organisation.slug, event.pk)
    scoring_round = get_scoring_round(event)
    owed = get_sheets_owed(event) if scoring_round is not None else None
    return render(
        request,
        "scoring/event_scoring.html",
        {
            "access": access,
            "event": event,
            "scoring_round": scoring_round,
            "revealed": is_revealed(event),
            "owed_count": len(owed.owed) if owed else 0,
            "sent_count": len(owed.submitted) if owed else 0,
            "pending": list_pending_recruiters(event) if scoring_round is not None else [],
            "can_change": access.holds(*RUNNERS),
            "is_auditor": access.holds(*AUDITORS),
            "error": error,
            "rules_not_locked": rules_not_locked,
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def conversations(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """Every conversation on the timetable; mark those that did not happen (no values here)."""
    access, event = _staff_event(request, organisation_slug, event_id, READERS)
    error = ""
    if request.method == "POST":
        try:
            recruiter, candidate, _name = _recruiter_and_candidate(
                event,
                int(request.POST.get("recruiter", "")),
                int(request.POST.get("candidate", "")),
            )
        except ValueError:
            return HttpResponse(status=400)
        try:
            if request.POST.get("action") == "missed":
                mark_conversation_missed(
                    event=event, recruiter=recruiter, candidate=candidate, actor=access.user
                )
            elif request.POST.get("action") == "happened":
                unmark_conversation_missed(
                    event=event, recruiter=recruiter, candidate=candidate, actor=access.user
                )
            else:
                return HttpResponse(status=400)
        except ScoringNotPossible as refused:
            error = str(refused)
        else:
            # Back to the same page of the list (?page=N), where the facilitator was.
            return redirect(request.get_full_path())
    return render(
        request,
        "scoring/conversation_list.html",
        {
            "access": access,
            "event": event,
            "scoring_round": get_scoring_round(event),
            "revealed": is_revealed(event),
            "conversations": paginate(
                request,
                list_conversation_statuses(event),
                per_page=ROWS_PER_PAGE,
                landmark_label=gettext("Pages of conversations"),
            ),
            "can_change": access.holds(*RUNNERS),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """Close scoring with a recorded reason; the scores sent so far are then revealed.

    Once the scores are revealed there is nothing left to close, as once scoring is closed.
    """
    access, event = _staff_event(request, organisation_slug, event_id, RUNNERS)
    scoring_round = get_scoring_round(event)
    if scoring_round is None or not scoring_round.is_open:
        raise Http404
    form = CloseScoringForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            close_scoring(event=event, reason=form.cleaned_data["reason"], actor=access.user)
        except ScoringNotPossible as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, gettext("Scoring is closed. The scores are revealed."))
            return redirect("scoring:event_scoring", access.organisation.slug, event.pk)
    return render(
        request,
        "scoring/scoring_close.html",
        {
            "access": access,
            "event": event,
            "form": form,
            "pending": list_pending_recruiters(event),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def spread(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """After the reveal: how many gave each point, per candidate and criterion; no names."""
    access, event = _staff_event(request, organisation_slug, event_id, READERS)
    scoring_round = get_scoring_round(event)
    try:
        score_spread = get_score_spread(event)
    except ScoresHidden:
        return _hidden(request, access, event, scoring_round)
    return render(
        request,
        "scoring/score_spread.html",
        {
            "access": access,
            "event": event,
            "scoring_round": scoring_round,
            "spread": score_spread,
            "comfortable_question": COMFORTABLE_QUESTION,
        },
    )


@require_GET
def named_sheets(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """For auditors after the reveal: every sheet with the recruiter's name and corrections."""
    access, event = _staff_event(request, organisation_slug, event_id, AUDITORS)
    scoring_round = get_scoring_round(event)
    try:
        sheets = list_named_sheets(event)
    except ScoresHidden:
        return _hidden(request, access, event, scoring_round)
    page = paginate(
        request,
        sheets,
        per_page=ROWS_PER_PAGE,
        landmark_label=gettext("Pages of score sheets"),
    )
    return render(
        request,
        "scoring/score_sheet_list.html",
        {"access": access, "event": event, "scoring_round": scoring_round, "sheets": page},
    )


@require_GET
def named_sheets_csv(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """The same as a CSV file, for auditors after the reveal; refused before it."""
    access, event = _staff_event(request, organisation_slug, event_id, AUDITORS)
    try:
        sheets = list_named_sheets(event)
    except ScoresHidden:
        return _hidden(request, access, event, get_scoring_round(event))
    criteria = [name for name, _value in sheets[0].scores] if sheets else []
    headings: list[Cell] = [
        gettext("Candidate"),
        gettext("Recruiter"),
        *criteria,
        gettext("Comfortable introducing them"),
        gettext("Comment"),
        gettext("Sent at"),
        gettext("Entered on paper by"),
        gettext("Corrections"),
    ]
    rows: list[list[Cell]] = [headings]
    for sheet in sheets:
        values = dict(sheet.scores)
        rows.append(
            [
                sheet.candidate_name,
                sheet.recruiter_name,
                *(values.get(name, "") for name in criteria),
                sheet.comfortable,
                sheet.comment,
                sheet.submitted_at.isoformat(),
                sheet.entered_on_paper_by,
                len(sheet.corrections),
            ]
        )
    return csv_response(f"score-sheets-event-{event.pk}.csv", rows)


def _sheet_entry(
    request: HttpRequest,
    organisation_slug: str,
    event_id: int,
    recruiter_id: int,
    candidate_id: int,
    *,
    correcting: bool,
) -> HttpResponse:
    """A paper sheet typed in, or a sent sheet corrected: the form is never pre-filled."""
    access, event = _staff_event(request, organisation_slug, event_id, RUNNERS)
    recruiter, candidate, candidate_name = _recruiter_and_candidate(
        event, recruiter_id, candidate_id
    )
    scoring_round = get_scoring_round(event)
    if scoring_round is None or not is_owed(event, recruiter.pk, candidate.pk):
        raise Http404
    sent = sheet_was_sent(recruiter, candidate)
    back = reverse("scoring:conversations", args=[access.organisation.slug, event.pk])
    form_class = CorrectionForm if correcting else ScoreSheetForm
    form = form_class(
        _posted(request),
        criteria=list_criteria(scoring_round.criteria_version),
        scale=get_scale(event),
    )
    context: dict[str, Any] = {
        "access": access,
        "event": event,
        "recruiter": recruiter,
        "candidate_name": candidate_name,
        "form": form,
        "correcting": correcting,
        "back": back,
    }
    if not correcting and sent:
        if request.method == "POST" and find_recruiters_submission(
            recruiter, request.POST.get("idempotency_key", "")
        ):
            return redirect(back)
        context["already_sent"] = True
        return render(
            request,
            "scoring/score_sheet_staff_form.html",
            context,
            status=409 if request.method == "POST" else 200,
        )
    if correcting and not sent:
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            if correcting:
                correct_score_sheet(
                    event=event,
                    recruiter=recruiter,
                    candidate=candidate,
                    answers=form.answers(),
                    reason=form.cleaned_data["reason"],
                    actor=access.user,
                )
                done = gettext("The sheet of %(recruiter)s for %(candidate)s is corrected.")
            else:
                enter_paper_sheet(
                    event=event,
                    recruiter=recruiter,
                    candidate=candidate,
                    answers=form.answers(),
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    actor=access.user,
                )
                done = gettext("The paper sheet of %(recruiter)s for %(candidate)s is entered.")
        except (ScoringNotPossible, InvalidScore) as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, done % {"recruiter": recruiter.full_name, "candidate": candidate_name}
            )
            return redirect(back)
    return render(
        request,
        "scoring/score_sheet_staff_form.html",
        context,
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def paper_sheet_entry(
    request: HttpRequest,
    organisation_slug: str,
    event_id: int,
    recruiter_id: int,
    candidate_id: int,
) -> HttpResponse:
    """Where a paper sheet's QR code leads: the facilitator types it in for the recruiter."""
    return _sheet_entry(
        request, organisation_slug, event_id, recruiter_id, candidate_id, correcting=False
    )


@require_http_methods(["GET", "POST"])
def correct_sheet(
    request: HttpRequest,
    organisation_slug: str,
    event_id: int,
    recruiter_id: int,
    candidate_id: int,
) -> HttpResponse:
    """A correction to a sent sheet, typed afresh with a reason; audited."""
    return _sheet_entry(
        request, organisation_slug, event_id, recruiter_id, candidate_id, correcting=True
    )


@require_GET
def paper_sheets_pdf(
    request: HttpRequest, organisation_slug: str, event_id: int, recruiter_id: int | None = None
) -> HttpResponse:
    """Printable A4 sheets, one per recruiter and candidate they spoke with, each with a QR code
    leading to the page where the facilitator types it in."""
    access, event = _staff_event(request, organisation_slug, event_id, RUNNERS)
    scoring_round = get_scoring_round(event)
    if scoring_round is None:
        raise Http404
    owed = [
        conversation
        for conversation in get_sheets_owed(event).owed
        if recruiter_id is None or conversation.scorer == recruiter_id
    ]
    if not owed:
        raise Http404
    recruiters = {r.pk: r for r in CommunityRecruiter.objects.filter(event=event)}
    names = {candidate.pk: name for candidate, name in list_candidate_display_names(event)}
    sheets = []
    for conversation in sorted(
        owed,
        key=lambda c: (recruiters[c.scorer].full_name.casefold(), names.get(c.candidate, "")),
    ):
        url = request.build_absolute_uri(
            reverse(
                "scoring:paper_sheet_entry",
                args=[
                    access.organisation.slug,
                    event.pk,
                    conversation.scorer,
                    conversation.candidate,
                ],
            )
        )
        sheets.append(
            {
                "recruiter": recruiters[conversation.scorer],
                "candidate_name": names.get(conversation.candidate, ""),
                "url": url,
                "qr_svg_data_uri": segno.make(url, error="m").svg_data_uri(scale=3, border=1),
            }
        )
    import weasyprint  # slow to import, and only the printed sheets need it

    html = render_to_string(
        "scoring/paper_sheets_print.html",
        {
            "event": event,
            "sheets": sheets,
            "criteria": list_criteria(scoring_round.criteria_version),
            "points": labelled_points(get_scale(event)),
            "comfortable_question": COMFORTABLE_QUESTION,
            "comfortable_choices": Comfortable.choices,
        },
        request=request,
    )
    response = HttpResponse(
        weasyprint.HTML(string=html).write_pdf(), content_type="application/pdf"
    )
    suffix = f"-recruiter-{recruiter_id}" if recruiter_id is not None else ""
    response["Content-Disposition"] = (
        f'inline; filename="paper-score-sheets-event-{event.pk}{suffix}.pdf"'
    )
    return response
