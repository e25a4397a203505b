"""You said, we did: drafts per language from the decision, approval, and sending once."""

from __future__ import annotations

import html
from collections.abc import Callable

import pytest
from django.test import Client

from coappoint.accounts.models import User
from coappoint.closing.models import RecruiterMessage
from coappoint.notify.models import OutboxMessage
from tests.closing.conftest import Closing, audit_actions
from tests.fakes.notify import FakeNotify

pytestmark = pytest.mark.django_db


def _approve(client: Client, closing: Closing, language: str, body: str) -> None:
    response = client.post(
        closing.url("closing:message", language),
        {"subject": f"Subject {language}", "body": body, "action": "approve"},
    )
    assert response.status_code == 302


def test_the_task_list_has_a_message_for_each_language_recruiters_prefer(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    page = staff_client(closing.manager).get(closing.url("closing:overview")).content.decode()
    for name in ("English", "Cymraeg", "العربية", "Polish"):
        assert name in page
    assert "Sam is appointed." in page


def test_the_english_draft_says_who_was_appointed_and_how_the_community_counted(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    page = staff_client(closing.manager).get(closing.url("closing:message", "en"))
    text = html.unescape(page.content.decode())
    assert "We have appointed Sam." in text
    assert "Adeyemi" not in text
    assert "Your group's score made up half of the final result." in text
    assert "Without it, a different candidate would have ranked first." in text
    assert "Thank you for helping us choose the Local Area Coordinator for Northfield." in text


def test_the_welsh_and_arabic_drafts_are_prefilled_in_their_language(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(closing.manager)
    welsh = client.get(closing.url("closing:message", "cy")).content.decode()
    assert "Rydym wedi penodi Sam." in welsh
    assert "Ask someone who speaks Cymraeg to check it" in welsh
    arabic = client.get(closing.url("closing:message", "ar")).content.decode()
    assert "لقد عيّنّا Sam." in arabic


def test_another_language_starts_from_the_english_text_marked_as_needing_translation(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    page = staff_client(closing.manager).get(closing.url("closing:message", "polish"))
    text = page.content.decode()
    assert "We have appointed Sam." in text
    assert "needs translating into Polish" in text


def test_a_language_nobody_prefers_is_not_found(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(closing.manager)
    assert client.get(closing.url("closing:message", "fr")).status_code == 404


def test_saving_as_a_draft_does_not_approve_and_nothing_is_sent(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(closing.manager)
    client.post(
        closing.url("closing:message", "en"),
        {"subject": "Thanks", "body": "Edited text", "action": "save"},
    )
    message = RecruiterMessage.objects.get(campaign=closing.campaign, language="en")
    assert message.body == "Edited text"
    assert message.approved_at is None
    client.post(closing.url("closing:send"))
    assert OutboxMessage.objects.count() == 0


def test_an_empty_message_is_refused_with_an_error_and_keeps_the_subject(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    response = staff_client(closing.manager).post(
        closing.url("closing:message", "en"),
        {"subject": "Kept subject", "body": "", "action": "approve"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter the message" in text
    assert "Kept subject" in text
    assert not RecruiterMessage.objects.exists()


def test_changing_an_approved_message_as_a_draft_takes_the_approval_away(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(closing.manager)
    _approve(client, closing, "en", "First")
    client.post(
        closing.url("closing:message", "en"),
        {"subject": "Thanks", "body": "Second", "action": "save"},
    )
    assert RecruiterMessage.objects.get(language="en").approved_at is None


def test_sending_gives_each_recruiter_their_language_or_english_and_once_only(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(closing.manager)
    _approve(client, closing, "en", "English words")
    _approve(client, closing, "cy", "Geiriau Cymraeg")

    check = client.get(closing.url("closing:send")).content.decode()
    assert "There is no approved message in Polish" in check
    assert "English (no approved message in Polish)" in check
    assert "Dalia Saleh" in check.split('id="to-send"')[1]  # a phone alone: a text message

    client.post(closing.url("closing:send"))
    sent = {m.recipient: m.body for m in OutboxMessage.objects.all()}
    assert sent == {
        "amina@example.com": "English words",
        "bryn@example.com": "Geiriau Cymraeg",
        "piotr@example.com": "English words",
        "07700 900123": "English words",
    }
    assert audit_actions().count("recruiter_message.sent") == 4

    client.post(closing.url("closing:send"))
    assert OutboxMessage.objects.count() == 4
    assert RecruiterMessage.objects.get(language="cy").sent_at is not None


def test_nothing_is_sent_until_the_english_message_is_approved(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(closing.manager)
    _approve(client, closing, "cy", "Geiriau Cymraeg")
    page = client.get(closing.url("closing:send")).content.decode()
    assert "Approve the English message first" in page
    client.post(closing.url("closing:send"))
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == ["bryn@example.com"]


def test_a_sent_message_can_no_longer_change(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(closing.manager)
    _approve(client, closing, "en", "English words")
    client.post(closing.url("closing:send"))
    client.post(
        closing.url("closing:message", "en"),
        {"subject": "Other", "body": "Other words", "action": "approve"},
    )
    assert RecruiterMessage.objects.get(language="en").body == "English words"
    page = client.get(closing.url("closing:message", "en")).content.decode()
    # This test site keeps messages in its outbox: the page never says they were sent.
    assert "Kept in the outbox on" in page
    assert "It can no longer change." in page
    assert "Sent on" not in page


def test_a_message_that_really_left_says_when_it_was_sent(
    closing: Closing,
    staff_client: Callable[[User], Client],
    fake_notify: FakeNotify,
    django_capture_on_commit_callbacks,
) -> None:
    client = staff_client(closing.manager)
    _approve(client, closing, "en", "English words")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(closing.url("closing:send"))

    assert fake_notify.notifications
    page = client.get(closing.url("closing:message", "en")).content.decode()
    assert "Sent on" in page
    assert "Kept in the outbox" not in page


def test_approving_is_audited(closing: Closing, staff_client: Callable[[User], Client]) -> None:
    _approve(staff_client(closing.manager), closing, "en", "English words")
    assert audit_actions() == ["recruiter_message.approved"]
