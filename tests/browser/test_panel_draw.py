"""A panel that reflects the ward, in a browser: staff enter the ward's figures, draw the panel
and see every quota met; a volunteer answers the optional equality questions on a 320 px phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from coappoint.organisations.models import Role
from coappoint.panels.models import PanelDraw, RecruiterEqualityMonitoring
from coappoint.signin.services import SYSTEM, issue_sign_in_link
from tests.browser.conftest import NARROWEST_PHONE_PX, assert_accessible, signed_in_staff
from tests.factories import (
    EventFactory,
    RecruiterEqualityMonitoringFactory,
    RecruiterFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db(transaction=True)

AGE_BANDS = ["16_24", "25_34", "35_44", "45_54", "55_64", "65_plus"]


def test_staff_enter_the_wards_figures_draw_the_panel_and_see_every_quota_met(
    browser: Browser, live_server
) -> None:
    event = EventFactory.create(
        name="Northfield day", campaign__vacancy__area__programme__organisation__slug="harbourside"
    )
    for index in range(30):
        RecruiterEqualityMonitoringFactory.create(
            recruiter=RecruiterFactory.create(event=event, full_name=f"Volunteer {index:02d}"),
            sex="female" if index % 2 == 0 else "male",
        )
    manager = staff_member(event.organisation, Role.PROGRAMME_MANAGER)
    page = signed_in_staff(browser, live_server.url, manager)

    page.goto(f"{live_server.url}/o/harbourside/events/{event.pk}/recruiters/")
    page.get_by_role("link", name="A panel that reflects the area: the draw by lot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A panel that reflects the area")
    assert_accessible(page)

    page.get_by_role("link", name="Enter or change the area's figures").click()
    sex = page.get_by_role("group", name="What is your sex?")
    sex.get_by_label("Female").fill("about half")
    page.get_by_role("button", name="Save the figures").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    sex = page.get_by_role("group", name="What is your sex?")
    sex.get_by_label("Female").fill("5,200")
    sex.get_by_label("Male", exact=True).fill("4800")
    page.get_by_role("button", name="Save the figures").click()
    expect(page.get_by_text("The area's figures have been saved")).to_be_visible()

    page.get_by_label("How many places are there on the panel?").fill("12")
    page.get_by_label("Left out of that question's quotas").check()
    page.get_by_role("button", name="Draw the panel").click()
    expect(page.get_by_text("The panel has been drawn")).to_be_visible()
    quotas = page.get_by_role("table", name="Quotas")
    expect(quotas.get_by_text("Met", exact=True)).to_have_count(3)
    expect(quotas.get_by_text("Not met", exact=True)).to_have_count(0)
    expect(page.get_by_role("table", name="Volunteers").get_by_text("On the panel")).to_have_count(
        12
    )
    assert_accessible(page)
    assert PanelDraw.objects.get().places == 12


def test_a_volunteer_answers_the_optional_equality_questions_on_a_narrow_phone(
    browser: Browser, live_server
) -> None:
    recruiter = RecruiterFactory.create(full_name="Bilal Shah")
    link = issue_sign_in_link(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    )
    phone = browser.new_context(
        viewport={"width": NARROWEST_PHONE_PX, "height": 640}, java_script_enabled=False
    ).new_page()
    inspector = browser.new_page()
    phone.goto(live_server.url + "/" + link.url.split("/", 3)[3])
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_role("link", name="Equality monitoring (optional)").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Equality monitoring")
    assert_accessible(phone, inspector)

    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(phone, inspector)
    phone.get_by_role("group", name="What is your age?").get_by_label("65 or over").check()
    for group in phone.locator("fieldset").all()[1:]:
        group.get_by_label("Prefer not to say").check()
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_text("Thank you. We have your answers")).to_be_visible()
    assert RecruiterEqualityMonitoring.objects.get(recruiter=recruiter).age_band == "65_plus"
