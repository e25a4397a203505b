"""The outcome page, recording the decision, and the decision record's exports.

Before the decision the outcome is computed from the current agreed scores; once recorded, every
page and export shows the decision's own record and its outcome. The pages recompute the rules
core's typed outcome from that record: the core is pure, so unless the rules themselves change it
is the outcome the decision was made on, figure for figure. The JSON export carries the outcome's
JSON exactly as the decision stored it, and the PDF and the spreadsheet are made from that same
JSON document (decisions.exports.record_parts), so they cannot disagree with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from coappoint.campaigns.models import Campaign, Candidate
from coappoint.campaigns.queries import get_campaign
from coappoint.decisions.exports import (
    decision_document,
    page_numbers_css,
    record_parts,
    record_workbook,
)
from coappoint.decisions.forms import NO_ONE, DecisionForm
from coappoint.decisions.models import Decision
from coappoint.decisions.queries import (
    OutcomeDescription,
    OutcomeNotAvailable,
    build_consensus_words,
    build_decision_record,
    build_names,
    compute_record_outcome,
    describe_did_not_attend,
    describe_not_ready,
    describe_outcome,
    get_decision,
    readable_record,
    record_digest,
    top_is_tied,
)
from coappoint.decisions.services import (
    DecisionLocked,
    DecisionRefused,
    decision_refusal,
    record_decision,
)
from coappoint.events.people_keys import candidate_pk
from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Role
from coappoint.rules.outcome import Outcome

READERS = (Role.PROGRAMME_MANAGER, Role.INTERVIEW_PANEL, Role.AUDITOR, Role.FACILITATOR)
MANAGERS = (Role.PROGRAMME_MANAGER,)


@dataclass(frozen=True)
class Shown:
    """What the pages show: the record, its outcome (or why there is none) and the decision.

    `record` is the rules core's input, by people's keys (its digest is what the decision is
    made on); `readable` is it with people's names and the consensus's words, as shown.
    """

    record: dict[str, Any]
    readable: dict[str, Any]
    outcome: Outcome | None
    problem: str
    decision: Decision | None
    description: OutcomeDescription | None


def _campaign(
    request: HttpRequest, organisation_slug: str, campaign_id: int, roles: tuple[Role, ...]
) -> tuple[StaffAccess, Campaign]:
    access = require_staff(request, organisation_slug, roles)
    campaign = get_campaign(access.organisation, campaign_id)
    if campaign is None:
        raise Http404
    return access, campaign


def _shown(campaign: Campaign) -> Shown:
    decision = get_decision(campaign)
    if decision is not None:
        record = decision.record
        readable = readable_record(record, decision.names, decision.consensus_words)
    else:
        record = build_decision_record(campaign)
        readable = readable_record(record, build_names(campaign), build_consensus_words(campaign))
    try:
        outcome, problem = compute_record_outcome(record), ""
    except OutcomeNotAvailable as error:
        outcome, problem = None, str(error)
    return Shown(
        record=record,
        readable=readable,
        outcome=outcome,
        problem=problem,
        decision=decision,
        description=None if outcome is None else describe_outcome(readable, outcome),
    )


def _context(access: StaffAccess, campaign: Campaign, shown: Shown) -> dict[str, Any]:
    return {
        "access": access,
        "campaign": campaign,
        "shown": shown,
        "description": shown.description,
        "not_ready": describe_not_ready(shown.readable),
        "did_not_attend": describe_did_not_attend(shown.readable),
        "is_manager": access.holds(*MANAGERS),
        "rules_locked": campaign.state != Campaign.State.SETTING_UP,
    }


@require_GET
def outcome(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """Each candidate's stage percents, combined percent, rank and ties, the chart, and the
    community's influence in words; the decision once recorded."""
    access, campaign = _campaign(request, organisation_slug, campaign_id, READERS)
    shown = _shown(campaign)
    return render(request, "decisions/outcome.html", _context(access, campaign, shown))


def _appointable_choices(shown: Shown) -> list[tuple[str, str]]:
    if shown.description is None:
        return []
    return [(row.id, row.name) for row in shown.description.rows if row.appointable]


@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """The programme manager records who is appointed and why, once; the decision then locks."""
    access, campaign = _campaign(request, organisation_slug, campaign_id, MANAGERS)
    shown = _shown(campaign)
    context = _context(access, campaign, shown)
    not_now = decision_refusal(campaign)
    if not_now is not None or shown.outcome is None:
        context["reason"] = str(not_now) if not_now is not None else shown.problem
        return render(request, "decisions/decision_refused.html", context, status=409)
    tied = top_is_tied(shown.outcome)
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        initial={"shown_digest": record_digest(shown.readable)},
        choices=_appointable_choices(shown),
        tied=tied,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            appointed_key = form.cleaned_data["appointed"]
            # The form's choices are the outcome's own keys, so a key names a candidate.
            appointed = (
                None
                if appointed_key == NO_ONE
                else Candidate.objects.filter(
                    campaign=campaign, pk=candidate_pk(appointed_key) or 0
                ).first()
            )
            try:
                record_decision(
                    campaign=campaign,
                    appointed=appointed,
                    rationale=form.cleaned_data["rationale"],
                    tie_break_justification=form.cleaned_data.get("tie_break_justification", ""),
                    shown_digest=form.cleaned_data["shown_digest"],
                    actor=access.user,
                )
            except DecisionLocked as locked:
                context["reason"] = str(locked)
                return render(request, "decisions/decision_refused.html", context, status=409)
            except DecisionRefused as refused:
                form.add_error(refused.field, str(refused))
            else:
                messages.success(request, gettext("The decision is recorded and locked."))
                return redirect("decisions:outcome", access.organisation.slug, campaign.pk)
    return render(
        request,
        "decisions/decision_form.html",
        {**context, "form": form, "tied": tied},
        status=status,
    )


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def export_json(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """The decision record as `coappoint outcome FILE` reads it, with the outcome and decision."""
    _access, campaign = _campaign(request, organisation_slug, campaign_id, READERS)
    shown = _shown(campaign)
    document = decision_document(shown.readable, shown.outcome, shown.decision)
    return _download(
        json.dumps(document, indent=2, ensure_ascii=False),
        "application/json",
        f"decision-record-{campaign.pk}.json",
    )


def _described(
    request: HttpRequest, organisation_slug: str, campaign_id: int
) -> tuple[StaffAccess, Campaign, Shown, OutcomeDescription]:
    access, campaign = _campaign(request, organisation_slug, campaign_id, READERS)
    shown = _shown(campaign)
    if shown.description is None:
        raise Http404
    return access, campaign, shown, shown.description


@require_GET
def export_pdf(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """An A4 PDF of the JSON export's document: every part as a table, and the chart."""
    import weasyprint

    access, campaign, shown, _description = _described(request, organisation_slug, campaign_id)
    document = decision_document(shown.readable, shown.outcome, shown.decision)
    html = render_to_string(
        "decisions/print.html",
        {
            **_context(access, campaign, shown),
            "campaign_name": document.get("campaign") or campaign.name,
            "parts": record_parts(document),
            "page_numbers": page_numbers_css(gettext("Page %(page)s of %(pages)s")),
        },
        request=request,
    )
    return _download(
        weasyprint.HTML(string=html).write_pdf(),
        "application/pdf",
        f"decision-record-{campaign.pk}.pdf",
    )


@require_GET
def export_xlsx(request: HttpRequest, organisation_slug: str, campaign_id: int) -> HttpResponse:
    """A spreadsheet of the JSON export's document: one sheet per part, the PDF's tables."""
    _access, campaign, shown, _description = _described(request, organisation_slug, campaign_id)
    document = decision_document(shown.readable, shown.outcome, shown.decision)
    return _download(
        record_workbook(record_parts(document)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"decision-record-{campaign.pk}.xlsx",
    )
