"""Changes to the formal interview: questions, the panel, conflicts, sheets, closing, agreeing.

Every audit row written before the panel's reveal carries ids and counts only, never a score
value or a note: the audit log is read by programme managers and auditors, who must not see
private panel scores before the reveal. The reveal itself, closing with a reason and refusing
changes after the reveal are coappoint.reveal's, shared with the community's scoring.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.campaigns.lifecycle import move_campaign
from coappoint.campaigns.models import Campaign, Candidate, PanelMember
from coappoint.interviews.models import (
    AgreedInterviewScore,
    InterviewAbsence,
    InterviewQuestion,
    PanelConflict,
    PanelConflictDeclaration,
    PanelRound,
    PanelScore,
    PanelScoreSheet,
)
from coappoint.interviews.queries import (
    any_panel_sheet_sent,
    get_interview_scale,
    get_panel_sheets_owed,
    list_panel_role_holders,
    list_questions,
    question_name,
)
from coappoint.reveal.queries import is_revealed
from coappoint.reveal.services import close_with_reason, refuse_once_revealed, reveal_when_due
from coappoint.rules.scales import validate_score


class InterviewNotPossible(Exception):
    """The change was refused; the message says why, in words for the person who asked."""


class QuestionsFrozen(InterviewNotPossible):
    """A panel member has sent a score sheet, so the questions can no longer change."""


class PanelSheetAlreadySent(InterviewNotPossible):
    """A second, different sheet for a candidate the member has already scored."""


@dataclass(frozen=True)
class Answer:
    """A score and a note, for one question (a panel member's, or the panel's agreed one)."""

    value: int
    note: str = ""


# --- Questions --------------------------------------------------------------------------------


def _refuse_frozen(campaign: Campaign) -> None:
    if any_panel_sheet_sent(campaign):
        raise QuestionsFrozen(
            gettext(
                "The questions cannot change: a panel member has already sent a score sheet, "
                "and every sheet must answer the same questions."
            )
        )


def _lock_campaign(campaign: Campaign) -> None:
    """Serialise changes to one campaign's interview (questions, panel, sheets, reveal)."""
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()


def _renumber(campaign: Campaign, ordered: list[InterviewQuestion]) -> None:
    for position, question in enumerate(ordered, start=1):
        if question.position != position:
            question.position = position
            question.save(update_fields=["position"])


def add_question(*, campaign: Campaign, text: str, guidance: str, actor: User) -> InterviewQuestion:
    """Add a question at the end of the campaign's list."""
    with transaction.atomic():
        _lock_campaign(campaign)
        _refuse_frozen(campaign)
        question = InterviewQuestion.objects.create(
            organisation=campaign.organisation,
            campaign=campaign,
            position=len(list_questions(campaign)) + 1,
            text=text.strip(),
            guidance=guidance.strip(),
        )
        audit.record(
            now=timezone.now(),
            organisation=campaign.organisation,
            actor=actor,
            action=AuditAction.INTERVIEW_QUESTION_ADDED,
            target=question,
            after={
                "position": question.position,
                "text": question.text,
                "guidance": question.guidance,
            },
        )
    return question


def change_question(
    *, question: InterviewQuestion, text: str, guidance: str, actor: User
) -> InterviewQuestion:
    with transaction.atomic():
        _lock_campaign(question.campaign)
        _refuse_frozen(question.campaign)
        before = {"text": question.text, "guidance": question.guidance}
        question.text = text.strip()
        question.guidance = guidance.strip()
        question.save(update_fields=["text", "guidance"])
        audit.record(
            now=timezone.now(),
            organisation=question.organisation,
            actor=actor,
            action=AuditAction.INTERVIEW_QUESTION_CHANGED,
            target=question,
            before=before,
            after={"text": question.text, "guidance": question.guidance},
        )
    return question


def move_question(*, question: InterviewQuestion, places: int, actor: User) -> None:
    """Move a question up (places=-1) or down (places=1); the others close up around it."""
    with transaction.atomic():
        campaign = question.campaign
        _lock_campaign(campaign)
        _refuse_frozen(campaign)
        ordered = list_questions(campaign)
        index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
        target = max(0, min(len(ordered) - 1, index + places))
        if target == index:
            return
        before = [q.pk for q in ordered]
        ordered.insert(target, ordered.pop(index))
        _renumber(campaign, ordered)
        audit.record(
            now=timezone.now(),
            organisation=campaign.organisation,
            actor=actor,
            action=AuditAction.INTERVIEW_QUESTION_MOVED,
            target=question,
            before={"order": before},
            after={"order": [q.pk for q in ordered]},
        )


def remove_question(*, question: InterviewQuestion, actor: User) -> None:
    with transaction.atomic():
        campaign = question.campaign
        _lock_campaign(campaign)
        _refuse_frozen(campaign)
        audit.record(
            now=timezone.now(),
            organisation=campaign.organisation,
            actor=actor,
            action=AuditAction.INTERVIEW_QUESTION_REMOVED,
            target=question,
            before={"position": question.position, "text": question.text},
        )
        question.delete()
        _renumber(campaign, list_questions(campaign))


# --- The panel --------------------------------------------------------------------------------


def _round_for_update(campaign: Campaign) -> PanelRound:
    panel_round, _created = PanelRound.objects.select_for_update().get_or_create(
        campaign=campaign, defaults={"organisation": campaign.organisation}
    )
    return panel_round


def set_panel(
    *, campaign: Campaign, members: Iterable[User], actor: User, now: datetime | None = None
) -> list[User]:
    """Seat exactly `members` on the campaign's panel; each must hold the interview panel role.

    A member who has sent a sheet cannot be taken off (their scores would vanish), and the
    panel cannot change after its reveal.
    """
    now = now or timezone.now()
    chosen = {user.pk: user for user in members}
    with transaction.atomic():
        _lock_campaign(campaign)
        panel_round = _round_for_update(campaign)
        refuse_once_revealed(
            panel_round,
            revealed=InterviewNotPossible(
                gettext("The panel's scores are revealed: the panel can no longer change.")
            ),
        )
        allowed = set(list_panel_role_holders(campaign.organisation).values_list("pk", flat=True))
        for user in chosen.values():
            if user.pk not in allowed:
                raise InterviewNotPossible(
                    gettext("%(name)s does not hold the interview panel role here.")
                    % {"name": user}
                )
        current = {
            member.user_id: member
            for member in PanelMember.objects.filter(campaign=campaign).select_related("user")
        }
        leaving = [current[pk] for pk in current if pk not in chosen]
        for member in leaving:
            if PanelScoreSheet.objects.filter(campaign=campaign, user_id=member.user_id).exists():
                raise InterviewNotPossible(
                    gettext("%(name)s has already sent score sheets, so they stay on the panel.")
                    % {"name": member.user}
                )
        joining = [user for pk, user in chosen.items() if pk not in current]
        for member in leaving:
            member.delete()
        for user in joining:
            PanelMember.objects.create(
                organisation=campaign.organisation,
                campaign=campaign,
                user=user,
                added_at=now,
                added_by=actor,
            )
        if leaving or joining:
            audit.record(
                now=now,
                organisation=campaign.organisation,
                actor=actor,
                action=AuditAction.INTERVIEW_PANEL_CHANGED,
                target=campaign,
                before={"panel": sorted(member.user_id for member in current.values())},
                after={"panel": sorted(user.pk for user in chosen.values())},
            )
            _reveal_when_due(panel_round, actor=actor, now=now)
    return sorted(chosen.values(), key=lambda user: user.full_name.casefold())


# --- Conflicts of interest --------------------------------------------------------------------


def declare_conflicts(
    *,
    campaign: Campaign,
    user: User,
    known: Mapping[int, str],
    candidates: Iterable[Candidate],
    now: datetime | None = None,
) -> PanelConflictDeclaration:
    """A panel member answers, for each of `candidates`, whether they know them.

    `known` maps each candidate they know to how. A member may declare again (say a candidate
    joined later) until the reveal, but cannot come to know a candidate they already scored.
    """
    now = now or timezone.now()
    candidates = list(candidates)
    with transaction.atomic():
        _lock_campaign(campaign)
        if not PanelMember.objects.filter(campaign=campaign, user=user).exists():
            raise InterviewNotPossible(gettext("You are not on this campaign's interview panel."))
        panel_round = _round_for_update(campaign)
        refuse_once_revealed(
            panel_round,
            revealed=InterviewNotPossible(
                gettext("The panel's scores are revealed: conflicts can no longer be declared.")
            ),
        )
        if any(candidate.campaign_id != campaign.pk for candidate in candidates):
            raise InterviewNotPossible(gettext("Declare only about this campaign's candidates."))
        if any(pk not in {candidate.pk for candidate in candidates} for pk in known):
            raise InterviewNotPossible(gettext("Declare only about this campaign's candidates."))
        scored = set(
            PanelScoreSheet.objects.filter(campaign=campaign, user=user).values_list(
                "candidate_id", flat=True
            )
        )
        for candidate in candidates:
            if candidate.pk in known and candidate.pk in scored:
                raise InterviewNotPossible(
                    gettext(
                        "You have already scored %(name)s. Tell the programme manager that you "
                        "know them."
                    )
                    % {"name": candidate}
                )
        declaration, _created = PanelConflictDeclaration.objects.get_or_create(
            campaign=campaign,
            user=user,
            defaults={"organisation": campaign.organisation, "declared_at": now},
        )
        declaration.declared_at = now
        declaration.save(update_fields=["declared_at"])
        declaration.candidates.add(*candidates)
        answered = {candidate.pk for candidate in candidates}
        PanelConflict.objects.filter(
            campaign=campaign, user=user, candidate_id__in=answered
        ).exclude(candidate_id__in=known).delete()
        for candidate in candidates:
            if candidate.pk in known:
                PanelConflict.objects.update_or_create(
                    campaign=campaign,
                    user=user,
                    candidate=candidate,
                    defaults={"organisation": campaign.organisation, "how": known[candidate.pk]},
                )
        audit.record(
            now=now,
            organisation=campaign.organisation,
            actor=user,
            action=AuditAction.INTERVIEW_CONFLICTS_DECLARED,
            target=declaration,
            after={
                "candidates_declared_about": sorted(answered),
                "knows": {str(pk): how for pk, how in sorted(known.items())},
            },
        )
        _reveal_when_due(panel_round, actor=user, now=now)
    return declaration


# --- Private panel sheets ---------------------------------------------------------------------


def _reveal_when_due(panel_round: PanelRound, *, actor: audit.ActorLike, now: datetime) -> None:
    """Reveal once nothing is pending and a sheet that counts is in (inside the transaction).

    A panel with no sheet in never reveals by itself: the reveal also freezes the panel and its
    conflicts, which the manager may still be setting up.
    """
    reveal_when_due(
        panel_round, owed=get_panel_sheets_owed(panel_round.campaign), actor=actor, now=now
    )


def _checked_answers(campaign: Campaign, answers: Mapping[int, Answer]) -> list[tuple[int, Answer]]:
    """Every question of the campaign answered once, each on the interview scale."""
    scale = get_interview_scale(campaign)
    if scale is None:
        raise InterviewNotPossible(
            gettext("This campaign has no formal interview stage. Add one to its rules first.")
        )
    questions = list_questions(campaign)
    if not questions:
        raise InterviewNotPossible(gettext("The programme manager has not set any questions yet."))
    missing = [question_name(q) for q in questions if q.pk not in answers]
    if missing:
        raise InterviewNotPossible(
            gettext("Give a score for %(questions)s.") % {"questions": ", ".join(missing)}
        )
    if set(answers) - {question.pk for question in questions}:
        raise InterviewNotPossible(gettext("Score only this campaign's questions."))
    return [
        (
            question.pk,
            Answer(
                value=validate_score(
                    answers[question.pk].value, scale=scale, quality=question_name(question)
                ),
                note=answers[question.pk].note.strip(),
            ),
        )
        for question in questions
    ]


def submit_panel_sheet(
    *,
    campaign: Campaign,
    user: User,
    candidate: Candidate,
    answers: Mapping[int, Answer],
    idempotency_key: uuid.UUID,
    now: datetime | None = None,
) -> tuple[PanelScoreSheet, bool]:
    """A panel member sends their private sheet; a repeated key returns the first unchanged.

    Returns (sheet, created). Refused (InterviewNotPossible, or rules' InvalidScore) for a
    member not on the panel, one who has not declared about the candidate or knows them, after
    the reveal, and for a second, different sheet (PanelSheetAlreadySent).
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Lock first: a repeat sent while its first copy is being saved waits for it, finds it,
        # and gets the same answer.
        _lock_campaign(campaign)
        repeat = PanelScoreSheet.objects.filter(idempotency_key=idempotency_key).first()
        if repeat is not None:
            if repeat.user_id != user.pk:
                raise InterviewNotPossible(gettext("This submission belongs to someone else."))
            return repeat, False
        if candidate.campaign_id != campaign.pk:
            raise InterviewNotPossible(gettext("This candidate is not in this campaign."))
        if not PanelMember.objects.filter(campaign=campaign, user=user).exists():
            raise InterviewNotPossible(gettext("You are not on this campaign's interview panel."))
        panel_round = _round_for_update(campaign)
        refuse_once_revealed(
            panel_round,
            closed=InterviewNotPossible(
                gettext("Panel scoring was closed by the programme manager.")
            ),
            revealed=InterviewNotPossible(
                gettext("The panel's scores are revealed: scoring has ended.")
            ),
        )
        declaration = PanelConflictDeclaration.objects.filter(campaign=campaign, user=user).first()
        if declaration is None or not declaration.candidates.filter(pk=candidate.pk).exists():
            raise InterviewNotPossible(
                gettext("Declare any conflict of interest with %(name)s before scoring them.")
                % {"name": candidate}
            )
        if PanelConflict.objects.filter(campaign=campaign, user=user, candidate=candidate).exists():
            raise InterviewNotPossible(
                gettext("You know %(name)s, so you do not score them.") % {"name": candidate}
            )
        if InterviewAbsence.objects.filter(campaign=campaign, candidate=candidate).exists():
            raise InterviewNotPossible(
                gettext(
                    "%(name)s is recorded as not attending the interview, so nobody scores them."
                )
                % {"name": candidate}
            )
        if PanelScoreSheet.objects.filter(
            campaign=campaign, user=user, candidate=candidate
        ).exists():
            raise PanelSheetAlreadySent(gettext("This score sheet was already sent."))
        checked = _checked_answers(campaign, answers)
        try:
            with transaction.atomic():
                sheet = PanelScoreSheet.objects.create(
                    organisation=campaign.organisation,
                    campaign=campaign,
                    user=user,
                    candidate=candidate,
                    submitted_at=now,
                    idempotency_key=idempotency_key,
                )
        except IntegrityError:
            repeat = PanelScoreSheet.objects.filter(idempotency_key=idempotency_key).first()
            if repeat is not None and repeat.user_id == user.pk:
                return repeat, False
            raise PanelSheetAlreadySent(gettext("This score sheet was already sent.")) from None
        PanelScore.objects.bulk_create(
            PanelScore(
                organisation=campaign.organisation,
                sheet=sheet,
                question_id=pk,
                value=answer.value,
                note=answer.note,
            )
            for pk, answer in checked
        )
        audit.record(
            now=now,
            organisation=campaign.organisation,
            actor=user,
            action=AuditAction.INTERVIEW_SHEET_SUBMITTED,
            target=sheet,
            after={
                "sheet": sheet.pk,
                "candidate": candidate.pk,
                "questions_scored": len(checked),
                "idempotency_key": str(idempotency_key),
            },
        )
        _interview_started(campaign)
        _reveal_when_due(panel_round, actor=user, now=now)
    return sheet, True


def _interview_started(campaign: Campaign) -> None:
    """The panel has started scoring: a campaign with its rules locked is at its interview.

    A campaign still being set up stays so (its rules can still be locked); rules.lifecycle
    lets it be decided from "rules locked" too.
    """
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.state == Campaign.State.RULES_LOCKED:
        move_campaign(locked, Campaign.State.INTERVIEW)


def _attendance_open(campaign: Campaign) -> PanelRound:
    """Lock the campaign and its panel round; refused once the panel's scores are revealed."""
    _lock_campaign(campaign)
    panel_round = _round_for_update(campaign)
    refuse_once_revealed(
        panel_round,
        revealed=InterviewNotPossible(
            gettext("The panel's scores are revealed: attendance can no longer change.")
        ),
    )
    return panel_round


def record_interview_absence(
    *, campaign: Campaign, candidate: Candidate, actor: User, now: datetime | None = None
) -> InterviewAbsence:
    """The candidate did not come to the interview: nobody owes a sheet for them, so the
    panel's scores reveal once the others are in, without closing panel scoring; the outcome
    lists them as not attending. Refused once the scores are revealed, or once a panel member
    has sent a sheet for them (then they did come)."""
    now = now or timezone.now()
    with transaction.atomic():
        panel_round = _attendance_open(campaign)
        if PanelScoreSheet.objects.filter(campaign=campaign, candidate=candidate).exists():
            raise InterviewNotPossible(
                gettext("A panel member has already scored %(name)s, so they did attend.")
                % {"name": candidate.full_name}
            )
        absence, created = InterviewAbsence.objects.get_or_create(
            campaign=campaign,
            candidate=candidate,
            defaults={
                "organisation": campaign.organisation,
                "recorded_by": actor,
                "recorded_at": now,
            },
        )
        if created:
            audit.record(
                now=now,
                organisation=campaign.organisation,
                actor=actor,
                action=AuditAction.INTERVIEW_ABSENCE_RECORDED,
                target=absence,
                after={"candidate": candidate.pk},
            )
            _reveal_when_due(panel_round, actor=actor, now=now)
    return absence


def withdraw_interview_absence(
    *, campaign: Campaign, candidate: Candidate, actor: User, now: datetime | None = None
) -> None:
    """They came after all (recorded by mistake): sheets are owed for them again."""
    now = now or timezone.now()
    with transaction.atomic():
        _attendance_open(campaign)
        absence = InterviewAbsence.objects.filter(campaign=campaign, candidate=candidate).first()
        if absence is None:
            return
        audit.record(
            now=now,
            organisation=campaign.organisation,
            actor=actor,
            action=AuditAction.INTERVIEW_ABSENCE_WITHDRAWN,
            target=absence,
            before={"candidate": candidate.pk},
        )
        absence.delete()


def close_panel_scoring(
    *, campaign: Campaign, reason: str, actor: User, now: datetime | None = None
) -> PanelRound:
    """The programme manager closes panel scoring with a recorded reason: the scores show."""
    now = now or timezone.now()
    if not reason.strip():
        raise InterviewNotPossible(gettext("Enter why you are closing panel scoring."))
    with transaction.atomic():
        _lock_campaign(campaign)
        panel_round = _round_for_update(campaign)
        close_with_reason(
            panel_round,
            reason=reason,
            owed=get_panel_sheets_owed(campaign),
            actor=actor,
            now=now,
            closed=InterviewNotPossible(gettext("Panel scoring is already closed.")),
            revealed=InterviewNotPossible(
                gettext("Every sheet is in and the panel's scores are revealed already.")
            ),
        )
        _interview_started(campaign)
    return panel_round


# --- The panel's agreed scores ----------------------------------------------------------------


def record_agreed_scores(
    *,
    campaign: Campaign,
    candidate: Candidate,
    answers: Mapping[int, Answer],
    reason: str,
    actor: User,
    now: datetime | None = None,
) -> list[AgreedInterviewScore]:
    """Record the panel's agreed score and notes for every question, after the reveal.

    Changing a score or its notes once recorded needs a reason, which the audit row keeps.
    Refused once the campaign is decided (`Campaign.state`, rules.lifecycle).
    """
    now = now or timezone.now()
    with transaction.atomic():
        _lock_campaign(campaign)
        if Campaign.objects.filter(
            pk=campaign.pk, state__in=(Campaign.State.DECIDED, Campaign.State.CLOSED)
        ).exists():
            raise InterviewNotPossible(
                gettext("The decision is recorded, so the agreed scores cannot change.")
            )
        if candidate.campaign_id != campaign.pk:
            raise InterviewNotPossible(gettext("This candidate is not in this campaign."))
        if not is_revealed(PanelRound.objects.filter(campaign=campaign).first()):
            raise InterviewNotPossible(
                gettext(
                    "The panel agrees its scores after the reveal: when every sheet is in, or "
                    "the programme manager closes panel scoring."
                )
            )
        checked = _checked_answers(campaign, answers)
        existing = {
            record.question_id: record
            for record in AgreedInterviewScore.objects.select_for_update().filter(
                campaign=campaign, candidate=candidate
            )
        }
        changes = [
            (pk, answer)
            for pk, answer in checked
            if pk not in existing
            or (existing[pk].score, existing[pk].notes) != (answer.value, answer.note)
        ]
        if any(pk in existing for pk, _answer in changes) and not reason.strip():
            raise InterviewNotPossible(gettext("Enter why the agreed score is changing."))
        saved = []
        for pk, answer in checked:
            record = existing.get(pk)
            before: dict[str, Any] | None = None
            if record is None:
                record = AgreedInterviewScore(
                    organisation=campaign.organisation,
                    campaign=campaign,
                    candidate=candidate,
                    question_id=pk,
                )
            elif (record.score, record.notes) == (answer.value, answer.note):
                saved.append(record)
                continue
            else:
                before = {"score": record.score, "notes_characters": len(record.notes)}
            record.score = answer.value
            record.notes = answer.note
            record.recorded_by = actor
            record.recorded_at = now
            record.save()
            after: dict[str, Any] = {
                "candidate": candidate.pk,
                "question": pk,
                "score": record.score,
                # Notes are about the candidate: kept on the record, named here.
                "notes": audit.text_on(record, "notes"),
            }
            if before is not None:
                after["reason_characters"] = len(reason.strip())
            audit.record(
                now=now,
                organisation=campaign.organisation,
                actor=actor,
                action=(
                    AuditAction.INTERVIEW_AGREED_SCORE_CHANGED
                    if before is not None
                    else AuditAction.INTERVIEW_AGREED_SCORE_RECORDED
                ),
                target=record,
                before=before,
                after=after,
            )
            saved.append(record)
    return saved
