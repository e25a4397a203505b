"""A score sheet sent from a phone with no connection is kept, survives a reload, arrives once."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

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
