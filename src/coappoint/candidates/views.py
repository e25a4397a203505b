"""Pages for a campaign's candidates (staff) and for a signed-in candidate's own answers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from coappoint.campaigns.models import Campaign, Candidate
from coappoint.candidates.access import (
    EVERYTHING,
    WHAT_THE_INTERVIEW_NEEDS,
    adjustments_shown_to,
    may_see_equality_data,
)
from coappoint.candidates.forms import (
    AdjustmentRequestForm,
    CandidateForm,
    CandidateImportForm,
    DayPlaceForm,
    EqualityMonitoringForm,
    InvitationForm,
)
from coappoint.candidates.importing import (
    EXAMPLE_CSV,
    MAX_IMPORT_ROWS,
    UnreadableFile,
    describe_problem,
    problems_from_json,
    read_table,
    rows_from_session,
    rows_to_session,
)
from coappoint.candidates.queries import (
    get_adjustment_request,
    get_campaign,
    get_candidate,
    get_equality_answered_at,
    get_equality_summary,
    list_candidate_adjustments,
    list_candidate_emails,
    list_candidates,
    list_events,
)
from coappoint.candidates.services import (
    IMPORT_IN_A_TASK_FROM_ROWS,
    ImportRefused,
    add_candidate,
    change_candidate,
    import_candidates,
    record_adjustment_request,
    record_equality_monitoring,
    request_candidate_import,
)
from coappoint.events.models import HowTold
from coappoint.events.services import DayPlaceRefused, put_candidate_on_the_day
from coappoint.jobs.models import Job
from coappoint.jobs.queries import get_job
from coappoint.jobs.services import mark_if_lost
from coappoint.jobs.views import JobProgress, progress_fragment
from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Role
from coappoint.rules.candidate_import import ImportProblem, check_candidate_table
from coappoint.signin.participants import Participant, participant_required

# The sign-in app sits above this one: its service sends the invitations, each with a link.
from coappoint.signin.services import invite_candidates_with_sign_in_links
from coappoint.web.sessions import poll
from coappoint.web.templatetags.govuk_forms import error_message_params

READERS = [Role.PROGRAMME_MANAGER, Role.AUDITOR]
MANAGERS = [Role.PROGRAMME_MANAGER]


def _posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (even an empty one, which must show errors), else None."""
    return request.POST if request.method == "POST" else None


def _import_session_key(campaign: Campaign) -> str:
    return f"coappoint_candidate_import_{campaign.pk}"


def _campaign_for(
    request: HttpRequest, organisation_slug: str, campaign_id: int, roles: list[Role]
) -> tuple[StaffAccess, Campaign]:
    access = require_staff(request, organisation_slug, roles)
    return access, get_campaign(access.organisation, campaign_id)


def candidate_list(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    access, campaign = _campaign_for(request, organisation_slug, campaign_id, READERS)
    return render(
        request,
        "candidates/candidate_list.html",
        {
            "access": access,
            "campaign": campaign,
            "candidates": list_candidates(campaign),
            "can_change": access.holds(Role.PROGRAMME_MANAGER),
            "may_see_adjustments": adjustments_shown_to(access.user, campaign) is not None,
            "may_see_equality_data": may_see_equality_data(access.user, campaign),
        },
    )


@require_http_methods(["GET", "POST"])
def candidate_add(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    access, campaign = _campaign_for(request, organisation_slug, campaign_id, MANAGERS)
    form = CandidateForm(_posted(request), other_candidates=list_candidates(campaign))
    if request.method == "POST" and form.is_valid():
        candidate = add_candidate(campaign=campaign, actor=access.user, **form.cleaned_data)
        messages.success(request, gettext("%(name)s has been added") % {"name": f"{candidate}"})
        if "add_another" in request.POST:
            return redirect("candidates:add", organisation_slug, campaign.pk)
        return redirect("candidates:list", organisation_slug, campaign.pk)
    return render(
        request,
        "candidates/candidate_form.html",
        {"access": access, "campaign": campaign, "form": form, "candidate": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def candidate_change(
    request: HttpRequest, organisation_slug: str, campaign_id: int, candidate_id: int
) -> HttpResponse:
    access, campaign = _campaign_for(request, organisation_slug, campaign_id, MANAGERS)
    candidate = get_candidate(campaign, candidate_id)
    initial = {
        field: getattr(candidate, field)
        for field in (
            "first_name",
            "last_name",
            "chosen_name",
            "email",
            "phone",
            "preferred_language",
        )
    }
    form = CandidateForm(
        _posted(request),
        initial=initial,
        other_candidates=list_candidates(campaign).exclude(pk=candidate.pk),
    )
    if request.method == "POST" and form.is_valid():
        change_candidate(candidate=candidate, actor=access.user, **form.cleaned_data)
        messages.success(request, gettext("%(name)s has been changed") % {"name": f"{candidate}"})
        return redirect("candidates:list", organisation_slug, campaign.pk)
    return render(
        request,
        "candidates/candidate_form.html",
        {"access": access, "campaign": campaign, "form": form, "candidate": candidate},
        status=400 if form.errors else 200,
    )


def _import_job_address(access: StaffAccess, campaign: Campaign, job: Job) -> str:
    address = reverse("candidates:import", args=(access.organisation.slug, campaign.pk))
    return f"{address}?job={job.pk}"


def _import_job_progress(access: StaffAccess, campaign: Campaign, job: Job) -> JobProgress:
    return JobProgress(
        job=job,
        heading=gettext("Importing candidates"),
        poll_url=reverse(
            "candidates:import_job", args=(access.organisation.slug, campaign.pk, job.pk)
        ),
        page_address=_import_job_address(access, campaign, job),
    )


@poll
@require_GET
def candidate_import_job(
    request: HttpRequest, organisation_slug: str, campaign_id: int, job_id: int
) -> HttpResponse:
    """How a large import is getting on, polled while it is under way; once it has ended the
    page reloads to show what happened. Without htmx: back to the page."""
    access, campaign = _campaign_for(request, organisation_slug, campaign_id, MANAGERS)
    job = get_job(campaign, job_id, kind=Job.Kind.IMPORT_CANDIDATES)
    if job is None:
        raise Http404
    return progress_fragment(request, _import_job_progress(access, campaign, job))


def _import_page(
    request: HttpRequest,
    access: StaffAccess,
    campaign: Campaign,
    form: CandidateImportForm,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    progress: JobProgress | None = None
    job_id = request.GET.get("job", "")
    job = (
        get_job(campaign, int(job_id), kind=Job.Kind.IMPORT_CANDIDATES)
        if job_id.isdigit()
        else None
    )
    if job is not None:
        mark_if_lost(job)
        progress = _import_job_progress(access, campaign, job)
        if job.state == Job.State.FAILED and not problems:
            problems = [
                describe_problem(problem)
                for problem in problems_from_json(job.result.get("problems"))
            ] or [job.failure]
    error_list: list[dict[str, str]] = []
    if problems:
        error_list = [{"text": problem, "href": "#import-problems"} for problem in problems]
    elif form.errors:
        error_list = [
            {"text": str(error), "href": "#id_file"} for error in form.errors.get("file", [])
        ]
    return render(
        request,
        "candidates/candidate_import.html",
        {
            "access": access,
            "campaign": campaign,
            "form": form,
            "problems": problems or [],
            "error_summary": {"titleText": gettext("There is a problem"), "errorList": error_list},
            "max_rows": MAX_IMPORT_ROWS,
            "file_upload": _file_upload_params(form),
            "progress": progress,
        },
        status=status,
    )


def _file_upload_params(form: CandidateImportForm) -> dict[str, Any]:
    field = form["file"]
    return {
        "id": field.id_for_label,
        "name": field.html_name,
        "label": {"text": str(field.label), "classes": "govuk-label--m"},
        "hint": {"text": str(field.help_text)},
        "errorMessage": error_message_params(field),
        "attributes": {"accept": ".csv,.xlsx"},
    }


@require_http_methods(["GET", "POST"])
def candidate_import(
    request: HttpRequest, organisation_slug: str, campaign_id: int
) -> HttpResponse:
    """Upload a file; any problem is listed by line, else the rows wait in the session."""
    access, campaign = _campaign_for(request, organisation_slug, campaign_id, MANAGERS)
    if request.method != "POST":
        return _import_page(request, access, campaign, CandidateImportForm())
    form = CandidateImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, access, campaign, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        table = read_table(upload.name or "", upload.read())
    except UnreadableFile as unreadable:
        form.add_error("file", str(unreadable))
        return _import_page(request, access, campaign, form, status=400)
    check = check_candidate_table(
        table, existing_emails=list_candidate_emails(campaign), max_rows=MAX_IMPORT_ROWS
    )
    if check.problems:
        form.add_error(
            "file",
            ngettext(
                "The file has %(count)s problem. Fix it and upload the file again",
                "The file has %(count)s problems. Fix them and upload the file again",
                len(check.problems),
            )
            % {"count": len(check.problems)},
        )
        return _import_page(
            request, access, campaign, form, [describe_problem(p) for p in check.problems], 400
        )
    request.session[_import_session_key(campaign)] = {
        "filename": upload.name or "",
        "rows": rows_to_session(check.rows),
    }
    return redirect("candidates:import_preview", organisation_slug, campaign.pk)


def candidate_import_example(
    request: HttpRequest, organisation_slug: str, campaign_id: int
) -> HttpResponse:
    _campaign_for(request, organisation_slug, campaign_id, READERS)
    response = HttpResponse(EXAMPLE_CSV, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="candidates-example.csv"'
    return response


@require_http_methods(["GET", "POST"])
def candidate_import_preview(
    request: HttpRequest, organisation_slug: str, campaign_id: int
) -> HttpResponse:
    """Check the rows read from the file; Confirm imports them all, or none."""
    access, campaign = _campaign_for(request, organisation_slug, campaign_id, MANAGERS)
    stored: Any = request.session.get(_import_session_key(campaign)) or {}
    rows = rows_from_session(stored.get("rows"))
    if not rows:
        return redirect("candidates:import", organisation_slug, campaign.pk)
    problems: list[ImportProblem] = []
    if request.method == "POST":
        if "cancel" in request.POST:
            del request.session[_import_session_key(campaign)]
            return redirect("candidates:import", organisation_slug, campaign.pk)
        if len(rows) >= IMPORT_IN_A_TASK_FROM_ROWS:
            requested = request_candidate_import(
                campaign=campaign,
                rows=rows,
                filename=str(stored.get("filename", "")),
                actor=access.user,
            )
            del request.session[_import_session_key(campaign)]
            if not requested.started:
                messages.info(
                    request,
                    gettext("A file is already being imported. This is how it is getting on."),
                )
            return redirect(_import_job_address(access, campaign, requested.job))
        try:
            imported = import_candidates(
                campaign=campaign,
                rows=rows,
                filename=str(stored.get("filename", "")),
                actor=access.user,
            )
        except ImportRefused as refused:
            problems = list(refused.problems)
        else:
            del request.session[_import_session_key(campaign)]
            messages.success(
                request,
                ngettext(
                    "%(count)s candidate has been imported",
                    "%(count)s candidates have been imported",
                    len(imported),
                )
                % {"count": len(imported)},
            )
            return redirect("candidates:list", organisation_slug, campaign.pk)
    described = [describe_problem(problem) for problem in problems]
    return render(
        request,
        "candidates/candidate_import_preview.html",
        {
            "access": access,
            "campaign": campaign,
            "rows": rows,
            "filename": stored.get("filename", ""),
            "problems": described,
            "error_summary": {
                "titleText": gettext("There is a problem"),
                "errorList": [{"text": text, "href": "#import-rows"} for text in described],
            },
        },
        status=400 if problems else 200,
    )


@require_http_methods(["GET", "POST"])
def candidate_invite(
    request: HttpRequest, organisation_slug: str, campaign_id: int
) -> HttpResponse:
    access, campaign = _campaign_for(request, organisation_slug, campaign_id, MANAGERS)
    events = list_events(campaign)
    candidates = list_candidates(campaign)
    form = InvitationForm(
        _posted(request),
        events=events,
        candidates=candidates,
        # Everyone the form lists (those it can reach) starts ticked.
        initial={"candidates": [candidate.pk for candidate in candidates]},
    )
    if request.method == "POST" and form.is_valid():
        event = form.cleaned_data["event"]

        invitations = invite_candidates_with_sign_in_links(
            event=event, candidates=list(form.cleaned_data["candidates"]), actor=access.user
        )
        if any(invitation.kept_only for invitation in invitations):
            text = ngettext(
                "%(count)s invitation was kept in the outbox: messages are not being sent from "
                "this site.",
                "%(count)s invitations were kept in the outbox: messages are not being sent from "
                "this site.",
                len(invitations),
            )
        else:
            text = ngettext(
                "%(count)s invitation has been sent",
                "%(count)s invitations have been sent",
                len(invitations),
            )
        messages.success(request, text % {"count": len(invitations)})
        return redirect("candidates:list", organisation_slug, campaign.pk)
    return render(
        request,
        "candidates/candidate_invite.html",
        {"access": access, "campaign": campaign, "form": form, "has_events": events.exists()},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def candidate_put_on_the_day(
    request: HttpRequest, organisation_slug: str, campaign_id: int
) -> HttpResponse:
    """Put on the day a candidate whom staff told themselves, without a message from here."""
    access, campaign = _campaign_for(request, organisation_slug, campaign_id, MANAGERS)
    events = list_events(campaign)
    form = DayPlaceForm(_posted(request), events=events, candidates=list_candidates(campaign))
    if request.method == "POST" and form.is_valid():
        candidate = form.cleaned_data["candidate"]
        event = form.cleaned_data["event"]
        try:
            put_candidate_on_the_day(
                event=event,
                candidate=candidate,
                how_told=HowTold(form.cleaned_data["how_told"]),
                note=form.cleaned_data["note"],
                actor=access.user,
            )
        except DayPlaceRefused as refusal:
            form.add_error("event", str(refusal))
        else:
            messages.success(
                request,
                gettext("%(name)s is on the day: %(event)s")
                % {"name": f"{candidate}", "event": event.name},
            )
            return redirect("candidates:list", organisation_slug, campaign.pk)
    return render(
        request,
        "candidates/candidate_put_on_the_day.html",
        {"access": access, "campaign": campaign, "form": form, "has_events": events.exists()},
        status=400 if form.errors else 200,
    )


@require_GET
def adjustment_list(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """What candidates asked for, as much of it as the reader may see (candidates.access)."""
    access, campaign = _campaign_for(
        request,
        organisation_slug,
        campaign_id,
        [Role.PROGRAMME_MANAGER, Role.AUDITOR, Role.FACILITATOR, Role.INTERVIEW_PANEL],
    )
    shown = adjustments_shown_to(access.user, campaign)
    if shown is None:
        raise PermissionDenied
    return render(
        request,
        "candidates/adjustment_list.html",
        {
            "access": access,
            "campaign": campaign,
            "adjustments": [
                row for row in list_candidate_adjustments(campaign, shown) if row.asks_for_something
            ],
            "shown": shown,
            "shows_everything": shown == EVERYTHING,
            "shows_the_interview": shown == WHAT_THE_INTERVIEW_NEEDS,
        },
    )


@require_GET
def equality_summary(
    request: HttpRequest, organisation_slug: str, campaign_id: int
) -> HttpResponse:
    """Totals only, for a programme manager or auditor who does not score in the campaign."""
    access, campaign = _campaign_for(request, organisation_slug, campaign_id, READERS)
    if not may_see_equality_data(access.user, campaign):
        raise PermissionDenied
    return render(
        request,
        "candidates/equality_summary.html",
        {
            "access": access,
            "campaign": campaign,
            "summary": get_equality_summary(campaign),
        },
    )


def _signed_in_candidate(request: HttpRequest) -> tuple[Participant, Candidate]:
    participant: Participant = request.participant  # type: ignore[attr-defined]
    assert participant.candidate is not None
    return participant, participant.candidate


@participant_required("candidate")
@require_http_methods(["GET", "POST"])
def my_adjustments(request: HttpRequest) -> HttpResponse:
    participant, candidate = _signed_in_candidate(request)
    existing = get_adjustment_request(candidate)
    initial = (
        {
            "interpreter_language": existing.interpreter_language,
            "interview_needs": existing.interview_needs,
            "needs": existing.needs,
        }
        if existing
        else {}
    )
    form = AdjustmentRequestForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        record_adjustment_request(candidate=candidate, **form.cleaned_data)
        messages.success(request, gettext("Thank you. We have your adjustments"))
        return redirect("events:candidate_home")
    return render(
        request,
        "candidates/my_adjustments.html",
        {"participant": participant, "form": form},
        status=400 if form.errors else 200,
    )


@participant_required("candidate")
@require_http_methods(["GET", "POST"])
def my_equality_monitoring(request: HttpRequest) -> HttpResponse:
    participant, candidate = _signed_in_candidate(request)
    # Never filled in with earlier answers: whoever holds this session sees them (it may have been
    # opened by staff, who see equality data only as totals). New answers replace the old ones.
    form = EqualityMonitoringForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        answers = {name: form.cleaned_data[name] for name in form.Meta.fields}
        record_equality_monitoring(candidate=candidate, answers=answers)
        messages.success(request, gettext("Thank you. We have your answers"))
        return redirect("events:candidate_home")
    return render(
        request,
        "candidates/my_equality_monitoring.html",
        {
            "participant": participant,
            "form": form,
            "answered_at": get_equality_answered_at(candidate),
        },
        status=400 if form.errors else 200,
    )
