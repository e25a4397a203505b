"""Feedback to candidates: drafted from what people said (never who said it), approved, sent."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable

import pytest
from django.test import Client

from coappoint.accounts.models import User
from coappoint.campaigns.models import Candidate
from coappoint.closing.models import CandidateFeedback
from coappoint.closing.queries import list_community_comments
from coappoint.notify.models import OutboxMessage
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.scoring.models import Comfortable, ScoreSheet, ScoringRound
from coappoint.scoring.queries import list_counted_sheets
from tests.closing.conftest import (
    NOW,
    Closing,
    add_community_words,
    audit_actions,
    audit_text,
)
from tests.factories import ConflictFactory
from tests.fakes.notify import FakeNotify

pytestmark = pytest.mark.django_db


def _draft(client: Client, closing: Closing) -> str:
    page = client.get(closing.url("closing:feedback", closing.sam.pk))
    assert page.status_code == 200
    return html.unescape(page.content.decode())


def test_the_draft_has_community_comments_and_notes_without_names_and_the_panel_notes(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    add_community_words(closing, revealed=True)
    draft = _draft(staff_client(closing.manager), closing)
    assert "Dear Sam," in draft
    assert "We are delighted to offer you the role." in draft
    assert "Really listened to my story about the allotment." in draft
    assert "Warm with the older residents." in draft
    assert "Clear example of sharing credit with volunteers." in draft
    assert "Amina" not in draft
    assert "Bryn" not in draft


def test_score_sheet_comments_stay_out_of_the_draft_before_the_reveal(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    add_community_words(closing, revealed=False)
    draft = _draft(staff_client(closing.manager), closing)
    assert "allotment" not in draft


def _sheet(closing: Closing, recruiter: CommunityRecruiter, candidate: Candidate, comment: str):
    ScoreSheet.objects.create(
        organisation=closing.campaign.organisation,
        event=closing.event,
        recruiter=recruiter,
        candidate=candidate,
        criteria_version=ScoringRound.objects.get(event=closing.event).criteria_version,
        comfortable=Comfortable.YES,
        comment=comment,
        submitted_at=NOW,
        idempotency_key=uuid.uuid4(),
    )


def test_a_comment_from_a_sheet_that_no_longer_counts_stays_out_of_the_draft(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    add_community_words(closing, revealed=True)
    # Bryn sent a sheet for Sam, then declared that he knows him: the spread leaves it out.
    _sheet(closing, closing.bryn, closing.sam, "NOT-COUNTED: my neighbour's son, a lovely lad.")
    ConflictFactory.create(recruiter=closing.bryn, candidate=closing.sam)
    # Piotr's sheet is for a conversation that is not on the timetable.
    _sheet(closing, closing.piotr, closing.sam, "NOT-COUNTED: no conversation on the timetable.")

    draft = _draft(staff_client(closing.manager), closing)

    assert "Really listened to my story about the allotment." in draft
    assert "NOT-COUNTED" not in draft
    assert list_community_comments(closing.campaign, closing.sam) == [
        "Really listened to my story about the allotment."
    ]
    assert [sheet.recruiter for sheet in list_counted_sheets(closing.event)] == [closing.amina]


def test_a_candidate_not_appointed_is_told_so(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    page = staff_client(closing.manager).get(closing.url("closing:feedback", closing.priya.pk))
    assert "We have decided not to offer you the role this time." in page.content.decode()


def test_feedback_is_sent_only_after_approval_and_only_once(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(closing.manager)
    url = closing.url("closing:feedback", closing.sam.pk)
    send_url = closing.url("closing:feedback_send", closing.sam.pk)
    client.post(url, {"subject": "Your application", "body": "Draft words", "action": "save"})
    client.post(send_url)
    assert OutboxMessage.objects.count() == 0

    client.post(url, {"subject": "Your application", "body": "Final words", "action": "approve"})
    client.post(send_url)
    client.post(send_url)
    sent = OutboxMessage.objects.get()
    assert (sent.recipient, sent.body) == ("sam@example.com", "Final words")
    assert CandidateFeedback.objects.get().sent_at is not None
    assert audit_actions() == [
        "candidate_feedback.saved",
        "candidate_feedback.approved",
        "candidate_feedback.sent",
    ]
    assert "Final words" not in audit_text()


def test_sent_feedback_can_no_longer_change(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(closing.manager)
    url = closing.url("closing:feedback", closing.sam.pk)
    client.post(url, {"subject": "S", "body": "Final words", "action": "approve"})
    client.post(closing.url("closing:feedback_send", closing.sam.pk))
    client.post(url, {"subject": "S", "body": "Changed", "action": "save"})
    assert CandidateFeedback.objects.get().body == "Final words"


def test_a_candidate_of_another_campaign_is_not_found(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    from tests.factories import CandidateFactory

    other = CandidateFactory.create(organisation=closing.campaign.organisation)
    client = staff_client(closing.manager)
    assert client.get(closing.url("closing:feedback", other.pk)).status_code == 404


def test_the_draft_is_in_the_candidates_own_language_with_what_people_wrote_as_written(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    add_community_words(closing, revealed=True)
    closing.sam.preferred_language = "cy"
    closing.sam.save()

    draft = _draft(staff_client(closing.manager), closing)

    assert "Annwyl Sam," in draft
    assert "Dear Sam," not in draft
    assert "Really listened to my story about the allotment." in draft  # as the recruiter wrote


def test_feedback_to_a_candidate_with_only_a_phone_number_goes_by_text(
    closing: Closing,
    staff_client: Callable[[User], Client],
    fake_notify: FakeNotify,
    django_capture_on_commit_callbacks,
) -> None:
    Candidate.objects.filter(pk=closing.sam.pk).update(email="", phone="07700900321")
    client = staff_client(closing.manager)
    url = closing.url("closing:feedback", closing.sam.pk)
    assert "the feedback goes by text message" in _draft(client, closing)
    client.post(url, {"subject": "Your application", "body": "Final words", "action": "approve"})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(closing.url("closing:feedback_send", closing.sam.pk))

    (text,) = fake_notify.sent_to("07700900321")
    assert (text.type, text.personalisation["body"]) == ("sms", "Final words")
    page = _draft(client, closing)
    assert "Feedback sent" in page


def test_with_neither_email_nor_phone_the_page_says_to_give_feedback_another_way(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    Candidate.objects.filter(pk=closing.sam.pk).update(email="", phone="")
    page = _draft(staff_client(closing.manager), closing)
    assert "There is no email address or phone number for this candidate" in page
