"""Forgetting people: one candidate or recruiter anonymised in place, and the retention run.

Deleting personal data means anonymising in place: the rows and their relationships stay, so
counts, timetables, audit ids and decision records still add up. A name becomes the pseudonym
the decision record already uses ("Candidate c12", "Recruiter r7"); emails, phone numbers and
free text the person wrote, or that is about them, are emptied; rows that are only personal
(adjustments, equality answers, credentials, unsent messages) are deleted.

`forget_candidate` and `forget_recruiter` are the one mechanism: retention calls them when a
period ends, and an erasure request (subject access) calls them too.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import translation

from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.campaigns.models import Campaign, Candidate
from coappoint.candidates.models import AdjustmentRequest, EqualityMonitoring
from coappoint.candidates.queries import get_equality_summary
from coappoint.closing.models import CandidateFeedback
from coappoint.codesign.models import Observation
from coappoint.decisions.models import Decision
from coappoint.decisions.services import forget_people_in_decision
from coappoint.deliberation.models import Consensus
from coappoint.events.models import DayPlace
from coappoint.events.people_keys import candidate_key, recruiter_key
from coappoint.forgetting.models import (
    ForgottenPerson,
    KeptEqualityTotals,
    PersonKind,
    RetentionRun,
)
from coappoint.forgetting.queries import (
    AGED,
    CATEGORY_ORDER,
    UNOWNED_CATEGORIES,
    aged_cutoff,
    comments_about,
    get_unowned_periods,
    list_held,
)
from coappoint.interviews.models import AgreedInterviewScore, PanelConflict, PanelScore
from coappoint.notify.models import WAITING, Message, OutboxMessage
from coappoint.organisations.models import Organisation
from coappoint.panels.models import RecruiterEqualityMonitoring
from coappoint.recruiters.models import (
    CommunityRecruiter,
    ConflictOfInterest,
    Nudge,
    SignInReissue,
    ThanksRecord,
)
from coappoint.retention.queries import get_retention_periods
from coappoint.rules.retention import Category, Period, is_due
from coappoint.scoring.models import ScoreCorrection, ScoreSheet
from coappoint.signin.models import AccessCode, SignInLink

ERASURE = "erasure"
OBSERVATION_TEXT = {"curiosity": "", "manner": "", "inclusion": "", "other": ""}


def _forget_in_decision(*, campaign: Campaign, keys: set[str], now: datetime.datetime) -> None:
    """Forget the people named by `keys` in the campaign's decision, if it has one: their
    names beside the record become pseudonyms and leave its free text; the record itself, its
    digest and its outcome stay (decisions.services.forget_people_in_decision)."""
    decision = Decision.objects.filter(campaign=campaign).first()
    if decision is None:
        return
    forget_people_in_decision(decision=decision, keys=keys, now=now)


def _forget_messages(*, person_kind: str, person_id: int, addresses: set[str]) -> int:
    """Messages to the person: unsent ones deleted, sent ones kept without address or words
    (who, why, status and times stay). The outbox names no person: its rows go by address."""
    to_them = Message.objects.filter(person_kind=person_kind, person_id=person_id)
    changed: int = to_them.filter(status__in=WAITING).delete()[0]
    changed += to_them.update(
        to="", subject="", body="", secrets=[], attachments=[], failure_reason=""
    )
    addresses = {address for address in addresses if address}
    if addresses:
        outbox = Q()
        for address in addresses:
            outbox |= Q(recipient__iexact=address)
        changed += OutboxMessage.objects.filter(outbox).delete()[0]
    return changed


def _mark_forgotten(
    *, organisation: Organisation, kind: PersonKind, pk: int, reason: str, now: datetime.datetime
) -> None:
    ForgottenPerson.objects.get_or_create(
        person_kind=kind,
        person_id=pk,
        defaults={"organisation": organisation, "reason": reason, "forgotten_at": now},
    )


def keep_equality_totals(
    *, campaign: Campaign, now: datetime.datetime
) -> KeptEqualityTotals | None:
    """Keep the campaign's equality totals as the summary page shows them (rules.disclosure),
    in the service's own language, before its answers are deleted; the first kept stays."""
    kept = KeptEqualityTotals.objects.filter(campaign=campaign).first()
    if (
        kept is not None
        or not EqualityMonitoring.objects.filter(candidate__campaign=campaign).exists()
    ):
        return kept
    with translation.override(settings.LANGUAGE_CODE):
        summary = get_equality_summary(campaign)
        totals: dict[str, Any] = {
            "shown": summary.shown,
            "respondents": summary.respondents,
            "questions": [
                {
                    "question": question.question,
                    "respondents": question.table.respondents,
                    "cells": [
                        {"label": cell.label, "count": cell.count} for cell in question.table.cells
                    ],
                }
                for question in summary.questions
            ],
        }
    return KeptEqualityTotals.objects.create(
        organisation=campaign.organisation, campaign=campaign, totals=totals, kept_at=now
    )


def forget_candidate(*, candidate: Candidate, now: datetime.datetime, reason: str) -> None:
    """Anonymise one candidate completely: their name becomes "Candidate c12", their contact
    details, adjustments, equality answers and sign-in credentials go, and every word written
    about them (feedback, notes, comments, conflicts, messages) is emptied."""
    with transaction.atomic():
        locked = (
            Candidate.objects.select_for_update().select_related("campaign").get(pk=candidate.pk)
        )
        addresses = {locked.email}
        key = candidate_key(locked.pk)
        Candidate.objects.filter(pk=locked.pk).update(
            first_name="Candidate", last_name=key, chosen_name="", email="", phone=""
        )
        if locked.campaign.state in (Campaign.State.DECIDED, Campaign.State.CLOSED):
            keep_equality_totals(campaign=locked.campaign, now=now)
        removed = {
            "adjustments": AdjustmentRequest.objects.filter(candidate=locked).delete()[0],
            "equality_answers": EqualityMonitoring.objects.filter(candidate=locked).delete()[0],
            "credentials": SignInLink.objects.filter(candidate=locked).delete()[0]
            + AccessCode.objects.filter(candidate=locked).delete()[0],
        }
        emptied = {
            "feedback": CandidateFeedback.objects.filter(candidate=locked).update(
                subject="", body=""
            ),
            "day_place_notes": DayPlace.objects.filter(candidate=locked).update(note=""),
            "conflicts": ConflictOfInterest.objects.filter(candidate=locked).update(
                how_they_know=""
            ),
            "panel_conflicts": PanelConflict.objects.filter(candidate=locked).update(how=""),
            "score_sheet_comments": ScoreSheet.objects.filter(candidate=locked).update(comment=""),
            "score_corrections": ScoreCorrection.objects.filter(sheet__candidate=locked).update(
                reason=""
            ),
            "panel_notes": PanelScore.objects.filter(sheet__candidate=locked).update(note=""),
            "agreed_score_notes": AgreedInterviewScore.objects.filter(candidate=locked).update(
                notes=""
            ),
            "consensus_words": Consensus.objects.filter(candidate=locked).update(
                rationale="", dissent="", dissent_reason="", change_reason=""
            ),
            "mingling_notes": Observation.objects.filter(candidate=locked).update(
                **OBSERVATION_TEXT
            ),
            "messages": _forget_messages(
                person_kind="candidate", person_id=locked.pk, addresses=addresses
            ),
        }
        _finish_forgetting(
            person=locked,
            campaign=locked.campaign,
            key=key,
            kind=PersonKind.CANDIDATE,
            action=AuditAction.CANDIDATE_FORGOTTEN,
            reason=reason,
            counts={**removed, **emptied},
            now=now,
        )


def _finish_forgetting(
    *,
    person: Candidate | CommunityRecruiter,
    campaign: Campaign,
    key: str,
    kind: PersonKind,
    action: AuditAction,
    reason: str,
    counts: dict[str, int],
    now: datetime.datetime,
) -> None:
    """What forgetting anyone ends with: their name out of the campaign's decision, the mark
    that they are forgotten (so no run does it again), and the audit row of counts."""
    _forget_in_decision(campaign=campaign, keys={key}, now=now)
    _mark_forgotten(
        organisation=person.organisation, kind=kind, pk=person.pk, reason=reason, now=now
    )
    audit.record(
        now=now,
        organisation=person.organisation,
        actor=audit.SYSTEM,
        action=action,
        target=person,
        after={"reason": reason, **counts},
    )


def _service_language(code: str) -> str:
    """A language the service speaks stays (it is how to write to them); one they typed goes."""
    return code if code in {language for language, _name in settings.LANGUAGES} else "en"


def forget_recruiter(*, recruiter: CommunityRecruiter, now: datetime.datetime, reason: str) -> None:
    """Anonymise one recruiter completely: their name becomes "Recruiter r7", their contact
    details, neighbourhood, access and dietary needs, a language they typed and their sign-in
    credentials go, and the words they wrote or that were written to them are emptied."""
    with transaction.atomic():
        locked = (
            CommunityRecruiter.objects.select_for_update()
            .select_related("event__campaign")
            .get(pk=recruiter.pk)
        )
        addresses = {locked.email}
        key = recruiter_key(locked.pk)
        CommunityRecruiter.objects.filter(pk=locked.pk).update(
            full_name=f"Recruiter {key}",
            neighbourhood="",
            email="",
            phone="",
            access_needs="",
            dietary_needs="",
            preferred_language=_service_language(locked.preferred_language),
        )
        removed = {
            "credentials": SignInLink.objects.filter(recruiter=locked).delete()[0]
            + AccessCode.objects.filter(recruiter=locked).delete()[0],
            "equality_answers": RecruiterEqualityMonitoring.objects.filter(
                recruiter=locked
            ).delete()[0],
        }
        emptied = {
            "nudges": Nudge.objects.filter(recruiter=locked).update(message=""),
            "reissue_reasons": SignInReissue.objects.filter(recruiter=locked).update(reason=""),
            "thanks_notes": ThanksRecord.objects.filter(recruiter=locked).update(note=""),
            "conflicts": ConflictOfInterest.objects.filter(recruiter=locked).update(
                how_they_know=""
            ),
            "score_sheet_comments": ScoreSheet.objects.filter(recruiter=locked).update(comment=""),
            "mingling_notes": Observation.objects.filter(recruiter=locked).update(
                **OBSERVATION_TEXT
            ),
            "messages": _forget_messages(
                person_kind="recruiter", person_id=locked.pk, addresses=addresses
            ),
        }
        _finish_forgetting(
            person=locked,
            campaign=locked.event.campaign,
            key=key,
            kind=PersonKind.RECRUITER,
            action=AuditAction.RECRUITER_FORGOTTEN,
            reason=reason,
            counts={**removed, **emptied},
            now=now,
        )


# Each category's step for one organisation (or, for rows of no organisation, None): it does
# what is due as of `now` and returns how many records went.


def _forget_people(
    category: Category, organisation: Organisation, period: Period, now: datetime.datetime
) -> int:
    count = 0
    for held in list_held(category, organisation):
        if not is_due(held.start, period, now=now):
            continue
        if isinstance(held.item, Candidate):
            forget_candidate(candidate=held.item, now=now, reason=category.value)
        elif isinstance(held.item, CommunityRecruiter):
            forget_recruiter(recruiter=held.item, now=now, reason=category.value)
        count += 1
    return count


def _delete_equality_answers(
    organisation: Organisation, period: Period, now: datetime.datetime
) -> int:
    count = 0
    for held in list_held(Category.EQUALITY_MONITORING, organisation):
        if isinstance(held.item, Campaign) and is_due(held.start, period, now=now):
            keep_equality_totals(campaign=held.item, now=now)
            count += EqualityMonitoring.objects.filter(candidate__campaign=held.item).delete()[0]
            # The campaign's recruiters answered the same questions, kept as long.
            count += RecruiterEqualityMonitoring.objects.filter(
                recruiter__event__campaign=held.item
            ).delete()[0]
    return count


def _empty_comments(organisation: Organisation, period: Period, now: datetime.datetime) -> int:
    count = 0
    for held in list_held(Category.COMMENTS_AND_NOTES, organisation):
        if not (isinstance(held.item, Campaign) and is_due(held.start, period, now=now)):
            continue
        queries = comments_about(held.item)
        count += queries["score_sheet_comments"].update(comment="")
        count += queries["panel_notes"].update(note="")
        count += queries["mingling_notes"].update(**OBSERVATION_TEXT)
    return count


def _remove_aged(
    category: Category,
    organisation: Organisation | None,
    period: Period,
    now: datetime.datetime,
) -> int:
    cutoff = aged_cutoff(category, period, now=now)
    count = 0
    for query, field in AGED[category](organisation):
        due: QuerySet[Model] = query.filter(Q(**{f"{field}__lte": cutoff}))
        if category is Category.MESSAGE_BODIES:
            if query.model is Message:
                count += due.update(subject="", body="", to="", secrets=[], attachments=[])
            else:
                count += due.update(subject="", body="", recipient="", attachments=[])
        else:
            # Count the rows themselves, not what deleting them cascades to.
            count += due.delete()[1].get(query.model._meta.label, 0)
    return count


def apply_category(
    category: Category,
    organisation: Organisation | None,
    period: Period,
    *,
    now: datetime.datetime,
) -> int:
    """Apply one category's step in its own transaction, with its audit row when it did
    anything."""
    with transaction.atomic():
        if category in AGED:
            count = _remove_aged(category, organisation, period, now)
        elif organisation is None or category is Category.EVALUATION_FREE_TEXT:
            # Nothing is kept of evaluations yet (issue 22); people belong to organisations.
            count = 0
        elif category is Category.EQUALITY_MONITORING:
            count = _delete_equality_answers(organisation, period, now)
        elif category is Category.COMMENTS_AND_NOTES:
            count = _empty_comments(organisation, period, now)
        else:
            count = _forget_people(category, organisation, period, now)
        if count:
            audit.record(
                now=now,
                organisation=organisation,
                actor=audit.SYSTEM,
                action=AuditAction.RETENTION_APPLIED,
                after={"category": category.value, "count": count},
            )
    return count


def remove_old_sign_in_attempts(*, now: datetime.datetime) -> int:
    """Sign-in attempts (at access codes, django-axes' and the security log's) past their
    retention period: the step housekeeping runs daily, and retention's own."""
    period = get_unowned_periods()[Category.SIGN_IN_ATTEMPTS]
    return apply_category(Category.SIGN_IN_ATTEMPTS, None, period, now=now)


def apply_retention(
    *, now: datetime.datetime, ran_at: datetime.datetime | None = None
) -> dict[Category, int]:
    """Remove, in every organisation, what its retention periods say has gone by `now`, then the
    rows of no organisation (queries.get_unowned_periods); record the run (`ran_at`, when it
    ran, is `now` unless the run looks ahead). Running it again removes nothing more."""
    counts = dict.fromkeys(CATEGORY_ORDER, 0)
    for organisation in Organisation.objects.order_by("pk"):
        periods = get_retention_periods(organisation)
        for category in CATEGORY_ORDER:
            counts[category] += apply_category(category, organisation, periods[category], now=now)
    unowned = get_unowned_periods()
    for category in UNOWNED_CATEGORIES:
        counts[category] += apply_category(category, None, unowned[category], now=now)
    RetentionRun.objects.create(
        ran_at=ran_at or now,
        as_of=now,
        applied=True,
        counts={category.value: count for category, count in counts.items()},
    )
    return counts
