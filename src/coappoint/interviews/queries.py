"""Reads for the formal interview: questions, the panel, who owes which sheet, and the scores.

Nobody (programme manager, other panel members, auditor) sees a panel score value or note
before the panel's reveal, by the rule both scorings share (coappoint.reveal, rules.sheets):
`is_panel_revealed(campaign)` says whether it has happened, and every function here that
returns a value raises `ScoresHidden` before it. The only exception is `get_own_panel_sheet`, a
member's own sheet shown to that member. Everything else (who sits on the panel, who is
pending, who knows whom) carries no values.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import QuerySet
from django.utils.text import Truncator
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.campaigns.models import Campaign, Candidate, PanelMember, Stage
from coappoint.campaigns.queries import scale_to_show
from coappoint.events.scorers import sits_on_panel
from coappoint.interviews.models import (
    AgreedInterviewScore,
    InterviewAbsence,
    InterviewQuestion,
    PanelConflict,
    PanelConflictDeclaration,
    PanelRound,
    PanelScoreSheet,
)
from coappoint.organisations.models import Membership, Organisation, Role
from coappoint.reveal.queries import only_counted, require_revealed
from coappoint.rules.scales import Scale
from coappoint.rules.sheets import Pair, SheetsOwed, sheets_owed

# --- The campaign's questions, scale and panel ----------------------------------------------


def list_questions(campaign: Campaign) -> list[InterviewQuestion]:
    return list(InterviewQuestion.objects.filter(campaign=campaign).order_by("position", "pk"))


def get_question(campaign: Campaign, question_id: int) -> InterviewQuestion | None:
    return InterviewQuestion.objects.filter(campaign=campaign, pk=question_id).first()


def question_name(question: InterviewQuestion) -> str:
    """How messages name a question: its number and its first words."""
    return gettext("question %(number)s (%(first_words)s)") % {
        "number": question.position,
        "first_words": Truncator(question.text).words(8),
    }


def get_interview_scale(campaign: Campaign) -> Scale | None:
    """The campaign's formal interview stage scale with its labels; None without that stage."""
    stage = Stage.objects.filter(campaign=campaign, kind=Stage.Kind.INTERVIEW).first()
    if stage is None:
        return None
    return scale_to_show(stage)


def labelled_points(scale: Scale) -> list[tuple[int, str]]:
    """Each point with the words people read beside it: "4 – Good", or "4" without labels."""
    return [
        (point, f"{point} – {label}" if (label := scale.label_for(point)) else str(point))
        for point in scale.points
    ]


def list_panel_role_holders(organisation: Organisation) -> QuerySet[User]:
    """Everyone holding the interview panel role in the organisation: who may sit on a panel."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(
            organisation=organisation, role=Role.INTERVIEW_PANEL
        ).values("user_id")
    ).order_by("full_name", "pk")


def list_panel(campaign: Campaign) -> list[User]:
    return [
        member.user
        for member in PanelMember.objects.filter(campaign=campaign)
        .select_related("user")
        .order_by("user__full_name", "pk")
    ]


def is_on_panel(campaign: Campaign, user: User) -> bool:
    """Whether `user` has a seat on the panel: the one answer, `events.scorers.sits_on_panel`."""
    return sits_on_panel(user, campaign)


def list_candidates(campaign: Campaign) -> list[Candidate]:
    return list(Candidate.objects.filter(campaign=campaign).order_by("first_name", "last_name"))


def get_candidate(campaign: Campaign, candidate_id: int) -> Candidate | None:
    return Candidate.objects.filter(campaign=campaign, pk=candidate_id).first()


# --- Conflicts of interest (no values) -------------------------------------------------------


def get_declaration(campaign: Campaign, user: User) -> PanelConflictDeclaration | None:
    return PanelConflictDeclaration.objects.filter(campaign=campaign, user=user).first()


def list_declared_candidate_ids(campaign: Campaign, user: User) -> set[int]:
    """The candidates `user` has answered "do you know them?" about."""
    declaration = get_declaration(campaign, user)
    if declaration is None:
        return set()
    return set(declaration.candidates.values_list("pk", flat=True))


def has_declared_about(campaign: Campaign, user: User, candidate: Candidate) -> bool:
    return candidate.pk in list_declared_candidate_ids(campaign, user)


def has_declared_about_everyone(campaign: Campaign, user: User) -> bool:
    everyone = set(Candidate.objects.filter(campaign=campaign).values_list("pk", flat=True))
    return get_declaration(campaign, user) is not None and everyone <= (
        list_declared_candidate_ids(campaign, user)
    )


def list_conflicts(campaign: Campaign, user: User | None = None) -> list[PanelConflict]:
    conflicts = PanelConflict.objects.filter(campaign=campaign).select_related("user", "candidate")
    if user is not None:
        conflicts = conflicts.filter(user=user)
    return list(conflicts.order_by("user__full_name", "candidate__first_name"))


def knows(campaign: Campaign, user: User, candidate: Candidate) -> bool:
    return PanelConflict.objects.filter(campaign=campaign, user=user, candidate=candidate).exists()


# --- Who owes which sheet, and the reveal (no values) ----------------------------------------


def get_panel_sheets_owed(campaign: Campaign) -> SheetsOwed:
    """Every panel member owes a sheet for every candidate of the campaign, except those they
    know (rules.sheets.sheets_owed). A member who has not declared yet owes a sheet for every
    candidate, so is pending for them all."""
    members = PanelMember.objects.filter(campaign=campaign).values_list("user_id", flat=True)
    candidates = list(Candidate.objects.filter(campaign=campaign).values_list("pk", flat=True))
    conflicts = [
        Pair(scorer=user, candidate=candidate)
        for user, candidate in PanelConflict.objects.filter(campaign=campaign).values_list(
            "user_id", "candidate_id"
        )
    ]
    submitted = [
        Pair(scorer=user, candidate=candidate)
        for user, candidate in PanelScoreSheet.objects.filter(campaign=campaign).values_list(
            "user_id", "candidate_id"
        )
    ]
    absent = list_absent_candidate_ids(campaign)
    return sheets_owed(
        [
            Pair(scorer=member, candidate=candidate)
            for member in members
            for candidate in candidates
        ],
        conflicts=conflicts,
        # A candidate who did not come was not interviewed: nobody owes a sheet for them.
        missed=[
            Pair(scorer=member, candidate=candidate) for member in members for candidate in absent
        ],
        submitted=submitted,
    )


@dataclass(frozen=True)
class Attendance:
    """Whether a candidate came to the interview, as the overview's attendance list shows it."""

    candidate: Candidate
    absent: bool
    scored: bool


def list_interview_attendance(campaign: Campaign) -> list[Attendance]:
    """Every candidate, whether recorded as not attending, and whether anyone has scored them
    (then they did attend and cannot be recorded as absent)."""
    absent = list_absent_candidate_ids(campaign)
    scored = set(
        PanelScoreSheet.objects.filter(campaign=campaign).values_list("candidate_id", flat=True)
    )
    return [
        Attendance(
            candidate=candidate, absent=candidate.pk in absent, scored=candidate.pk in scored
        )
        for candidate in list_candidates(campaign)
    ]


def list_absent_candidate_ids(campaign: Campaign) -> set[int]:
    """The candidates recorded as not attending the formal interview."""
    return set(
        InterviewAbsence.objects.filter(campaign=campaign).values_list("candidate_id", flat=True)
    )


def get_panel_round(campaign: Campaign) -> PanelRound | None:
    return PanelRound.objects.select_related("closed_by").filter(campaign=campaign).first()


def is_panel_revealed(campaign: Campaign) -> bool:
    """True once the panel's scores are revealed (coappoint.reveal): every sheet owed is in and
    at least one was sent, or the manager closed panel scoring with a reason.

    The moment is recorded on the panel round by the services and never undone.
    """
    return PanelRound.objects.filter(campaign=campaign, revealed_at__isnull=False).exists()


def any_panel_sheet_sent(campaign: Campaign) -> bool:
    return PanelScoreSheet.objects.filter(campaign=campaign).exists()


@dataclass(frozen=True)
class PendingPanelMember:
    """A panel member who has not sent every sheet yet: a name and candidates, never a value."""

    user: User
    has_declared: bool
    candidate_names: tuple[str, ...]


def list_pending_panel_members(campaign: Campaign) -> list[PendingPanelMember]:
    pending = get_panel_sheets_owed(campaign).pending_by_scorer
    names = {candidate.pk: candidate.full_name for candidate in list_candidates(campaign)}
    declared = set(
        PanelConflictDeclaration.objects.filter(campaign=campaign).values_list("user_id", flat=True)
    )
    rows = []
    for user in list_panel(campaign):
        theirs = sorted(
            (names[candidate] for candidate in pending.get(user.pk, ())), key=str.casefold
        )
        if theirs:
            rows.append(
                PendingPanelMember(
                    user=user, has_declared=user.pk in declared, candidate_names=tuple(theirs)
                )
            )
    return rows


class PanelSheetStatus(models.TextChoices):
    """Where a member's sheet for one candidate stands; templates compare these values."""

    KNOWS = "knows"
    UNDECLARED = "undeclared"
    SENT = "sent"
    TO_SCORE = "to_score"
    ABSENT = "absent"


@dataclass(frozen=True)
class MemberCandidateStatus:
    """For the member's own list: where their sheet for one candidate stands."""

    candidate: Candidate
    name: str
    status: PanelSheetStatus


def list_member_statuses(campaign: Campaign, user: User) -> list[MemberCandidateStatus]:
    declared = list_declared_candidate_ids(campaign, user)
    known = {conflict.candidate_id for conflict in list_conflicts(campaign, user)}
    sent = set(
        PanelScoreSheet.objects.filter(campaign=campaign, user=user).values_list(
            "candidate_id", flat=True
        )
    )
    absent = list_absent_candidate_ids(campaign)
    rows = []
    for candidate in list_candidates(campaign):
        if candidate.pk in known:
            status = PanelSheetStatus.KNOWS
        elif candidate.pk in absent:
            status = PanelSheetStatus.ABSENT
        elif candidate.pk in sent:
            status = PanelSheetStatus.SENT
        elif candidate.pk not in declared:
            status = PanelSheetStatus.UNDECLARED
        else:
            status = PanelSheetStatus.TO_SCORE
        rows.append(
            MemberCandidateStatus(candidate=candidate, name=candidate.full_name, status=status)
        )
    return rows


def find_members_submission(user: User, key: str) -> PanelScoreSheet | None:
    """The sheet a repeated submission key already made for this member (no values read)."""
    try:
        parsed = uuid.UUID(key)
    except ValueError:  # a malformed key is simply not a known submission
        return None
    return PanelScoreSheet.objects.filter(user=user, idempotency_key=parsed).first()


# --- Values: the member's own sheet, and everything after the reveal --------------------------


@dataclass(frozen=True)
class AnsweredQuestion:
    question: InterviewQuestion
    value: int
    value_text: str
    note: str


@dataclass(frozen=True)
class PanelSheetView:
    member_name: str
    candidate_id: int
    submitted_at: datetime
    answers: tuple[AnsweredQuestion, ...]


def _point_text(scale: Scale | None, value: int) -> str:
    if scale is None:
        return str(value)
    return dict(labelled_points(scale)).get(value, str(value))


def _sheet_view(sheet: PanelScoreSheet, scale: Scale | None) -> PanelSheetView:
    return PanelSheetView(
        member_name=str(sheet.user),
        candidate_id=sheet.candidate_id,
        submitted_at=sheet.submitted_at,
        answers=tuple(
            AnsweredQuestion(
                question=score.question,
                value=score.value,
                value_text=_point_text(scale, score.value),
                note=score.note,
            )
            for score in sheet.scores.select_related("question").order_by("question__position")
        ),
    )


def get_own_panel_sheet(
    campaign: Campaign, user: User, candidate: Candidate
) -> PanelSheetView | None:
    """A member's own sent sheet, for that member only: the one read allowed before the reveal."""
    sheet = (
        PanelScoreSheet.objects.select_related("user")
        .filter(campaign=campaign, user=user, candidate=candidate)
        .first()
    )
    return None if sheet is None else _sheet_view(sheet, get_interview_scale(campaign))


@dataclass(frozen=True)
class QuestionScores:
    """One question for one candidate: each member's score and note, and the agreed score."""

    question: InterviewQuestion
    by_member: tuple[tuple[str, int, str, str], ...]  # (member, value, value text, note)
    agreed: AgreedInterviewScore | None


@dataclass(frozen=True)
class CandidatePanelScores:
    candidate: Candidate
    name: str
    members_who_know_them: tuple[str, ...]
    questions: tuple[QuestionScores, ...]


def list_panel_scores(campaign: Campaign) -> list[CandidatePanelScores]:
    """After the reveal: the panel's scores per candidate and question, with names; raises
    ScoresHidden before it. Only the sheets that count (coappoint.reveal.queries.only_counted),
    as for the community's scores."""
    require_revealed(get_panel_round(campaign))
    scale = get_interview_scale(campaign)
    counted = only_counted(
        PanelScoreSheet.objects.filter(campaign=campaign)
        .select_related("user")
        .order_by("user__full_name", "pk"),
        get_panel_sheets_owed(campaign),
        pair=lambda sheet: Pair(scorer=sheet.user_id, candidate=sheet.candidate_id),
    )
    sheets = [_sheet_view(sheet, scale) for sheet in counted]
    agreed = {
        (record.candidate_id, record.question_id): record
        for record in AgreedInterviewScore.objects.filter(campaign=campaign).select_related(
            "recorded_by"
        )
    }
    conflicts = list_conflicts(campaign)
    result = []
    for candidate in list_candidates(campaign):
        theirs = [sheet for sheet in sheets if sheet.candidate_id == candidate.pk]
        questions = []
        for question in list_questions(campaign):
            by_member = tuple(
                (sheet.member_name, answer.value, answer.value_text, answer.note)
                for sheet in theirs
                for answer in sheet.answers
                if answer.question.pk == question.pk
            )
            questions.append(
                QuestionScores(
                    question=question,
                    by_member=by_member,
                    agreed=agreed.get((candidate.pk, question.pk)),
                )
            )
        result.append(
            CandidatePanelScores(
                candidate=candidate,
                name=candidate.full_name,
                members_who_know_them=tuple(
                    str(conflict.user) for conflict in conflicts if conflict.candidate == candidate
                ),
                questions=tuple(questions),
            )
        )
    return result


def get_candidate_panel_scores(campaign: Campaign, candidate: Candidate) -> CandidatePanelScores:
    for row in list_panel_scores(campaign):
        if row.candidate.pk == candidate.pk:
            return row
    raise LookupError(candidate.pk)


# --- Agreed scores: what the outcome uses ---------------------------------------------------


def list_agreed_score_records(
    campaign: Campaign, candidate: Candidate
) -> dict[int, AgreedInterviewScore]:
    """The candidate's agreed scores by question id (agreed scores are never private)."""
    return {
        record.question_id: record
        for record in AgreedInterviewScore.objects.filter(campaign=campaign, candidate=candidate)
    }


def list_agreed_scores(campaign: Campaign) -> dict[int, list[int]]:
    """Each candidate's agreed interview scores, one per question, in question order.

    Only the panel's agreed scores, never a private sheet. A candidate is in the dict only when
    every question of the campaign has an agreed score for them; a candidate missing any (or a
    campaign with no questions) is left out, so the outcome can say "not yet agreed" rather than
    combine a partial interview. `list_candidates_without_agreed_scores` names who is left out.
    """
    questions = [question.pk for question in list_questions(campaign)]
    if not questions:
        return {}
    scores: dict[int, dict[int, int]] = {}
    for candidate_id, question_id, score in AgreedInterviewScore.objects.filter(
        campaign=campaign
    ).values_list("candidate_id", "question_id", "score"):
        scores.setdefault(candidate_id, {})[question_id] = score
    return {
        candidate_id: [by_question[pk] for pk in questions]
        for candidate_id, by_question in scores.items()
        if all(pk in by_question for pk in questions)
    }


def list_candidates_without_agreed_scores(campaign: Campaign) -> list[Candidate]:
    """The campaign's candidates left out of `list_agreed_scores`: some question not agreed."""
    complete = list_agreed_scores(campaign)
    return [candidate for candidate in list_candidates(campaign) if candidate.pk not in complete]
