"""Long work off the request (issue 17), as staff see it: the timetable is made by the task
worker while its page shows how it is getting on, with JavaScript and without; on the day a
no-show is re-planned at once and the better plan the worker finds is offered, then used."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from coappoint.timetables.models import Timetable
from coappoint.timetables.services import start_rotation
from tests.browser.conftest import (
    DATABASE_TASKS,
    assert_accessible,
    run_task_worker_until_idle,
    signed_in_staff,
)
from tests.factories import (
    SAM_PRIYA_TOM,
    make_day_a_quick_replan_leaves_room_to_improve,
    make_day_without_timetable,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_timetable_is_made_by_the_worker_while_its_page_shows_progress(
    browser: Browser, live_server, settings: Any, javascript: bool
) -> None:
    settings.TASKS = DATABASE_TASKS
    # Four candidates, three recruiters, rests: the solver's stages report progress.
    day = make_day_without_timetable(2, candidates_named=(*SAM_PRIYA_TOM, ("Uma", "Patel")))
    event = day.event
    page = signed_in_staff(
        browser, live_server.url, day.facilitator, java_script_enabled=javascript
    )
    inspector = None if javascript else browser.new_page()  # axe needs JavaScript
    page.goto(f"{live_server.url}/o/{event.organisation.slug}/events/{event.pk}/timetable/")
    expect(page.get_by_text("No timetable has been made yet.")).to_be_visible()

    page.get_by_role("button", name="Make the timetable").click()
    expect(page.get_by_role("heading", name="Making the timetable")).to_be_visible()
    expect(page.locator("[data-job-state] [role=status]")).to_have_text(
        "Waiting for the task worker to start it."
    )
    assert_accessible(page, inspector)
    page.get_by_role("button", name="Make the timetable").click()  # a second press
    expect(
        page.get_by_text("The timetable is already being made. This is how it is getting on.")
    ).to_be_visible()

    run_task_worker_until_idle()
    if not javascript:
        page.get_by_role("link", name="Refresh to see how it is getting on").click()

    # With JavaScript the page follows by itself and reloads when the worker is done.
    expect(page.get_by_text("Timetable version 1 is made.")).to_be_visible()
    expect(page.get_by_role("table", name="Who meets whom, when, at which table")).to_be_visible()
    assert Timetable.objects.filter(event=event).count() == 1
    assert_accessible(page, inspector)


def test_a_no_show_is_re_planned_at_once_and_the_better_plan_found_is_offered_then_used(
    browser: Browser, live_server, settings: Any
) -> None:
    settings.TASKS = DATABASE_TASKS
    day = make_day_a_quick_replan_leaves_room_to_improve()
    start_rotation(event=day.event, actor=day.facilitator)
    screen = signed_in_staff(browser, live_server.url, day.facilitator)
    screen.goto(f"{live_server.url}/o/{day.event.organisation.slug}/events/{day.event.pk}/run/")
    expect(screen.locator("#rotation-state")).to_contain_text("Round 1 of")

    no_show = screen.get_by_role("group", name="Someone did not come")
    no_show.get_by_label("Who").select_option(label="Amina Hassan (recruiter)")
    no_show.get_by_role("button", name="Record a no-show").click()
    expect(screen.get_by_text("Timetable version 2 is made.")).to_be_visible()
    expect(screen.locator("#better-plan")).to_contain_text("Looking for a better plan")
    assert_accessible(screen)

    run_task_worker_until_idle()

    better = screen.locator("#better-plan")
    # Amina's conversation under way is cancelled at once: 7 conversations are left.
    expect(better).to_contain_text("A better plan is ready: 7 conversations in 5 rounds")
    expect(better).to_contain_text("where the plan now has 7 in 6")
    assert_accessible(screen)
    better.get_by_role("button", name="Use the better plan").click()
    expect(screen.get_by_text("Timetable version 3 is made.")).to_be_visible()
    expect(screen.locator("#better-plan")).to_have_count(0)
    used = Timetable.objects.filter(event=day.event).order_by("-version").first()
    assert used is not None
    assert used.rounds == 5
    assert_accessible(screen)
