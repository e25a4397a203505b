"""Recording the decision: once, on the outcome exactly as it was shown, and then locked."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.campaigns.lifecycle import may_move_campaign, move_campaign
from coappoint.campaigns.models import Campaign, Candidate
from coappoint.decisions.models import Decision
from coappoint.decisions.queries import (
    OutcomeNotAvailable,
    build_decision_record,
    compute_record_outcome,
    get_result,
    record_digest,
    record_key,
    top_is_tied,
)
from coappoint.events.lifecycle import move_event
from coappoint.events.models import Event
from coappoint.rules.outcome import render_outcome


class DecisionRefused(Exception):
    """The decision cannot be recorded; the message says why, `field` which answer to change."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class DecisionLocked(Exception):
    """The campaign's decision is already recorded and cannot be recorded again or changed."""


def record_decision(
    *,
    campaign: Campaign,
    appointed: Candidate | None,
    rationale: str,
    tie_break_justification: str,
    shown_digest: str,
    actor: User,
    now: datetime | None = None,
) -> Decision:
    """Record who is appointed (or no one) and why, on the outcome the manager was shown.

    The record is rebuilt under the campaign's lock and must match `shown_digest` (the record the
    page showed); the rules must be locked; the appointed candidate must be appointable; a tie at
    the top needs a justification for breaking it. The decision then locks the campaign's agreed
    scores: the campaign is decided and its events done (rules.lifecycle), and
    `Decision.recorded_at` says when. The decision keeps the record and the outcome's
    JSON (`coappoint outcome`'s, which recomputes it from the record); the checks here read
    the rules core's typed outcome.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        refused = decision_refusal(locked)
        if refused is not None:
            raise refused
        record = build_decision_record(locked)
        if record_digest(record) != shown_digest:
            raise DecisionRefused(
                gettext(
                    "The agreed scores changed since you opened this page. Check the outcome "
                    "again before recording the decision."
                )
            )
        try:
            outcome = compute_record_outcome(record)
        except OutcomeNotAvailable as error:
            raise DecisionRefused(str(error)) from error
        if not rationale.strip():
            raise DecisionRefused(gettext("Enter the reasons for the decision"), "rationale")
        if top_is_tied(outcome) and not tie_break_justification.strip():
            raise DecisionRefused(
                gettext("Enter why the tie at the top is broken this way"),
                "tie_break_justification",
            )
        if appointed is not None:
            result = get_result(outcome, record_key(appointed))
            if result is None or not result.placing.appointable:
                raise DecisionRefused(
                    gettext("Choose a candidate who is appointable, or no one"), "appointed"
                )
        rendered = render_outcome(outcome)
        decision = Decision.objects.create(
            organisation=locked.organisation,
            campaign=locked,
            appointed=appointed,
            rationale=rationale.strip(),
            tie_break_justification=tie_break_justification.strip(),
            record=record,
            outcome=rendered,
            recorded_by=actor,
            recorded_at=now,
        )
        move_campaign(locked, Campaign.State.DECIDED)
        for event in Event.objects.filter(campaign=locked).exclude(state=Event.State.DONE):
            move_event(event, Event.State.DONE)
        audit.record(
            now=now,
            organisation=locked.organisation,
            actor=actor,
            action=AuditAction.DECISION_RECORDED,
            target=decision,
            after={
                "appointed_id": None if appointed is None else appointed.pk,
                "rationale": audit.text_on(decision, "rationale"),
                "tie_break_justification": audit.text_on(decision, "tie_break_justification"),
                "outcome": rendered,
            },
        )
    campaign.state = locked.state
    return decision


def decision_refusal(campaign: Campaign) -> DecisionRefused | DecisionLocked | None:
    """Why no decision can be recorded on the campaign as it is now, or None if one can.

    rules.lifecycle decides: a decision follows the rules lock (or the interview), once.
    """
    if may_move_campaign(campaign, Campaign.State.DECIDED):
        return None
    if campaign.state == Campaign.State.SETTING_UP:
        return DecisionRefused(gettext("Lock the campaign's rules before recording the decision."))
    if campaign.state == Campaign.State.CLOSED:
        return DecisionLocked(gettext("This campaign is closed, so no decision can be recorded."))
    return DecisionLocked(
        gettext("The decision for this campaign is already recorded and cannot change.")
    )


class ClosingRefused(Exception):
    """The campaign cannot be closed as asked; the message says why."""


def close_campaign(
    *, campaign: Campaign, reason: str, actor: User, now: datetime | None = None
) -> Campaign:
    """Close the campaign: after its decision, or without one (the vacancy withdrawn, say).

    Closing without a decision needs a reason, which the audit row keeps. Every event still
    under way is done from then on: no sheet, consensus or agreed score is taken any more.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.state != Campaign.State.DECIDED and not reason.strip():
            raise ClosingRefused(gettext("Enter why the campaign is closing without a decision"))
        before = {"state": locked.state}
        move_campaign(
            locked,
            Campaign.State.CLOSED,
            refused=ClosingRefused(gettext("This campaign is already closed.")),
        )
        locked.closed_at, locked.closing_reason = now, reason.strip()
        locked.save(update_fields=["closed_at", "closing_reason"])
        for event in Event.objects.filter(campaign=locked).exclude(state=Event.State.DONE):
            move_event(event, Event.State.DONE)
        audit.record(
            now=now,
            organisation=locked.organisation,
            actor=actor,
            action=AuditAction.CAMPAIGN_CLOSED,
            target=locked,
            before=before,
            after={"state": locked.state, "reason": audit.text_on(locked, "closing_reason")},
        )
    campaign.state, campaign.closed_at = locked.state, locked.closed_at
    return locked
