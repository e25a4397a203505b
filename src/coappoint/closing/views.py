"""Closing the loop pages: the programme manager writes, approves and sends; auditors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext, pgettext
from django.views.decorators.http import require_http_methods, require_POST

from coappoint.campaigns.models import Campaign, Candidate
from coappoint.campaigns.queries import get_campaign
from coappoint.closing.forms import APPROVE, MessageForm, ThanksPaidForm
from coappoint.closing.queries import (
    TRANSLATED,
    can_be_paid,
    draft_candidate_feedback,
    draft_recruiter_message,
    get_candidate,
    get_decision,
    get_feedback,
    get_message,
    get_send_plan,
    get_thanks,
    language_name,
    list_feedback,
    list_language_tasks,
    list_languages,
    list_thanks,
)
from coappoint.closing.services import (
    AlreadySent,
    NoEmailAddress,
    NotApproved,
    NotPayable,
    mark_thanks_paid,
    save_candidate_feedback,
    save_recruiter_message,
    send_candidate_feedback,
    send_recruiter_messages,
)
from coappoint.notify.queries import was_only_kept, were_all_only_kept
from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Role

READERS = (Role.PROGRAMME_MANAGER, Role.AUDITOR)
MANAGERS = (Role.PROGRAMME_MANAGER,)


def _access(
    request: HttpRequest, organisation_slug: str, campaign_id: int
) -> tuple[StaffAccess, Campaign]:
    """Managers read and write; auditors only read, so a POST from them is refused (403)."""
    access = require_staff(request, organisation_slug, READERS, write=MANAGERS)
    campaign = get_campaign(access.organisation, campaign_id)
    if campaign is None:
        raise Http404
    return access, campaign


def _overview(access: StaffAccess, campaign: Campaign) -> HttpResponse:
    return redirect("closing:overview", access.organisation.slug, campaign.pk)


def _context(access: StaffAccess, campaign: Campaign, **more: Any) -> dict[str, Any]:
    return {
        "access": access,
        "campaign": campaign,
        "can_change": access.holds(*MANAGERS),
        **more,
    }


def _status(status: str) -> dict[str, Any]:
    words = {
        "not_started": (pgettext("status of a message", "Not yet started"), "govuk-tag--blue"),
        "draft": (pgettext("status of a message", "Draft"), "govuk-tag--light-blue"),
        "approved": (pgettext("status of a message", "Approved"), "govuk-tag--green"),
        "sent": (pgettext("status of a message", "Sent"), ""),
    }
    text, classes = words[status]
    if not classes:
        return {"text": text}
    return {"tag": {"text": text, "classes": classes}}


@require_http_methods(["GET"])
def overview(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """The task list: a message per language, feedback per candidate, thanks paid."""
    access, campaign = _access(request, organisation_slug, campaign_id)
    decision = get_decision(campaign)
    if decision is None:
        return render(request, "closing/no_decision.html", _context(access, campaign))
    slug = access.organisation.slug
    language_tasks = list_language_tasks(campaign)
    message_items = [
        {
            "title": {"text": task.name},
            "hint": {
                "text": ngettext(
                    "%(count)s recruiter prefers this language",
                    "%(count)s recruiters prefer this language",
                    task.recruiter_count,
                )
                % {"count": task.recruiter_count}
            },
            "href": reverse("closing:message", args=[slug, campaign.pk, task.language]),
            "status": _status(task.status),
        }
        for task in language_tasks
    ]
    message_items.append(
        {
            "title": {"text": gettext("Send the approved messages")},
            "href": reverse("closing:send", args=[slug, campaign.pk]),
            "status": {"text": gettext("Check who gets which message first")},
        }
    )
    feedback_items = []
    for candidate, feedback in list_feedback(campaign):
        if feedback is None:
            status = "not_started"
        elif feedback.sent_at is not None:
            status = "sent"
        else:
            status = "approved" if feedback.is_approved else "draft"
        feedback_items.append(
            {
                "title": {"text": candidate.full_name},
                "hint": {
                    "text": pgettext("outcome for a candidate", "Appointed")
                    if decision.appointed_id == candidate.pk
                    else pgettext("outcome for a candidate", "Not appointed")
                },
                "href": reverse("closing:feedback", args=[slug, campaign.pk, candidate.pk]),
                "status": _status(status),
            }
        )
    return render(
        request,
        "closing/overview.html",
        _context(
            access,
            campaign,
            decision=decision,
            message_tasks={"idPrefix": "message-tasks", "items": message_items},
            feedback_tasks={"idPrefix": "feedback-tasks", "items": feedback_items},
            thanks_tasks={
                "idPrefix": "thanks-tasks",
                "items": [
                    {
                        "title": {"text": gettext("Payments and vouchers")},
                        "hint": {"text": gettext("Mark accepted payments and vouchers as paid")},
                        "href": reverse("closing:thanks", args=[slug, campaign.pk]),
                        "status": {"text": gettext("Update as you pay")},
                    }
                ],
            },
        ),
    )


@require_http_methods(["GET", "POST"])
def message(
    request: HttpRequest, organisation_slug: str, campaign_id: int, language: str
) -> HttpResponse:
    """Edit the message in one language, and save it as a draft or approve it."""
    access, campaign = _access(request, organisation_slug, campaign_id)
    decision = get_decision(campaign)
    if decision is None:
        return _overview(access, campaign)
    if language not in list_languages(campaign):
        raise Http404
    saved = get_message(campaign, language)
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            approve = request.POST.get("action") == APPROVE
            try:
                save_recruiter_message(
                    campaign=campaign,
                    language=language,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    approve=approve,
                    actor=access.user,
                )
            except AlreadySent:
                messages.error(request, gettext("This message was sent, so it cannot change."))
                return _overview(access, campaign)
            messages.success(
                request,
                (
                    gettext("The %(language)s message is approved.")
                    if approve
                    else gettext("The %(language)s message is saved as a draft.")
                )
                % {"language": language_name(language)},
            )
            return _overview(access, campaign)
        status = 400
    else:
        if saved is not None:
            initial = {"subject": saved.subject, "body": saved.body}
        else:
            draft = draft_recruiter_message(decision, language)
            initial = {"subject": draft.subject, "body": draft.body}
        form = MessageForm(initial=initial)
        status = 200
    return render(
        request,
        "closing/message_form.html",
        _context(
            access,
            campaign,
            form=form,
            message=saved,
            message_kept=saved is not None
            and saved.sent_at is not None
            and were_all_only_kept(
                [delivery.email_reference for delivery in saved.deliveries.all()]
            ),
            language=language,
            language_name=language_name(language),
            translated_draft=language in TRANSLATED,
            is_english=language == "en",
        ),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """Check who gets which message, then send the approved ones: once per recruiter."""
    access, campaign = _access(request, organisation_slug, campaign_id)
    if get_decision(campaign) is None:
        return _overview(access, campaign)
    if request.method == "POST":
        result = send_recruiter_messages(campaign=campaign, actor=access.user)
        if result.emailed and result.kept_only:
            messages.success(
                request,
                ngettext(
                    "%(count)s message to community recruiters was kept in the outbox: "
                    "messages are not being sent from this site.",
                    "%(count)s messages to community recruiters were kept in the outbox: "
                    "messages are not being sent from this site.",
                    result.emailed,
                )
                % {"count": result.emailed},
            )
        elif result.emailed:
            messages.success(
                request,
                ngettext(
                    "%(count)s message is on its way to community recruiters.",
                    "%(count)s messages are on their way to community recruiters.",
                    result.emailed,
                )
                % {"count": result.emailed},
            )
        else:
            messages.success(request, gettext("Nothing new to send: nobody was emailed again."))
        return redirect("closing:send", access.organisation.slug, campaign.pk)
    return render(
        request, "closing/send.html", _context(access, campaign, plan=get_send_plan(campaign))
    )


def _candidate(campaign: Campaign, candidate_id: int) -> Candidate:
    candidate = get_candidate(campaign, candidate_id)
    if candidate is None:
        raise Http404
    return candidate


@require_http_methods(["GET", "POST"])
def feedback(
    request: HttpRequest, organisation_slug: str, campaign_id: int, candidate_id: int
) -> HttpResponse:
    """Edit one candidate's feedback, save it as a draft or approve it; then send it."""
    access, campaign = _access(request, organisation_slug, campaign_id)
    decision = get_decision(campaign)
    if decision is None:
        return _overview(access, campaign)
    candidate = _candidate(campaign, candidate_id)
    saved = get_feedback(candidate)
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            approve = request.POST.get("action") == APPROVE
            try:
                save_candidate_feedback(
                    campaign=campaign,
                    candidate=candidate,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    approve=approve,
                    actor=access.user,
                )
            except AlreadySent:
                messages.error(request, gettext("This feedback was sent, so it cannot change."))
                return _overview(access, campaign)
            messages.success(
                request,
                gettext("The feedback is approved. You can now send it.")
                if approve
                else gettext("The feedback is saved as a draft."),
            )
            return redirect("closing:feedback", access.organisation.slug, campaign.pk, candidate.pk)
        status = 400
    else:
        if saved is not None:
            initial = {"subject": saved.subject, "body": saved.body}
        else:
            draft = draft_candidate_feedback(decision, candidate)
            initial = {"subject": draft.subject, "body": draft.body}
        form = MessageForm(initial=initial)
        status = 200
    return render(
        request,
        "closing/feedback_form.html",
        _context(
            access,
            campaign,
            form=form,
            feedback=saved,
            feedback_kept=bool(saved and was_only_kept(saved.email_reference)),
            candidate=candidate,
            appointed=decision.appointed_id == candidate.pk,
        ),
        status=status,
    )


@require_POST
def feedback_send(
    request: HttpRequest, organisation_slug: str, campaign_id: int, candidate_id: int
) -> HttpResponse:
    access, campaign = _access(request, organisation_slug, campaign_id)
    if get_decision(campaign) is None:
        return _overview(access, campaign)
    candidate = _candidate(campaign, candidate_id)
    try:
        send_candidate_feedback(candidate=candidate, actor=access.user)
    except NotApproved:
        messages.error(request, gettext("Approve the feedback before you send it."))
    except NoEmailAddress:
        messages.error(
            request,
            gettext("There is no email address for this candidate. Tell them another way."),
        )
    else:
        messages.success(
            request,
            gettext("The feedback is sent to %(name)s.") % {"name": candidate.called},
        )
    return redirect("closing:feedback", access.organisation.slug, campaign.pk, candidate.pk)


@require_http_methods(["GET"])
def thanks(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    access, campaign = _access(request, organisation_slug, campaign_id)
    if get_decision(campaign) is None:
        return _overview(access, campaign)
    records = list(list_thanks(campaign))
    rows = [(record, getattr(record, "payment", None)) for record in records]
    return render(request, "closing/thanks.html", _context(access, campaign, rows=rows))


@require_http_methods(["GET", "POST"])
def thanks_paid(
    request: HttpRequest, organisation_slug: str, campaign_id: int, thanks_id: int
) -> HttpResponse:
    """Mark one accepted payment, voucher or expenses as paid, with an optional reference."""
    access, campaign = _access(request, organisation_slug, campaign_id)
    if get_decision(campaign) is None:
        return _overview(access, campaign)
    record = get_thanks(campaign, thanks_id)
    if record is None:
        raise Http404
    if not can_be_paid(record):
        return redirect("closing:thanks", access.organisation.slug, campaign.pk)
    form = ThanksPaidForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            mark_thanks_paid(
                record=record, reference=form.cleaned_data["reference"], actor=access.user
            )
        except NotPayable:
            pass
        else:
            messages.success(
                request,
                gettext("The %(kind)s for %(name)s is marked as paid.")
                % {"kind": record.get_kind_display().lower(), "name": record.recruiter.full_name},
            )
        return redirect("closing:thanks", access.organisation.slug, campaign.pk)
    return render(
        request,
        "closing/thanks_paid.html",
        _context(access, campaign, form=form, record=record),
        status=400 if form.errors else 200,
    )
