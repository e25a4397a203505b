"""The facilitator runs the conversations from their screen: start, next round, a candidate who did
not come and a recruiter who arrives late, each re-planned with the moves said in words; a nudge
reaches a recruiter's phone and goes when they say "Got it"."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect

from coappoint.signin.services import SYSTEM, issue_access_code
from coappoint.timetables.models import Rotation, Timetable
from tests.browser.conftest import assert_accessible, signed_in_staff
from tests.factories import STAFF_PASSWORD, conversation_slots, make_day_with_timetable

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = ViewportSize(width=320, height=640)


def _sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(base_url + "/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_the_facilitator_runs_the_rounds_and_replans_for_a_no_show_and_a_late_arrival(
    browser: Browser, live_server
) -> None:
    day = make_day_with_timetable()
    carl = day.recruiters["carl"]
    screen = browser.new_page()
    _sign_in(screen, live_server.url, day.facilitator.email)
    screen.goto(f"{live_server.url}/o/{day.event.organisation.slug}/events/{day.event.pk}/run/")
    expect(screen.get_by_role("heading", level=1)).to_have_text("Run the day")
    expect(screen.locator("#rotation-state")).to_have_text("The conversations have not started.")
    assert_accessible(screen)

    screen.get_by_role("button", name="Start the conversations").click()
    expect(screen.get_by_text("The conversations have started: round 1.")).to_be_visible()
    expect(screen.locator("#rotation-state")).to_have_text("Round 1 of 3.")
    expect(screen.locator("#time-left")).to_contain_text("left")
    assert_accessible(screen)

    screen.get_by_role("button", name="Next round").click()
    expect(screen.get_by_text("Round 2 has started.")).to_be_visible()
    expect(screen.locator("#rotation-state")).to_have_text("Round 2 of 3.")
    assert_accessible(screen)

    no_show = screen.get_by_role("group", name="Someone did not come")
    no_show.get_by_label("Who").select_option(label="Sam (candidate)")
    no_show.get_by_role("button", name="Record a no-show").click()
    expect(screen.get_by_text("Timetable version 2 is made.")).to_be_visible()
    output = Timetable.objects.get(event=day.event, version=2).output
    # Sam's conversations from round 2 (the one under way) on are cancelled, not "moved".
    assert output["cancelled"] > 0
    expect(screen.locator("#moved")).to_have_text(
        f"Timetable version 2: {output['cancelled']} conversations are cancelled; "
        f"{output['moved']} moved; {output['added']} added."
    )
    expect(screen.locator("#changes")).to_contain_text("Sam did not come (from round 3).")
    expect(screen.locator("#unmet")).to_contain_text("they are never there at the same time")
    assert_accessible(screen)

    late = screen.get_by_role("group", name="Someone arrives late")
    late.get_by_label("Who").select_option(label="Carl Diaz (recruiter)")
    late.get_by_label("The first round they can be there for").select_option(index=2)
    late.get_by_role("button", name="Record a late arrival").click()
    expect(screen.get_by_text("Timetable version 3 is made.")).to_be_visible()
    expect(screen.locator("#moved")).to_contain_text("added.")
    expect(screen.locator("#changes")).to_contain_text("Carl Diaz arrives late, for round 4.")
    latest = Timetable.objects.get(event=day.event, version=3)
    assert conversation_slots(latest)[:2] == conversation_slots(day.timetable)[:2]
    assert not any(
        conversation["recruiter"] == carl.pk for conversation in conversation_slots(latest)[2]
    )
    assert_accessible(screen)
    screen.context.close()


def test_a_nudge_reaches_the_recruiters_phone_until_they_say_got_it(
    browser: Browser, live_server
) -> None:
    day = make_day_with_timetable()
    bea = day.recruiters["bea"]
    screen = browser.new_page()
    _sign_in(screen, live_server.url, day.facilitator.email)
    screen.goto(f"{live_server.url}/o/{day.event.organisation.slug}/events/{day.event.pk}/run/")
    expect(screen.locator("#pending")).to_contain_text("Bea Jones")
    screen.get_by_role("button", name="Nudge Bea Jones").click()
    expect(screen.get_by_text("Bea Jones is nudged on their phone.")).to_be_visible()
    expect(screen.locator("#pending")).to_contain_text("not seen yet")
    assert_accessible(screen)

    code = issue_access_code(
        person=bea, organisation=bea.organisation, event=bea.event, actor=SYSTEM
    ).code
    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(live_server.url + "/sign-in/code/")
    phone.get_by_label("Access code").fill(code)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(bea.full_name)
    phone.goto(live_server.url + "/recruiter/nudges/")
    message = "Please send your score sheets for Priya, Sam and Tom."
    expect(phone.get_by_text(message, exact=True)).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("button", name="Got it").click()
    expect(phone.get_by_text(message, exact=True)).to_have_count(0)
    assert_accessible(phone)
    # The facilitator's screen catches up by itself, without a reload.
    expect(screen.locator("#pending")).not_to_contain_text("not seen yet")
    screen.context.close()
    phone.context.close()


def _an_update_arrives(screen: Page) -> None:
    """Wait for a poll's answer and for the clock it brings to be on the screen."""
    shown = screen.locator("#clock-now").inner_text()
    with screen.expect_response(lambda response: "/run/live/" in response.url):
        pass
    expect(screen.locator("#clock-now")).not_to_have_text(shown)


def _stays_through_updates(screen: Page, button_id: str) -> None:
    """The button under the pointer or the focus is the same element after two updates."""
    button = screen.locator(f"#{button_id}").element_handle()
    _an_update_arrives(screen)
    _an_update_arrives(screen)
    assert button.evaluate("(element) => element.isConnected"), f"#{button_id} was redrawn"


def test_the_rotation_controls_answer_the_mouse_and_the_keyboard_while_the_screen_updates(
    browser: Browser, live_server
) -> None:
    day = make_day_with_timetable()
    screen = signed_in_staff(browser, live_server.url, day.facilitator)
    screen.goto(f"{live_server.url}/o/{day.event.organisation.slug}/events/{day.event.pk}/run/")
    expect(screen.locator("#rotation-state")).to_have_text("The conversations have not started.")

    screen.locator("#rotation-start").hover()
    _stays_through_updates(screen, "rotation-start")
    screen.locator("#rotation-start").click()  # the mouse
    expect(screen.get_by_text("The conversations have started: round 1.")).to_be_visible()
    expect(screen.locator("#rotation-state")).to_have_text("Round 1 of 3.")
    assert_accessible(screen)

    # GOV.UK Frontend moves the focus to a success banner as the page starts: then ours.
    expect(screen.locator(".govuk-notification-banner")).to_be_focused()
    screen.locator("#rotation-pause").focus()
    _stays_through_updates(screen, "rotation-pause")
    expect(screen.locator("#rotation-pause")).to_be_focused()
    screen.keyboard.press("Enter")  # the keyboard
    expect(screen.get_by_text("The conversations are paused.")).to_be_visible()
    expect(screen.locator("#rotation-resume")).to_be_visible()

    screen.locator("#rotation-resume").hover()
    _stays_through_updates(screen, "rotation-resume")
    screen.locator("#rotation-resume").click()
    expect(screen.get_by_text("The conversations have resumed.")).to_be_visible()

    expect(screen.locator(".govuk-notification-banner")).to_be_focused()
    screen.locator("#rotation-next").focus()
    _stays_through_updates(screen, "rotation-next")
    expect(screen.locator("#rotation-next")).to_be_focused()
    screen.keyboard.press("Enter")
    expect(screen.get_by_text("Round 2 has started.")).to_be_visible()
    expect(screen.locator("#rotation-state")).to_have_text("Round 2 of 3.")
    assert Rotation.objects.get(event=day.event).current_round == 1
    assert_accessible(screen)
    screen.context.close()


def test_without_javascript_the_controls_are_plain_forms_and_the_screen_has_a_refresh_link(
    browser: Browser, live_server
) -> None:
    day = make_day_with_timetable()
    screen = signed_in_staff(browser, live_server.url, day.facilitator, java_script_enabled=False)
    inspector = browser.new_page()  # axe needs JavaScript
    screen.goto(f"{live_server.url}/o/{day.event.organisation.slug}/events/{day.event.pk}/run/")
    screen.get_by_role("button", name="Start the conversations").click()
    expect(screen.locator("#rotation-state")).to_have_text("Round 1 of 3.")
    screen.get_by_role("button", name="Next round").click()
    expect(screen.locator("#rotation-state")).to_have_text("Round 2 of 3.")
    day.recruiters["amina"].checked_in_at = timezone.now()
    day.recruiters["amina"].save()
    screen.get_by_role("link", name="Refresh", exact=True).click()
    expect(screen.locator("#check-in-count")).to_have_text("1 of 3 recruiters checked in.")
    assert_accessible(screen, inspector)
    screen.context.close()
    inspector.context.close()
