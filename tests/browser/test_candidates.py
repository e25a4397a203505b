"""Candidates in a browser: an import with a bad line fixed and confirmed; invite; adjustments."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Candidate
from coappoint.candidates.models import AdjustmentRequest, EqualityMonitoring
from coappoint.organisations.models import Role
from coappoint.signin.services import SYSTEM, issue_sign_in_link
from tests.browser.conftest import assert_accessible
from tests.factories import (
    STAFF_PASSWORD,
    AgendaBlockFactory,
    CampaignFactory,
    CandidateFactory,
    EventFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "First name,Last name,Chosen name,Email,Phone\n"
SAMIRA = "Samira,Ahmed,Sam,samira@example.com,07700 900 982\n"


def _csv(rows: str) -> dict[str, object]:
    return {"name": "shortlist.csv", "mimeType": "text/csv", "buffer": (HEADER + rows).encode()}


def test_a_programme_manager_fixes_a_bad_line_then_previews_and_imports(
    page: Page, live_server
) -> None:
    campaign = CampaignFactory.create(
        name="Northfield coordinator", vacancy__area__programme__organisation__slug="harbourside"
    )
    manager = staff_member(campaign.organisation, Role.PROGRAMME_MANAGER)

    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email address").fill(manager.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # TODO(#5): follow the campaign page's link once the lead adds it.
    page.goto(f"{live_server.url}/o/harbourside/campaigns/{campaign.pk}/candidates/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Candidates for Northfield coordinator"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Import candidates from a file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import candidates from a file")
    assert_accessible(page)

    # Line 3 has a mistyped email address: nothing is imported, and the line is named.
    page.get_by_label("Upload a file").set_input_files(
        _csv(SAMIRA + "Jonathan,Price,Jon,jon.price@example,\n")  # type: ignore[arg-type]
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name="Line 3: enter an email address in the correct format")
    ).to_be_visible()
    assert_accessible(page)
    assert not Candidate.objects.exists()

    page.get_by_label("Upload a file").set_input_files(
        _csv(SAMIRA + "Jonathan,Price,Jon,jon.price@example.com,\n")  # type: ignore[arg-type]
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the candidates before you import them"
    )
    expect(page.get_by_role("cell", name="jon.price@example.com")).to_be_visible()
    assert_accessible(page)
    page.reload()  # the preview survives a reload: the rows wait on the server
    expect(page.get_by_role("cell", name="samira@example.com")).to_be_visible()

    page.get_by_role("button", name="Import 2 candidates").click()
    expect(page.get_by_text("2 candidates have been imported")).to_be_visible()
    expect(page.get_by_role("cell", name="Jonathan Price", exact=True)).to_be_visible()
    assert_accessible(page)
    assert Candidate.objects.count() == 2
    assert AuditEvent.objects.filter(action="candidates.imported").count() == 1


def test_a_manager_adds_and_invites_a_candidate_who_asks_for_an_interpreter(
    page: Page, live_server, settings
) -> None:
    settings.SITE_URL = live_server.url
    event = EventFactory.create(
        name="Northfield day", campaign__vacancy__area__programme__organisation__slug="harbourside"
    )
    AgendaBlockFactory.create(event=event)
    campaign = event.campaign
    manager = staff_member(campaign.organisation, Role.PROGRAMME_MANAGER)
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email address").fill(manager.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/o/harbourside/campaigns/{campaign.pk}/candidates/")

    page.get_by_role("button", name="Add a candidate").click()
    page.get_by_label("First name").fill("Grace")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("link", name="Enter the candidate's last name")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Grace")
    assert_accessible(page)
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Email address").fill("grace@example.com")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Grace Okafor has been added")).to_be_visible()

    page.get_by_role("button", name="Invite candidates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite candidates")
    assert_accessible(page)
    page.get_by_label("Northfield day").check()
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_text("1 invitation was kept in the outbox")).to_be_visible()

    # Grace signs in on her own phone, asks for a BSL interpreter and answers the form.
    grace = Candidate.objects.get(first_name="Grace")
    link = issue_sign_in_link(
        person=grace, organisation=event.organisation, event=event, actor=SYSTEM
    )
    phone = page.context.browser.new_page()  # type: ignore[union-attr]
    phone.goto(link.url)
    phone.get_by_role("button", name="Continue").click()
    phone.goto(live_server.url + "/candidate/adjustments/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ask for an adjustment")
    assert_accessible(phone)
    phone.get_by_label("Do you need an interpreter?").select_option("bsl")
    phone.get_by_role("button", name="Send").click()
    phone.goto(live_server.url + "/candidate/equality/")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(phone)
    for group in phone.locator("fieldset").all():
        group.get_by_label("Prefer not to say").check()
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_text("Thank you. We have your answers")).to_be_visible()
    assert AdjustmentRequest.objects.get().interpreter_language == "bsl"
    assert EqualityMonitoring.objects.get().religion == "prefer_not_to_say"

    page.goto(f"{live_server.url}/o/harbourside/campaigns/{campaign.pk}/candidates/adjustments/")
    expect(page.get_by_role("cell", name="British Sign Language")).to_be_visible()
    assert_accessible(page)
    for _ in range(5):
        CandidateFactory.create(campaign=campaign)
    page.goto(f"{live_server.url}/o/harbourside/campaigns/{campaign.pk}/candidates/equality/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality monitoring totals")
    assert_accessible(page)
