"""Reads for scoring: who owes which sheet, and the sheets themselves after the reveal only.

Nobody (facilitator, programme manager, auditor, admin) sees a score value, a "comfortable"
answer or a comment before the reveal: `is_revealed(event)` says whether it has happened, and
every function here that returns any of those raises `ScoresHidden` before it (the rule is
coappoint.reveal's, shared with the interview panel). The only exception is `get_own_sheet`, a
recruiter's own sheet shown to that recruiter in the browser session that sent it. Everything
else (who owes which sheet, who is pending, whether a sheet was sent) carries no values.
`list_counted_sheets` is THE answer to "which sheets count", for the spread, the deliberation
and a candidate's feedback.
"""

from __future__ import annotations

import hmac
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, TextChoices
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coappoint.campaigns.models import Candidate, Stage
from coappoint.campaigns.queries import scale_to_show
from coappoint.codesign.models import CriteriaVersion, Criterion
from coappoint.events.models import Event
from coappoint.events.queries import list_candidate_display_names
from coappoint.recruiters.models import CommunityRecruiter, ConflictOfInterest
from coappoint.reveal.queries import only_counted, require_revealed
from coappoint.rules.agreement import median
from coappoint.rules.scales import Scale, community_scale, round_for_display
from coappoint.rules.sheets import (
    Pair,
    PairFacts,
    SheetsOwed,
    sheet_owed,
    sheet_pending,
    sheets_owed,
)
from coappoint.scoring.models import (
    Comfortable,
    Score,
    ScoreCorrection,
    ScoreSheet,
    ScoringRound,
)
from coappoint.timetables.models import Conversation
from coappoint.timetables.queries import list_current_conversations


def get_scoring_round(event: Event) -> ScoringRound | None:
    return (
        ScoringRound.objects.select_related("criteria_version", "opened_by", "closed_by")
        .filter(event=event)
        .first()
    )


def is_revealed(event: Event) -> bool:
    """True once the scores are revealed (coappoint.reveal: nothing pending and a sheet in, the
    facilitator's reveal with nothing pending, or scoring closed with a reason).

    The moment is recorded on the scoring round by the services and never undone, so a later
    change (a new timetable) cannot hide again what people have already seen.
    """
    return ScoringRound.objects.filter(event=event, revealed_at__isnull=False).exists()


def get_scale(event: Event) -> Scale:
    """The campaign's community stage scale with its labels; the default 1 to 5 if it has none."""
    stage = Stage.objects.filter(campaign_id=event.campaign_id, kind=Stage.Kind.COMMUNITY).first()
    if stage is None:
        return community_scale()
    return scale_to_show(stage)


def labelled_points(scale: Scale) -> list[tuple[int, str]]:
    """Each point with the words people read beside it: "4 – Good", or "4" without labels."""
    return [
        (point, f"{point} – {label}" if (label := scale.label_for(point)) else str(point))
        for point in scale.points
    ]


def list_criteria(version: CriteriaVersion) -> list[Criterion]:
    return list(Criterion.objects.filter(version=version).order_by("position"))


@dataclass(frozen=True)
class SheetQuestions:
    """What a score sheet asks: the locked criteria in order, and the scale they are scored on.

    Read once for a request: the form is built from it and the service checks the answers
    against it (scoring.services), as long as it is of the round's criteria version.
    """

    criteria_version_id: int
    criteria: tuple[Criterion, ...]
    scale: Scale


def get_sheet_questions(scoring_round: ScoringRound, event: Event) -> SheetQuestions:
    """The questions of `scoring_round`'s sheets, at `event` (its round's event)."""
    return SheetQuestions(
        criteria_version_id=scoring_round.criteria_version_id,
        criteria=tuple(
            Criterion.objects.filter(version_id=scoring_round.criteria_version_id).order_by(
                "position"
            )
        ),
        scale=get_scale(event),
    )


# --- Who owes which sheet (no values) --------------------------------------------------------


def list_conversations_held(event: Event) -> list[Pair]:
    """The one-to-one conversations on the event's current timetable (any status but cancelled),
    with a candidate still at the event."""
    return [
        Pair(scorer=recruiter, candidate=candidate)
        for recruiter, candidate in list_current_conversations(event)
        .filter(candidate__in=event.candidates.all())
        .values_list("recruiter_id", "candidate_id")
    ]


def _pairs_that_did_not_happen(event: Event) -> set[Pair]:
    return {
        Pair(scorer=recruiter, candidate=candidate)
        for recruiter, candidate in list_current_conversations(event)
        .filter(status=Conversation.Status.DID_NOT_HAPPEN)
        .values_list("recruiter_id", "candidate_id")
    }


def get_sheets_owed(event: Event) -> SheetsOwed:
    """Every sheet owed at the event, which are sent and which are pending (no values)."""
    conflicts = [
        Pair(scorer=recruiter, candidate=candidate)
        for recruiter, candidate in ConflictOfInterest.objects.filter(
            recruiter__event=event
        ).values_list("recruiter_id", "candidate_id")
    ]
    missed = _pairs_that_did_not_happen(event)
    submitted = [
        Pair(scorer=recruiter, candidate=candidate)
        for recruiter, candidate in ScoreSheet.objects.filter(event=event).values_list(
            "recruiter_id", "candidate_id"
        )
    ]
    withdrawn = CommunityRecruiter.objects.filter(
        event=event, withdrawn_at__isnull=False
    ).values_list("pk", flat=True)
    return sheets_owed(
        list_conversations_held(event),
        conflicts=conflicts,
        missed=missed,
        submitted=submitted,
        withdrawn=withdrawn,
    )


def _same_pair() -> dict[str, OuterRef]:
    return {"recruiter": OuterRef("recruiter_id"), "candidate": OuterRef("candidate_id")}


def get_pair_facts(event: Event, recruiter_id: int, candidate_id: int) -> PairFacts | None:
    """What rules.sheets.sheet_owed decides on for one recruiter and one candidate, in one
    query; None when they have no conversation on the event's current timetable (no sheet is
    owed, whatever else is true).

    The same facts as get_sheets_owed reads for every pair: the candidate still at the event, a
    conflict declared, a conversation of theirs recorded as not having happened, their sheet
    sent, the recruiter withdrawn.
    """
    rows = list(
        list_current_conversations(event)
        .filter(recruiter_id=recruiter_id, candidate_id=candidate_id)
        .annotate(
            at_event=Exists(
                Event.candidates.through.objects.filter(
                    event_id=event.pk, candidate_id=candidate_id
                )
            ),
            knows=Exists(
                ConflictOfInterest.objects.filter(
                    recruiter_id=recruiter_id, candidate_id=candidate_id
                )
            ),
            sent=Exists(
                ScoreSheet.objects.filter(recruiter_id=recruiter_id, candidate_id=candidate_id)
            ),
        )
        .values_list("status", "recruiter__withdrawn_at", "at_event", "knows", "sent")
    )
    if not rows:
        return None
    _status, withdrawn_at, at_event, knows, sent = rows[0]
    return PairFacts(
        met=at_event,
        knows=knows,
        # A pair that met twice owes one sheet, and none once either meeting did not happen.
        missed=any(status == Conversation.Status.DID_NOT_HAPPEN for status, *_facts in rows),
        sent=sent,
        withdrawn=withdrawn_at is not None,
    )


# Rows read at a time while looking for a pending sheet: the first is nearly always one.
_PENDING_BATCH = 50


def is_any_sheet_pending(event: Event) -> bool:
    """Whether a sheet is still pending at the event (rules.sheets.sheet_pending), without
    working out every sheet owed: the conversations held whose sheet is not in (a sent sheet is
    never pending), read a few at a time, in the timetable's order, until a pending one."""
    unsent = (
        list_current_conversations(event)
        .filter(candidate__in=event.candidates.all())
        .annotate(
            knows=Exists(ConflictOfInterest.objects.filter(**_same_pair())),
            missed=Exists(
                Conversation.objects.filter(
                    timetable=OuterRef("timetable_id"),
                    status=Conversation.Status.DID_NOT_HAPPEN,
                    **_same_pair(),
                )
            ),
            sent=Exists(ScoreSheet.objects.filter(**_same_pair())),
            withdrawn=ExpressionWrapper(
                Q(recruiter__withdrawn_at__isnull=False), output_field=BooleanField()
            ),
        )
        .filter(sent=False)
        .order_by("round", "table")
        .values_list("knows", "missed", "withdrawn")
    )
    start = 0
    while True:
        rows = list(unsent[start : start + _PENDING_BATCH])
        if any(
            sheet_pending(
                PairFacts(met=True, knows=knows, missed=missed, sent=False, withdrawn=withdrawn)
            )
            for knows, missed, withdrawn in rows
        ):
            return True
        if len(rows) < _PENDING_BATCH:
            return False
        start += _PENDING_BATCH


@dataclass(frozen=True)
class PendingRecruiter:
    """A recruiter who has not sent every sheet yet: a name and a number, never a value."""

    recruiter: CommunityRecruiter
    pending_count: int
    candidate_names: tuple[str, ...]


def _candidate_names(event: Event) -> dict[int, str]:
    return {candidate.pk: name for candidate, name in list_candidate_display_names(event)}


def list_pending_recruiters(event: Event) -> list[PendingRecruiter]:
    """Who still owes sheets, and how many, by name."""
    owed = get_sheets_owed(event)
    by_recruiter = owed.pending_by_scorer
    names = _candidate_names(event)
    recruiters = CommunityRecruiter.objects.filter(event=event, pk__in=by_recruiter).order_by(
        "full_name", "pk"
    )
    return [
        PendingRecruiter(
            recruiter=recruiter,
            pending_count=len(by_recruiter[recruiter.pk]),
            candidate_names=tuple(names.get(pk, "") for pk in by_recruiter[recruiter.pk]),
        )
        for recruiter in recruiters
    ]


class SheetStatus(TextChoices):
    """Where the sheet for one conversation stands (templates compare the values)."""

    SENT = "sent", pgettext_lazy("status of a score sheet", "Sent")
    PENDING = "pending", _("To send")
    MISSED = "missed", pgettext_lazy("status of a conversation", "Did not happen")
    KNOWS = "knows", _("Knows the candidate")


@dataclass(frozen=True)
class ConversationStatus:
    """One conversation on the timetable and where its sheet stands (no values)."""

    recruiter: CommunityRecruiter
    candidate: Candidate
    candidate_name: str
    status: SheetStatus
    entered_on_paper: bool


def list_conversation_statuses(event: Event) -> list[ConversationStatus]:
    """Every conversation held, for the facilitator to mark those that did not happen."""
    held = sorted(set(list_conversations_held(event)))
    owed = get_sheets_owed(event)
    sent = set(owed.submitted)
    missed = _pairs_that_did_not_happen(event)
    on_paper = {
        Pair(scorer=r, candidate=c)
        for r, c in ScoreSheet.objects.filter(
            event=event, entered_on_paper_by__isnull=False
        ).values_list("recruiter_id", "candidate_id")
    }
    recruiters = {r.pk: r for r in CommunityRecruiter.objects.filter(event=event)}
    candidates = {pair[0].pk: pair for pair in list_candidate_display_names(event)}
    statuses = []
    for conversation in held:
        if conversation in sent:
            status = SheetStatus.SENT
        elif conversation in missed:
            status = SheetStatus.MISSED
        elif conversation in owed.pending:
            status = SheetStatus.PENDING
        else:
            status = SheetStatus.KNOWS
        candidate, name = candidates[conversation.candidate]
        statuses.append(
            ConversationStatus(
                recruiter=recruiters[conversation.scorer],
                candidate=candidate,
                candidate_name=name,
                status=status,
                entered_on_paper=conversation in on_paper,
            )
        )
    return sorted(statuses, key=lambda s: (s.recruiter.full_name.casefold(), s.candidate_name))


def is_owed(event: Event, recruiter_id: int, candidate_id: int) -> bool:
    """Whether the recruiter owes (or has sent) a sheet for the candidate (one query)."""
    facts = get_pair_facts(event, recruiter_id, candidate_id)
    return facts is not None and sheet_owed(facts)


def sheet_was_sent(recruiter: CommunityRecruiter, candidate: Candidate) -> bool:
    return ScoreSheet.objects.filter(recruiter=recruiter, candidate=candidate).exists()


@dataclass(frozen=True)
class RecruiterSheet:
    """A sheet the recruiter owes, on their own list: the candidate and whether it was sent."""

    candidate: Candidate
    candidate_name: str
    submitted_at: datetime | None


def list_recruiter_sheets(recruiter: CommunityRecruiter) -> list[RecruiterSheet]:
    """The sheets this recruiter owes, pending first, then sent, each by candidate name."""
    event = recruiter.event
    owed = {c.candidate for c in get_sheets_owed(event).owed if c.scorer == recruiter.pk}
    sent = dict(
        ScoreSheet.objects.filter(recruiter=recruiter).values_list("candidate_id", "submitted_at")
    )
    sheets = [
        RecruiterSheet(
            candidate=candidate, candidate_name=name, submitted_at=sent.get(candidate.pk)
        )
        for candidate, name in list_candidate_display_names(event)
        if candidate.pk in owed
    ]
    return sorted(sheets, key=lambda sheet: sheet.submitted_at is not None)


@dataclass(frozen=True)
class OwnSheet:
    """A recruiter's sent sheet as they may see it now: always when it was sent; its values
    (`sheet`, with its scores) only where `get_own_sheet` allows, else None."""

    submitted_at: datetime
    idempotency_key: uuid.UUID
    sheet: ScoreSheet | None


def get_own_sheet(
    recruiter: CommunityRecruiter, candidate: Candidate, *, session_mark: str
) -> OwnSheet | None:
    """The recruiter's own sent sheet; its values only in the session that sent it.

    Private scores before the reveal are "own only" for a recruiter, and a recruiter sees their
    own sent sheet only in the browser session that sent it (shared/PRODUCT.md): a session opened
    later, from a link or code staff issued perhaps, shows only when it was sent. `session_mark`
    is signin.participants.Participant.session_mark. A paper sheet came from no session, so its
    values are shown back to nobody. After the reveal the recruiter sees their own sheet anywhere.
    """
    sheet = ScoreSheet.objects.filter(recruiter=recruiter, candidate=candidate).first()
    if sheet is None:
        return None
    same_session = bool(sheet.sent_from_session) and hmac.compare_digest(
        sheet.sent_from_session, session_mark
    )
    shown = same_session or is_revealed(recruiter.event)
    return OwnSheet(
        submitted_at=sheet.submitted_at,
        idempotency_key=sheet.idempotency_key,
        sheet=(
            ScoreSheet.objects.prefetch_related("scores__criterion").get(pk=sheet.pk)
            if shown
            else None
        ),
    )


def find_recruiters_submission(
    recruiter: CommunityRecruiter, idempotency_key: object
) -> bool | None:
    """Whether `idempotency_key` already made a sheet: True if this recruiter's, False if
    someone else's, None if it is new."""
    try:
        key = uuid.UUID(str(idempotency_key))
    except ValueError:
        return None
    owner = (
        ScoreSheet.objects.filter(idempotency_key=key)
        .values_list("recruiter_id", flat=True)
        .first()
    )
    if owner is None:
        return None
    return bool(owner == recruiter.pk)


# --- After the reveal only ---------------------------------------------------------------------


def list_counted_sheets(event: Event) -> list[ScoreSheet]:
    """The sheets that count, with their scores; raises ScoresHidden before the reveal.

    The sent sheets still owed, on the locked criteria (rules.sheets.SheetsOwed.submitted): not
    a sheet from a recruiter who later declared they know the candidate, nor one for a
    conversation no longer on the timetable. The spread, the deliberation and a candidate's
    feedback all read these, so they never disagree about which sheets count.
    """
    return _counted_sheets(event, get_scoring_round(event), with_scores=True)


def _counted_sheets(
    event: Event, scoring_round: ScoringRound | None, *, with_scores: bool
) -> list[ScoreSheet]:
    scoring_round = require_revealed(scoring_round)
    sheets = ScoreSheet.objects.filter(event=event, criteria_version=scoring_round.criteria_version)
    return only_counted(
        sheets.prefetch_related("scores") if with_scores else sheets,
        get_sheets_owed(event),
        pair=lambda sheet: Pair(scorer=sheet.recruiter_id, candidate=sheet.candidate_id),
    )


@dataclass(frozen=True)
class CountedScores:
    """The sheets that count, without Score rows: each sheet's (criterion id, value) pairs."""

    scoring_round: ScoringRound
    sheets: tuple[ScoreSheet, ...]
    values_by_sheet: dict[int, tuple[tuple[int, int], ...]]


def list_counted_scores(event: Event) -> CountedScores:
    """The sheets of `list_counted_sheets` (the same rule, the same ScoresHidden) with their
    values read as plain numbers in one query: 400 sheets of 5 scores made 2,000 Score objects
    the deliberation screen only read two fields of (issue 20)."""
    scoring_round = get_scoring_round(event)
    sheets = tuple(_counted_sheets(event, scoring_round, with_scores=False))
    assert scoring_round is not None  # revealed: _counted_sheets raised ScoresHidden otherwise
    counted = {sheet.pk for sheet in sheets}
    values: dict[int, list[tuple[int, int]]] = {pk: [] for pk in counted}
    # The event's scores, kept only for the sheets that count (no list of ids in the query).
    for sheet_id, criterion_id, value in (
        Score.objects.filter(sheet__event=event)
        .order_by("pk")
        .values_list("sheet_id", "criterion_id", "value")
    ):
        if sheet_id in counted:
            values[sheet_id].append((criterion_id, value))
    return CountedScores(
        scoring_round=scoring_round,
        sheets=sheets,
        values_by_sheet={pk: tuple(pairs) for pk, pairs in values.items()},
    )


@dataclass(frozen=True)
class PointCount:
    point: int
    count: int


@dataclass(frozen=True)
class CriterionSpread:
    """How many recruiters gave each point on one criterion, and the median for display."""

    criterion: str
    counts: tuple[PointCount, ...]
    sheet_count: int
    median: Decimal | None


@dataclass(frozen=True)
class CandidateSpread:
    """One candidate's anonymised spread: counts per point, never who gave what."""

    candidate_name: str
    sheet_count: int
    criteria: tuple[CriterionSpread, ...]
    comfortable: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ScoreSpread:
    points: tuple[tuple[int, str], ...]
    candidates: tuple[CandidateSpread, ...]
    sent_count: int
    owed_count: int


def get_score_spread(event: Event) -> ScoreSpread:
    """The anonymised spread per candidate and criterion; raises ScoresHidden before the reveal.

    The median is exact (rules.agreement.median) and rounded only for display, by
    rules.scales.round_for_display (ROUND_HALF_UP to one place).
    """
    sheets = list_counted_sheets(event)
    scoring_round = require_revealed(get_scoring_round(event))
    scale = get_scale(event)
    criteria = list_criteria(scoring_round.criteria_version)
    owed = get_sheets_owed(event)
    candidates = []
    for candidate, name in list_candidate_display_names(event):
        mine = [sheet for sheet in sheets if sheet.candidate_id == candidate.pk]
        if not mine:
            continue
        per_criterion = []
        for criterion in criteria:
            values = [
                score.value
                for sheet in mine
                for score in sheet.scores.all()
                if score.criterion_id == criterion.pk
            ]
            counted = Counter(values)
            per_criterion.append(
                CriterionSpread(
                    criterion=criterion.name,
                    counts=tuple(PointCount(point, counted[point]) for point in scale.points),
                    sheet_count=len(values),
                    median=round_for_display(median(values)) if values else None,
                )
            )
        comfortable = Counter(sheet.comfortable for sheet in mine)
        candidates.append(
            CandidateSpread(
                candidate_name=name,
                sheet_count=len(mine),
                criteria=tuple(per_criterion),
                comfortable=tuple(
                    (str(choice.label), comfortable[choice.value]) for choice in Comfortable
                ),
            )
        )
    return ScoreSpread(
        points=tuple(labelled_points(scale)),
        candidates=tuple(candidates),
        sent_count=len(sheets),
        owed_count=len(owed.owed),
    )


@dataclass(frozen=True)
class NamedSheet:
    """A sheet with the recruiter's name, for auditors after the reveal."""

    recruiter_name: str
    candidate_name: str
    submitted_at: datetime
    entered_on_paper_by: str
    scores: tuple[tuple[str, int], ...]
    comfortable: str
    comment: str
    corrections: tuple[ScoreCorrection, ...]


def list_named_sheets(event: Event) -> list[NamedSheet]:
    """Every sent sheet with names and values, for auditors; raises ScoresHidden before.

    Every sheet, counted or not: an auditor checks the sheets that were left out too.
    """
    require_revealed(get_scoring_round(event))
    names = _candidate_names(event)
    sheets = (
        ScoreSheet.objects.filter(event=event)
        .select_related("recruiter", "entered_on_paper_by")
        .prefetch_related("scores__criterion", "corrections__corrected_by")
    )
    named = [
        NamedSheet(
            recruiter_name=sheet.recruiter.full_name,
            candidate_name=names.get(sheet.candidate_id, ""),
            submitted_at=sheet.submitted_at,
            entered_on_paper_by=(
                str(sheet.entered_on_paper_by) if sheet.entered_on_paper_by is not None else ""
            ),
            scores=tuple(
                (score.criterion.name, score.value)
                for score in sorted(sheet.scores.all(), key=lambda s: s.criterion.position)
            ),
            comfortable=str(sheet.get_comfortable_display()),
            comment=sheet.comment,
            corrections=tuple(sheet.corrections.all()),
        )
        for sheet in sheets
    ]
    return sorted(named, key=lambda s: (s.candidate_name.casefold(), s.recruiter_name.casefold()))
