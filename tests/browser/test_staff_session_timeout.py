"""The timeout warning on staff pages: shown before an idle session ends, "Stay signed in" keeps
the page, and when the time runs out the person is signed out and told why."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from coappoint.organisations.models import Role
from tests.browser.conftest import assert_accessible
from tests.factories import STAFF_PASSWORD, OrganisationFactory, staff_member

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_warning_keeps_the_session_or_signs_out_when_time_is_up(
    browser: Browser, live_server, settings
) -> None:
    organisation = OrganisationFactory.create(name="Harbourside", slug="harbourside")
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email address").fill(manager.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    expect(dialog).to_be_hidden()

    # Short times, so the test waits seconds rather than minutes: 30 seconds idle, the warning
    # 27 seconds before.
    settings.STAFF_IDLE_MINUTES = 0.5
    settings.STAFF_TIMEOUT_WARNING_MINUTES = 0.45
    page.reload()
    expect(dialog).to_be_visible()
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    # When the time runs out the page signs out and says why.
    settings.STAFF_IDLE_MINUTES = 0.1
    settings.STAFF_TIMEOUT_WARNING_MINUTES = 0.05
    page.reload()
    expect(dialog).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You have been signed out", timeout=15_000
    )
    assert_accessible(page)
    page.goto(live_server.url + "/o/harbourside/")
    expect(page.get_by_text("Welcome")).to_have_count(0)
