"""Before the day, end to end: from an empty organisation to a timetable that respects people.

A programme manager sets up and locks a campaign, imports candidates, plans the day, invites the
candidates and opens sign-up; three residents sign up on their phones (one needing an Arabic
interpreter, one who knows a candidate); the timetable made from all that respects them.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from coappoint.notify.models import OutboxMessage
from coappoint.organisations.models import Role
from coappoint.timetables.models import Timetable
from tests.browser.conftest import assert_accessible
from tests.factories import STAFF_PASSWORD, OrganisationFactory, conversation_slots, staff_member

pytestmark = pytest.mark.django_db(transaction=True)

CANDIDATES_CSV = (
    "First name,Last name,Email\n"
    "Sam,Adeyemi,sam.adeyemi@example.com\n"
    "Sam,Baker,sam.baker@example.com\n"
    "Priya,Shah,priya.shah@example.com\n"
)


def _go(page: Page, role: str, name: str) -> None:
    page.get_by_role(role, name=name).click()  # type: ignore[arg-type]
    assert_accessible(page)


def _home(page: Page) -> None:
    page.get_by_role("banner").get_by_role("link", name="Harbourside Borough Council").click()
    assert_accessible(page)


def _set_up_and_lock_the_campaign(page: Page) -> None:
    _go(page, "link", "Set up programmes, vacancies and campaigns")
    _go(page, "link", "Add a programme")
    page.get_by_label("Name of the programme").fill("Harbourside Local Area Coordination")
    page.get_by_label("Councils the programme serves").fill("Harbourside Borough Council")
    _go(page, "button", "Save and continue")
    _go(page, "link", "Add an area")
    page.get_by_label("Name of the area").fill("Northfield")
    _go(page, "button", "Save and continue")
    _go(page, "link", "Add a vacancy")
    page.get_by_label("Job title").fill("Local Area Coordinator, Northfield")
    _go(page, "button", "Save and continue")
    page.get_by_label("Name of the campaign").fill("Northfield coordinator")
    _go(page, "button", "Save and continue")
    _go(page, "link", "Stages, weights and scales")
    _go(page, "link", "Add the stage: Community recruitment event")
    page.get_by_label("Weight, as a percentage").fill("50")
    page.get_by_label("Minimum to be appointable, as a percentage (optional)").fill("40")
    _go(page, "button", "Save and continue")
    _go(page, "link", "Add the stage: Formal interview")
    page.get_by_label("Weight, as a percentage").fill("50")
    page.get_by_label("Lowest score on the scale").fill("0")
    page.get_by_label("Highest score on the scale").fill("10")
    _go(page, "button", "Save and continue")
    _go(page, "link", "Back to the campaign")
    _go(page, "link", "Check and lock the rules")
    _go(page, "button", "Lock the rules")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rules locked")


def _sign_up(browser: Browser, sign_up_url: str, name: str, *, arabic: bool, knows: str) -> None:
    phone = browser.new_context(viewport={"width": 320, "height": 640}).new_page()
    phone.goto(sign_up_url)
    assert_accessible(phone)
    phone.get_by_label("Full name").fill(name)
    phone.get_by_label("Which neighbourhood do you live in?").fill("Northfield")
    phone.get_by_label("Phone number").fill("07700 900 982")
    phone.get_by_label("English").check()
    interpreter = phone.get_by_role("group", name="Do you need an interpreter")
    if arabic:
        interpreter.get_by_label("Yes").check()
        phone.get_by_label("If yes, which language do you need an interpreter for?").select_option(
            "ar"
        )
    else:
        interpreter.get_by_label("No").check()
    _go(phone, "button", "Sign up")
    expect(phone.get_by_role("heading", level=1)).to_have_text("You have signed up")
    _go(phone, "link", "Continue to your page")
    _go(phone, "link", "Tell us if you know any of the candidates")
    if knows:
        phone.get_by_label(knows, exact=True).check()
    else:
        phone.get_by_label("I do not know any of them").check()
    _go(phone, "button", "Save")
    phone.context.close()


def test_a_programme_manager_goes_from_an_empty_organisation_to_a_timetable_that_respects_people(
    browser: Browser, live_server
) -> None:
    organisation = OrganisationFactory.create(name="Harbourside Borough Council")
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    page = browser.new_page()
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email address").fill(manager.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    _go(page, "button", "Sign in")

    _set_up_and_lock_the_campaign(page)

    # Candidates: imported from a spreadsheet, checked, then confirmed.
    _go(page, "link", "Northfield coordinator")
    _go(page, "link", "Candidates: add, import and invite")
    _go(page, "button", "Import candidates from a file")
    page.get_by_label("Upload a file").set_input_files(
        {"name": "shortlist.csv", "mimeType": "text/csv", "buffer": CANDIDATES_CSV.encode()}
    )
    _go(page, "button", "Upload and check")
    _go(page, "button", "Import 3 candidates")
    expect(page.get_by_text("3 candidates have been imported")).to_be_visible()

    # The day: two tables and one Arabic interpreter.
    _home(page)
    _go(page, "link", "Plan a recruitment day")
    page.get_by_label("Name of the day").fill("Northfield day")
    page.get_by_label("Date", exact=True).fill("12/12/2026")
    page.get_by_label("Venue", exact=True).fill("Northfield Community Centre")
    page.get_by_label("Venue address").fill("12 Chapel Street\nHarbourside")
    page.get_by_label("Number of tables").fill("2")
    page.get_by_label("Interpreters on the day (optional)").fill("Arabic: 1")
    _go(page, "button", "Save the event plan")
    event_url = page.url

    # Invitations go to the outbox, and put the candidates on the day.
    _home(page)
    _go(page, "link", "Northfield coordinator")
    _go(page, "link", "Candidates: add, import and invite")
    _go(page, "button", "Invite candidates")
    page.get_by_label("Northfield day").check()
    for name in ("Sam Adeyemi", "Sam Baker", "Priya Shah"):
        page.get_by_label(name).check()
    _go(page, "button", "Send invitations")
    expect(page.get_by_text("3 invitations were kept in the outbox")).to_be_visible()
    assert OutboxMessage.objects.count() == 3

    # Sign-up opens, and the candidate list is published to recruiters.
    page.goto(event_url)
    _go(page, "link", "Community recruiters: sign-up link, poster, agreements, conflicts, thanks")
    _go(page, "link", "Sign-up link, QR code and poster")
    _go(page, "button", "Open sign-up")
    sign_up_url = page.locator("#sign-up-link").inner_text().strip()
    _go(page, "link", "Back to the recruiters")
    _go(page, "link", "Publish the candidate list to recruiters")
    _go(page, "button", "Publish the list")

    _sign_up(browser, sign_up_url, "Amina Hassan", arabic=True, knows="")
    _sign_up(browser, sign_up_url, "Tom Price", arabic=False, knows="Priya")
    _sign_up(browser, sign_up_url, "Gareth Jones", arabic=False, knows="")

    page.goto(event_url)
    _go(page, "link", "Timetable of the conversations")
    _go(page, "button", "Make the timetable")
    expect(page.get_by_text("Timetable version 1 is made.")).to_be_visible()
    timetable = page.get_by_role("table", name="Who meets whom, when, at which table")
    expect(timetable).to_contain_text("with Amina H. (Arabic interpreter)")
    expect(timetable).not_to_contain_text("Priya with Tom P.")
    expect(timetable).to_contain_text("Priya with Gareth J.")

    # What was planned: every pair met once but Tom and Priya; Amina always with her interpreter.
    output = json.loads(json.dumps(Timetable.objects.get().output))
    slots = conversation_slots(Timetable.objects.get())
    meetings = [(c["candidate"], c["recruiter"]) for slot in slots for c in slot]
    assert len(meetings) == len(set(meetings)) == 3 * 3 - 1
    assert output["unmet"] == []
