"""Each panel member declares conflicts first, then scores every candidate they do not know,
on their own; a repeat of a submission is the same submission; the reveal comes when nothing is
pending, or when the programme manager closes panel scoring with a reason."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.test import Client

from coappoint.accounts.models import User
from coappoint.audit.models import AuditEvent
from coappoint.interviews.models import PanelConflict, PanelConflictDeclaration, PanelScoreSheet
from coappoint.interviews.queries import (
    get_panel_round,
    is_panel_revealed,
    list_pending_panel_members,
)
from coappoint.interviews.services import (
    InterviewNotPossible,
    PanelSheetAlreadySent,
    close_panel_scoring,
    set_panel,
    submit_panel_sheet,
)
from coappoint.rules.errors import InvalidScore
from tests.interviews.conftest import Interview

pytestmark = pytest.mark.django_db


def test_scoring_pages_are_refused_until_the_member_has_declared_conflicts(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(interview.ann)
    response = client.get(interview.url("interviews:sheet", interview.sam.pk))
    assert response.status_code == 403
    assert "First say whether you know Sam Adeyemi" in response.content.decode()
    assert (
        client.post(
            interview.url("interviews:sheet", interview.sam.pk), interview.form()
        ).status_code
        == 403
    )
    with pytest.raises(InterviewNotPossible, match="Declare any conflict of interest"):
        interview.send(interview.ann, interview.sam)
    assert not PanelScoreSheet.objects.exists()


def test_a_member_declares_with_the_time_and_does_not_score_a_candidate_they_know(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(interview.ann)
    missing_how = client.post(
        interview.url("interviews:conflicts"),
        {f"knows_{interview.sam.pk}": "yes", f"knows_{interview.priya.pk}": "no"},
    )
    assert missing_how.status_code == 400
    assert "Enter how you know Sam Adeyemi" in missing_how.content.decode()
    assert (
        client.post(
            interview.url("interviews:conflicts"),
            {
                f"knows_{interview.sam.pk}": "yes",
                f"how_{interview.sam.pk}": "We were neighbours for years.",
                f"knows_{interview.priya.pk}": "no",
            },
        ).status_code
        == 302
    )
    declaration = PanelConflictDeclaration.objects.get(user=interview.ann)
    assert declaration.declared_at is not None
    conflict = PanelConflict.objects.get(user=interview.ann)
    assert (conflict.candidate, conflict.how) == (interview.sam, "We were neighbours for years.")
    assert AuditEvent.objects.filter(action="interview_conflicts.declared").exists()

    refused = client.get(interview.url("interviews:sheet", interview.sam.pk))
    assert refused.status_code == 403
    assert "You said you know Sam Adeyemi" in refused.content.decode()
    assert (
        client.post(
            interview.url("interviews:sheet", interview.sam.pk), interview.form()
        ).status_code
        == 403
    )
    with pytest.raises(InterviewNotPossible, match="You know"):
        interview.send(interview.ann, interview.sam)
    assert client.get(interview.url("interviews:sheet", interview.priya.pk)).status_code == 200


def test_a_conflicted_pair_is_not_pending_and_the_reveal_does_not_wait_for_it(
    interview: Interview,
) -> None:
    interview.declare(interview.ann, {interview.sam.pk: "My cousin"})
    interview.declare(interview.ben)
    pending = {
        (row.user.full_name, name)
        for row in list_pending_panel_members(interview.campaign)
        for name in row.candidate_names
    }
    assert pending == {
        ("Ann Panel", "Priya Shah"),
        ("Ben Panel", "Sam Adeyemi"),
        ("Ben Panel", "Priya Shah"),
    }
    interview.send(interview.ann, interview.priya)
    interview.send(interview.ben, interview.sam)
    assert not is_panel_revealed(interview.campaign)
    interview.send(interview.ben, interview.priya)
    assert is_panel_revealed(interview.campaign)
    assert AuditEvent.objects.filter(action="interview_scoring.revealed").count() == 1


def test_a_member_who_has_not_declared_is_pending_for_every_candidate(
    interview: Interview,
) -> None:
    interview.declare(interview.ann)
    interview.send(interview.ann, interview.sam)
    interview.send(interview.ann, interview.priya)
    assert not is_panel_revealed(interview.campaign)
    [row] = list_pending_panel_members(interview.campaign)
    assert row.user == interview.ben
    assert not row.has_declared
    assert row.candidate_names == ("Priya Shah", "Sam Adeyemi")


def test_a_score_off_the_scale_is_refused_with_a_message_naming_the_question_and_value(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    interview.declare(interview.ann)
    client = staff_client(interview.ann)
    response = client.post(
        interview.url("interviews:sheet", interview.sam.pk),
        interview.form(teamwork=7, safeguarding="", note="Strong example of a lunch club."),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "7 is not a score for question 1 (Tell us about working with a community" in page
    assert "Select a score from 1 to 5" in page
    assert "Select a score for question 2 (What would you do if you were worried" in page
    assert "Strong example of a lunch club." in page  # what was typed is kept
    assert not PanelScoreSheet.objects.exists()

    with pytest.raises(InvalidScore, match=r"question 1 .* is 0, which is outside the scale"):
        submit_panel_sheet(
            campaign=interview.campaign,
            user=interview.ann,
            candidate=interview.sam,
            answers=interview.answers(teamwork=0),
            idempotency_key=uuid.uuid4(),
        )
    with pytest.raises(InterviewNotPossible, match="Give a score for question 2"):
        submit_panel_sheet(
            campaign=interview.campaign,
            user=interview.ann,
            candidate=interview.sam,
            answers={interview.teamwork.pk: interview.answers()[interview.teamwork.pk]},
            idempotency_key=uuid.uuid4(),
        )


def test_a_sent_sheet_is_locked_and_shown_to_its_member_on_the_scale_words(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    interview.declare(interview.ann)
    client = staff_client(interview.ann)
    response = client.post(
        interview.url("interviews:sheet", interview.sam.pk),
        interview.form(teamwork=4, safeguarding=2, note="Talked about the food bank."),
    )
    assert response.status_code == 302
    own = client.get(interview.url("interviews:sheet", interview.sam.pk)).content.decode()
    assert "4 – Good" in own
    assert "2 – Weak" in own
    assert "Talked about the food bank." in own
    again = client.post(
        interview.url("interviews:sheet", interview.sam.pk), interview.form(teamwork=1)
    )
    assert again.status_code == 409
    with pytest.raises(PanelSheetAlreadySent):
        interview.send(interview.ann, interview.sam, teamwork=1)
    assert PanelScoreSheet.objects.get().scores.get(question=interview.teamwork).value == 4


def test_a_repeated_submission_key_is_the_same_submission(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    interview.declare(interview.ann)
    key = str(uuid.uuid4())
    client = staff_client(interview.ann)
    url = interview.url("interviews:sheet", interview.sam.pk)
    first = client.post(url, interview.form(idempotency_key=key))
    repeat = client.post(url, interview.form(teamwork=1, idempotency_key=key))
    assert first.status_code == repeat.status_code == 302
    assert first["Location"] == repeat["Location"]
    assert PanelScoreSheet.objects.count() == 1
    assert AuditEvent.objects.filter(action="interview_sheet.submitted").count() == 1

    _sheet, created = submit_panel_sheet(
        campaign=interview.campaign,
        user=interview.ann,
        candidate=interview.sam,
        answers=interview.answers(),
        idempotency_key=uuid.UUID(key),
    )
    assert not created
    interview.declare(interview.ben)
    with pytest.raises(InterviewNotPossible, match="belongs to someone else"):
        submit_panel_sheet(
            campaign=interview.campaign,
            user=interview.ben,
            candidate=interview.sam,
            answers=interview.answers(),
            idempotency_key=uuid.UUID(key),
        )


def test_the_manager_closes_panel_scoring_with_a_reason_and_the_scores_are_revealed(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    interview.declare(interview.ann)
    interview.send(interview.ann, interview.sam)
    client = staff_client(interview.manager)
    page = client.get(interview.url("interviews:close")).content.decode()
    assert "2 panel members still have score sheets to send" in page
    empty = client.post(interview.url("interviews:close"), {"reason": ""})
    assert empty.status_code == 400
    assert "Enter why you are closing panel scoring" in empty.content.decode()
    assert not is_panel_revealed(interview.campaign)

    assert (
        client.post(
            interview.url("interviews:close"), {"reason": "Ben is ill for a month."}
        ).status_code
        == 302
    )
    panel_round = get_panel_round(interview.campaign)
    assert panel_round is not None
    assert panel_round.revealed_at is not None
    assert (panel_round.closed_by, panel_round.close_reason) == (
        interview.manager,
        "Ben is ill for a month.",
    )
    closed = AuditEvent.objects.get(action="interview_scoring.closed")
    assert closed.after == {
        "reason": {
            "text_on": "interviews.PanelRound",
            "id": panel_round.pk,
            "field": "close_reason",
        },
        "sheets_still_pending": 3,
    }
    with pytest.raises(InterviewNotPossible, match="closed"):
        interview.send(interview.ann, interview.priya)
    with pytest.raises(InterviewNotPossible):
        close_panel_scoring(campaign=interview.campaign, reason="again", actor=interview.manager)


def test_a_panel_with_no_sheet_in_never_reveals_by_itself(interview: Interview) -> None:
    # Both members know both candidates: nothing is owed, so nothing is pending. Revealing now
    # would freeze a panel the manager is still setting up, with nothing to show.
    for user in (interview.ann, interview.ben):
        interview.declare(user, {interview.sam.pk: "Neighbour", interview.priya.pk: "Colleague"})
    assert list_pending_panel_members(interview.campaign) == []
    assert not is_panel_revealed(interview.campaign)
    set_panel(campaign=interview.campaign, members=[interview.ann], actor=interview.manager)
    assert not is_panel_revealed(interview.campaign)
    assert not AuditEvent.objects.filter(action="interview_scoring.revealed").exists()


def test_panel_scoring_cannot_be_closed_after_the_reveal(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    interview.declare(interview.ann)
    interview.declare(interview.ben)
    for user in (interview.ann, interview.ben):
        for candidate in (interview.sam, interview.priya):
            interview.send(user, candidate)
    assert is_panel_revealed(interview.campaign)

    with pytest.raises(InterviewNotPossible, match="revealed already"):
        close_panel_scoring(campaign=interview.campaign, reason="Too late", actor=interview.manager)
    client = staff_client(interview.manager)
    assert client.post(interview.url("interviews:close"), {"reason": "Too late"}).status_code == 302
    panel_round = get_panel_round(interview.campaign)
    assert panel_round is not None
    assert (panel_round.closed_at, panel_round.close_reason) == (None, "")
    assert not AuditEvent.objects.filter(action="interview_scoring.closed").exists()
