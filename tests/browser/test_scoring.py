"""Private scoring on the day: recruiters score on their phones, the facilitator sees only who
is pending, and the spread appears once the last sheet is in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from coappoint.campaigns.models import Candidate
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.scoring.models import ScoreSheet
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.browser.conftest import assert_accessible
from tests.factories import STAFF_PASSWORD
from tests.scoring.conftest import Day, make_day

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = ViewportSize(width=320, height=640)


def _recruiter_phone(browser: Browser, live_server_url: str, recruiter: CommunityRecruiter) -> Page:
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    ).code
    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(live_server_url + "/sign-in/code/")
    phone.get_by_label("Access code").fill(code)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(recruiter.full_name)
    return phone


def _score(phone: Page, candidate: Candidate, kindness: str, listening: str) -> None:
    phone.get_by_role("link", name=f"Score {candidate.first_name}").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Score {candidate.first_name}")
    phone.get_by_role("group", name="Kindness").get_by_label(kindness).check()
    phone.get_by_role("group", name="Listening").get_by_label(listening).check()
    phone.get_by_label("Yes", exact=True).check()
    phone.get_by_label("Comment (optional)").fill("Asked everyone about themselves")
    phone.get_by_role("button", name="Send my score sheet").click()
    expect(
        phone.get_by_text(f"Your score sheet for {candidate.first_name} is sent")
    ).to_be_visible()


def _pending_table(page: Page, day: Day) -> str:
    page.reload()
    assert "Median" not in page.content()
    assert "Asked everyone" not in page.content()
    assert_accessible(page)
    return page.locator("#pending").inner_text()


def test_recruiters_score_privately_and_the_spread_appears_after_the_last_sheet(
    browser: Browser, live_server
) -> None:
    day = make_day()
    facilitator = browser.new_page()
    facilitator.goto(live_server.url + "/sign-in/")
    facilitator.get_by_label("Email address").fill(day.facilitator.email)
    facilitator.get_by_label("Password").fill(STAFF_PASSWORD)
    facilitator.get_by_role("button", name="Sign in").click()
    facilitator.goto(live_server.url + day.url("scoring:event_scoring"))
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Private scoring")
    assert_accessible(facilitator)
    facilitator.get_by_role("button", name="Start scoring").click()
    expect(facilitator.get_by_text("Scoring has started. The criteria are locked.")).to_be_visible()
    assert_accessible(facilitator)
    pending = facilitator.locator("#pending").inner_text()
    assert "Amina Hassan" in pending
    assert "Bob Jones" in pending
    assert "Chen Wei" in pending

    phones = {
        recruiter.pk: _recruiter_phone(browser, live_server.url, recruiter)
        for recruiter in (day.amina, day.bob, day.chen)
    }

    # Amina first forgets a score, then sends both her sheets.
    amina = phones[day.amina.pk]
    amina.goto(live_server.url + "/recruiter/scores/")
    expect(amina.get_by_role("heading", level=1)).to_have_text("Your score sheets")
    assert_accessible(amina)
    amina.get_by_role("link", name="Score Sam").click()
    assert_accessible(amina)
    amina.get_by_role("group", name="Kindness").get_by_label("4 – Good").check()
    amina.get_by_role("button", name="Send my score sheet").click()
    expect(amina.get_by_role("link", name="Select a score for Listening")).to_be_visible()
    assert_accessible(amina)
    amina.get_by_role("group", name="Listening").get_by_label("3 – Some").check()
    amina.get_by_label("Yes", exact=True).check()
    amina.get_by_role("button", name="Send my score sheet").click()
    expect(amina.get_by_text("Your score sheet for Sam is sent")).to_be_visible()
    assert_accessible(amina)
    _score(amina, day.priya, "2 – A little", "4 – Good")
    expect(amina.get_by_text("Nothing left to score. Thank you.")).to_be_visible()
    amina.get_by_role("link", name="Sam").click()
    expect(amina.get_by_text("It is locked: to change it, ask the facilitator.")).to_be_visible()
    assert_accessible(amina)

    pending = _pending_table(facilitator, day)
    assert "Amina Hassan" not in pending
    assert "Bob Jones" in pending
    assert "Chen Wei" in pending

    bob = phones[day.bob.pk]
    bob.goto(live_server.url + "/recruiter/scores/")
    _score(bob, day.sam, "4 – Good", "1 – No evidence")
    _score(bob, day.priya, "3 – Some", "3 – Some")
    pending = _pending_table(facilitator, day)
    assert "Bob Jones" not in pending
    assert "Chen Wei" in pending

    chen = phones[day.chen.pk]
    chen.goto(live_server.url + "/recruiter/scores/")
    expect(chen.get_by_role("link", name="Score Priya")).to_have_count(0)  # he knows her
    _score(chen, day.sam, "5 – Strong", "2 – A little")
    assert ScoreSheet.objects.count() == 5

    facilitator.reload()
    expect(
        facilitator.get_by_text("Every score sheet is in. The scores are revealed.")
    ).to_be_visible()
    expect(facilitator.locator("#pending")).to_have_text("Nobody: no score sheet is pending.")
    assert_accessible(facilitator)
    facilitator.get_by_role("link", name="See the spread of the scores (no names)").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Spread of the private scores")
    expect(facilitator.get_by_role("columnheader", name="4 – Good").first).to_be_visible()
    expect(facilitator.get_by_text("5 of 5 score sheets sent.")).to_be_visible()
    content = facilitator.content()
    for name in ("Amina", "Bob Jones", "Chen Wei", "Asked everyone"):
        assert name not in content
    assert_accessible(facilitator)
