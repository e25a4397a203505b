"""After a full demo day, no audit row holds a person's name or email (issue: audit log ids).

The demo is loaded, then the day is driven through its services the way staff, recruiters and
candidates drive it: invitations, sign-ins, a reissue with a reason naming someone, check-in,
messages to screens, scoring and a correction, the reveal, consensus, the interview, the
decision and the closing messages. Free text written along the way names people on purpose.
Every audit row's JSON is then scanned for every name and email the day's records hold.
"""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.forms.models import model_to_dict

from coappoint.accounts.models import User
from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Candidate
from coappoint.campaigns.services import lock_campaign_rules
from coappoint.candidates.services import choose_candidate_language
from coappoint.closing.services import (
    save_candidate_feedback,
    save_recruiter_message,
    send_candidate_feedback,
    send_recruiter_messages,
)
from coappoint.codesign.queries import get_locked_criteria
from coappoint.decisions.queries import shown_digest
from coappoint.decisions.services import record_decision
from coappoint.deliberation.services import record_consensus
from coappoint.demo.services import load_demo
from coappoint.events.models import Event
from coappoint.interviews.services import (
    Answer,
    add_question,
    declare_conflicts,
    record_agreed_scores,
    set_panel,
    submit_panel_sheet,
)
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.recruiters.services import check_in, send_nudge
from coappoint.scoring.models import Comfortable, ScoreSheet
from coappoint.scoring.services import (
    SheetAnswers,
    correct_score_sheet,
    start_scoring,
    submit_score_sheet,
)
from coappoint.signin.services import (
    invite_candidates_with_sign_in_links,
    issue_access_code,
    send_sign_in_by_email,
    use_access_code,
)
from coappoint.timetables.models import Timetable
from tests.factories import conversation_slots

pytestmark = pytest.mark.django_db


def _drive_the_day() -> Event:
    load_demo()
    event = Event.objects.get()
    campaign = event.campaign
    manager = User.objects.get(email="helen.morgan@harbourside.example")
    facilitator = User.objects.get(email="dev.patel@harbourside.example")
    panel = User.objects.get(email="grace.okafor@harbourside.example")
    candidates = {c.pk: c for c in event.candidates.all()}
    recruiters = {r.pk: r for r in event.recruiters.all()}
    first_candidate = next(iter(candidates.values()))
    first_recruiter = next(iter(recruiters.values()))

    invite_candidates_with_sign_in_links(
        event=event, candidates=list(candidates.values()), actor=manager
    )
    choose_candidate_language(candidate=first_candidate, language="cy")
    issued = issue_access_code(
        person=first_recruiter, organisation=event.organisation, event=event, actor=facilitator
    )
    use_access_code(typed_code=issued.code, ip_address="192.0.2.1")
    send_sign_in_by_email(
        recruiter=first_recruiter,
        actor=facilitator,
        reason=f"{first_recruiter.full_name} lost the first email",
    )
    for recruiter in recruiters.values():
        check_in(recruiter=recruiter, idempotency_key=uuid.uuid4(), actor=facilitator)
    send_nudge(
        recruiter=first_recruiter,
        message=f"{first_recruiter.full_name}, please go to table 2 to meet {first_candidate}",
        actor=facilitator,
    )

    if campaign.rules_locked_at is None:  # the demo locks them already
        lock_campaign_rules(campaign=campaign, actor=manager)
    start_scoring(event=event, actor=facilitator)
    criteria = list(get_locked_criteria(event).criteria.all())  # type: ignore[union-attr]
    timetable = Timetable.objects.filter(event=event).order_by("-version").first()
    assert timetable is not None
    for slot in conversation_slots(timetable):
        for conversation in slot:
            candidate = candidates[conversation["candidate"]]
            submit_score_sheet(
                recruiter=recruiters[conversation["recruiter"]],
                candidate=candidate,
                answers=SheetAnswers(
                    scores={criterion.pk: 4 for criterion in criteria},
                    comfortable=Comfortable.YES,
                    comment=f"{candidate.first_name} listened to {candidate.last_name}'s mum.",
                ),
                idempotency_key=uuid.uuid4(),
            )
    sheet = ScoreSheet.objects.filter(event=event).first()
    assert sheet is not None
    correct_score_sheet(
        event=event,
        recruiter=sheet.recruiter,
        candidate=sheet.candidate,
        answers=SheetAnswers(
            scores={criterion.pk: 3 for criterion in criteria},
            comfortable=Comfortable.YES,
            comment=f"Corrected: {sheet.candidate} was kind",
        ),
        reason=f"{sheet.recruiter.full_name} ticked the wrong column",
        actor=facilitator,
    )
    for candidate in candidates.values():
        record_consensus(
            event=event,
            candidate=candidate,
            quality=None,
            consensus_score=4,
            rationale=f"{candidate} was warm with everyone",
            dissent="",
            dissent_reason="",
            actor=facilitator,
        )
    questions = [
        add_question(campaign=campaign, text=text, guidance="", actor=manager)
        for text in ("Tell us about a time you built trust quickly.", "How would you start?")
    ]
    set_panel(campaign=campaign, members=[panel], actor=manager)
    declare_conflicts(campaign=campaign, user=panel, known={}, candidates=candidates.values())
    for candidate in candidates.values():
        answers = {question.pk: Answer(value=7) for question in questions}
        submit_panel_sheet(
            campaign=campaign,
            user=panel,
            candidate=candidate,
            answers=answers,
            idempotency_key=uuid.uuid4(),
        )
    for candidate in candidates.values():
        record_agreed_scores(
            campaign=campaign,
            candidate=candidate,
            answers={
                question.pk: Answer(value=7, note=f"{candidate} answered well")
                for question in questions
            },
            reason="",
            actor=panel,
        )
    campaign.refresh_from_db()
    record_decision(
        campaign=campaign,
        appointed=first_candidate,
        rationale=f"{first_candidate} was trusted by the whole room",
        tie_break_justification=f"{first_candidate} scored higher on listening",
        shown_digest=shown_digest(campaign),
        actor=manager,
    )
    save_recruiter_message(
        campaign=campaign,
        language="en",
        subject="Thank you",
        body="Thank you for your time on the day.",
        approve=True,
        actor=manager,
    )
    send_recruiter_messages(campaign=campaign, actor=manager)
    save_candidate_feedback(
        campaign=campaign,
        candidate=first_candidate,
        subject="Your feedback",
        body=f"Dear {first_candidate}, the recruiters valued your warmth.",
        approve=True,
        actor=manager,
    )
    send_candidate_feedback(candidate=first_candidate, actor=manager)
    return event


def _personal_values() -> set[str]:
    values: set[str] = set()
    for user in User.objects.all():
        values |= {user.full_name, user.email}
    for recruiter in CommunityRecruiter.objects.all():
        values |= {recruiter.full_name, recruiter.email, recruiter.phone}
    for candidate in Candidate.objects.all():
        values |= {str(candidate), candidate.email, candidate.phone, candidate.last_name}
    return {value for value in values if value and len(value) > 2}


def test_no_audit_row_of_a_full_demo_day_holds_a_name_or_an_email() -> None:
    _drive_the_day()
    rows = list(AuditEvent.objects.order_by("pk"))
    actions = {row.action for row in rows}
    # The day really was driven: each kind of step left its rows.
    assert {
        "candidate.invited",
        "recruiter.sign_in_reissued",
        "nudge.sent",
        "score_sheet.submitted",
        "score_sheet.corrected",
        "consensus.recorded",
        "interview_agreed_score.recorded",
        "decision.recorded",
        "candidate_feedback.sent",
    } <= actions
    personal = _personal_values()
    first_names = {
        name.split()[0] for name in CommunityRecruiter.objects.values_list("full_name", flat=True)
    } | set(Candidate.objects.values_list("first_name", flat=True))
    assert personal
    for row in rows:
        text = json.dumps(model_to_dict(row), default=str)
        for value in personal:
            assert value not in text, (row.action, value)
        for name in first_names:
            assert not re.search(rf"\b{re.escape(name)}\b", text), (row.action, name)
