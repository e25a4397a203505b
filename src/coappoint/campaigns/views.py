"""Campaign set-up pages: programme, area, vacancy, campaign, its stages, and locking the rules.

Only programme managers change anything. Facilitators, the interview panel and auditors may read
the campaigns and their rules (the panel scores on the interview scale, the facilitator applies
the consensus-shift threshold, the auditor checks them) but every change answers 403 to them.
Once the rules are locked, every page that would change them answers 409 and says why.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods

from coappoint.campaigns.forms import (
    AreaForm,
    CampaignForm,
    ConsensusShiftForm,
    ProgrammeForm,
    StageForm,
    VacancyForm,
)
from coappoint.campaigns.models import Campaign, Stage
from coappoint.campaigns.queries import (
    CampaignRules,
    get_campaign,
    get_campaign_rules,
    get_community_stage,
    get_stage,
    list_areas,
    list_campaigns,
    list_programmes,
    list_vacancies,
)
from coappoint.campaigns.services import (
    RulesIncomplete,
    RulesLocked,
    StageExists,
    add_stage,
    change_stage,
    create_area,
    create_campaign,
    create_programme,
    create_vacancy,
    lock_campaign_rules,
    remove_stage,
    set_consensus_shift,
)
from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Role

READERS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR, Role.INTERVIEW_PANEL, Role.AUDITOR)
CHANGERS = (Role.PROGRAMME_MANAGER,)


def _access(request: HttpRequest, organisation_slug: str) -> StaffAccess:
    """Readers may look; only changers may POST."""
    return require_staff(request, organisation_slug, READERS, write=CHANGERS)


def _campaign(access: StaffAccess, campaign_id: int) -> Campaign:
    campaign = get_campaign(access.organisation, campaign_id)
    if campaign is None:
        raise Http404
    return campaign


def _refuse_locked(request: HttpRequest, access: StaffAccess, campaign: Campaign) -> HttpResponse:
    """The rules are fixed: say so, and when and by whom, instead of showing a form."""
    return render(
        request,
        "campaigns/rules_locked_refusal.html",
        {"access": access, "campaign": campaign},
        status=409,
    )


def _form_status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


# The set-up hub, and programme, area, vacancy and campaign question pages.


@require_GET
def campaign_list(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    access = _access(request, organisation_slug)
    organisation = access.organisation
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "access": access,
            "can_change": access.holds(*CHANGERS),
            "programmes": list_programmes(organisation),
            "has_areas": list_areas(organisation).exists(),
            "vacancies": list_vacancies(organisation),
            "campaigns": list_campaigns(organisation),
        },
    )


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    access = require_staff(request, organisation_slug, CHANGERS)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = create_programme(
            organisation=access.organisation,
            actor=access.user,
            name=form.cleaned_data["name"],
            councils_served=form.cleaned_data["councils_served"],
        )
        messages.success(request, gettext("Programme %(name)s added") % {"name": programme.name})
        return redirect("campaigns:list", organisation_slug=organisation_slug)
    return render(
        request,
        "campaigns/question_page.html",
        {"access": access, "form": form, "page_title": gettext("Add a programme")},
        status=_form_status(request),
    )


@require_http_methods(["GET", "POST"])
def area_create(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    access = require_staff(request, organisation_slug, CHANGERS)
    form = AreaForm(request.POST or None, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        area = create_area(
            programme=form.cleaned_data["programme"],
            actor=access.user,
            name=form.cleaned_data["name"],
        )
        messages.success(request, gettext("Area %(name)s added") % {"name": area.name})
        return redirect("campaigns:list", organisation_slug=organisation_slug)
    return render(
        request,
        "campaigns/question_page.html",
        {"access": access, "form": form, "page_title": gettext("Add an area")},
        status=_form_status(request),
    )


@require_http_methods(["GET", "POST"])
def vacancy_create(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    access = require_staff(request, organisation_slug, CHANGERS)
    form = VacancyForm(request.POST or None, organisation=access.organisation)
    if request.method == "POST" and form.is_valid():
        vacancy = create_vacancy(
            area=form.cleaned_data["area"], actor=access.user, title=form.cleaned_data["title"]
        )
        messages.success(request, gettext("Vacancy %(title)s added") % {"title": vacancy.title})
        return redirect(
            reverse("campaigns:create", args=[organisation_slug]) + f"?vacancy={vacancy.pk}"
        )
    return render(
        request,
        "campaigns/question_page.html",
        {"access": access, "form": form, "page_title": gettext("Add a vacancy")},
        status=_form_status(request),
    )


@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    access = require_staff(request, organisation_slug, CHANGERS)
    initial = {"vacancy": request.GET["vacancy"]} if "vacancy" in request.GET else None
    form = CampaignForm(request.POST or None, organisation=access.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        campaign = create_campaign(
            vacancy=form.cleaned_data["vacancy"], actor=access.user, name=form.cleaned_data["name"]
        )
        return redirect(
            "campaigns:detail", organisation_slug=organisation_slug, campaign_id=campaign.pk
        )
    return render(
        request,
        "campaigns/question_page.html",
        {"access": access, "form": form, "page_title": gettext("Start a campaign")},
        status=_form_status(request),
    )


# The campaign's task list.


@require_GET
def campaign_detail(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    access = _access(request, organisation_slug)
    campaign = _campaign(access, campaign_id)
    rules = get_campaign_rules(campaign)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "access": access,
            "campaign": campaign,
            "task_list": _task_list(access, campaign, rules),
            "events": campaign.events.order_by("date"),
            "can_see_candidates": access.holds(Role.PROGRAMME_MANAGER, Role.AUDITOR),
            "can_plan_events": access.holds(Role.PROGRAMME_MANAGER, Role.FACILITATOR),
        },
    )


def _task_list(access: StaffAccess, campaign: Campaign, rules: CampaignRules) -> dict[str, Any]:
    """GOV.UK task list parameters for the campaign's set-up, by what is done and who asks."""
    slug = access.organisation.slug
    locked = not campaign.rules_may_change
    editable = access.holds(*CHANGERS) and not locked
    rules_url = reverse("campaigns:rules", args=[slug, campaign.pk])
    completed = {"text": pgettext("status of a task", "Completed")}

    if locked or _stages_done(rules):
        stages_status: dict[str, Any] = completed
    elif rules.stages:
        stages_status = {"tag": {"text": gettext("Incomplete"), "classes": "govuk-tag--light-blue"}}
    else:
        stages_status = {
            "tag": {
                "text": pgettext("status of a task", "Not yet started"),
                "classes": "govuk-tag--blue",
            }
        }

    if locked:
        lock_status: dict[str, Any] = completed
        lock_href: str | None = rules_url
    elif rules.ready_to_lock:
        lock_status = {
            "tag": {
                "text": pgettext("status of a task", "Not yet started"),
                "classes": "govuk-tag--blue",
            }
        }
        lock_href = rules_url
    else:
        lock_status = {
            "text": pgettext("status of a task", "Cannot start yet"),
            "classes": "govuk-task-list__status--cannot-start-yet",
        }
        lock_href = None

    return {
        "idPrefix": "rules-tasks",
        "items": [
            {
                "title": {"text": gettext("Stages, weights and scales")},
                "hint": {
                    "text": gettext(
                        "The community recruitment event and the formal interview, and "
                        "shortlisting if you use it"
                    )
                },
                "href": reverse("campaigns:stages", args=[slug, campaign.pk]),
                "status": stages_status,
            },
            {
                "title": {"text": gettext("Consensus-shift threshold")},
                "hint": {"text": rules.shift_rule_words},
                "href": (
                    reverse("campaigns:consensus_shift", args=[slug, campaign.pk])
                    if editable
                    else rules_url
                ),
                "status": completed,
            },
            {
                "title": {"text": gettext("Check and lock the rules")},
                "hint": {"text": gettext("After this they cannot change")},
                "href": lock_href,
                "status": lock_status,
            },
        ],
    }


def _stages_done(rules: CampaignRules) -> bool:
    return bool(rules.stages) and rules.ready_to_lock


def _after_task(access: StaffAccess, campaign: Campaign, task_href: str) -> str:
    """Where a task page's "Save and continue" goes: the next task of the campaign's task list.

    The next one in the list's order, not the next one not yet done: the consensus-shift
    threshold has a default and so always counts as done, yet whoever sets up the stages should
    see it before the lock. When the next task cannot be started yet (the lock, before the
    stages are right), or the task was the last, back to the task list, as in the GOV.UK task
    list pattern. The list itself (`_task_list`) decides the order and what can be started.
    """
    items = _task_list(access, campaign, get_campaign_rules(campaign))["items"]
    hrefs = [item["href"] for item in items]
    following = hrefs[hrefs.index(task_href) + 1 :] if task_href in hrefs else []
    if following and following[0] is not None:
        return str(following[0])
    return reverse("campaigns:detail", args=[access.organisation.slug, campaign.pk])


def _after_stage_saved(access: StaffAccess, campaign: Campaign) -> str:
    """Back to the stages until they are all there and add up; then on to the next task."""
    stages_url = reverse("campaigns:stages", args=[access.organisation.slug, campaign.pk])
    if not _stages_done(get_campaign_rules(campaign)):
        return stages_url
    return _after_task(access, campaign, stages_url)


# Stages.


@require_GET
def stage_list(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    access = _access(request, organisation_slug)
    campaign = _campaign(access, campaign_id)
    rules = get_campaign_rules(campaign)
    editable = access.holds(*CHANGERS) and campaign.rules_may_change
    return render(
        request,
        "campaigns/stage_list.html",
        {
            "access": access,
            "campaign": campaign,
            "rules": rules,
            "editable": editable,
            "continue_url": (
                _after_task(
                    access,
                    campaign,
                    reverse("campaigns:stages", args=[organisation_slug, campaign.pk]),
                )
                if editable and _stages_done(rules)
                else None
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def stage_add(
    request: HttpRequest, organisation_slug: str, campaign_id: int, kind: str
) -> HttpResponse:
    access = require_staff(request, organisation_slug, CHANGERS)
    campaign = _campaign(access, campaign_id)
    if kind not in Stage.Kind.values:
        raise Http404
    stage_kind = Stage.Kind(kind)
    if not campaign.rules_may_change:
        return _refuse_locked(request, access, campaign)
    existing = campaign.stages.filter(kind=stage_kind).first()
    if existing is not None and request.method == "GET":
        return redirect(
            "campaigns:stage_change",
            organisation_slug=organisation_slug,
            campaign_id=campaign.pk,
            stage_id=existing.pk,
        )
    form = StageForm(
        request.POST or None, kind=stage_kind, initial=StageForm.initial_for(stage_kind)
    )
    status = _form_status(request)
    if request.method == "POST" and form.is_valid():
        try:
            add_stage(campaign=campaign, actor=access.user, kind=stage_kind, **form.cleaned_data)
        except RulesLocked as refusal:
            return _refuse_locked(request, access, refusal.campaign)
        except StageExists:
            form.add_error(
                None,
                gettext("This campaign already has a %(stage)s stage. Change that one instead")
                % {"stage": stage_kind.label},
            )
            status = 409
        else:
            messages.success(
                request, gettext("%(stage)s stage added") % {"stage": stage_kind.label}
            )
            return redirect(_after_stage_saved(access, campaign))
    return render(
        request,
        "campaigns/stage_form.html",
        {"access": access, "campaign": campaign, "form": form, "kind": stage_kind, "stage": None},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def stage_change(
    request: HttpRequest, organisation_slug: str, campaign_id: int, stage_id: int
) -> HttpResponse:
    access = require_staff(request, organisation_slug, CHANGERS)
    campaign = _campaign(access, campaign_id)
    stage = get_stage(campaign, stage_id)
    if stage is None:
        raise Http404
    if not campaign.rules_may_change:
        return _refuse_locked(request, access, campaign)
    kind = Stage.Kind(stage.kind)
    form = StageForm(request.POST or None, kind=kind, initial=StageForm.initial_from(stage))
    if request.method == "POST" and form.is_valid():
        try:
            change_stage(stage=stage, actor=access.user, **form.cleaned_data)
        except RulesLocked as refusal:
            return _refuse_locked(request, access, refusal.campaign)
        messages.success(request, gettext("%(stage)s stage changed") % {"stage": kind.label})
        return redirect(_after_stage_saved(access, campaign))
    return render(
        request,
        "campaigns/stage_form.html",
        {"access": access, "campaign": campaign, "form": form, "kind": kind, "stage": stage},
        status=_form_status(request),
    )


@require_http_methods(["GET", "POST"])
def stage_remove(
    request: HttpRequest, organisation_slug: str, campaign_id: int, stage_id: int
) -> HttpResponse:
    access = require_staff(request, organisation_slug, CHANGERS)
    campaign = _campaign(access, campaign_id)
    stage = get_stage(campaign, stage_id)
    if stage is None:
        raise Http404
    if not campaign.rules_may_change:
        return _refuse_locked(request, access, campaign)
    if request.method == "POST":
        try:
            remove_stage(stage=stage, actor=access.user)
        except RulesLocked as refusal:
            return _refuse_locked(request, access, refusal.campaign)
        messages.success(
            request, gettext("%(stage)s stage removed") % {"stage": stage.get_kind_display()}
        )
        return redirect(
            "campaigns:stages", organisation_slug=organisation_slug, campaign_id=campaign.pk
        )
    return render(
        request,
        "campaigns/stage_remove.html",
        {"access": access, "campaign": campaign, "stage": stage},
    )


@require_http_methods(["GET", "POST"])
def consensus_shift(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    access = require_staff(request, organisation_slug, CHANGERS)
    campaign = _campaign(access, campaign_id)
    if not campaign.rules_may_change:
        return _refuse_locked(request, access, campaign)
    form = ConsensusShiftForm(
        request.POST or None,
        initial=ConsensusShiftForm.initial_from(campaign),
        community_stage=get_community_stage(campaign),
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_consensus_shift(
                campaign=campaign,
                actor=access.user,
                consensus_shift_points=form.cleaned_data["consensus_shift_points"],
            )
        except RulesLocked as refusal:
            return _refuse_locked(request, access, refusal.campaign)
        messages.success(request, gettext("Consensus-shift threshold saved"))
        return redirect(
            _after_task(
                access,
                campaign,
                reverse("campaigns:consensus_shift", args=[organisation_slug, campaign.pk]),
            )
        )
    return render(
        request,
        "campaigns/consensus_shift.html",
        {"access": access, "campaign": campaign, "form": form},
        status=_form_status(request),
    )


# Check the rules, lock them, and the confirmation.


@require_http_methods(["GET", "POST"])
def rules_check(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """Check answers: every stage's weight, scale and minimum, the threshold, and Lock."""
    access = _access(request, organisation_slug)
    campaign = _campaign(access, campaign_id)
    locked = not campaign.rules_may_change
    if request.method == "POST":
        if locked:
            return _refuse_locked(request, access, campaign)
        try:
            lock_campaign_rules(campaign=campaign, actor=access.user)
        except RulesLocked as refusal:
            return _refuse_locked(request, access, refusal.campaign)
        except RulesIncomplete:
            pass  # shown below from the rules as they now stand
        else:
            return redirect(
                "campaigns:rules_locked",
                organisation_slug=organisation_slug,
                campaign_id=campaign.pk,
            )
    rules = get_campaign_rules(campaign)
    refused = request.method == "POST"
    return render(
        request,
        "campaigns/rules_check.html",
        {
            "access": access,
            "campaign": campaign,
            "rules": rules,
            "editable": access.holds(*CHANGERS) and not locked,
            "error_summary": _rules_error_summary(access, campaign, rules) if refused else None,
        },
        status=400 if refused else 200,
    )


def _rules_error_summary(
    access: StaffAccess, campaign: Campaign, rules: CampaignRules
) -> dict[str, Any]:
    stages_url = reverse("campaigns:stages", args=[access.organisation.slug, campaign.pk])
    return {
        "titleText": gettext("There is a problem"),
        "errorList": [{"text": problem, "href": stages_url} for problem in rules.problems],
    }


@require_GET
def rules_locked(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    access = _access(request, organisation_slug)
    campaign = _campaign(access, campaign_id)
    if campaign.rules_may_change:
        return redirect(
            "campaigns:rules", organisation_slug=organisation_slug, campaign_id=campaign.pk
        )
    return render(request, "campaigns/rules_locked.html", {"access": access, "campaign": campaign})
