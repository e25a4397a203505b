"""A candidate who did not come, recorded while round 1 is under way (issue 18): the recruiter
who was to meet them sees it on their phone within the poll, and the facilitator is told who is
now free and what the re-plan cancelled, moved and added."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, ViewportSize, expect

from coappoint.signin.services import SYSTEM, issue_access_code
from coappoint.timetables.services import start_rotation
from tests.browser.conftest import assert_accessible, signed_in_staff
from tests.factories import make_day_with_timetable

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = ViewportSize(width=320, height=640)


def test_a_no_show_mid_round_leaves_their_recruiters_phone_at_once(
    browser: Browser, live_server
) -> None:
    day = make_day_with_timetable()
    start_rotation(event=day.event, actor=day.facilitator)
    sam = day.candidates["sam"]
    (now_with_sam,) = day.timetable.conversations.filter(round=0, candidate=sam)
    recruiter = now_with_sam.recruiter
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    ).code
    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(live_server.url + "/sign-in/code/")
    phone.get_by_label("Access code").fill(code)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(recruiter.full_name)
    panel = phone.locator("#now-next")
    expect(panel).to_contain_text("Sam, table")
    assert_accessible(phone)

    screen = signed_in_staff(browser, live_server.url, day.facilitator)
    screen.goto(f"{live_server.url}/o/{day.event.organisation.slug}/events/{day.event.pk}/run/")
    no_show = screen.get_by_role("group", name="Someone did not come")
    no_show.get_by_label("Who").select_option(label="Sam (candidate)")
    no_show.get_by_role("button", name="Record a no-show").click()

    expect(
        screen.get_by_text(
            "Timetable version 2 is made. 3 conversations are cancelled; 0 moved; 0 added."
        )
    ).to_be_visible()
    expect(
        screen.get_by_text(
            f"{recruiter.full_name} now has nobody to talk to in the round under way."
        )
    ).to_be_visible()
    assert_accessible(screen)
    # The phone follows by itself, without a reload: no Sam now, and none later.
    expect(panel).not_to_contain_text("Sam")
    assert_accessible(phone)
    phone.context.close()
    screen.context.close()
