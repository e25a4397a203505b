"""The programme manager chooses the day's facilitators on the event page; the facilitator then
reads only the interpreters the day needs."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from coappoint.organisations.models import Role
from tests.browser.conftest import assert_accessible, signed_in_staff
from tests.factories import (
    AdjustmentRequestFactory,
    CandidateFactory,
    EventFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_manager_chooses_a_facilitator_who_then_sees_what_the_day_needs(
    browser: Browser, live_server
) -> None:
    event = EventFactory.create(
        name="Northfield day", date=timezone.localdate() + datetime.timedelta(days=21)
    )
    organisation = event.organisation
    grace = CandidateFactory.create(campaign=event.campaign, first_name="Grace")
    event.candidates.add(grace)
    AdjustmentRequestFactory.create(
        candidate=grace, interpreter_language="bsl", needs="A ground-floor room"
    )
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    fay = staff_member(organisation, Role.FACILITATOR)
    fay.full_name = "Fay Facilitator"
    fay.save()
    staff_member(organisation, Role.FACILITATOR)
    event_url = f"/o/{organisation.slug}/events/{event.pk}/"

    pm = signed_in_staff(browser, live_server.url, manager)
    pm.goto(live_server.url + event_url)
    expect(pm.get_by_text("Not chosen yet")).to_be_visible()
    pm.get_by_role("link", name="Choose the facilitators").click()
    expect(pm.get_by_role("heading", level=1)).to_have_text("Choose the facilitators")
    assert_accessible(pm)
    pm.get_by_label("Fay Facilitator").check()
    pm.get_by_role("button", name="Save the facilitators").click()
    expect(pm.get_by_text("The facilitators are saved.")).to_be_visible()
    expect(pm.get_by_text("Fay Facilitator")).to_be_visible()
    assert_accessible(pm)

    page = signed_in_staff(browser, live_server.url, fay)
    page.goto(live_server.url + event_url)
    page.get_by_role("link", name="Adjustments candidates have asked for").click()
    expect(page.get_by_role("cell", name="British Sign Language")).to_be_visible()
    expect(page.get_by_text("A ground-floor room")).to_have_count(0)
    assert_accessible(page)
