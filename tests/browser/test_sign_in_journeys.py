"""Each demo person signs in by their link, on a real browser, and lands on their own home page."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from coappoint.demo.services import issue_demo_links
from coappoint.notify.models import OutboxMessage
from coappoint.organisations.models import Membership, Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.browser.conftest import assert_accessible, in_language
from tests.factories import STAFF_PASSWORD, OrganisationFactory, staff_member

pytestmark = pytest.mark.django_db(transaction=True)

# What each role sees first on its home page.
HOME_PAGE_TEXT = {
    Role.PROGRAMME_MANAGER.value: "Campaigns",
    Role.FACILITATOR.value: "Recruitment events",
    Role.INTERVIEW_PANEL.value: "Campaigns",
    Role.AUDITOR.value: "Audit log",
    "community_recruiter": "Candidates you may meet",
    "candidate": "If you need an adjustment",
}


@pytest.fixture
def demo_links(live_server, settings):
    settings.DEMO_MODE = True
    settings.SITE_URL = live_server.url
    call_command("demo")
    return issue_demo_links()


def test_every_demo_role_signs_in_by_link_and_sees_its_home_page(
    browser: Browser, demo_links
) -> None:
    seen_roles = set()
    for link in demo_links:
        if link.role in seen_roles and link.role in {"community_recruiter", "candidate"}:
            continue  # one of each kind of participant is enough for the browser
        seen_roles.add(link.role)
        context = browser.new_context()
        page = context.new_page()
        page.goto(link.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Sign in to community recruitment"
        )
        assert_accessible(page)

        page.get_by_role("button", name="Continue").click()

        expected = HOME_PAGE_TEXT[link.role]
        if link.role == "community_recruiter":
            # A recruiter's pages are in the language they chose when they signed up.
            language = CommunityRecruiter.objects.get(full_name=link.name).preferred_language
            expected = in_language(language, expected)
        expect(page.get_by_text(expected).first).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_contain_text(link.name.split()[0])
        assert_accessible(page)
        context.close()
    assert seen_roles == set(HOME_PAGE_TEXT)


def test_a_programme_manager_walks_the_staff_pages(browser: Browser, demo_links) -> None:
    manager = next(link for link in demo_links if link.role == Role.PROGRAMME_MANAGER.value)
    page = browser.new_page()
    page.goto(manager.url)
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("link", name="Northfield community recruitment day").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Northfield community recruitment day"
    )
    expect(page.get_by_role("cell", name="Sam A.")).to_be_visible()
    assert_accessible(page)

    # The manager sends Amina her own sign-in by email, and never sees it.
    page.get_by_role("link", name="Sign-in for Amina Hassan").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send their sign-in link and code by email").click()
    expect(
        page.get_by_text("A new sign-in link and code for Amina Hassan were kept in the outbox")
    ).to_be_visible()
    assert "/sign-in/link/" not in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Back to the recruiters").click()
    page.get_by_role("link", name="Back to the event").click()
    page.get_by_role("link", name="Harbourside Borough Council").first.click()
    page.get_by_role("link", name="See who did what, and when").click()
    audit_table = page.locator("main table")
    expect(audit_table.get_by_text("New sign-in sent by email").first).to_be_visible()
    assert_accessible(page)
    page.goto(page.url.split("/o/")[0] + "/o/harbourside/outbox/")
    expect(page.get_by_text("[personal sign-in withheld]").first).to_be_attached()
    assert "/sign-in/link/" not in page.content()

    # The link in her own inbox signs Amina in on her own phone.
    email = OutboxMessage.objects.filter(recipient="amina@example.net").first()
    assert email is not None
    link = re.search(r"https?://\S+/sign-in/link/\S+", email.body)
    assert link is not None
    phone = browser.new_page()
    phone.goto(link.group(0))
    phone.get_by_role("button", name="Continue").click()
    # She chose Arabic when she signed up, so her pages are in Arabic.
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        in_language("ar", "Hello, %(name)s") % {"name": "Amina Hassan"}
    )


def test_a_recruiter_signs_in_by_code_and_reads_arabic_right_to_left_without_javascript(
    browser: Browser, live_server, settings
) -> None:
    call_command("demo")
    amina = CommunityRecruiter.objects.get(full_name="Amina Hassan")
    code = issue_access_code(
        person=amina, organisation=amina.organisation, event=amina.event, actor=SYSTEM
    ).code
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    inspector = browser.new_page()

    page.goto(live_server.url + "/")
    assert_accessible(page, inspector)
    page.get_by_role("button", name="Sign in with an access code").click()
    page.get_by_role("button", name="Sign in").click()  # forgot to type it
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, inspector)
    page.get_by_label("Access code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    # She chose Arabic when she signed up: her pages are in Arabic from the moment she signs in.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        in_language("ar", "Hello, %(name)s") % {"name": "Amina Hassan"}
    )
    # The switcher works without JavaScript, both ways.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Amina Hassan")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.get_by_role("button", name="العربيّة").click()

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_text(in_language("ar", "Candidates you may meet"))).to_be_visible()
    assert_accessible(page, inspector)
    context.close()


def test_the_statements_are_reachable_from_every_page_footer(page: Page, live_server) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    assert_accessible(page)
    page.get_by_role("link", name="Privacy notice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    assert_accessible(page)


def test_staff_sign_in_page_is_accessible_with_its_errors(page: Page, live_server) -> None:
    page.goto(live_server.url + "/sign-in/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Enter your email address")).to_be_visible()
    assert_accessible(page)


def test_a_used_link_explains_what_to_do_next(browser: Browser, demo_links) -> None:
    recruiter = next(link for link in demo_links if link.role == "community_recruiter")
    first = browser.new_page()
    first.goto(recruiter.url)
    first.get_by_role("button", name="Continue").click()

    second = browser.new_context().new_page()
    second.goto(recruiter.url)

    expect(second.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    expect(second.get_by_role("link", name="Sign in with an access code")).to_be_visible()
    assert_accessible(second)


def test_staff_in_two_organisations_choose_one_and_are_locked_out_after_wrong_passwords(
    page: Page, live_server
) -> None:
    harbourside = OrganisationFactory.create(name="Harbourside Borough Council")
    riverside = OrganisationFactory.create(name="Riverside Partnership")
    officer = staff_member(harbourside, Role.AUDITOR)
    Membership.objects.create(organisation=riverside, user=officer, role=Role.FACILITATOR)

    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose an organisation")
    assert_accessible(page)
    page.get_by_role("link", name="Riverside Partnership").click()
    expect(page.get_by_text("Recruitment events")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community recruitment")

    for _ in range(5):
        page.goto(live_server.url + "/sign-in/")
        page.get_by_label("Email address").fill(officer.email)
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked for now")
    assert_accessible(page)

    # Even the right password is refused until the lock ends.
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked for now")
