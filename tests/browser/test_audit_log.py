"""An auditor reads the audit log in words, filters it without JavaScript, follows one
candidate's history from a row, and gets the rows as a CSV."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from coappoint.candidates.services import add_candidate, change_candidate
from coappoint.organisations.models import Role
from tests.browser.conftest import assert_accessible, signed_in_staff
from tests.factories import CampaignFactory, staff_member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [True, False])
def test_an_auditor_follows_one_candidates_history(
    browser: Browser, live_server, javascript: bool
) -> None:
    campaign = CampaignFactory.create()
    manager = staff_member(campaign.organisation, Role.PROGRAMME_MANAGER)
    manager.full_name = "Helen Morgan"
    manager.save()
    priya = add_candidate(
        campaign=campaign,
        first_name="Priya",
        last_name="Shah",
        email="p@example.net",
        actor=manager,
    )
    add_candidate(
        campaign=campaign, first_name="Sam", last_name="Baker", email="s@example.net", actor=manager
    )
    change_candidate(
        candidate=priya,
        first_name="Priya",
        last_name="Shah",
        chosen_name="",
        email="p@example.net",
        phone="",
        preferred_language="cy",
        actor=manager,
    )
    auditor = staff_member(campaign.organisation, Role.AUDITOR)

    page = signed_in_staff(
        browser,
        live_server.url,
        auditor,
        java_script_enabled=javascript,
        viewport={"width": 320, "height": 800},
    )
    # axe needs JavaScript: without it, the page's markup is checked in a page that has it.
    inspector = None if javascript else browser.new_page()
    page.goto(f"{live_server.url}/o/{campaign.organisation.slug}/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    expect(page.get_by_role("cell", name="Candidate's details changed")).to_be_visible()
    assert_accessible(page, inspector)

    page.get_by_label("What happened").select_option(label="Candidate added")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("cell", name="Candidate added")).to_have_count(2)
    expect(page.get_by_role("cell", name="Candidate's details changed")).to_have_count(0)

    page.get_by_role("link", name="Priya Shah").first.click()
    expect(page.get_by_text("Showing the history of Priya Shah.")).to_be_visible()
    expect(page.get_by_role("cell", name="Candidate's details changed")).to_be_visible()
    expect(page.get_by_role("link", name="Sam Baker")).to_have_count(0)
    assert_accessible(page, inspector)

    page.get_by_label("From").fill("someday")
    page.get_by_role("button", name="Apply filters").click()
    expect(
        page.get_by_role("link", name="Enter the first day as a date, for example 2026-11-27")
    ).to_be_visible()
    assert_accessible(page, inspector)
