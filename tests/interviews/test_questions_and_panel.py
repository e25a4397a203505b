"""The programme manager sets the questions (frozen once scoring begins) and the panel."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from coappoint.accounts.models import User
from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import PanelMember
from coappoint.interviews.models import InterviewQuestion
from coappoint.interviews.queries import list_panel, list_questions
from coappoint.interviews.services import (
    InterviewNotPossible,
    QuestionsFrozen,
    add_question,
    change_question,
    set_panel,
)
from coappoint.organisations.models import Role
from tests.factories import staff_member
from tests.interviews.conftest import Interview

pytestmark = pytest.mark.django_db


def test_the_manager_adds_changes_reorders_and_removes_questions(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(interview.manager)
    response = client.post(
        interview.url("interviews:question_add"),
        {"text": "Why this neighbourhood?", "guidance": "Knows the area's history."},
    )
    assert response.status_code == 302
    added = InterviewQuestion.objects.get(text="Why this neighbourhood?")
    assert added.position == 3
    assert added.guidance == "Knows the area's history."

    client.post(
        interview.url("interviews:question_change", added.pk),
        {"text": "Why this neighbourhood, in particular?", "guidance": ""},
    )
    client.post(interview.url("interviews:questions"), {"question": added.pk, "action": "up"})
    assert [q.text for q in list_questions(interview.campaign)] == [
        interview.teamwork.text,
        "Why this neighbourhood, in particular?",
        interview.safeguarding.text,
    ]
    client.post(
        interview.url("interviews:questions"),
        {"question": interview.teamwork.pk, "action": "remove"},
    )
    assert [(q.position, q.text) for q in list_questions(interview.campaign)] == [
        (1, "Why this neighbourhood, in particular?"),
        (2, interview.safeguarding.text),
    ]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "interview_question.added",
        "interview_question.changed",
        "interview_question.moved",
        "interview_question.removed",
    } <= actions


def test_a_question_without_words_is_refused_and_what_was_typed_is_kept(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    response = staff_client(interview.manager).post(
        interview.url("interviews:question_add"), {"text": " ", "guidance": "Covers risk."}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the question" in page
    assert "Covers risk." in page
    assert "<title>Error:" in page.replace("\n", "")


def test_questions_cannot_change_once_a_panel_member_has_sent_a_sheet(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    interview.declare(interview.ann)
    interview.send(interview.ann, interview.sam)

    with pytest.raises(QuestionsFrozen):
        add_question(
            campaign=interview.campaign, text="One more?", guidance="", actor=interview.manager
        )
    with pytest.raises(QuestionsFrozen):
        change_question(
            question=interview.teamwork, text="Changed", guidance="", actor=interview.manager
        )
    client = staff_client(interview.manager)
    refused = client.post(
        interview.url("interviews:questions"), {"question": interview.teamwork.pk, "action": "down"}
    )
    assert refused.status_code == 409
    assert "a panel member has already sent a score sheet" in refused.content.decode()
    assert client.get(interview.url("interviews:question_add")).status_code == 409
    assert (
        client.post(
            interview.url("interviews:question_change", interview.teamwork.pk),
            {"text": "Changed", "guidance": ""},
        ).status_code
        == 409
    )
    assert [q.text for q in list_questions(interview.campaign)] == [
        interview.teamwork.text,
        interview.safeguarding.text,
    ]


def test_questions_may_change_after_the_rules_are_locked_while_nobody_has_scored(
    interview: Interview,
) -> None:
    from django.utils import timezone

    interview.campaign.rules_locked_at = timezone.now()
    interview.campaign.save()
    change_question(
        question=interview.teamwork, text="Reworded", guidance="", actor=interview.manager
    )
    interview.teamwork.refresh_from_db()
    assert interview.teamwork.text == "Reworded"


def test_only_staff_holding_the_panel_role_can_sit_on_the_panel(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(interview.manager)
    page = client.get(interview.url("interviews:panel")).content.decode()
    assert "Cara Elsewhere" in page
    assert str(interview.auditor) not in page

    refused = client.post(
        interview.url("interviews:panel"), {"members": [interview.ann.pk, interview.auditor.pk]}
    )
    assert refused.status_code == 400
    assert "Select only people who hold the interview panel role" in refused.content.decode()
    with pytest.raises(InterviewNotPossible, match="does not hold the interview panel role"):
        set_panel(
            campaign=interview.campaign,
            members=[interview.ann, interview.facilitator],
            actor=interview.manager,
        )

    assert (
        client.post(
            interview.url("interviews:panel"), {"members": [interview.ann.pk, interview.cara.pk]}
        ).status_code
        == 302
    )
    assert list_panel(interview.campaign) == [interview.ann, interview.cara]
    assert AuditEvent.objects.filter(action="interview_panel.changed").exists()


def test_a_member_who_has_sent_sheets_stays_on_the_panel(interview: Interview) -> None:
    interview.declare(interview.ben)
    interview.send(interview.ben, interview.sam)
    with pytest.raises(InterviewNotPossible, match="already sent score sheets"):
        set_panel(campaign=interview.campaign, members=[interview.ann], actor=interview.manager)
    assert PanelMember.objects.filter(campaign=interview.campaign).count() == 2


def test_a_panel_member_of_another_organisation_cannot_be_seated(interview: Interview) -> None:
    from tests.factories import OrganisationFactory

    stranger = staff_member(OrganisationFactory.create(), Role.INTERVIEW_PANEL)
    with pytest.raises(InterviewNotPossible):
        set_panel(campaign=interview.campaign, members=[stranger], actor=interview.manager)
