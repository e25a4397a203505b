"""Who may reach the formal interview: another organisation gets 404, the facilitator 403,
the auditor reads but never changes, a panel member off this panel is refused, and recruiters
and candidates cannot reach any of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from coappoint.accounts.models import User
from coappoint.interviews.models import InterviewQuestion, PanelConflictDeclaration
from coappoint.organisations.models import Role
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.factories import EventFactory, OrganisationFactory, RecruiterFactory, staff_member
from tests.interviews.conftest import Interview

pytestmark = pytest.mark.django_db


def _every_page(interview: Interview) -> list[str]:
    return [
        interview.url("interviews:overview"),
        interview.url("interviews:questions"),
        interview.url("interviews:question_add"),
        interview.url("interviews:question_change", interview.teamwork.pk),
        interview.url("interviews:panel"),
        interview.url("interviews:conflicts"),
        interview.url("interviews:sheet", interview.sam.pk),
        interview.url("interviews:close"),
        interview.url("interviews:scores"),
        interview.url("interviews:agreed", interview.sam.pk),
        interview.url("interviews:candidates"),
    ]


def _pages_that_take_a_post(interview: Interview) -> list[str]:
    read_only = {
        interview.url("interviews:overview"),
        interview.url("interviews:scores"),
        interview.url("interviews:candidates"),
    }
    return [url for url in _every_page(interview) if url not in read_only]


def test_staff_of_another_organisation_get_not_found(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    stranger = staff_member(
        OrganisationFactory.create(), Role.PROGRAMME_MANAGER, Role.INTERVIEW_PANEL, Role.AUDITOR
    )
    client = staff_client(stranger)
    for url in _every_page(interview):
        assert client.get(url).status_code == 404, url
    for url in _pages_that_take_a_post(interview):
        assert client.post(url, {}).status_code == 404, url


def test_a_campaign_of_another_organisation_is_not_found_from_your_own_address(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    elsewhere = staff_member(OrganisationFactory.create(), Role.PROGRAMME_MANAGER)
    from django.urls import reverse

    url = reverse(
        "interviews:overview",
        args=[elsewhere.memberships.get().organisation.slug, interview.campaign.pk],
    )
    assert staff_client(elsewhere).get(url).status_code == 404


def test_the_facilitator_is_refused_every_interview_page(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(interview.facilitator)
    for url in _every_page(interview):
        assert client.get(url).status_code == 403, url


def test_the_auditor_reads_but_cannot_post(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(interview.auditor)
    assert client.get(interview.url("interviews:overview")).status_code == 200
    assert client.get(interview.url("interviews:questions")).status_code == 200
    for url in _pages_that_take_a_post(interview):
        assert client.post(url, {"text": "Sneaky", "reason": "x"}).status_code == 403, url
    assert not InterviewQuestion.objects.filter(text="Sneaky").exists()


def test_a_panel_member_not_on_this_panel_is_refused(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(interview.cara)
    for url in _every_page(interview):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            interview.url("interviews:conflicts"),
            {f"knows_{interview.sam.pk}": "no", f"knows_{interview.priya.pk}": "no"},
        ).status_code
        == 403
    )
    assert not PanelConflictDeclaration.objects.filter(user=interview.cara).exists()


def test_panel_members_cannot_change_the_questions_or_the_panel(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(interview.ann)
    assert client.get(interview.url("interviews:question_add")).status_code == 403
    assert client.post(interview.url("interviews:panel"), {"members": []}).status_code == 403
    assert client.get(interview.url("interviews:close")).status_code == 403


def test_the_programme_manager_does_not_score_unless_seated_on_the_panel(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(interview.manager)
    assert client.get(interview.url("interviews:conflicts")).status_code == 403
    assert client.get(interview.url("interviews:sheet", interview.sam.pk)).status_code == 403


def test_recruiters_candidates_and_strangers_cannot_reach_interview_pages(
    interview: Interview,
) -> None:
    event = EventFactory.create(campaign=interview.campaign)
    recruiter = RecruiterFactory.create(event=event)
    recruiter_client = Client()
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=event, actor=SYSTEM
    ).code
    from django.urls import reverse

    assert recruiter_client.post(reverse("signin:code"), {"code": code}).status_code == 302
    event.candidates.add(interview.sam)
    candidate_client = Client()
    code = issue_access_code(
        person=interview.sam, organisation=interview.sam.organisation, event=event, actor=SYSTEM
    ).code
    assert candidate_client.post(reverse("signin:code"), {"code": code}).status_code == 302
    for client in (recruiter_client, candidate_client, Client()):
        for url in _every_page(interview):
            assert client.get(url).status_code == 404, url
