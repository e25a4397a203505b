"""The formal interview pages: the manager sets questions and the panel; members declare
conflicts and score privately; everyone allowed sees the panel's scores after its reveal.

No view reads a panel score value itself: values come only from interviews.queries, which
refuses them before the reveal (ScoresHidden), apart from a member's own sheet.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coappoint.campaigns.models import Campaign, Candidate, PanelMember
from coappoint.campaigns.queries import get_campaign, list_campaigns
from coappoint.candidates.access import adjustments_shown_to, may_see_contact_details
from coappoint.candidates.queries import list_candidate_adjustments
from coappoint.interviews.forms import (
    AgreedScoresForm,
    ClosePanelScoringForm,
    ConflictForm,
    PanelForm,
    PanelSheetForm,
    QuestionForm,
)
from coappoint.interviews.models import InterviewQuestion
from coappoint.interviews.queries import (
    any_panel_sheet_sent,
    find_members_submission,
    get_candidate,
    get_candidate_panel_scores,
    get_declaration,
    get_interview_scale,
    get_own_panel_sheet,
    get_panel_round,
    get_panel_sheets_owed,
    get_question,
    has_declared_about,
    has_declared_about_everyone,
    is_on_panel,
    is_panel_revealed,
    knows,
    list_agreed_score_records,
    list_candidates,
    list_conflicts,
    list_interview_attendance,
    list_member_statuses,
    list_panel,
    list_panel_role_holders,
    list_panel_scores,
    list_pending_panel_members,
    list_questions,
)
from coappoint.interviews.services import (
    InterviewNotPossible,
    PanelSheetAlreadySent,
    QuestionsFrozen,
    add_question,
    change_question,
    close_panel_scoring,
    declare_conflicts,
    move_question,
    record_agreed_scores,
    record_interview_absence,
    remove_question,
    set_panel,
    submit_panel_sheet,
    withdraw_interview_absence,
)
from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Role
from coappoint.reveal.queries import ScoresHidden
from coappoint.rules.errors import InvalidScore

READERS = (Role.PROGRAMME_MANAGER, Role.INTERVIEW_PANEL, Role.AUDITOR)
MANAGERS = (Role.PROGRAMME_MANAGER,)
PANEL = (Role.INTERVIEW_PANEL,)


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _campaign_access(
    request: HttpRequest,
    organisation_slug: str,
    campaign_id: int,
    read: tuple[Role, ...],
    *,
    write: tuple[Role, ...] | None = None,
) -> tuple[StaffAccess, Campaign]:
    """The staff member's access and the campaign (`read` and `write` as for require_staff). A
    panel member who is neither manager nor auditor may open only the interview of a campaign
    whose panel they sit on.
    """
    access = require_staff(request, organisation_slug, read, write=write)
    campaign = get_campaign(access.organisation, campaign_id)
    if campaign is None:
        raise Http404
    others = [role for role in read if role != Role.INTERVIEW_PANEL]
    if not access.holds(*others) and not is_on_panel(campaign, access.user):
        raise PermissionDenied
    return access, campaign


def _member_access(
    request: HttpRequest, organisation_slug: str, campaign_id: int
) -> tuple[StaffAccess, Campaign]:
    """Only a panel member seated on this campaign's panel scores or declares."""
    access, campaign = _campaign_access(request, organisation_slug, campaign_id, PANEL)
    if not is_on_panel(campaign, access.user):
        raise PermissionDenied
    return access, campaign


def _candidate(campaign: Campaign, candidate_id: int) -> Candidate:
    candidate = get_candidate(campaign, candidate_id)
    if candidate is None:
        raise Http404
    return candidate


def _overview(access: StaffAccess, campaign: Campaign) -> HttpResponse:
    return redirect("interviews:overview", access.organisation.slug, campaign.pk)


# --- Where to start ---------------------------------------------------------------------------


@require_GET
def campaign_list(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """The campaigns' formal interviews: all for managers and auditors, a member's own panels."""
    access = require_staff(request, organisation_slug, READERS)
    campaigns = list_campaigns(access.organisation)
    if not access.holds(Role.PROGRAMME_MANAGER, Role.AUDITOR):
        campaigns = campaigns.filter(
            pk__in=PanelMember.objects.filter(user=access.user).values("campaign_id")
        )
    return render(
        request,
        "interviews/campaign_list.html",
        {"access": access, "campaigns": list(campaigns)},
    )


@require_GET
def overview(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """The campaign's formal interview: set-up for the manager, a member's own tasks, and who
    is still pending (names only, never a value)."""
    access, campaign = _campaign_access(request, organisation_slug, campaign_id, READERS)
    on_panel = is_on_panel(campaign, access.user)
    owed = get_panel_sheets_owed(campaign)
    declaration = get_declaration(campaign, access.user) if on_panel else None
    return render(
        request,
        "interviews/interview_overview.html",
        {
            "access": access,
            "campaign": campaign,
            "is_manager": access.holds(*MANAGERS),
            "sees_everyone": access.holds(Role.PROGRAMME_MANAGER, Role.AUDITOR),
            "on_panel": on_panel,
            "scale": get_interview_scale(campaign),
            "questions": list_questions(campaign),
            "questions_frozen": any_panel_sheet_sent(campaign),
            "panel": list_panel(campaign),
            "panel_round": get_panel_round(campaign),
            "revealed": is_panel_revealed(campaign),
            "owed_count": len(owed.owed),
            "sent_count": len(owed.submitted),
            "pending": list_pending_panel_members(campaign),
            "conflicts": list_conflicts(campaign),
            "declaration": declaration,
            "declared_about_everyone": on_panel
            and has_declared_about_everyone(campaign, access.user),
            "own_statuses": list_member_statuses(campaign, access.user) if declaration else [],
            "may_see_contact_details": may_see_contact_details(access.user, campaign),
            "attendance": list_interview_attendance(campaign),
            "records_attendance": access.holds(*MANAGERS) or on_panel,
        },
    )


@require_POST
def attendance(
    request: HttpRequest, organisation_slug: str, campaign_id: int, candidate_id: int, action: str
) -> HttpResponse:
    """The programme manager or a panel member records that a candidate did not come to the
    interview, or that they came after all; panel scoring stays open for the others."""
    access, campaign = _campaign_access(request, organisation_slug, campaign_id, READERS)
    if not (access.holds(*MANAGERS) or is_on_panel(campaign, access.user)):
        raise PermissionDenied
    candidate = _candidate(campaign, candidate_id)
    try:
        if action == "absent":
            record_interview_absence(campaign=campaign, candidate=candidate, actor=access.user)
            done = gettext("%(name)s is recorded as not attending the interview.")
        elif action == "present":
            withdraw_interview_absence(campaign=campaign, candidate=candidate, actor=access.user)
            done = gettext("%(name)s is recorded as attending the interview.")
        else:
            raise Http404
    except InterviewNotPossible as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done % {"name": candidate.full_name})
    return _overview(access, campaign)


@require_GET
def candidate_contacts(
    request: HttpRequest, organisation_slug: str, campaign_id: int
) -> HttpResponse:
    """The candidates' contact details and what their interview needs, for the campaign's own
    panel (and its manager and auditors); never a facilitator, nor another campaign's panel."""
    access, campaign = _campaign_access(request, organisation_slug, campaign_id, READERS)
    shown = adjustments_shown_to(access.user, campaign)
    if not may_see_contact_details(access.user, campaign) or shown is None:
        raise PermissionDenied
    return render(
        request,
        "interviews/candidate_contacts.html",
        {
            "access": access,
            "campaign": campaign,
            "shown": shown,
            "candidates": list_candidate_adjustments(campaign, shown),
        },
    )


# --- Questions (programme manager) ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def question_list(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """The questions in order; the manager moves or removes them until scoring begins."""
    access, campaign = _campaign_access(
        request, organisation_slug, campaign_id, READERS, write=MANAGERS
    )
    error = ""
    status = 200
    if request.method == "POST":
        try:
            question = get_question(campaign, int(request.POST.get("question", "")))
        except ValueError:
            question = None
        if question is None:
            return HttpResponse(status=400)
        try:
            action = request.POST.get("action")
            if action == "up":
                move_question(question=question, places=-1, actor=access.user)
            elif action == "down":
                move_question(question=question, places=1, actor=access.user)
            elif action == "remove":
                remove_question(question=question, actor=access.user)
                messages.success(request, gettext("The question is removed."))
            else:
                return HttpResponse(status=400)
        except QuestionsFrozen as refused:
            error, status = str(refused), 409
        else:
            return redirect("interviews:questions", access.organisation.slug, campaign.pk)
    return render(
        request,
        "interviews/question_list.html",
        {
            "access": access,
            "campaign": campaign,
            "questions": list_questions(campaign),
            "frozen": any_panel_sheet_sent(campaign),
            "can_change": access.holds(*MANAGERS),
            "error": error,
        },
        status=status,
    )


def _question_form(
    request: HttpRequest,
    access: StaffAccess,
    campaign: Campaign,
    question: InterviewQuestion | None,
) -> HttpResponse:
    back = reverse("interviews:questions", args=[access.organisation.slug, campaign.pk])
    initial = {"text": question.text, "guidance": question.guidance} if question else None
    form = QuestionForm(_posted(request), initial=initial)
    context: dict[str, Any] = {
        "access": access,
        "campaign": campaign,
        "form": form,
        "question": question,
        "back": back,
    }
    if any_panel_sheet_sent(campaign):
        context["frozen"] = True
        return render(request, "interviews/question_form.html", context, status=409)
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                add_question(
                    campaign=campaign,
                    text=form.cleaned_data["text"],
                    guidance=form.cleaned_data["guidance"],
                    actor=access.user,
                )
            else:
                change_question(
                    question=question,
                    text=form.cleaned_data["text"],
                    guidance=form.cleaned_data["guidance"],
                    actor=access.user,
                )
        except QuestionsFrozen:
            context["frozen"] = True
            return render(request, "interviews/question_form.html", context, status=409)
        messages.success(request, gettext("The question is saved."))
        return redirect(back)
    return render(
        request,
        "interviews/question_form.html",
        context,
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    access, campaign = _campaign_access(request, organisation_slug, campaign_id, MANAGERS)
    return _question_form(request, access, campaign, None)


@require_http_methods(["GET", "POST"])
def question_change(
    request: HttpRequest, organisation_slug: str, campaign_id: int, question_id: int
) -> HttpResponse:
    access, campaign = _campaign_access(request, organisation_slug, campaign_id, MANAGERS)
    question = get_question(campaign, question_id)
    if question is None:
        raise Http404
    return _question_form(request, access, campaign, question)


# --- The panel (programme manager) ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def panel(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """Choose who sits on the panel, from the staff holding the interview panel role."""
    access, campaign = _campaign_access(request, organisation_slug, campaign_id, MANAGERS)
    form = PanelForm(
        _posted(request),
        holders=list_panel_role_holders(access.organisation),
        initial={"members": [user.pk for user in list_panel(campaign)]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_panel(campaign=campaign, members=form.cleaned_data["members"], actor=access.user)
        except InterviewNotPossible as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, gettext("The interview panel is saved."))
            return _overview(access, campaign)
    return render(
        request,
        "interviews/panel_form.html",
        {"access": access, "campaign": campaign, "form": form},
        status=400 if form.errors else 200,
    )


# --- A panel member's conflicts and private sheets --------------------------------------------


@require_http_methods(["GET", "POST"])
def conflicts(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """Before scoring: does the member know any candidate? Recorded with the time."""
    access, campaign = _member_access(request, organisation_slug, campaign_id)
    candidates = list_candidates(campaign)
    previous = {
        conflict.candidate_id: conflict.how for conflict in list_conflicts(campaign, access.user)
    }
    declared = get_declaration(campaign, access.user)
    initial: dict[str, str] = {}
    if declared is not None:
        for candidate in declared.candidates.all():
            initial[f"knows_{candidate.pk}"] = "yes" if candidate.pk in previous else "no"
            initial[f"how_{candidate.pk}"] = previous.get(candidate.pk, "")
    form = ConflictForm(_posted(request), candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            declare_conflicts(
                campaign=campaign, user=access.user, known=form.known(), candidates=candidates
            )
        except InterviewNotPossible as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, gettext("Your conflicts of interest are recorded."))
            return _overview(access, campaign)
    return render(
        request,
        "interviews/conflict_form.html",
        {
            "access": access,
            "campaign": campaign,
            "form": form,
            "declaration": declared,
            "revealed": is_panel_revealed(campaign),
            "candidate_rows": [
                (c.full_name, form[f"knows_{c.pk}"], form[f"how_{c.pk}"]) for c in candidates
            ],
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def sheet(
    request: HttpRequest, organisation_slug: str, campaign_id: int, candidate_id: int
) -> HttpResponse:
    """A member's private sheet for one candidate: refused until they have declared conflicts,
    refused for a candidate they know, and locked once sent."""
    access, campaign = _member_access(request, organisation_slug, campaign_id)
    candidate = _candidate(campaign, candidate_id)
    name = candidate.full_name
    done = reverse("interviews:overview", args=[access.organisation.slug, campaign.pk])
    # A repeat of a submission already saved (a lost response, a double press) is the same
    # submission: answer as if it succeeded, create nothing.
    if request.method == "POST" and find_members_submission(
        access.user, request.POST.get("idempotency_key", "")
    ):
        return redirect(done)
    context: dict[str, Any] = {"access": access, "campaign": campaign, "candidate_name": name}
    refusal_status = 409 if request.method == "POST" else 403
    if not has_declared_about(campaign, access.user, candidate):
        context["refusal"] = "undeclared"
        return render(request, "interviews/panel_sheet_refused.html", context, status=403)
    if knows(campaign, access.user, candidate):
        context["refusal"] = "knows"
        return render(request, "interviews/panel_sheet_refused.html", context, status=403)
    own = get_own_panel_sheet(campaign, access.user, candidate)
    if (
        own is not None
        and request.method == "POST"
        and find_members_submission(access.user, request.POST.get("idempotency_key", ""))
    ):
        return redirect(done)  # its first copy was saved while this repeat was on its way
    if own is not None:
        context.update({"sheet": own, "refused": request.method == "POST"})
        return render(
            request,
            "interviews/panel_sheet_sent.html",
            context,
            status=409 if request.method == "POST" else 200,
        )
    panel_round = get_panel_round(campaign)
    if panel_round is not None and not panel_round.is_open:
        context["refusal"] = "closed"
        return render(
            request, "interviews/panel_sheet_refused.html", context, status=refusal_status
        )
    scale = get_interview_scale(campaign)
    questions = list_questions(campaign)
    if scale is None or not questions:
        context["refusal"] = "not_ready"
        return render(
            request, "interviews/panel_sheet_refused.html", context, status=refusal_status
        )
    form = PanelSheetForm(_posted(request), questions=questions, scale=scale)
    if request.method == "POST" and form.is_valid():
        try:
            submit_panel_sheet(
                campaign=campaign,
                user=access.user,
                candidate=candidate,
                answers=form.answers(),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except PanelSheetAlreadySent:
            return redirect("interviews:sheet", access.organisation.slug, campaign.pk, candidate.pk)
        except (InterviewNotPossible, InvalidScore) as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                gettext("Your score sheet for %(name)s is sent. Thank you.") % {"name": name},
            )
            return redirect(done)
    context["form"] = form
    return render(
        request,
        "interviews/panel_sheet_form.html",
        context,
        status=400 if form.errors else 200,
    )


# --- Closing, the reveal, and the agreed scores -----------------------------------------------


@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """The manager closes panel scoring with a recorded reason; the sheets sent are revealed."""
    access, campaign = _campaign_access(request, organisation_slug, campaign_id, MANAGERS)
    if is_panel_revealed(campaign):
        return _overview(access, campaign)
    form = ClosePanelScoringForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            close_panel_scoring(
                campaign=campaign, reason=form.cleaned_data["reason"], actor=access.user
            )
        except InterviewNotPossible as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, gettext("Panel scoring is closed. The panel's scores are revealed.")
            )
            return _overview(access, campaign)
    return render(
        request,
        "interviews/scoring_close.html",
        {
            "access": access,
            "campaign": campaign,
            "form": form,
            "pending": list_pending_panel_members(campaign),
        },
        status=400 if form.errors else 200,
    )


def _hidden(request: HttpRequest, access: StaffAccess, campaign: Campaign) -> HttpResponse:
    return render(
        request,
        "interviews/scores_hidden.html",
        {"access": access, "campaign": campaign},
        status=403,
    )


@require_GET
def scores(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """After the reveal: every member's score per question with names, and the agreed scores."""
    access, campaign = _campaign_access(request, organisation_slug, campaign_id, READERS)
    try:
        rows = list_panel_scores(campaign)
    except ScoresHidden:
        return _hidden(request, access, campaign)
    return render(
        request,
        "interviews/panel_scores.html",
        {
            "access": access,
            "campaign": campaign,
            "panel_round": get_panel_round(campaign),
            "rows": rows,
            "can_agree": access.holds(*MANAGERS) or is_on_panel(campaign, access.user),
        },
    )


@require_http_methods(["GET", "POST"])
def agreed(
    request: HttpRequest, organisation_slug: str, campaign_id: int, candidate_id: int
) -> HttpResponse:
    """The panel's agreed score per question for one candidate, beside each member's scores."""
    access, campaign = _campaign_access(
        request, organisation_slug, campaign_id, (Role.PROGRAMME_MANAGER, Role.INTERVIEW_PANEL)
    )
    candidate = _candidate(campaign, candidate_id)
    try:
        panel_scores = get_candidate_panel_scores(campaign, candidate)
    except ScoresHidden:
        return _hidden(request, access, campaign)
    scale = get_interview_scale(campaign)
    questions = list_questions(campaign)
    if scale is None or not questions:
        raise Http404
    recorded = list_agreed_score_records(campaign, candidate)
    initial: dict[str, str] = {}
    for pk, record in recorded.items():
        initial[f"score_{pk}"] = str(record.score)
        initial[f"note_{pk}"] = record.notes
    form = AgreedScoresForm(_posted(request), questions=questions, scale=scale, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record_agreed_scores(
                campaign=campaign,
                candidate=candidate,
                answers=form.answers(),
                reason=form.cleaned_data["reason"],
                actor=access.user,
            )
        except (InterviewNotPossible, InvalidScore) as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                gettext("The panel's agreed scores for %(name)s are recorded.")
                % {"name": panel_scores.name},
            )
            return redirect("interviews:scores", access.organisation.slug, campaign.pk)
    return render(
        request,
        "interviews/agreed_scores_form.html",
        {
            "access": access,
            "campaign": campaign,
            "form": form,
            "panel_scores": panel_scores,
            "rows": list(zip(panel_scores.questions, form.question_fields(), strict=True)),
            "changing": bool(recorded),
        },
        status=400 if form.errors else 200,
    )
