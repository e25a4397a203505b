"""A programme manager sets up a campaign from an empty organisation and locks its rules."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Campaign
from coappoint.organisations.models import Role
from tests.browser.conftest import assert_accessible
from tests.factories import STAFF_PASSWORD, OrganisationFactory, staff_member

pytestmark = pytest.mark.django_db(transaction=True)


def _heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    assert_accessible(page)


def test_a_programme_manager_sets_up_a_campaign_and_locks_its_rules(
    page: Page, live_server
) -> None:
    organisation = OrganisationFactory.create(
        name="Harbourside Borough Council", slug="harbourside"
    )
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    manager.full_name = "Helen Morgan"
    manager.save()

    page.goto(live_server.url + "/sign-in/")
    assert_accessible(page)
    page.get_by_label("Email address").fill(manager.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert_accessible(page)
    # TODO(#5): follow the organisation home's link once the lead adds it.
    page.goto(live_server.url + "/o/harbourside/campaigns/")
    _heading(page, "Campaigns")

    # Programme: a forgotten name is pointed out, and the councils typed are kept.
    page.get_by_role("link", name="Add a programme").click()
    _heading(page, "Add a programme")
    page.get_by_label("Councils the programme serves").fill("Harbourside Borough Council")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("link", name="Enter the name of the programme")).to_be_visible()
    expect(page.get_by_label("Councils the programme serves")).to_have_value(
        "Harbourside Borough Council"
    )
    assert_accessible(page)
    page.get_by_label("Name of the programme").fill("Harbourside Local Area Coordination")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Programme Harbourside Local Area Coordination added")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add an area").click()
    _heading(page, "Add an area")
    page.get_by_label("Name of the area").fill("Northfield and the Docks")
    page.get_by_role("button", name="Save and continue").click()
    _heading(page, "Campaigns")

    page.get_by_role("link", name="Add a vacancy").click()
    _heading(page, "Add a vacancy")
    page.get_by_label("Job title").fill("Local Area Coordinator, Northfield")
    page.get_by_role("button", name="Save and continue").click()

    # The campaign page follows, with the new vacancy already chosen.
    _heading(page, "Start a campaign")
    expect(
        page.get_by_label("Local Area Coordinator, Northfield, Northfield and the Docks")
    ).to_be_checked()
    page.get_by_label("Name of the campaign").fill("Northfield coordinator, winter 2026")
    page.get_by_role("button", name="Save and continue").click()
    _heading(page, "Northfield coordinator, winter 2026")

    page.get_by_role("link", name="Stages, weights and scales").click()
    _heading(page, "Stages, weights and scales")

    page.get_by_role("link", name="Add the stage: Community recruitment event").click()
    _heading(page, "Community recruitment event")
    page.get_by_label("Weight, as a percentage").fill("60")
    page.get_by_label("Highest score on the scale").fill("4")
    page.get_by_role("button", name="Save and continue").click()
    # Four points, five words: the page says so.
    expect(page.get_by_role("link", name="The scale from 1 to 4 has 4 points")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Highest score on the scale").fill("5")
    page.get_by_label("Minimum to be appointable, as a percentage (optional)").fill("40")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="Add the stage: Formal interview").click()
    _heading(page, "Formal interview")
    page.get_by_label("Weight, as a percentage").fill("40")
    page.get_by_label("Lowest score on the scale").fill("0")
    page.get_by_label("Highest score on the scale").fill("10")
    page.get_by_role("button", name="Save and continue").click()
    # The stages are all there and add up: "Save and continue" goes on to the next task.
    _heading(page, "Consensus-shift threshold, in points")

    page.get_by_role("link", name="Back to the campaign").click()
    expect(page.locator("#rules-tasks-1-status")).to_have_text("Completed")
    assert_accessible(page)
    page.get_by_role("link", name="Stages, weights and scales").click()
    expect(page.get_by_text("60% of the final score")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    _heading(page, "Consensus-shift threshold, in points")
    page.get_by_role("textbox").fill("1.5")
    page.get_by_role("button", name="Save and continue").click()

    # And from the threshold to the last task, checking and locking the rules.
    _heading(page, "Check the rules before you lock them")
    expect(page.get_by_text("Consensus-shift threshold saved")).to_be_visible()
    assert_accessible(page)
    expect(page.locator("#consensus-shift-threshold")).to_have_text("1.5 points")
    page.get_by_role("button", name="Lock the rules").click()

    _heading(page, "Rules locked")
    expect(page.get_by_text("by Helen Morgan, before the day")).to_be_visible()
    campaign = Campaign.objects.get(organisation=organisation)
    assert campaign.rules_locked_by == manager
    assert AuditEvent.objects.filter(action="campaign.rules_locked").count() == 1

    page.get_by_role("link", name="See the locked rules").click()
    _heading(page, "The rules")
    expect(page.get_by_role("link", name="Change")).to_have_count(0)
    page.get_by_role("link", name="Northfield coordinator, winter 2026").click()
    expect(page.locator("#rules-tasks-3-status")).to_have_text("Completed")
    assert_accessible(page)

    # An old bookmark to a change page is refused, in plain words.
    page.goto(f"{live_server.url}/o/harbourside/campaigns/{campaign.pk}/consensus-shift/")
    _heading(page, "The rules cannot be changed")
    expect(page.get_by_text("so that the community's voice cannot be overruled")).to_be_visible()
