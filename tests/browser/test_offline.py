"""Nothing lost on a hall's poor wifi: a recruiter checks in offline, reloads, and it arrives once.

The check-in page's forms follow the offline contract, so they exercise the queue end to end:
kept on the phone while offline, the page reloaded from the service worker's copy, sent when the
connection returns, and a refused submission shown plainly so the recruiter can fix it.
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from coappoint.audit.models import AuditEvent
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.browser.conftest import NARROWEST_PHONE_PX, assert_accessible
from tests.factories import (
    CandidateFactory,
    CandidateListPublicationFactory,
    RecruiterFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PAGE_IS_KEPT = """async () => {
  const cache = await caches.open("coappoint-recruiter-pages");
  return Boolean(await cache.match(location.href));
}"""


def _recruiter() -> CommunityRecruiter:
    recruiter = RecruiterFactory.create(
        full_name="Lina Novak", conflicts_declared_at=datetime.datetime.now(tz=datetime.UTC)
    )
    CandidateListPublicationFactory.create(event=recruiter.event)
    recruiter.event.candidates.add(
        CandidateFactory.create(campaign=recruiter.event.campaign, first_name="Sam")
    )
    return recruiter


def _sign_in(page: Page, base_url: str, recruiter: CommunityRecruiter) -> None:
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    ).code
    page.goto(base_url + "/sign-in/code/")
    assert_accessible(page)
    page.get_by_label("Access code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Lina Novak")
    assert_accessible(page)


def test_a_check_in_sent_offline_waits_on_the_phone_and_arrives_exactly_once(
    browser: Browser, live_server
) -> None:
    recruiter = _recruiter()
    context = browser.new_context(viewport={"width": NARROWEST_PHONE_PX, "height": 640})
    page = context.new_page()
    _sign_in(page, live_server.url, recruiter)
    page.get_by_role("link", name="Check in when you arrive").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check in on the day")
    assert_accessible(page)
    # The service worker installs and keeps this page for later.
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.wait_for_function(PAGE_IS_KEPT)
    # Signing in cleared the previous person's kept pages; that clearing runs in the
    # background and can land late on a busy machine, so keep this page once more.
    page.reload()
    page.wait_for_function(PAGE_IS_KEPT)

    context.set_offline(True)
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_role("status")).to_contain_text("1 check-in waiting to send")
    expect(page.get_by_role("status")).to_contain_text("Saved on this phone")
    recruiter.refresh_from_db()
    assert recruiter.checked_in_at is None
    assert_accessible(page)

    # Confirming without ticking the boxes: queued too, and refused once it reaches the server.
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text("1 confirmation waiting to send")

    response = page.reload()
    assert response is not None
    assert response.headers.get("x-coappoint-kept-copy") == "1"
    expect(page.get_by_role("heading", level=1)).to_have_text("Check in on the day")
    expect(page.get_by_role("status")).to_contain_text("1 check-in waiting to send")
    expect(page.get_by_role("status")).to_contain_text("You are offline")
    assert_accessible(page)
    recruiter.refresh_from_db()
    assert recruiter.checked_in_at is None

    context.set_offline(False)
    status = page.get_by_role("status")
    expect(status).to_contain_text("1 check-in sent")
    expect(status).not_to_contain_text("waiting to send")
    expect(status).to_contain_text("1 confirmation could not be sent: open it to fix")
    recruiter.refresh_from_db()
    assert recruiter.checked_in_at is not None
    assert AuditEvent.objects.filter(action="recruiter.checked_in").count() == 1
    assert recruiter.day_confirmed_at is None
    assert_accessible(page)

    # Opening the refused one shows the server's answer: what to fix, on the same page.
    page.get_by_role("link", name="open it to fix").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check in on the day")
    expect(page).to_have_title("Error: Check in on the day – Community recruitment")
    expect(page.get_by_text("You checked in at")).to_be_visible()
    expect(page.get_by_role("status")).not_to_contain_text("could not be sent")
    assert_accessible(page)
    page.get_by_label("I will keep what I hear about the candidates confidential").check()
    page.get_by_label("What I said about the candidates I know is right").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("You confirmed this at")).to_be_visible()
    assert_accessible(page)

    page.reload()
    expect(page.get_by_text("You confirmed this at")).to_be_visible()
    expect(page.get_by_role("status")).to_be_empty()
    recruiter.refresh_from_db()
    assert recruiter.day_confirmed_at is not None
    assert AuditEvent.objects.filter(action="recruiter.checked_in").count() == 1
    assert AuditEvent.objects.filter(action="recruiter.day_confirmed").count() == 1
    context.close()
