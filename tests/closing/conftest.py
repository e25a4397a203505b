"""A decided campaign: Sam appointed over Priya, recruiters in English, Welsh, Polish and Arabic.

The `Decision` row is made directly, its outcome computed by the rules core from a small record,
as the decisions app will store it.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.accounts.models import User
from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Campaign, Candidate, Stage
from coappoint.codesign.models import Observation
from coappoint.decisions.models import Decision
from coappoint.events.models import Event
from coappoint.events.people_keys import candidate_key
from coappoint.interviews.models import AgreedInterviewScore
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.rules.outcome import compute_outcome, parse_decision_record, render_outcome
from coappoint.scoring.models import Comfortable, ScoreSheet, ScoringRound
from tests.factories import (
    AreaFactory,
    CampaignFactory,
    CandidateFactory,
    CriteriaVersionFactory,
    EventFactory,
    InterviewQuestionFactory,
    RecruiterFactory,
    StageFactory,
    TimetableFactory,
    VacancyFactory,
    meet,
    staff_member,
)

NOW = datetime.datetime(2026, 12, 20, 10, 0, tzinfo=datetime.UTC)


@dataclass
class Closing:
    campaign: Campaign
    event: Event
    sam: Candidate
    priya: Candidate
    amina: CommunityRecruiter  # English, with email
    bryn: CommunityRecruiter  # Welsh, with email
    piotr: CommunityRecruiter  # Polish: no Polish message, so English
    dalia: CommunityRecruiter  # Arabic, no email: told in person
    manager: User
    auditor: User
    facilitator: User
    panel_member: User

    def url(self, name: str, *more: Any) -> str:
        return reverse(name, args=[self.campaign.organisation.slug, self.campaign.pk, *more])


def decision_record(sam: Candidate, priya: Candidate) -> dict[str, Any]:
    return {
        "stages": [
            {
                "name": "community",
                "weight_percent": 50,
                "scale": {"min": 1, "max": 5},
                "minimum_percent": 40,
                "community": True,
            },
            {"name": "interview", "weight_percent": 50, "scale": {"min": 0, "max": 10}},
        ],
        "candidates": [
            {
                "id": candidate_key(sam.pk),
                "stage_scores": {"community": [4, 5, 4], "interview": [6, 7, 6, 5]},
            },
            {
                "id": candidate_key(priya.pk),
                "stage_scores": {"community": [2, 2, 1], "interview": [10, 9, 10, 9]},
            },
        ],
    }


def record_decision(
    campaign: Campaign, appointed: Candidate, record: dict[str, Any], by: User
) -> Decision:
    outcome = render_outcome(compute_outcome(parse_decision_record(record)))
    return Decision.objects.create(
        organisation=campaign.organisation,
        campaign=campaign,
        appointed=appointed,
        rationale="Highest combined score; the community's favourite.",
        record=record,
        outcome=outcome,
        recorded_by=by,
        recorded_at=NOW,
    )


def make_closing(*, decided: bool = True) -> Closing:
    area = AreaFactory.create(name="Northfield")
    vacancy = VacancyFactory.create(
        area=area,
        programme=area.programme,
        organisation=area.organisation,
        title="Local Area Coordinator, Northfield",
    )
    campaign = CampaignFactory.create(vacancy=vacancy, name="Northfield coordinator")
    organisation = campaign.organisation
    StageFactory.create(campaign=campaign, kind=Stage.Kind.COMMUNITY, position=1)
    StageFactory.create(campaign=campaign, kind=Stage.Kind.INTERVIEW, position=2, scale_min=0)
    event = EventFactory.create(campaign=campaign)
    sam = CandidateFactory.create(
        campaign=campaign, first_name="Sam", last_name="Adeyemi", email="sam@example.com"
    )
    priya = CandidateFactory.create(
        campaign=campaign, first_name="Priya", last_name="Shah", email="priya@example.com"
    )
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    closing = Closing(
        campaign=campaign,
        event=event,
        sam=sam,
        priya=priya,
        amina=RecruiterFactory.create(
            event=event, full_name="Amina Hassan", email="amina@example.com"
        ),
        bryn=RecruiterFactory.create(
            event=event, full_name="Bryn Evans", email="bryn@example.com", preferred_language="cy"
        ),
        piotr=RecruiterFactory.create(
            event=event,
            full_name="Piotr Nowak",
            email="piotr@example.com",
            preferred_language="Polish",
        ),
        dalia=RecruiterFactory.create(
            event=event, full_name="Dalia Saleh", phone="07700 900123", preferred_language="ar"
        ),
        manager=manager,
        auditor=staff_member(organisation, Role.AUDITOR),
        facilitator=staff_member(organisation, Role.FACILITATOR),
        panel_member=staff_member(organisation, Role.INTERVIEW_PANEL),
    )
    if decided:
        record_decision(campaign, sam, decision_record(sam, priya), manager)
    return closing


def add_community_words(closing: Closing, *, revealed: bool) -> None:
    """Amina's sheet comment and Bryn's mingling note on Sam; the interview panel's note on Sam.

    Amina and Bryn each talked with Sam on the timetable, so Amina's sheet counts.
    """
    closing.event.candidates.add(closing.sam, closing.priya)
    TimetableFactory.create(
        event=closing.event,
        conversations=[[meet(closing.sam, closing.amina, 1)], [meet(closing.sam, closing.bryn, 1)]],
    )
    version = CriteriaVersionFactory.create(event=closing.event, locked_at=NOW)
    ScoringRound.objects.create(
        organisation=closing.campaign.organisation,
        event=closing.event,
        criteria_version=version,
        opened_at=NOW,
        revealed_at=NOW if revealed else None,
    )
    ScoreSheet.objects.create(
        organisation=closing.campaign.organisation,
        event=closing.event,
        recruiter=closing.amina,
        candidate=closing.sam,
        criteria_version=version,
        comfortable=Comfortable.YES,
        comment="Really listened to my story about the allotment.",
        submitted_at=NOW,
        idempotency_key=uuid.uuid4(),
    )
    Observation.objects.create(
        organisation=closing.campaign.organisation,
        event=closing.event,
        recruiter=closing.bryn,
        candidate=closing.sam,
        manner="Warm with the older residents.",
    )
    question = InterviewQuestionFactory.create(
        campaign=closing.campaign, position=1, text="Tell us about a community group."
    )
    AgreedInterviewScore.objects.create(
        organisation=closing.campaign.organisation,
        campaign=closing.campaign,
        candidate=closing.sam,
        question=question,
        score=7,
        notes="Clear example of sharing credit with volunteers.",
        recorded_at=NOW,
    )


@pytest.fixture
def closing() -> Closing:
    return make_closing()


@pytest.fixture
def staff_client() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def audit_text() -> str:
    return json.dumps(
        [
            [row.action, row.target_type, row.target_id, row.before, row.after]
            for row in AuditEvent.objects.order_by("pk")
        ]
    )
