"""A council starts on its own, from an empty database: the command line creates the
organisation, its first programme manager accepts the invitation, sets a password and
two-factor sign-in, invites a facilitator and an auditor who each accept, a password is reset,
and the first event is planned."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from coappoint.accounts.models import User
from coappoint.cli import main
from coappoint.organisations.models import Membership, Organisation, Role
from tests.browser.conftest import assert_accessible
from tests.staff.conftest import code_from_secret, link_in_email

pytestmark = pytest.mark.django_db(transaction=True)


def _heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    assert_accessible(page)


def _accept_invitation(page: Page, url: str, *, name: str, password: str) -> str:
    """Continue, create the account, set up the authenticator app; returns the app's secret."""
    page.goto(url)
    _heading(page, "Join your team on community recruitment")
    page.get_by_role("button", name="Continue").click()

    _heading(page, "Create your account")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Create a password").fill("password123456")
    page.get_by_label("Type the password again").fill("password123456")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("link", name="This password is too common.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Create a password").fill(password)
    page.get_by_label("Type the password again").fill(password)
    page.get_by_role("button", name="Create account").click()

    _heading(page, "Set up two-factor sign-in")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    page.get_by_text("If you cannot scan the QR code").click()
    secret = page.locator("#totp-secret").inner_text()
    assert_accessible(page)
    page.get_by_label("6-digit code from your app").fill(code_from_secret(secret))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Two-factor sign-in is set up")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my recovery codes").click()
    return secret


def _invite(page: Page, email: str, role: str) -> None:
    page.get_by_role("link", name="Invite a colleague").click()
    _heading(page, "Invite a colleague")
    page.get_by_label("Email address").fill(email)
    page.get_by_label(role, exact=True).check()
    page.get_by_role("button", name="Send invitation").click()
    _heading(page, "Your team")
    expect(page.get_by_text(f"We have emailed an invitation to {email}")).to_be_visible()
    expect(page.get_by_role("cell", name=email, exact=True)).to_be_visible()


def test_a_council_starts_from_an_empty_database(
    browser: Browser, live_server, settings, capsys
) -> None:
    settings.SITE_URL = live_server.url
    settings.REQUIRE_TWO_FACTOR = True
    assert not Organisation.objects.exists()
    assert not User.objects.exists()

    assert (
        main(
            [
                "organisation",
                "create",
                "--name",
                "Northbridge Borough Council",
                "--slug",
                "northbridge",
                "--kind",
                "council",
                "--manager-email",
                "helen@northbridge.example",
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    invitation_url = re.search(r"https?://\S+/invitation/\S+", printed)
    assert invitation_url is not None

    # The first programme manager.
    manager = browser.new_context().new_page()
    _accept_invitation(
        manager, invitation_url.group(0), name="Helen Morgan", password="harbour lantern 42"
    )
    _heading(manager, "Welcome, Helen Morgan")

    # She invites a facilitator and an auditor.
    manager.get_by_role("link", name="Invite colleagues and change their roles").click()
    _heading(manager, "Your team")
    _invite(manager, "femi@northbridge.example", "Facilitator")
    _invite(manager, "ada@northbridge.example", "Auditor")

    # Each accepts in their own browser.
    colleagues = {
        "femi@northbridge.example": ("Femi Adeyemi", "kettle orchard violet 7"),
        "ada@northbridge.example": ("Ada Lovelace", "copper meadow lantern 9"),
    }
    secrets_typed = {}
    for email, (name, password) in colleagues.items():
        page = browser.new_context().new_page()
        secrets_typed[email] = _accept_invitation(
            page, link_in_email(email, "/invitation/"), name=name, password=password
        )
        _heading(page, f"Welcome, {name}")
        page.context.close()

    manager.reload()
    expect(
        manager.get_by_role("cell", name="Femi Adeyemi femi@northbridge.example")
    ).to_be_visible()
    expect(manager.get_by_text("There are no open invitations.")).to_be_visible()
    assert_accessible(manager)
    organisation = Organisation.objects.get(slug="northbridge")
    assert set(
        Membership.objects.filter(organisation=organisation).values_list("user__email", "role")
    ) == {
        ("helen@northbridge.example", Role.PROGRAMME_MANAGER),
        ("femi@northbridge.example", Role.FACILITATOR),
        ("ada@northbridge.example", Role.AUDITOR),
    }

    # Femi forgets his password and resets it by email.
    femi = browser.new_context().new_page()
    femi.goto(live_server.url + "/sign-in/")
    _heading(femi, "Sign in as staff")
    femi.get_by_role("link", name="I have forgotten my password").click()
    _heading(femi, "Reset your password")
    femi.get_by_label("Email address").fill("femi@northbridge.example")
    femi.get_by_role("button", name="Send the link").click()
    _heading(femi, "Check your email")
    femi.goto(link_in_email("femi@northbridge.example", "/reset-password/"))
    _heading(femi, "Choose a new password")
    femi.get_by_label("New password", exact=True).fill("quiet harbour rowing 5")
    femi.get_by_label("Type the new password again").fill("quiet harbour rowing 5")
    femi.get_by_role("button", name="Save new password").click()
    expect(femi.get_by_role("heading", name="Your password is changed")).to_be_visible()
    assert_accessible(femi)
    femi.get_by_role("link", name="Sign in with your new password").click()
    femi.get_by_label("Email address").fill("femi@northbridge.example")
    femi.get_by_label("Password").fill("quiet harbour rowing 5")
    femi.get_by_role("button", name="Sign in").click()
    _heading(femi, "Enter the code from your authenticator app")
    femi.get_by_label("Code from your authenticator app, or a recovery code").fill(
        code_from_secret(secrets_typed["femi@northbridge.example"], steps_ahead=1)
    )
    femi.get_by_role("button", name="Continue").click()
    _heading(femi, "Welcome, Femi Adeyemi")

    # Helen plans the first event: programme, area, vacancy, campaign, then the day.
    manager.goto(live_server.url + "/o/northbridge/campaigns/")
    _heading(manager, "Campaigns")
    manager.get_by_role("link", name="Add a programme").click()
    manager.get_by_label("Name of the programme").fill("Northbridge Local Area Coordination")
    manager.get_by_label("Councils the programme serves").fill("Northbridge Borough Council")
    manager.get_by_role("button", name="Save and continue").click()
    manager.get_by_role("link", name="Add an area").click()
    manager.get_by_label("Name of the area").fill("Eastfield")
    manager.get_by_role("button", name="Save and continue").click()
    manager.get_by_role("link", name="Add a vacancy").click()
    manager.get_by_label("Job title").fill("Local Area Coordinator, Eastfield")
    manager.get_by_role("button", name="Save and continue").click()
    _heading(manager, "Start a campaign")
    manager.get_by_label("Name of the campaign").fill("Eastfield coordinator, spring 2027")
    manager.get_by_role("button", name="Save and continue").click()
    _heading(manager, "Eastfield coordinator, spring 2027")

    manager.goto(live_server.url + "/o/northbridge/events/new/")
    _heading(manager, "Plan a recruitment day")
    manager.get_by_label("Name of the day").fill("Eastfield community recruitment day")
    manager.get_by_label("Date", exact=True).fill("13/3/2027")
    manager.get_by_label("Venue", exact=True).fill("Eastfield Community Centre")
    manager.get_by_label("Venue address").fill("2 Market Street\nEastfield")
    manager.get_by_label("Number of tables").fill("3")
    manager.get_by_role("button", name="Save the event plan").click()
    _heading(manager, "Eastfield community recruitment day")
    expect(manager.get_by_text("Event created")).to_be_visible()

    # Ada, the auditor, reads all of it in plain words, and downloads it.
    ada = browser.new_context().new_page()
    ada.goto(live_server.url + "/sign-in/")
    ada.get_by_label("Email address").fill("ada@northbridge.example")
    ada.get_by_label("Password").fill("copper meadow lantern 9")
    ada.get_by_role("button", name="Sign in").click()
    ada.get_by_label("Code from your authenticator app, or a recovery code").fill(
        code_from_secret(secrets_typed["ada@northbridge.example"], steps_ahead=1)
    )
    ada.get_by_role("button", name="Continue").click()
    _heading(ada, "Welcome, Ada Lovelace")
    ada.goto(live_server.url + "/o/northbridge/audit/")
    _heading(ada, "Audit log")
    in_plain_words = [
        "Organisation created",
        "Invitation to join the team sent",
        "Invitation to join the team accepted",
        "Two-factor sign-in set up",
        "Password reset by email",
        "Event created",
    ]
    for words in in_plain_words:
        expect(ada.get_by_role("cell", name=words, exact=True).first).to_be_visible()
    csv_link = ada.get_by_role("link", name="Download these rows as a spreadsheet (CSV)")
    csv_url = ada.url.split("?")[0] + (csv_link.get_attribute("href") or "")
    exported = ada.request.get(csv_url, fail_on_status_code=True)
    csv_text = exported.text()
    for words in in_plain_words:
        assert words in csv_text
    assert csv_text.count("Invitation to join the team accepted") == 3
