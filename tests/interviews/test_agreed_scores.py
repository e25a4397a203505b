"""After the reveal the panel agrees its score per question, with notes; changes need a reason;
`list_agreed_scores` gives the outcome the agreed scores only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.audit.models import AuditEvent
from coappoint.interviews.models import AgreedInterviewScore
from coappoint.interviews.queries import (
    list_agreed_scores,
    list_candidates_without_agreed_scores,
)
from coappoint.interviews.services import Answer, InterviewNotPossible, record_agreed_scores
from tests.interviews.conftest import Interview

pytestmark = pytest.mark.django_db


def _revealed(interview: Interview) -> None:
    interview.declare(interview.ann)
    interview.declare(interview.ben, {interview.priya.pk: "She is my neighbour."})
    interview.send(interview.ann, interview.sam, 5, 2)
    interview.send(interview.ann, interview.priya, 3, 3)
    interview.send(interview.ben, interview.sam, 3, 2)


def test_agreed_scores_are_refused_before_the_reveal(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    interview.declare(interview.ann)
    interview.send(interview.ann, interview.sam)
    with pytest.raises(InterviewNotPossible, match="after the reveal"):
        record_agreed_scores(
            campaign=interview.campaign,
            candidate=interview.sam,
            answers=interview.answers(),
            reason="",
            actor=interview.manager,
        )
    response = staff_client(interview.ann).post(
        interview.url("interviews:agreed", interview.sam.pk), interview.form()
    )
    assert response.status_code == 403
    assert not AgreedInterviewScore.objects.exists()


def test_a_panel_member_records_the_agreed_score_per_question_and_it_is_audited(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    _revealed(interview)
    client = staff_client(interview.ben)
    form = client.get(interview.url("interviews:agreed", interview.sam.pk)).content.decode()
    # The panel's scores are beside the form.
    assert "Ann Panel" in form
    assert "5 – Excellent" in form
    response = client.post(
        interview.url("interviews:agreed", interview.sam.pk),
        interview.form(teamwork=4, safeguarding=2, note="Agreed after discussion."),
    )
    assert response.status_code == 302
    agreed = {
        a.question_id: (a.score, a.notes, a.recorded_by) for a in AgreedInterviewScore.objects.all()
    }
    assert agreed == {
        interview.teamwork.pk: (4, "Agreed after discussion.", interview.ben),
        interview.safeguarding.pk: (2, "Agreed after discussion.", interview.ben),
    }
    rows = AuditEvent.objects.filter(action="interview_agreed_score.recorded")
    assert rows.count() == 2
    assert {(row.after or {}).get("score") for row in rows} == {4, 2}


def test_an_agreed_score_off_the_scale_is_refused_naming_the_question_and_value(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    _revealed(interview)
    response = staff_client(interview.manager).post(
        interview.url("interviews:agreed", interview.sam.pk), interview.form(teamwork=9)
    )
    assert response.status_code == 400
    assert "9 is not a score for question 1" in response.content.decode()


def test_changing_an_agreed_score_needs_a_reason_which_the_audit_row_keeps(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    _revealed(interview)
    client = staff_client(interview.manager)
    url = interview.url("interviews:agreed", interview.sam.pk)
    client.post(url, interview.form(teamwork=4, safeguarding=2))
    no_reason = client.post(url, interview.form(teamwork=3, safeguarding=2))
    assert no_reason.status_code == 400
    assert "Enter why the agreed score is changing" in no_reason.content.decode()
    assert (
        client.post(
            url, interview.form(teamwork=3, safeguarding=2, reason="We misread question 1.")
        ).status_code
        == 302
    )
    changed = AuditEvent.objects.get(action="interview_agreed_score.changed")
    assert changed.before == {"score": 4, "notes_characters": 0}
    assert changed.after is not None
    assert changed.after["notes"]["field"] == "notes"
    assert {key: changed.after[key] for key in ("candidate", "question", "score")} == {
        "candidate": interview.sam.pk,
        "question": interview.teamwork.pk,
        "score": 3,
    }
    # The reason can be about the candidate: its length only.
    assert changed.after["reason_characters"] == len("We misread question 1.")


def test_list_agreed_scores_gives_agreed_scores_only_in_question_order(
    interview: Interview,
) -> None:
    _revealed(interview)
    assert list_agreed_scores(interview.campaign) == {}  # private sheets never count
    record_agreed_scores(
        campaign=interview.campaign,
        candidate=interview.sam,
        answers={
            interview.safeguarding.pk: Answer(value=2),
            interview.teamwork.pk: Answer(value=4),
        },
        reason="",
        actor=interview.ann,
    )
    # Priya has one question agreed only: she is left out, and named as missing.
    AgreedInterviewScore.objects.create(
        organisation=interview.campaign.organisation,
        campaign=interview.campaign,
        candidate=interview.priya,
        question=interview.teamwork,
        score=3,
        recorded_at=timezone.now(),
    )
    assert list_agreed_scores(interview.campaign) == {interview.sam.pk: [4, 2]}
    assert list_candidates_without_agreed_scores(interview.campaign) == [interview.priya]
