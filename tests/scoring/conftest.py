"""A recruitment day ready to score: three recruiters, two candidates, a timetable, criteria."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.campaigns.models import Candidate
from coappoint.codesign.models import CriteriaVersion, Criterion
from coappoint.events.models import Event
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.factories import (
    CandidateFactory,
    ConflictFactory,
    EventFactory,
    RecruiterFactory,
    StageFactory,
    TimetableFactory,
    lock_rules,
    meet,
    staff_member,
)


@dataclass
class Day:
    event: Event
    sam: Candidate
    priya: Candidate
    amina: CommunityRecruiter
    bob: CommunityRecruiter
    chen: CommunityRecruiter
    kindness: Criterion
    listening: Criterion
    facilitator: User
    manager: User
    auditor: User

    def url(self, name: str, *more: Any) -> str:
        return reverse(name, args=[self.event.organisation.slug, self.event.pk, *more])

    def answers(self, kindness: int = 4, listening: int = 3, **more: str) -> dict[str, Any]:
        return {
            f"criterion_{self.kindness.pk}": str(kindness),
            f"criterion_{self.listening.pk}": str(listening),
            "comfortable": "yes",
            "comment": "",
            **more,
        }


def make_day() -> Day:
    """Amina and Bob talk with Sam and Priya; Chen talks with Sam and knows Priya."""
    event = EventFactory.create(name="Northfield day")
    StageFactory.create(campaign=event.campaign)
    # The day starts only once the campaign's rules are locked (rules.lifecycle).
    lock_rules(event.campaign)
    sam = CandidateFactory.create(campaign=event.campaign, first_name="Sam", last_name="Adeyemi")
    priya = CandidateFactory.create(campaign=event.campaign, first_name="Priya", last_name="Shah")
    event.candidates.add(sam, priya)
    amina = RecruiterFactory.create(event=event, full_name="Amina Hassan")
    bob = RecruiterFactory.create(event=event, full_name="Bob Jones")
    chen = RecruiterFactory.create(event=event, full_name="Chen Wei")
    # Chen declares, after the timetable was made, that he knows Priya.
    ConflictFactory.create(recruiter=chen, candidate=priya)
    version = CriteriaVersion.objects.create(organisation=event.organisation, event=event, number=1)
    kindness = Criterion.objects.create(
        organisation=event.organisation,
        version=version,
        position=1,
        name="Kindness",
        what_good_looks_like="Warm with everyone, not only with the recruiters.",
    )
    listening = Criterion.objects.create(
        organisation=event.organisation,
        version=version,
        position=2,
        name="Listening",
        what_good_looks_like="Asks about people and lets them finish.",
    )

    TimetableFactory.create(
        event=event,
        version=1,
        starts_at=datetime.time(12, 0),
        input={"tables": 2},
        conversations=[
            [meet(sam, amina, 1), meet(priya, bob, 2)],
            [meet(priya, amina, 1), meet(sam, bob, 2)],
            [meet(sam, chen, 1)],
            [meet(priya, chen, 2)],
        ],
        output={"lower_bound": 3, "optimal": True, "moved": 0, "unmet": []},
    )
    organisation = event.organisation
    return Day(
        event=event,
        sam=sam,
        priya=priya,
        amina=amina,
        bob=bob,
        chen=chen,
        kindness=kindness,
        listening=listening,
        facilitator=staff_member(organisation, Role.FACILITATOR),
        manager=staff_member(organisation, Role.PROGRAMME_MANAGER),
        auditor=staff_member(organisation, Role.AUDITOR),
    )


@pytest.fixture
def day() -> Day:
    return make_day()


@pytest.fixture
def started(day: Day) -> Day:
    from coappoint.scoring.services import start_scoring

    start_scoring(event=day.event, actor=day.facilitator, now=timezone.now())
    return day


def sign_in(client: Client, recruiter: CommunityRecruiter) -> Client:
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    ).code
    assert client.post(reverse("signin:code"), {"code": code}).status_code == 302
    return client


@pytest.fixture
def recruiter_client() -> Callable[[CommunityRecruiter], Client]:
    return lambda recruiter: sign_in(Client(), recruiter)


@pytest.fixture
def staff_client() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
