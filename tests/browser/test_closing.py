"""Closing the loop: the programme manager approves the English and Welsh messages, sends them
(the Polish speaker gets English, the page says so), then approves and sends Sam's feedback."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from coappoint.notify.models import OutboxMessage
from tests.browser.conftest import assert_accessible, signed_in_staff
from tests.closing.conftest import add_community_words, make_closing

pytestmark = pytest.mark.django_db(transaction=True)


def _approve_message(page: Page, language: str, heading: str, words: str) -> None:
    page.get_by_role("link", name=language, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_label("Message")).to_contain_text(words)
    assert_accessible(page)
    page.get_by_role("button", name="Approve this message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Closing the loop")
    assert_accessible(page)


def test_the_manager_sends_you_said_we_did_in_two_languages_and_one_candidates_feedback(
    browser: Browser, live_server: object
) -> None:
    closing = make_closing()
    add_community_words(closing, revealed=True)
    live_server_url = str(live_server)
    page = signed_in_staff(browser, live_server_url, closing.manager)
    page.goto(live_server_url + closing.url("closing:overview"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Closing the loop")
    assert_accessible(page)

    _approve_message(page, "English", "Message to recruiters in English", "We have appointed Sam.")
    _approve_message(page, "Cymraeg", "Message to recruiters in Cymraeg", "Rydym wedi penodi Sam.")

    page.get_by_role("link", name="Send the approved messages").click()
    expect(page.get_by_text("There is no approved message in Polish")).to_be_visible()
    expect(page.locator("#to-send")).to_contain_text("Dalia Saleh")  # by text message
    assert_accessible(page)
    page.get_by_role("button", name="Send 4 messages").click()
    # This site keeps its messages: the page never says they were sent.
    expect(
        page.get_by_text(
            "4 messages to community recruiters were kept in the outbox: messages are not "
            "being sent from this site."
        )
    ).to_be_visible()
    expect(page.locator("#already-sent")).to_contain_text("Piotr Nowak")
    assert_accessible(page)

    page.get_by_role("link", name="Back to closing the loop").click()
    page.get_by_role("link", name="Sam Adeyemi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback to Sam Adeyemi")
    expect(page.get_by_label("Message")).to_contain_text(
        "Really listened to my story about the allotment."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Approve this feedback").click()
    expect(page.get_by_text("The feedback is approved. You can now send it.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send the feedback to Sam").click()
    expect(page.locator("#feedback-kept")).to_contain_text("kept in the outbox")
    assert_accessible(page)

    sent = {message.recipient: message.body for message in OutboxMessage.objects.all()}
    assert set(sent) == {
        "amina@example.com",
        "bryn@example.com",
        "piotr@example.com",
        "07700 900123",
        "sam@example.com",
    }
    assert "Rydym wedi penodi Sam." in sent["bryn@example.com"]
    assert "We have appointed Sam." in sent["piotr@example.com"]
    assert "allotment" in sent["sam@example.com"]
    assert "Amina" not in sent["sam@example.com"]
