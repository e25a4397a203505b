"""A programme manager plans the day, changes the agenda, makes the timetable and prints it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from coappoint.candidates.models import AdjustmentRequest
from coappoint.events.models import Event
from coappoint.organisations.models import Role
from tests.browser.conftest import assert_accessible
from tests.factories import (
    STAFF_PASSWORD,
    CampaignFactory,
    CandidateFactory,
    ConflictFactory,
    RecruiterFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_programme_manager_plans_the_day_and_makes_a_timetable_that_respects_a_conflict(
    page: Page, live_server
) -> None:
    campaign = CampaignFactory.create(name="Northfield campaign")
    organisation = campaign.organisation
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    sam_ahmed = CandidateFactory.create(campaign=campaign, first_name="Sam", last_name="Ahmed")
    sam_brown = CandidateFactory.create(campaign=campaign, first_name="Sam", last_name="Brown")
    tom = CandidateFactory.create(campaign=campaign, first_name="Tom", last_name="Clark")

    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email address").fill(manager.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # Plan the day: a mistake first, then the whole plan.
    page.goto(f"{live_server.url}/o/{organisation.slug}/events/new/?campaign={campaign.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan a recruitment day")
    assert_accessible(page)
    page.get_by_label("Name of the day").fill("Northfield community recruitment day")
    page.get_by_label("Interpreters on the day (optional)").fill("Arabic: one")
    page.get_by_role("button", name="Save the event plan").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter the date of the day")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Date", exact=True).fill("12/12/2026")
    page.get_by_label("Venue", exact=True).fill("Northfield Community Centre")
    page.get_by_label("Venue address").fill("1 High Street\nNorthfield")
    page.get_by_label("Access information (optional)").fill("Step-free entrance at the side")
    page.get_by_label("Number of tables").fill("2")
    page.get_by_label("Interpreters on the day (optional)").fill("Arabic: 1")
    page.get_by_role("button", name="Save the event plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Northfield community recruitment day"
    )
    expect(page.get_by_text("Event created")).to_be_visible()
    assert_accessible(page)

    # The people of the day arrive through other pages (candidates, sign-up); here, directly.
    event = Event.objects.get(name="Northfield community recruitment day")
    assert event.interpreters == {"ar": 1}
    event.candidates.add(sam_ahmed, sam_brown, tom)
    RecruiterFactory.create(event=event, full_name="Amina Hassan", interpreter_language="ar")
    bea = RecruiterFactory.create(event=event, full_name="Bea Jones")
    RecruiterFactory.create(event=event, full_name="Carl Diaz")
    ConflictFactory.create(recruiter=bea, candidate=sam_brown)
    AdjustmentRequest.objects.create(
        organisation=organisation, candidate=tom, interpreter_language="bsl"
    )
    event.interpreters = {"ar": 1, "bsl": 1}
    event.save()

    # Change the agenda: a wrong number first, then a longer mingling and a break.
    page.goto(f"{live_server.url}/o/{organisation.slug}/events/{event.pk}/agenda/")
    assert_accessible(page)
    mingling = event.agenda.get(kind="mingling")
    page.locator(f"#id_block_{mingling.pk}_minutes").fill("half an hour")
    page.get_by_role("button", name="Save the agenda").click()
    expect(
        page.get_by_role(
            "link", name="Enter the minutes for block 5 (Mingling with the candidates)"
        )
    ).to_be_visible()
    assert_accessible(page)
    page.locator(f"#id_block_{mingling.pk}_minutes").fill("30")
    page.locator("#id_new_title").fill("Break")
    page.locator("#id_new_minutes").fill("10")
    page.locator("#id_new_order").fill("5")  # after block 5, mingling
    page.get_by_role("button", name="Save the agenda").click()
    expect(page.get_by_text("The agenda is saved. Its times add up.")).to_be_visible()
    agenda = page.get_by_role("table", name="Agenda")
    expect(agenda.get_by_role("row").nth(6)).to_contain_text("12:15")
    expect(agenda.get_by_role("row").nth(6)).to_contain_text("Break")
    expect(agenda.get_by_role("row").nth(7)).to_contain_text("12:25")
    expect(agenda.get_by_role("row").nth(7)).to_contain_text("One-to-one conversations")
    assert_accessible(page)

    # Make the timetable.
    page.goto(f"{live_server.url}/o/{organisation.slug}/events/{event.pk}/timetable/")
    expect(page.get_by_text("No timetable has been made yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Make the timetable").click()
    expect(page.get_by_text("Timetable version 1 is made.")).to_be_visible()
    timetable = page.get_by_role("table", name="Who meets whom, when, at which table")
    expect(timetable.get_by_role("rowheader").first).to_have_text("12:25–12:35")
    expect(
        timetable.get_by_role("cell", name="Sam A. with Amina H. (Arabic interpreter)")
    ).to_be_visible()
    expect(
        timetable.get_by_role(
            "cell", name="Tom with Amina H. (Arabic and British Sign Language interpreters)"
        )
    ).to_be_visible()
    expect(timetable.get_by_role("cell", name="Sam B. with Carl D.")).to_be_visible()
    expect(timetable.get_by_text("Sam B. with Bea J.")).to_have_count(0)
    expect(page.locator("#optimality")).to_contain_text("timetable")
    assert_accessible(page)

    # Print: the whole timetable, everyone's cards, one recruiter's and one table's card.
    page.get_by_text("One card at a time").click()
    links = [
        page.get_by_role("link", name="The whole timetable"),
        page.get_by_role("link", name="Every recruiter's card, one to a page"),
        page.get_by_role("link", name="Every table's card, one to a page"),
        page.get_by_role("link", name="Card for Amina H."),
        page.get_by_role("link", name="Card for Table 2"),
    ]
    for link in links:
        href = link.get_attribute("href")
        assert href is not None
        response = page.request.get(live_server.url + href)
        assert response.ok
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
