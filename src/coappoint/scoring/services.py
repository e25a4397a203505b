"""Writes for scoring, every one audited; no audit row holds a score value before the reveal.

Before the reveal an audit row names records by id and counts scores; a correction's old and
new values are kept on its ScoreCorrection, shown to auditors only after the reveal. The reveal
itself, closing with a reason and refusing sheets after the reveal are coappoint.reveal's.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.campaigns.models import Candidate
from coappoint.codesign.services import lock_current_criteria
from coappoint.events.lifecycle import move_event
from coappoint.events.models import Event
from coappoint.events.services import bump_live_versions
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.reveal.services import (
    close_with_reason,
    refuse_once_revealed,
    reveal_by_hand,
    reveal_when_due,
)
from coappoint.rules.scales import validate_score
from coappoint.rules.sheets import sheet_owed
from coappoint.scoring.models import (
    Comfortable,
    Score,
    ScoreCorrection,
    ScoreSheet,
    ScoringRound,
)
from coappoint.scoring.queries import (
    SheetQuestions,
    get_pair_facts,
    get_sheet_questions,
    get_sheets_owed,
    is_any_sheet_pending,
)
from coappoint.timetables.models import Timetable
from coappoint.timetables.services import record_did_not_happen, record_happened


class ScoringNotPossible(Exception):
    """The change cannot be made; the message says why in plain words."""


class SheetAlreadySent(ScoringNotPossible):
    """The recruiter already sent a sheet for this candidate: it is locked."""


class SheetNotOwed(ScoringNotPossible):
    """The recruiter owes no sheet for this candidate (rules.sheets.sheet_owed)."""


@dataclass(frozen=True)
class SendingSession:
    """The browser session a recruiter sends a sheet from (signin.participants.Participant).

    `mark` (a hash of a secret only that session holds) goes on the sheet, so its values are
    shown back in that session only until the reveal; `staff_issued` says the session was opened
    with a link or code that staff issued, and goes in the sheet's audit row.
    """

    mark: str
    staff_issued: bool


@dataclass(frozen=True)
class SheetAnswers:
    """What a score sheet says: a score per criterion id, the comfortable answer, a comment."""

    scores: Mapping[int, int]
    comfortable: Comfortable
    comment: str


def start_scoring(*, event: Event, actor: User, now: datetime | None = None) -> ScoringRound:
    """Lock the criteria and open scoring: the event moves on to scoring (rules.lifecycle).

    Raises codesign's NoCriteria, campaigns.lifecycle's RulesNotLockedForTheDay while the
    campaign's rules are not locked, or ScoringNotPossible.
    """
    now = now or timezone.now()
    with transaction.atomic():
        existing = ScoringRound.objects.select_for_update().filter(event=event).first()
        if existing is not None:
            return existing
        if not Timetable.objects.filter(event=event).exists():
            raise ScoringNotPossible(gettext("Make the timetable before scoring starts."))
        move_event(
            event,
            Event.State.SCORING,
            refused=ScoringNotPossible(gettext("Scoring has closed. Ask the facilitator.")),
        )
        version = lock_current_criteria(event=event, actor=actor, now=now)
        scoring_round = ScoringRound.objects.create(
            organisation=event.organisation,
            event=event,
            criteria_version=version,
            opened_at=now,
            opened_by=actor,
        )
        audit.record(
            now=now,
            organisation=event.organisation,
            actor=actor,
            action=AuditAction.SCORING_STARTED,
            target=scoring_round,
            after={
                "criteria_version": version.number,
                "sheets_owed": len(get_sheets_owed(event).owed),
            },
        )
        bump_live_versions(event_id=event.pk, progress=True)
    return scoring_round


def _refuse_unless_open(scoring_round: ScoringRound) -> None:
    """Refuse a sheet once the round is revealed or closed, and once the event is done (its
    campaign decided or closed); `scoring_round` is locked, with its event."""
    if scoring_round.event.state == Event.State.DONE:
        raise ScoringNotPossible(gettext("Scoring has closed. Ask the facilitator."))
    refuse_once_revealed(
        scoring_round,
        closed=ScoringNotPossible(gettext("Scoring has closed. Ask the facilitator.")),
        revealed=ScoringNotPossible(gettext("Scoring has ended: the scores are revealed.")),
    )


def _reveal_when_due(scoring_round: ScoringRound, *, actor: audit.ActorLike, now: datetime) -> None:
    """Reveal once nothing is pending and a sheet that counts is in (inside the transaction)."""
    reveal_when_due(scoring_round, owed=get_sheets_owed(scoring_round.event), actor=actor, now=now)
    _follow_the_reveal(scoring_round)


def _follow_the_reveal(scoring_round: ScoringRound) -> None:
    """Once the scores are revealed, the event moves on from scoring to deliberation."""
    if scoring_round.revealed_at is None:
        return
    event = Event.objects.select_for_update().get(pk=scoring_round.event_id)
    if event.state == Event.State.SCORING:
        move_event(event, Event.State.DELIBERATION)
    bump_live_versions(event_id=event.pk, progress=True)


def _checked_scores(
    questions: SheetQuestions, answers: SheetAnswers, whose: str
) -> list[tuple[int, int]]:
    """Every criterion of the locked version scored once, each on the scale (rules.scales)."""
    criteria = questions.criteria
    if set(answers.scores) != {criterion.pk for criterion in criteria}:
        missing = [c.name for c in criteria if c.pk not in answers.scores]
        raise ScoringNotPossible(
            gettext("Give a score for %(qualities)s.") % {"qualities": ", ".join(missing)}
            if missing
            else gettext("Score only the criteria of this event.")
        )
    return [
        (
            criterion.pk,
            validate_score(
                answers.scores[criterion.pk],
                scale=questions.scale,
                quality=criterion.name,
                whose=whose,
            ),
        )
        for criterion in criteria
    ]


def _save_sheet(
    *,
    event: Event,
    recruiter: CommunityRecruiter,
    candidate: Candidate,
    answers: SheetAnswers,
    idempotency_key: uuid.UUID,
    actor: audit.ActorLike,
    entered_on_paper_by: User | None,
    now: datetime | None,
    sent_from: SendingSession | None = None,
    questions: SheetQuestions | None = None,
) -> tuple[ScoreSheet, bool]:
    """The shared door for a recruiter's own sheet and a paper sheet; (sheet, created).

    The round's row, locked once, is the one serialisation point: of two last sheets sent at
    the same moment, the second to take it sees the first, and only it reveals. On SQLite the
    transaction itself serialises writers (BEGIN IMMEDIATE, settings.base).
    """
    now = now or timezone.now()
    if recruiter.event_id != event.pk:
        raise ScoringNotPossible(gettext("This recruiter is not at this event."))
    with transaction.atomic():
        # Lock the round before looking for a repeat: a repeat sent while its first copy is
        # being saved then waits for it, finds it, and gets the same answer (never a refusal,
        # even when that first copy was the last sheet and revealed the scores).
        scoring_round = (
            ScoringRound.objects.select_for_update(of=("self",))
            .select_related("event__organisation", "criteria_version")
            .filter(event=event)
            .first()
        )
        repeat = ScoreSheet.objects.filter(idempotency_key=idempotency_key).first()
        if repeat is not None:
            if repeat.recruiter_id != recruiter.pk:
                raise ScoringNotPossible(gettext("This submission belongs to someone else."))
            return repeat, False
        if scoring_round is None:
            raise ScoringNotPossible(gettext("Scoring has not started yet."))
        _refuse_unless_open(scoring_round)
        facts = get_pair_facts(event, recruiter.pk, candidate.pk)
        if facts is None or not sheet_owed(facts):
            raise SheetNotOwed(gettext("No score sheet is owed for this conversation."))
        if facts.sent:
            raise SheetAlreadySent(gettext("This score sheet was already sent."))
        if questions is None or questions.criteria_version_id != scoring_round.criteria_version_id:
            questions = get_sheet_questions(scoring_round, event)
        scores = _checked_scores(questions, answers, whose="")
        organisation = scoring_round.event.organisation
        try:
            with transaction.atomic():
                sheet = ScoreSheet.objects.create(
                    organisation=organisation,
                    event=event,
                    recruiter=recruiter,
                    candidate=candidate,
                    criteria_version=scoring_round.criteria_version,
                    comfortable=answers.comfortable,
                    comment=answers.comment,
                    submitted_at=now,
                    idempotency_key=idempotency_key,
                    entered_on_paper_by=entered_on_paper_by,
                    sent_from_session=sent_from.mark if sent_from is not None else "",
                )
        except IntegrityError:
            # The same key or the same pair arrived at the same moment from another request.
            repeat = ScoreSheet.objects.filter(idempotency_key=idempotency_key).first()
            if repeat is not None and repeat.recruiter_id == recruiter.pk:
                return repeat, False
            raise SheetAlreadySent(gettext("This score sheet was already sent.")) from None
        Score.objects.bulk_create(
            Score(organisation=organisation, sheet=sheet, criterion_id=pk, value=value)
            for pk, value in scores
        )
        after: dict[str, Any] = {
            "sheet": sheet.pk,
            "recruiter": recruiter.pk,
            "candidate": candidate.pk,
            "criteria_version": scoring_round.criteria_version.number,
            "scores_given": len(scores),
            "idempotency_key": str(idempotency_key),
        }
        if entered_on_paper_by is not None:
            after["entered_on_paper_by"] = entered_on_paper_by.pk
        if sent_from is not None:
            # A session opened with a link or code that staff issued may be staff's own.
            after["sent_from_a_session_staff_issued"] = sent_from.staff_issued
        audit.record(
            now=now,
            organisation=organisation,
            actor=actor,
            action=(
                AuditAction.SCORE_SHEET_ENTERED_ON_PAPER
                if entered_on_paper_by is not None
                else AuditAction.SCORE_SHEET_SUBMITTED
            ),
            target=sheet,
            after=after,
        )
        # The facilitator's list of sheets still to send has one fewer (web.stamps).
        bump_live_versions(event_id=event.pk, progress=True)
        # This sheet was owed, so it counts: with nothing else pending the reveal is due. Only
        # then (once per event) are all the sheets owed worked out, for the reveal's audit row.
        if not is_any_sheet_pending(event):
            _reveal_when_due(scoring_round, actor=actor, now=now)
    return sheet, True


def submit_score_sheet(
    *,
    recruiter: CommunityRecruiter,
    candidate: Candidate,
    answers: SheetAnswers,
    idempotency_key: uuid.UUID,
    sent_from: SendingSession | None = None,
    questions: SheetQuestions | None = None,
    now: datetime | None = None,
) -> tuple[ScoreSheet, bool]:
    """A recruiter sends their private sheet; a repeated key returns the first one unchanged.

    `sent_from` is the browser session it came from: its values are shown back there only, until
    the reveal, and the audit row says whether staff issued the link or code that opened it.
    Without one (no browser: a test, a script) they are shown back nowhere.
    `questions` are the ones the sheet's form was built from, if the caller read them already.
    Returns (sheet, created). Raises SheetAlreadySent for a second, different submission for the
    same candidate, SheetNotOwed where none is owed, and ScoringNotPossible (or rules'
    InvalidScore) for anything else refused.
    """
    return _save_sheet(
        event=recruiter.event,
        recruiter=recruiter,
        candidate=candidate,
        answers=answers,
        idempotency_key=idempotency_key,
        actor=recruiter,
        entered_on_paper_by=None,
        now=now,
        sent_from=sent_from,
        questions=questions,
    )


def enter_paper_sheet(
    *,
    event: Event,
    recruiter: CommunityRecruiter,
    candidate: Candidate,
    answers: SheetAnswers,
    idempotency_key: uuid.UUID,
    actor: User,
    now: datetime | None = None,
) -> tuple[ScoreSheet, bool]:
    """The facilitator types a recruiter's paper sheet; the audit row says who entered it."""
    return _save_sheet(
        event=event,
        recruiter=recruiter,
        candidate=candidate,
        answers=answers,
        idempotency_key=idempotency_key,
        actor=actor,
        entered_on_paper_by=actor,
        now=now,
    )


def _sheet_values(sheet: ScoreSheet) -> dict[str, Any]:
    return {
        "scores": {
            score.criterion.name: score.value
            for score in sheet.scores.select_related("criterion").order_by("criterion__position")
        },
        "comfortable": sheet.comfortable,
        "comment": sheet.comment,
    }


def correct_score_sheet(
    *,
    event: Event,
    recruiter: CommunityRecruiter,
    candidate: Candidate,
    answers: SheetAnswers,
    reason: str,
    actor: User,
    now: datetime | None = None,
) -> ScoreCorrection:
    """Replace a sent sheet's answers, with the reason. Before the reveal the audit row holds
    only ids and counts; the old and new values stay on the ScoreCorrection."""
    now = now or timezone.now()
    if not reason.strip():
        raise ScoringNotPossible(gettext("Give the reason for the correction."))
    with transaction.atomic():
        scoring_round = ScoringRound.objects.select_for_update().filter(event=event).first()
        if scoring_round is None:
            raise ScoringNotPossible(gettext("Scoring has not started yet."))
        sheet = (
            ScoreSheet.objects.select_for_update()
            .filter(event=event, recruiter=recruiter, candidate=candidate)
            .first()
        )
        if sheet is None:
            raise ScoringNotPossible(gettext("No score sheet was sent for this conversation."))
        scores = _checked_scores(get_sheet_questions(scoring_round, event), answers, whose="")
        before = _sheet_values(sheet)
        sheet.scores.all().delete()
        Score.objects.bulk_create(
            Score(organisation=event.organisation, sheet=sheet, criterion_id=pk, value=value)
            for pk, value in scores
        )
        sheet.comfortable = answers.comfortable
        sheet.comment = answers.comment
        sheet.save(update_fields=["comfortable", "comment"])
        after = _sheet_values(sheet)
        correction = ScoreCorrection.objects.create(
            organisation=event.organisation,
            sheet=sheet,
            corrected_at=now,
            corrected_by=actor,
            reason=reason.strip(),
            before=before,
            after=after,
        )
        audit_before: dict[str, Any]
        audit_after: dict[str, Any]
        if scoring_round.revealed_at is not None:
            # Comments and the reason can be about a person: kept on the correction, named here.
            audit_before = {**before, "comment": audit.text_on(correction, "before", "comment")}
            audit_after = {
                **after,
                "comment": audit.text_on(correction, "after", "comment"),
                "reason": audit.text_on(correction, "reason"),
                "correction": correction.pk,
            }
        else:
            # Before the reveal: no value, no comment, not even the reason (it may quote them).
            changed = sum(
                1 for name, value in after["scores"].items() if before["scores"].get(name) != value
            )
            audit_before = {"sheet": sheet.pk}
            audit_after = {
                "sheet": sheet.pk,
                "correction": correction.pk,
                "scores_changed": changed,
                "scores_hidden_until_the_reveal": True,
            }
        audit.record(
            now=now,
            organisation=event.organisation,
            actor=actor,
            action=AuditAction.SCORE_SHEET_CORRECTED,
            target=sheet,
            before=audit_before,
            after=audit_after,
        )
    return correction


def mark_conversation_missed(
    *,
    event: Event,
    recruiter: CommunityRecruiter,
    candidate: Candidate,
    actor: User,
    now: datetime | None = None,
) -> None:
    """Record that a conversation on the timetable did not happen: no sheet is owed for it."""
    now = now or timezone.now()
    with transaction.atomic():
        scoring_round = ScoringRound.objects.select_for_update().filter(event=event).first()
        if ScoreSheet.objects.filter(recruiter=recruiter, candidate=candidate).exists():
            raise ScoringNotPossible(
                gettext("A score sheet was sent for this conversation, so it did happen.")
            )
        changed = record_did_not_happen(
            event=event, recruiter=recruiter, candidate=candidate, actor=actor, now=now
        )
        bump_live_versions(event_id=event.pk, progress=True)
        if changed and scoring_round is not None and scoring_round.is_open:
            _reveal_when_due(scoring_round, actor=actor, now=now)


def unmark_conversation_missed(
    *, event: Event, recruiter: CommunityRecruiter, candidate: Candidate, actor: User
) -> None:
    """The conversation did happen after all; refused after the reveal (it cannot be undone)."""
    with transaction.atomic():
        scoring_round = ScoringRound.objects.select_for_update().filter(event=event).first()
        if scoring_round is not None and scoring_round.revealed_at is not None:
            raise ScoringNotPossible(gettext("The scores are revealed: this can no longer change."))
        record_happened(event=event, recruiter=recruiter, candidate=candidate, actor=actor)
        bump_live_versions(event_id=event.pk, progress=True)


def close_scoring(
    *, event: Event, reason: str, actor: User, now: datetime | None = None
) -> ScoringRound:
    """Close scoring with a recorded reason: no more sheets, and what was sent is revealed.

    Refused once the scores are revealed: closing is a reveal, and there is nothing left to stop.
    """
    now = now or timezone.now()
    if not reason.strip():
        raise ScoringNotPossible(gettext("Give the reason for closing scoring."))
    with transaction.atomic():
        scoring_round = ScoringRound.objects.select_for_update().filter(event=event).first()
        if scoring_round is None:
            raise ScoringNotPossible(gettext("Scoring has not started yet."))
        close_with_reason(
            scoring_round,
            reason=reason,
            owed=get_sheets_owed(event),
            actor=actor,
            now=now,
            closed=ScoringNotPossible(gettext("Scoring has closed. Ask the facilitator.")),
            revealed=ScoringNotPossible(gettext("Scoring has ended: the scores are revealed.")),
        )
        _follow_the_reveal(scoring_round)
    return scoring_round


def reveal_scores(*, event: Event, actor: User, now: datetime | None = None) -> ScoringRound:
    """Reveal when nothing is pending but no sheet arrived to trigger it (e.g. a new timetable).

    Allowed with no sheet in at all: staff decide, where the automatic reveal would not.
    """
    now = now or timezone.now()
    with transaction.atomic():
        scoring_round = ScoringRound.objects.select_for_update().filter(event=event).first()
        if scoring_round is None:
            raise ScoringNotPossible(gettext("Scoring has not started yet."))
        reveal_by_hand(
            scoring_round,
            owed=get_sheets_owed(event),
            actor=actor,
            now=now,
            still_pending=ScoringNotPossible(gettext("Some score sheets are still pending.")),
        )
        _follow_the_reveal(scoring_round)
    return scoring_round
