"""Pages for a day's panel (staff), the equality report, and a recruiter's own equality answers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coappoint.campaigns.models import Campaign
from coappoint.candidates.importing import UnreadableFile, read_table
from coappoint.candidates.models import EQUALITY_QUESTIONS
from coappoint.candidates.queries import get_campaign, question_text
from coappoint.events.models import Event
from coappoint.events.queries import get_event
from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Programme, Role
from coappoint.panels.access import may_draw_panel, may_see_panel_figures
from coappoint.panels.forms import (
    AreaFiguresForm,
    AreaFiguresImportForm,
    DrawForm,
    RecruiterEqualityMonitoringForm,
)
from coappoint.panels.models import PanelDraw
from coappoint.panels.queries import (
    chances_shown,
    event_area,
    get_figures,
    get_latest_draw,
    get_recruiter_equality_answered_at,
    get_recruiter_equality_summary,
    list_volunteers,
    questions_with_figures,
    quota_statuses,
    volunteer_rows,
)
from coappoint.panels.report import list_programme_campaigns, report_rows, stage_report
from coappoint.panels.services import (
    DrawRefused,
    ReplacementRefused,
    call_reserve,
    draw_panel,
    record_area_figures,
    record_recruiter_equality_monitoring,
)
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.rules.area_figures import FigureProblem, Problem, check_figure_table
from coappoint.rules.panel_quotas import PreferNotToSay
from coappoint.signin.participants import Participant, participant_required
from coappoint.web.tables import csv_response

READERS = (Role.PROGRAMME_MANAGER, Role.AUDITOR)
MANAGERS = (Role.PROGRAMME_MANAGER,)


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _panel_event(
    request: HttpRequest, organisation_slug: str, event_id: int
) -> tuple[StaffAccess, Event]:
    """The event whose panel the caller may see (a manager or auditor who does not score in its
    campaign), refusing a POST from anyone who may not draw; 404 for another organisation's."""
    access = require_staff(request, organisation_slug, READERS, write=MANAGERS)
    event = get_event(access.organisation, event_id)
    if event is None:
        raise Http404
    if not may_see_panel_figures(access.user, event.campaign):
        raise PermissionDenied
    if request.method == "POST" and not may_draw_panel(access.user, event.campaign):
        raise PermissionDenied
    return access, event


def _panel_page(
    request: HttpRequest,
    access: StaffAccess,
    event: Event,
    form: DrawForm,
    *,
    status: int = 200,
    refusal: DrawRefused | None = None,
) -> HttpResponse:
    draw = get_latest_draw(event)
    area = event_area(event)
    return render(
        request,
        "panels/panel.html",
        {
            "access": access,
            "event": event,
            "area": area,
            "questions": [question_text(q) for q in questions_with_figures(area)],
            "volunteer_count": list_volunteers(event).count(),
            "form": form,
            "refusal": refusal,
            "draw": draw,
            "statuses": quota_statuses(draw) if draw else [],
            "rows": volunteer_rows(draw) if draw else [],
            "chances": chances_shown(draw) if draw else [],
            "recruiter_summary": get_recruiter_equality_summary(event),
            "can_draw": may_draw_panel(access.user, event.campaign)
            and event.state == Event.State.PLANNED,
            "can_replace": may_draw_panel(access.user, event.campaign),
        },
        status=status,
    )


@require_GET
def panel(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    access, event = _panel_event(request, organisation_slug, event_id)
    latest = get_latest_draw(event)
    initial = (
        {
            "places": latest.places,
            "prefer_not_to_say": latest.prefer_not_to_say,
            "tolerance": latest.tolerance,
        }
        if latest
        else {"prefer_not_to_say": PreferNotToSay.OWN_CATEGORY.value, "tolerance": 0}
    )
    return _panel_page(request, access, event, DrawForm(initial=initial))


@require_POST
def draw(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    access, event = _panel_event(request, organisation_slug, event_id)
    form = DrawForm(request.POST)
    if not form.is_valid():
        return _panel_page(request, access, event, form, status=400)
    try:
        draw_panel(
            event=event,
            places=form.cleaned_data["places"],
            prefer_not_to_say=PreferNotToSay(form.cleaned_data["prefer_not_to_say"]),
            tolerance=form.cleaned_data["tolerance"],
            actor=access.user,
            now=timezone.now(),
        )
    except DrawRefused as refusal:
        form.add_error("places", str(refusal))
        return _panel_page(request, access, event, form, status=400, refusal=refusal)
    messages.success(request, gettext("The panel has been drawn"))
    return redirect("panels:panel", access.organisation.slug, event.pk)


@require_POST
def replace(
    request: HttpRequest, organisation_slug: str, event_id: int, draw_id: int, recruiter_id: int
) -> HttpResponse:
    access, event = _panel_event(request, organisation_slug, event_id)
    panel_draw = get_object_or_404(
        PanelDraw, organisation=access.organisation, event=event, pk=draw_id
    )
    dropped = get_object_or_404(
        CommunityRecruiter, organisation=access.organisation, event=event, pk=recruiter_id
    )
    try:
        replacement = call_reserve(draw=panel_draw, dropped_out=dropped, actor=access.user)
    except ReplacementRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            gettext("%(reserve)s takes the place of %(dropped)s")
            % {"reserve": replacement.reserve.full_name, "dropped": dropped.full_name},
        )
    return redirect("panels:panel", access.organisation.slug, event.pk)


@require_http_methods(["GET", "POST"])
def figures(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    access, event = _panel_event(request, organisation_slug, event_id)
    area = event_area(event)
    form = AreaFiguresForm(_posted(request), figures=get_figures(area))
    if request.method == "POST" and form.is_valid():
        record_area_figures(
            area=area, figures=form.figures(), actor=access.user, now=timezone.now()
        )
        messages.success(request, gettext("The area's figures have been saved"))
        return redirect("panels:panel", access.organisation.slug, event.pk)
    return render(
        request,
        "panels/figures.html",
        {"access": access, "event": event, "area": area, "form": form},
        status=400 if form.errors else 200,
    )


PROBLEM_WORDS = {
    Problem.MISSING_COLUMN: _("The file has no “%(column)s” column"),
    Problem.UNKNOWN_QUESTION: _("Line %(line)s: “%(value)s” is not one of the questions"),
    Problem.UNKNOWN_ANSWER: _("Line %(line)s: “%(value)s” is not one of the question's answers"),
    Problem.NOT_A_NUMBER: _(
        "Line %(line)s: the number of people must be a whole number, not “%(value)s”"
    ),
    Problem.TOO_MANY: _("Line %(line)s: the number of people must be under 100 million"),
    Problem.REPEATED: _("Line %(line)s: “%(value)s” is given twice for this question"),
    Problem.EMPTY: _("The file has no figures"),
}


def describe_figure_problem(problem: FigureProblem) -> str:
    return str(PROBLEM_WORDS[problem.problem]) % {
        "line": problem.line,
        "column": problem.column,
        "value": problem.value,
    }


@require_http_methods(["GET", "POST"])
def figures_import(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """A file of figures is taken whole or not at all: every problem is listed by line."""
    access, event = _panel_event(request, organisation_slug, event_id)
    area = event_area(event)
    form = AreaFiguresImportForm(_posted(request), request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_table(upload.name or "", upload.read())
        except UnreadableFile as unreadable:
            form.add_error("file", str(unreadable))
        else:
            questions = {q: list(answers.values) for q, answers in EQUALITY_QUESTIONS.items()}
            table = check_figure_table(rows, questions)
            if table.problems:
                problems = [describe_figure_problem(p) for p in table.problems]
                form.add_error(
                    "file",
                    gettext(
                        "The file has problems, so nothing has been saved. Fix them and "
                        "upload it again"
                    ),
                )
            else:
                record_area_figures(
                    area=area,
                    figures={(q, a): people for q, a, people in table.figures},
                    actor=access.user,
                    now=timezone.now(),
                )
                messages.success(request, gettext("The area's figures have been saved"))
                return redirect("panels:panel", access.organisation.slug, event.pk)
    return render(
        request,
        "panels/figures_import.html",
        {"access": access, "event": event, "area": area, "form": form, "problems": problems},
        status=400 if form.errors else 200,
    )


@require_GET
def figures_example(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    _panel_event(request, organisation_slug, event_id)
    rows = [["question", "answer", "people"]] + [
        [question, value, ""]
        for question, answers in EQUALITY_QUESTIONS.items()
        for value in answers.values
    ]
    return csv_response("area-figures-example.csv", rows)


def _report_campaign(
    request: HttpRequest, organisation_slug: str, campaign_id: int
) -> tuple[StaffAccess, Campaign]:
    access = require_staff(request, organisation_slug, READERS)
    campaign = get_campaign(access.organisation, campaign_id)
    if not may_see_panel_figures(access.user, campaign):
        raise PermissionDenied
    return access, campaign


@require_GET
def campaign_report(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    access, campaign = _report_campaign(request, organisation_slug, campaign_id)
    return render(
        request,
        "panels/equality_report.html",
        {
            "access": access,
            "title": campaign.name,
            "report": stage_report([campaign]),
            "campaign": campaign,
        },
    )


@require_GET
def campaign_report_csv(
    request: HttpRequest, organisation_slug: str, campaign_id: int
) -> HttpResponse:
    _access, campaign = _report_campaign(request, organisation_slug, campaign_id)
    return csv_response(
        f"equality-report-campaign-{campaign.pk}.csv", report_rows(stage_report([campaign]))
    )


def _report_programme(
    request: HttpRequest, organisation_slug: str, programme_id: int
) -> tuple[StaffAccess, Programme, list[Campaign]]:
    """A programme's report needs the reader allowed on every one of its campaigns: a scorer in
    one of them would otherwise read its candidates' totals through the programme's."""
    access = require_staff(request, organisation_slug, READERS)
    programme = get_object_or_404(Programme, organisation=access.organisation, pk=programme_id)
    campaigns = list_programme_campaigns(programme)
    if not all(may_see_panel_figures(access.user, campaign) for campaign in campaigns):
        raise PermissionDenied
    return access, programme, campaigns


@require_GET
def programme_report(
    request: HttpRequest, organisation_slug: str, programme_id: int
) -> HttpResponse:
    access, programme, campaigns = _report_programme(request, organisation_slug, programme_id)
    return render(
        request,
        "panels/equality_report.html",
        {
            "access": access,
            "title": programme.name,
            "report": stage_report(campaigns),
            "programme": programme,
        },
    )


@require_GET
def programme_report_csv(
    request: HttpRequest, organisation_slug: str, programme_id: int
) -> HttpResponse:
    _access, programme, campaigns = _report_programme(request, organisation_slug, programme_id)
    return csv_response(
        f"equality-report-programme-{programme.pk}.csv", report_rows(stage_report(campaigns))
    )


@participant_required("recruiter")
@require_http_methods(["GET", "POST"])
def my_equality_monitoring(request: HttpRequest) -> HttpResponse:
    """The recruiter's optional equality answers: never shown back (as for candidates)."""
    participant: Participant = request.participant  # type: ignore[attr-defined]
    recruiter = participant.recruiter
    assert recruiter is not None
    form = RecruiterEqualityMonitoringForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        answers = {name: form.cleaned_data[name] for name in form.Meta.fields}
        record_recruiter_equality_monitoring(recruiter=recruiter, answers=answers)
        messages.success(request, gettext("Thank you. We have your answers"))
        return redirect("recruiters:home")
    return render(
        request,
        "panels/my_equality_monitoring.html",
        {
            "participant": participant,
            "form": form,
            "answered_at": get_recruiter_equality_answered_at(recruiter),
        },
        status=400 if form.errors else 200,
    )
