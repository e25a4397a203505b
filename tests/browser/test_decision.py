"""The decision: the programme manager reads the outcome (chart, table, the community's
influence), records who is appointed and why, and downloads the decision record three ways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from coappoint.decisions.models import Decision
from tests.browser.conftest import assert_accessible, signed_in_staff
from tests.decisions.conftest import make_ready

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_manager_records_the_decision_and_downloads_the_record(
    browser: Browser, live_server
) -> None:
    ready = make_ready()
    page = signed_in_staff(browser, live_server.url, ready.manager, accept_downloads=True)
    assert_accessible(page)

    page.goto(live_server.url + ready.url("decisions:outcome"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcome")
    expect(
        page.get_by_text("Without the community's score, Sam Adeyemi would have ranked first.")
    ).to_be_visible()
    expect(page.get_by_role("img", name="Combined percent per candidate")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the decision")
    assert_accessible(page)
    page.get_by_role("button", name="Record and lock the decision").click()
    expect(page.get_by_role("link", name="Choose who is appointed, or no one")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Priya Shah").check()
    page.get_by_label("Reasons for the decision").fill("Trusted by the community and the panel.")
    page.get_by_role("button", name="Record and lock the decision").click()
    expect(page.get_by_text("The decision is recorded and locked.")).to_be_visible()
    assert_accessible(page)
    assert Decision.objects.get().appointed == ready.priya

    for link, content_type in (
        ("Decision record (PDF, A4)", "application/pdf"),
        (
            "Decision record (spreadsheet)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("Decision record (JSON, to recompute with coappoint outcome)", "application/json"),
    ):
        href = page.get_by_role("link", name=link).get_attribute("href")
        assert href is not None
        response = page.request.get(live_server.url + href)
        assert response.ok
        assert response.headers["content-type"] == content_type
