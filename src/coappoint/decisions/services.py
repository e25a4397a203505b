"""Recording the decision: once, on the outcome exactly as it was shown, and then locked."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

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
    CONSENSUS_WORDS,
    OutcomeNotAvailable,
    build_consensus_words,
    build_decision_record,
    build_names,
    compute_record_outcome,
    get_result,
    pseudonym,
    readable_record,
    record_digest,
    record_key,
    top_is_tied,
)
from coappoint.events.lifecycle import move_event
from coappoint.events.models import Event
from coappoint.rules.outcome import render_outcome
from coappoint.rules.redaction import redact_names


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
    `Decision.recorded_at` says when. The decision keeps the record (people by key only), the
    names and consensus words beside it, and the outcome's JSON (`coappoint outcome`'s, which
    recomputes it from the record); the checks here read the rules core's typed outcome.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        refused = decision_refusal(locked)
        if refused is not None:
            raise refused
        record = build_decision_record(locked)
        names, consensus_words = build_names(locked), build_consensus_words(locked)
        if record_digest(readable_record(record, names, consensus_words)) != shown_digest:
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
            names=names,
            consensus_words=consensus_words,
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


def forget_people_in_decision(*, decision: Decision, keys: set[str], now: datetime) -> None:
    """Take the people with these record keys ("c12") out of the decision, but not out of its
    record: each one's name becomes their pseudonym ("Candidate c12") in `Decision.names`, and
    their names are taken out of the decision's rationale, its tie-break justification and the
    words said with each consensus (rules.redaction: full name and each part of 3 letters or
    more, as whole words in any case). `Decision.record`, so its digest and the outcome
    `coappoint outcome` recomputes from it, is never touched.

    A key already forgotten, or not in the decision, changes nothing; the audit row (by the
    system) counts the people and the texts changed.
    """
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        names = dict(locked.names)
        forgotten = {
            pseudonym(key): names[key]
            for key in sorted(keys)
            if key in names and names[key] != pseudonym(key)
        }
        if not forgotten:
            return
        for key in keys & names.keys():
            names[key] = pseudonym(key)
        texts_changed = 0

        def redacted(text: str) -> str:
            nonlocal texts_changed
            after = redact_names(text, forgotten)
            texts_changed += after != text
            return after

        locked.names = names
        locked.rationale = redacted(locked.rationale)
        locked.tie_break_justification = redacted(locked.tie_break_justification)
        locked.consensus_words = [
            _redacted_words(words, redacted) for words in locked.consensus_words
        ]
        locked.save(
            update_fields=["names", "rationale", "tie_break_justification", "consensus_words"]
        )
        audit.record(
            now=now,
            organisation=locked.organisation,
            actor=audit.SYSTEM,
            action=AuditAction.DECISION_PEOPLE_FORGOTTEN,
            target=locked,
            after={"people_forgotten": len(forgotten), "texts_changed": texts_changed},
        )
    decision.names = locked.names
    decision.rationale = locked.rationale
    decision.tie_break_justification = locked.tie_break_justification
    decision.consensus_words = locked.consensus_words


def _redacted_words(words: Mapping[str, Any], redacted: Callable[[str], str]) -> dict[str, Any]:
    return {
        key: redacted(value) if key in CONSENSUS_WORDS and isinstance(value, str) else value
        for key, value in words.items()
    }


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
