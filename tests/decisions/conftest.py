"""A campaign ready for its decision: the community's consensus and the panel's agreed scores.

Sam and Priya were scored privately at the day (tests.deliberation.conftest); the group agreed a
consensus for each and the interview panel agreed a score per question. Rules: community 1 to 5,
weight 50; interview 1 to 5, weight 50; the rules are locked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.accounts.models import User
from coappoint.campaigns.models import Campaign, Candidate, Stage
from coappoint.deliberation.services import record_consensus
from coappoint.events.models import Event
from coappoint.interviews.models import InterviewQuestion
from coappoint.interviews.services import Answer, close_panel_scoring, record_agreed_scores
from coappoint.organisations.models import Role
from coappoint.scoring.queries import is_revealed
from coappoint.scoring.services import close_scoring
from tests.deliberation.conftest import make_scored_day
from tests.factories import InterviewQuestionFactory, StageFactory, staff_member


@dataclass
class Ready:
    campaign: Campaign
    event: Event
    sam: Candidate
    priya: Candidate
    teamwork: InterviewQuestion
    safeguarding: InterviewQuestion
    manager: User
    facilitator: User
    auditor: User
    panel: User

    def url(self, name: str) -> str:
        return reverse(name, args=[self.campaign.organisation.slug, self.campaign.pk])

    def consensus(self, candidate: Candidate, score: int, change_reason: str = "") -> None:
        record_consensus(
            event=self.event,
            candidate=candidate,
            quality=None,
            consensus_score=score,
            rationale="The group talked it through.",
            dissent="",
            dissent_reason="",
            actor=self.facilitator,
            change_reason=change_reason,
        )

    def agreed(self, candidate: Candidate, teamwork: int, safeguarding: int, reason: str = ""):
        record_agreed_scores(
            campaign=self.campaign,
            candidate=candidate,
            answers={
                self.teamwork.pk: Answer(value=teamwork),
                self.safeguarding.pk: Answer(value=safeguarding),
            },
            reason=reason,
            actor=self.manager,
        )


def make_ready(
    *, priya_consensus: int = 5, sam_consensus: int = 3, lock_rules: bool = True
) -> Ready:
    """By default Priya ranks first (community 100, interview 50: 75) above Sam (community 50,
    interview 75: 62.5); without the community Sam would rank first."""
    day = make_scored_day()
    event = day.event
    campaign = event.campaign
    if not is_revealed(event):
        close_scoring(event=event, reason="Time is up.", actor=day.facilitator)
    StageFactory.create(campaign=campaign, kind=Stage.Kind.INTERVIEW, position=2)
    teamwork = InterviewQuestionFactory.create(campaign=campaign, position=1, text="Teamwork?")
    safeguarding = InterviewQuestionFactory.create(
        campaign=campaign, position=2, text="Safeguarding?"
    )
    close_panel_scoring(campaign=campaign, reason="Panel agreed in the room.", actor=day.manager)
    if not lock_rules:
        # A campaign from before its state was kept, scored with its rules never locked.
        campaign.state = Campaign.State.SETTING_UP
        campaign.rules_locked_at = None
        campaign.save()
    ready = Ready(
        campaign=campaign,
        event=event,
        sam=day.sam,
        priya=day.priya,
        teamwork=teamwork,
        safeguarding=safeguarding,
        manager=day.manager,
        facilitator=day.facilitator,
        auditor=day.auditor,
        panel=staff_member(campaign.organisation, Role.INTERVIEW_PANEL),
    )
    ready.consensus(day.priya, priya_consensus)
    ready.consensus(day.sam, sam_consensus)
    ready.agreed(day.priya, 3, 3)
    ready.agreed(day.sam, 4, 4)
    return ready


def make_a_share_of_a_third() -> Ready:
    """A third interview question, "Listening?". Sam: community 4 (75 percent); interview 4, 4
    and 3 (200/3 percent, shown 66.7). His shares of the combined percent are 75/2 and 100/3
    (shown 37.5 and 33.3), and they add up to 425/6 (shown 70.8). Multiplying the shown 66.7 by
    the weight would give 33.35, shown 33.4, and a row adding up to 70.9. Priya: community 5,
    interview 3, 3 and 3: 100 and 50, combined 75."""
    ready = make_ready(sam_consensus=4)
    listening = InterviewQuestionFactory.create(
        campaign=ready.campaign, position=3, text="Listening?"
    )
    for candidate, scores in ((ready.sam, (4, 4, 3)), (ready.priya, (3, 3, 3))):
        record_agreed_scores(
            campaign=ready.campaign,
            candidate=candidate,
            answers={
                question.pk: Answer(value=score)
                for question, score in zip(
                    (ready.teamwork, ready.safeguarding, listening), scores, strict=True
                )
            },
            reason="",
            actor=ready.manager,
        )
    return ready


@pytest.fixture
def ready() -> Ready:
    return make_ready()


@pytest.fixture
def tied() -> Ready:
    """Priya (community 75, interview 50) and Sam (50, 75) both on exactly 62.5."""
    return make_ready(priya_consensus=4)


@pytest.fixture
def staff_client() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def decision_form(ready: Ready, client: Client, **answers: Any) -> dict[str, Any]:
    """The decision form's answers, with the record fingerprint the page showed."""
    page = client.get(ready.url("decisions:decide"))
    digest = page.context["form"].initial["shown_digest"]
    return {"shown_digest": digest, **answers}
