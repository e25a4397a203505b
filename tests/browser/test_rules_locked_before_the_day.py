"""Scoring cannot start before the rules are locked: the page says so, links to "Check and lock
the rules", and once they are locked there, scoring starts."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from coappoint.campaigns.models import Campaign, Stage
from coappoint.organisations.models import Role
from coappoint.scoring.models import ScoringRound
from tests.browser.conftest import assert_accessible
from tests.factories import STAFF_PASSWORD, StageFactory, staff_member
from tests.scoring.conftest import make_day

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_manager_is_sent_to_lock_the_rules_before_scoring_starts(
    page: Page, live_server
) -> None:
    day = make_day()
    campaign = day.event.campaign
    StageFactory.create(campaign=campaign, kind=Stage.Kind.INTERVIEW, position=2)
    Campaign.objects.filter(pk=campaign.pk).update(
        state=Campaign.State.SETTING_UP, rules_locked_at=None
    )
    manager = staff_member(day.event.organisation, Role.PROGRAMME_MANAGER)
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email address").fill(manager.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(live_server.url + day.url("scoring:event_scoring"))
    page.get_by_role("button", name="Start scoring").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The campaign's rules are not locked yet.")
    expect(page).to_have_title(f"Error: Scoring – {day.event.name} – Community recruitment")
    assert_accessible(page)
    assert not ScoringRound.objects.filter(event=day.event).exists()

    summary.get_by_role("link", name="Check and lock the rules").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the rules before you lock them"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Lock the rules").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(live_server.url + day.url("scoring:event_scoring"))
    page.get_by_role("button", name="Start scoring").click()
    expect(page.get_by_text("Scoring has started. The criteria are locked.")).to_be_visible()
    assert_accessible(page)
