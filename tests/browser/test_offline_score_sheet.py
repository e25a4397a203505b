"""A score sheet sent from a phone with no connection is kept, survives a reload, arrives once."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from coappoint.scoring.models import ScoreSheet
from coappoint.scoring.services import start_scoring
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.browser.conftest import NARROWEST_PHONE_PX, assert_accessible
from tests.scoring.conftest import make_day

pytestmark = pytest.mark.django_db(transaction=True)

PAGE_IS_KEPT = """async () => {
  const cache = await caches.open("coappoint-recruiter-pages");
  return Boolean(await cache.match(location.href));
}"""


def test_a_score_sheet_sent_offline_waits_on_the_phone_and_arrives_exactly_once(
    browser: Browser, live_server
) -> None:
    day = make_day()
    start_scoring(event=day.event, actor=day.facilitator)
    code = issue_access_code(
        person=day.amina, organisation=day.event.organisation, event=day.event, actor=SYSTEM
    ).code
    context = browser.new_context(viewport={"width": NARROWEST_PHONE_PX, "height": 640})
    phone = context.new_page()
    phone.goto(live_server.url + "/sign-in/code/")
    phone.get_by_label("Access code").fill(code)
    phone.get_by_role("button", name="Sign in").click()
    phone.get_by_role("link", name="Score the candidates you talked with").click()
    phone.get_by_role("link", name="Score Sam").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Score Sam")
    phone.evaluate("async () => { await navigator.serviceWorker.ready; }")
    phone.wait_for_function(PAGE_IS_KEPT)
    # Signing in cleared the previous person's kept pages; that clearing runs in the
    # background and can land late on a busy machine, so keep this page once more.
    phone.reload()
    phone.wait_for_function(PAGE_IS_KEPT)
    assert_accessible(phone)

    context.set_offline(True)
    phone.get_by_role("group", name="Kindness").get_by_label("4 – Good").check()
    phone.get_by_role("group", name="Listening").get_by_label("3 – Some").check()
    phone.get_by_label("Yes", exact=True).check()
    phone.get_by_role("button", name="Send my score sheet").click()

    expect(phone.get_by_role("status")).to_contain_text("1 score sheet waiting to send")
    assert not ScoreSheet.objects.exists()
    assert_accessible(phone)

    phone.reload()  # from the service worker's copy: the count is still there
    expect(phone.get_by_role("heading", level=1)).to_have_text("Score Sam")
    expect(phone.get_by_role("status")).to_contain_text("1 score sheet waiting to send")
    assert not ScoreSheet.objects.exists()
    assert_accessible(phone)

    context.set_offline(False)
    expect(phone.get_by_role("status")).to_contain_text("1 score sheet sent")
    expect(phone.get_by_role("status")).not_to_contain_text("waiting to send")
    phone.reload()  # a page load sends the queue again: nothing is left to send twice
    sheet = ScoreSheet.objects.get()
    assert (sheet.recruiter, sheet.candidate) == (day.amina, day.sam)
    assert sorted(score.value for score in sheet.scores.all()) == [3, 4]
    assert_accessible(phone)
    context.close()


def _amina_scores_sam(browser: Browser, live_server_url: str) -> Page:
    day = make_day()
    start_scoring(event=day.event, actor=day.facilitator)
    code = issue_access_code(
        person=day.amina, organisation=day.event.organisation, event=day.event, actor=SYSTEM
    ).code
    context = browser.new_context(viewport={"width": NARROWEST_PHONE_PX, "height": 640})
    phone = context.new_page()
    phone.goto(live_server_url + "/sign-in/code/")
    phone.get_by_label("Access code").fill(code)
    phone.get_by_role("button", name="Sign in").click()
    phone.get_by_role("link", name="Score the candidates you talked with").click()
    phone.get_by_role("link", name="Score Sam").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Score Sam")
    phone.get_by_role("group", name="Kindness").get_by_label("4 – Good").check()
    phone.get_by_role("group", name="Listening").get_by_label("3 – Some").check()
    phone.get_by_label("Yes", exact=True).check()
    return phone


def _no_stale_message_on_the_next_sheet(phone: Page) -> None:
    phone.get_by_role("link", name="Score Priya").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Score Priya")
    expect(phone.get_by_text("is sent. Thank you.")).to_have_count(0)
    expect(phone.get_by_role("button", name="Send my score sheet")).to_be_visible()


def test_a_sheet_saved_offline_says_so_instead_of_the_blank_form_then_says_sent(
    browser: Browser, live_server
) -> None:
    phone = _amina_scores_sam(browser, live_server.url)
    phone.context.set_offline(True)
    phone.get_by_role("button", name="Send my score sheet").click()

    done = phone.locator("#sheet-done")
    expect(done.get_by_role("heading", name="Saved on this phone")).to_be_visible()
    expect(done).to_contain_text("It will be sent when you are back online")
    expect(phone.get_by_role("button", name="Send my score sheet")).to_be_hidden()
    expect(done.get_by_role("link", name="Score Priya")).to_be_visible()
    expect(done).to_be_focused()
    assert not ScoreSheet.objects.exists()
    assert_accessible(phone)

    phone.context.set_offline(False)
    expect(done.get_by_role("heading", name="Sent")).to_be_visible()
    expect(done).to_contain_text("Your score sheet for Sam is sent. Thank you.")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Score Sam")  # still this page
    assert ScoreSheet.objects.get().candidate.first_name == "Sam"
    assert_accessible(phone)
    _no_stale_message_on_the_next_sheet(phone)
    assert_accessible(phone)
    phone.context.close()


def test_a_sheet_whose_answer_is_slow_is_saved_on_the_phone_and_the_late_answer_replaces_nothing(
    browser: Browser, live_server
) -> None:
    phone = _amina_scores_sam(browser, live_server.url)
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)  # the hall's wifi: the answer is slow

    phone.route("**/recruiter/sealed/", hold)
    phone.get_by_role("button", name="Send my score sheet").click()
    expect(phone.get_by_role("button", name="Sending…")).to_be_disabled()

    done = phone.locator("#sheet-done")
    # The page stops waiting after ten seconds; a loaded machine may add a few more.
    expect(done.get_by_role("heading", name="Saved on this phone")).to_be_visible(timeout=30_000)
    expect(phone.get_by_role("button", name="Sending…")).to_be_hidden()
    assert held, "the sheet was on its way"
    assert_accessible(phone)

    held[0].continue_()  # the slow answer arrives at last
    phone.unroute("**/recruiter/sealed/", hold)
    expect(done.get_by_role("heading", name="Sent")).to_be_visible()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Score Sam")
    expect(phone.get_by_text("is sent. Thank you.")).to_have_count(1)  # the panel, nothing else
    assert ScoreSheet.objects.count() == 1
    _no_stale_message_on_the_next_sheet(phone)
    assert ScoreSheet.objects.count() == 1
    assert_accessible(phone)
    phone.context.close()


def test_a_sheet_that_waited_is_answered_204_not_redirected_to_a_page(
    browser: Browser, live_server
) -> None:
    phone = _amina_scores_sam(browser, live_server.url)
    phone.context.set_offline(True)
    # The send she watches fails for want of a connection (wait for that, not only for the
    # panel: on a slow machine it could otherwise still be on its way when she is back online).
    with phone.expect_event("requestfailed", lambda request: "/recruiter/sealed/" in request.url):
        phone.get_by_role("button", name="Send my score sheet").click()
    expect(phone.locator("#sheet-done")).to_contain_text("Saved on this phone")

    with phone.expect_response(lambda response: "/recruiter/sealed/" in response.url) as sent:
        phone.context.set_offline(False)

    # Nobody is looking at this answer: stored, and no page to fetch and throw away.
    assert sent.value.status == 204
    assert sent.value.request.headers.get("x-coappoint-offline-queue") == "1"
    expect(phone.locator("#sheet-done").get_by_role("heading", name="Sent")).to_be_visible()
    assert ScoreSheet.objects.count() == 1
    phone.context.close()
