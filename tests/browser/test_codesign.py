"""Co-design on the day, with two recruiters' phones at once.

Two recruiters propose qualities on their phones (one with JavaScript off); the facilitator merges
two that say the same thing, opens dot-voting; both recruiters place their dots (one first places
too many); the facilitator closes voting and words the top two as criteria version 1.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from coappoint.codesign.models import CriteriaVersion, Dot, Proposal
from coappoint.organisations.models import Role
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.browser.conftest import assert_accessible
from tests.factories import STAFF_PASSWORD, EventFactory, RecruiterFactory, staff_member

pytestmark = pytest.mark.django_db(transaction=True)

PHONE: ViewportSize = {"width": 320, "height": 640}


class Phone:
    """A recruiter's phone: its page, and (with JavaScript off) a page for axe to inspect."""

    def __init__(self, browser: Browser, origin: str, recruiter, *, javascript: bool) -> None:
        context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
        self.page = context.new_page()
        self.inspector = None if javascript else browser.new_page(viewport=PHONE)
        self.origin = origin
        code = issue_access_code(
            person=recruiter,
            organisation=recruiter.organisation,
            event=recruiter.event,
            actor=SYSTEM,
        ).code
        self.goto("/sign-in/code/")
        self.page.get_by_label("Access code").fill(code)
        self.click("button", "Sign in")

    def check(self) -> None:
        assert_accessible(self.page, self.inspector)

    def goto(self, path: str) -> None:
        self.page.goto(self.origin + path)
        self.check()

    def click(self, role: str, name: str) -> None:
        self.page.get_by_role(role, name=name).click()  # type: ignore[arg-type]
        self.check()

    def propose(self, quality: str) -> None:
        self.click("button", "Propose a quality")
        self.page.get_by_label("What quality should the coordinator have?").fill(quality)
        self.click("button", "Send")
        expect(self.page.get_by_text("Your quality is on the list")).to_be_visible()

    def place_dots(self, dots: dict[str, str]) -> None:
        for quality, count in dots.items():
            self.page.get_by_label(quality, exact=True).fill(count)
        self.click("button", "Save my dots")


def _go(page: Page, role: str, name: str) -> None:
    page.get_by_role(role, name=name).click()  # type: ignore[arg-type]
    assert_accessible(page)


def test_two_recruiters_and_the_facilitator_turn_proposals_into_criteria_version_1(
    browser: Browser, live_server
) -> None:
    event = EventFactory.create(name="Northfield day")
    facilitator = staff_member(event.organisation, Role.FACILITATOR)
    amina = RecruiterFactory.create(event=event, full_name="Amina Hassan")
    tom = RecruiterFactory.create(event=event, full_name="Tom Price")

    amina_phone = Phone(browser, live_server.url, amina, javascript=False)
    tom_phone = Phone(browser, live_server.url, tom, javascript=True)
    for phone in (amina_phone, tom_phone):
        phone.goto("/recruiter/co-design/")
    amina_phone.propose("Good listener")
    tom_phone.propose("Listens well")
    amina_phone.propose("Knows the area")
    tom_phone.propose("Honest")
    assert Proposal.objects.count() == 4

    # The facilitator merges the two that say the same thing, then opens voting.
    page = browser.new_page()
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email address").fill(facilitator.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    _go(page, "button", "Sign in")
    page.goto(f"{live_server.url}/o/{event.organisation.slug}/events/{event.pk}/co-design/")
    assert_accessible(page)
    _go(page, "link", "Merge qualities")
    same = page.get_by_role("group", name="Which proposals say the same thing?")
    same.get_by_label("Good listener").check()
    same.get_by_label("Listens well").check()
    page.get_by_role("group", name="Which wording should stay?").get_by_label(
        "Good listener"
    ).check()
    _go(page, "button", "Merge")
    expect(page.get_by_text("Merged 2 proposals into “Good listener”.")).to_be_visible()
    _go(page, "link", "Dot-voting and results")
    page.get_by_label("How many dots does each recruiter have?").fill("3")
    _go(page, "button", "Open voting")
    expect(page.get_by_text("Dot-voting is open.")).to_be_visible()

    # Both place their dots; Tom first places one too many.
    for phone in (amina_phone, tom_phone):
        phone.goto("/recruiter/co-design/")
        phone.click("button", "Place your dots")
        expect(phone.page.get_by_label("Listens well")).to_have_count(0)
    amina_phone.place_dots({"Good listener": "2", "Honest": "1"})
    tom_phone.place_dots({"Good listener": "2", "Knows the area": "2"})
    expect(tom_phone.page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(tom_phone.page.get_by_role("alert")).to_contain_text(
        "You have 3 dots but placed 4. Take away 1."
    )
    tom_phone.place_dots({"Good listener": "1", "Knows the area": "2"})
    expect(tom_phone.page.get_by_text("Your dots are placed")).to_be_visible()
    assert sum(Dot.objects.values_list("dots", flat=True)) == 6

    # The facilitator closes voting and words the top two.
    page.reload()
    expect(page.get_by_text("2 of 2 recruiters have placed dots.")).to_be_visible()
    _go(page, "button", "Close voting")
    results = page.get_by_role("table", name="Results, most dots first")
    expect(results.locator("tbody tr")).to_have_count(3)
    expect(results.locator("tbody tr").nth(0)).to_contain_text("Good listener")
    expect(results.locator("tbody tr").nth(1)).to_contain_text("Knows the area")
    _go(page, "link", "Choose and word the criteria")
    page.get_by_label("Good listener (3 dots)").check()
    page.get_by_label("Knows the area (2 dots)").check()
    _go(page, "button", "Continue")
    expect(page.get_by_label("Name of quality 1")).to_have_value("Good listener")
    page.get_by_label("What good looks like for quality 1").fill(
        "Lets people finish, and asks about them rather than talking about themselves."
    )
    page.get_by_label("What good looks like for quality 2").fill(
        "Knows where people meet and what matters to them here."
    )
    _go(page, "button", "Save as a new version")
    expect(page.get_by_text("Criteria version 1 is made.")).to_be_visible()

    version = CriteriaVersion.objects.get()
    assert version.number == 1
    assert [criterion.name for criterion in version.criteria.all()] == [
        "Good listener",
        "Knows the area",
    ]
    amina_phone.goto("/recruiter/co-design/")
    expect(amina_phone.page.get_by_text("The criteria you chose (version 1)")).to_be_visible()
