"""A campaign ready for its formal interview: two questions, two candidates, a panel of two."""

from __future__ import annotations

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
from coappoint.interviews.models import InterviewQuestion, PanelScoreSheet
from coappoint.interviews.services import Answer, declare_conflicts, submit_panel_sheet
from coappoint.organisations.models import Role
from tests.factories import (
    CampaignFactory,
    CandidateFactory,
    InterviewQuestionFactory,
    PanelMemberFactory,
    StageFactory,
    staff_member,
)

INTERVIEW_LABELS = ["Poor", "Weak", "Adequate", "Good", "Excellent"]


@dataclass
class Interview:
    campaign: Campaign
    sam: Candidate
    priya: Candidate
    teamwork: InterviewQuestion
    safeguarding: InterviewQuestion
    manager: User
    auditor: User
    facilitator: User
    ann: User  # on the panel
    ben: User  # on the panel
    cara: User  # holds the panel role, but not on this campaign's panel

    def url(self, name: str, *more: Any) -> str:
        return reverse(name, args=[self.campaign.organisation.slug, self.campaign.pk, *more])

    def answers(
        self, teamwork: int = 4, safeguarding: int = 3, note: str = ""
    ) -> dict[int, Answer]:
        return {
            self.teamwork.pk: Answer(value=teamwork, note=note),
            self.safeguarding.pk: Answer(value=safeguarding, note=note),
        }

    def form(
        self, teamwork: Any = 4, safeguarding: Any = 3, note: str = "", **more: str
    ) -> dict[str, Any]:
        return {
            f"score_{self.teamwork.pk}": str(teamwork),
            f"note_{self.teamwork.pk}": note,
            f"score_{self.safeguarding.pk}": str(safeguarding),
            f"note_{self.safeguarding.pk}": note,
            **more,
        }

    def declare(self, user: User, known: dict[int, str] | None = None) -> None:
        declare_conflicts(
            campaign=self.campaign,
            user=user,
            known=known or {},
            candidates=[self.sam, self.priya],
        )

    def send(
        self,
        user: User,
        candidate: Candidate,
        teamwork: int = 4,
        safeguarding: int = 3,
        note: str = "",
    ) -> PanelScoreSheet:
        sheet, _created = submit_panel_sheet(
            campaign=self.campaign,
            user=user,
            candidate=candidate,
            answers=self.answers(teamwork, safeguarding, note),
            idempotency_key=uuid.uuid4(),
        )
        return sheet


def make_interview() -> Interview:
    campaign = CampaignFactory.create(name="Northfield coordinator")
    organisation = campaign.organisation
    StageFactory.create(campaign=campaign, kind=Stage.Kind.COMMUNITY, position=1)
    StageFactory.create(
        campaign=campaign, kind=Stage.Kind.INTERVIEW, position=2, point_labels=INTERVIEW_LABELS
    )
    sam = CandidateFactory.create(campaign=campaign, first_name="Sam", last_name="Adeyemi")
    priya = CandidateFactory.create(campaign=campaign, first_name="Priya", last_name="Shah")
    teamwork = InterviewQuestionFactory.create(
        campaign=campaign,
        position=1,
        text="Tell us about working with a community group.",
        guidance="Listening first; sharing credit.",
    )
    safeguarding = InterviewQuestionFactory.create(
        campaign=campaign, position=2, text="What would you do if you were worried about someone?"
    )
    ann = staff_member(organisation, Role.INTERVIEW_PANEL)
    ann.full_name = "Ann Panel"
    ann.save()
    ben = staff_member(organisation, Role.INTERVIEW_PANEL)
    ben.full_name = "Ben Panel"
    ben.save()
    cara = staff_member(organisation, Role.INTERVIEW_PANEL)
    cara.full_name = "Cara Elsewhere"
    cara.save()
    for user in (ann, ben):
        PanelMemberFactory.create(campaign=campaign, user=user)
    return Interview(
        campaign=campaign,
        sam=sam,
        priya=priya,
        teamwork=teamwork,
        safeguarding=safeguarding,
        manager=staff_member(organisation, Role.PROGRAMME_MANAGER),
        auditor=staff_member(organisation, Role.AUDITOR),
        facilitator=staff_member(organisation, Role.FACILITATOR),
        ann=ann,
        ben=ben,
        cara=cara,
    )


@pytest.fixture
def interview() -> Interview:
    return make_interview()


@pytest.fixture
def staff_client() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def audit_text() -> str:
    """Everything the audit log holds, as one string to search."""
    return json.dumps(
        [
            [row.action, row.target_type, row.target_id, row.before, row.after]
            for row in AuditEvent.objects.order_by("pk")
        ]
    )
