"""Issue 21's journey: a programme manager sets how long data is kept, the privacy notice says it,
the preview shows what goes when, and a candidate's subject-access request is answered: identity
checked, the bundle downloaded, their equality answers sent to them alone, and then erased."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from playwright.sync_api import Browser, expect

from coappoint.campaigns.models import Candidate
from coappoint.notify.models import OutboxMessage
from coappoint.organisations.models import Role
from tests.browser.conftest import assert_accessible, signed_in_staff
from tests.factories import CandidateFactory, EventFactory, staff_member

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_keeps_the_councils_data_duties(browser: Browser, live_server) -> None:
    event = EventFactory.create(name="Northfield day")
    organisation = event.organisation
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    yasmin = CandidateFactory.create(
        campaign=event.campaign,
        first_name="Yasmin",
        last_name="Okafor",
        email="yasmin.okafor@example.com",
    )
    event.candidates.add(yasmin)
    page = signed_in_staff(browser, live_server.url, manager, accept_downloads=True)
    home = f"{live_server.url}/o/{organisation.slug}/"

    # How long data is kept: unsuccessful candidates' records 3 months, not the default 6.
    page.goto(home)
    page.get_by_role("link", name="How long we keep people's data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How long we keep people's data")
    assert_accessible(page)
    unsuccessful = page.get_by_label("Unsuccessful candidates' records", exact=False)
    unsuccessful.fill("99")
    page.get_by_role("button", name="Save the periods").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Unsuccessful candidates' records", exact=False).fill("3")
    page.get_by_role("button", name="Save the periods").click()
    page.goto(f"{live_server.url}/o/{organisation.slug}/privacy/")
    expect(page.get_by_text("3 months after the decision")).to_be_visible()
    assert_accessible(page)

    # What goes when.
    page.goto(home)
    page.get_by_role("link", name="What is kept, and when it goes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What is kept, and when it goes")
    assert_accessible(page)

    # Yasmin asks for what is held about her.
    page.goto(home)
    page.get_by_role("link", name="Subject-access requests", exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subject-access requests")
    assert_accessible(page)
    page.get_by_role("button", name="Start a request").or_(
        page.get_by_role("link", name="Start a request")
    ).click()
    assert_accessible(page)
    page.get_by_label("Name or email address of the person").fill("Okafor")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Yasmin Okafor", exact=False).check()
    page.get_by_label("Date the request reached us").fill("01/12/2026")
    page.get_by_role("button", name="Start the request").click()
    expect(page.get_by_text("Yasmin Okafor").first).to_be_visible()
    expect(page.get_by_text("1 January 2027").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record the identity check").first.click()
    page.get_by_label("Photo identity document seen").check()
    page.get_by_role("textbox", name="Note").fill("Passport seen at the library desk")
    page.get_by_role("button", name="Record the check").click()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Assemble the bundle").click()
    bundle = zipfile.ZipFile(io.BytesIO(download_info.value.path().read_bytes()))
    assert set(bundle.namelist()) == {"subject-access.json", "subject-access.pdf"}
    held = json.loads(bundle.read("subject-access.json"))
    assert "yasmin.okafor@example.com" in json.dumps(held)
    assert bundle.read("subject-access.pdf").startswith(b"%PDF")

    sent_before = OutboxMessage.objects.count()
    page.get_by_role("button", name="Send the person their equality answers").click()
    assert_accessible(page)
    assert OutboxMessage.objects.count() == sent_before + 1

    # She asks to be erased.
    page.get_by_role("link", name="Erase their personal data").click()
    expect(page.get_by_text("The decision record is an exception")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why are you erasing their personal data?").fill("She asked us to")
    page.get_by_label("I understand this cannot be undone").check()
    page.get_by_role("button", name="Erase their personal data").click()
    assert_accessible(page)
    erased = Candidate.objects.get(pk=yasmin.pk)
    assert "Yasmin" not in f"{erased.first_name} {erased.last_name}"
    assert erased.email == ""
