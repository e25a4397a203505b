"""A candidate who does not come to the formal interview (issue 18): recorded by the programme
manager or a panel member, nobody is asked to score them, panel scoring goes on and reveals
for the others without being closed, and the outcome says they did not attend."""

from __future__ import annotations

from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client

from coappoint.audit.models import AuditEvent
from coappoint.interviews.models import InterviewAbsence
from coappoint.interviews.queries import (
    get_panel_round,
    get_panel_sheets_owed,
    is_panel_revealed,
)
from coappoint.interviews.services import (
    InterviewNotPossible,
    record_interview_absence,
    withdraw_interview_absence,
)
from tests.interviews.conftest import Interview

pytestmark = pytest.mark.django_db


def _attendance_url(interview: Interview, candidate_pk: int, action: str) -> str:
    return interview.url("interviews:attendance", candidate_pk, action)


def test_a_candidate_who_did_not_come_is_owed_no_sheet_and_the_others_reveal_without_closing(
    interview: Interview, staff_client: Callable[..., Client]
) -> None:
    interview.declare(interview.ann)
    interview.declare(interview.ben)
    client = staff_client(interview.ann)

    recorded = client.post(_attendance_url(interview, interview.sam.pk, "absent"))

    assert recorded.status_code == 302
    owed = get_panel_sheets_owed(interview.campaign)
    assert {pair.candidate for pair in owed.owed} == {interview.priya.pk}
    overview = unescape(client.get(interview.url("interviews:overview")).content.decode())
    assert "Sam Adeyemi is recorded as not attending the interview." in overview
    assert "Did not attend: nobody scores them" in overview
    interview.send(interview.ann, interview.priya)
    assert not is_panel_revealed(interview.campaign)
    interview.send(interview.ben, interview.priya)
    assert is_panel_revealed(interview.campaign)
    panel_round = get_panel_round(interview.campaign)
    assert panel_round is not None
    assert panel_round.closed_at is None  # revealed because every sheet owed is in
    assert AuditEvent.objects.filter(action="interview_absence.recorded").count() == 1


def test_nobody_scores_a_candidate_recorded_as_not_attending(interview: Interview) -> None:
    interview.declare(interview.ann)
    record_interview_absence(
        campaign=interview.campaign, candidate=interview.sam, actor=interview.manager
    )

    with pytest.raises(InterviewNotPossible, match="recorded as not attending"):
        interview.send(interview.ann, interview.sam)


def test_a_candidate_already_scored_cannot_be_recorded_as_absent(interview: Interview) -> None:
    interview.declare(interview.ann)
    interview.send(interview.ann, interview.sam)

    with pytest.raises(InterviewNotPossible, match="already scored Sam Adeyemi"):
        record_interview_absence(
            campaign=interview.campaign, candidate=interview.sam, actor=interview.manager
        )


def test_a_mistaken_absence_is_withdrawn_and_their_sheets_are_owed_again(
    interview: Interview,
) -> None:
    interview.declare(interview.ann)
    record_interview_absence(
        campaign=interview.campaign, candidate=interview.sam, actor=interview.manager
    )

    withdraw_interview_absence(
        campaign=interview.campaign, candidate=interview.sam, actor=interview.manager
    )

    owed = get_panel_sheets_owed(interview.campaign)
    assert interview.sam.pk in {pair.candidate for pair in owed.owed}
    assert AuditEvent.objects.filter(action="interview_absence.withdrawn").count() == 1


def test_only_the_manager_and_this_campaigns_panel_record_attendance(
    interview: Interview, staff_client: Callable[..., Client]
) -> None:
    address = _attendance_url(interview, interview.sam.pk, "absent")

    assert staff_client(interview.cara).post(address).status_code == 403  # another panel
    assert staff_client(interview.auditor).post(address).status_code == 403
    assert staff_client(interview.facilitator).post(address).status_code == 403
    assert not InterviewAbsence.objects.exists()
    assert staff_client(interview.manager).post(address).status_code == 302
    assert InterviewAbsence.objects.get().candidate == interview.sam
