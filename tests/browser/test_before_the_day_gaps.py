"""Issue 19's journeys before the day and after it: a candidate put on the day by phone, the
access and catering lists printed, recruiters correcting their details and withdrawing before
and after sending sheets, the poster's short address typed on a phone, and the decision record
whose PDF and spreadsheet say what its JSON says."""

from __future__ import annotations

import subprocess
import tempfile

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.scoring.models import ScoreSheet
from coappoint.scoring.queries import get_sheets_owed
from coappoint.signin.services import SYSTEM, issue_access_code
from coappoint.timetables.queries import get_current_timetable
from tests.browser.conftest import assert_accessible, signed_in_staff
from tests.factories import CandidateFactory, make_day_with_timetable, staff_member
from tests.scoring.conftest import make_day

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = ViewportSize(width=320, height=640)


def _pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(
            ["pdftotext", "-layout", pdf.name, "-"], check=True, capture_output=True, text=True
        ).stdout


def _recruiter_phone(browser: Browser, live_server_url: str, recruiter: CommunityRecruiter) -> Page:
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    ).code
    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(live_server_url + "/sign-in/code/")
    phone.get_by_label("Access code").fill(code)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(recruiter.full_name)
    return phone


def _withdraw(phone: Page) -> None:
    phone.get_by_role("link", name="Withdraw from the day").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Withdraw from the day")
    assert_accessible(phone)
    phone.get_by_role("button", name="Withdraw from the day").click()
    expect(phone.get_by_text("You have withdrawn from the day")).to_be_visible()
    expect(phone.get_by_text("Score sheets you sent still count")).to_be_visible()
    assert_accessible(phone)


def test_a_phoned_candidate_joins_the_day_the_needs_lists_print_and_a_recruiter_withdraws(
    browser: Browser, live_server
) -> None:
    day = make_day_with_timetable()
    event = day.event
    organisation = event.organisation
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    CandidateFactory.create(
        campaign=event.campaign, first_name="Dylan", last_name="Evans", email="", phone=""
    )
    amina, carl = day.recruiters["amina"], day.recruiters["carl"]
    CommunityRecruiter.objects.filter(pk=amina.pk).update(
        dietary_needs="Halal", access_needs="Step-free access", email="amina@example.net"
    )
    CommunityRecruiter.objects.filter(pk=carl.pk).update(dietary_needs="Vegan")
    page = signed_in_staff(browser, live_server.url, manager)

    # Dylan has no email address: the programme manager phoned him.
    page.goto(live_server.url + f"/o/{organisation.slug}/campaigns/{event.campaign.pk}/candidates/")
    page.get_by_role("button", name="Put a candidate on the day without email").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Put a candidate on the day without email"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Put them on the day").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(event.name).check()
    page.get_by_label("Dylan Evans").check()
    page.get_by_label("Told by phone").check()
    page.get_by_label("What you told them (optional)").fill("10am, Northfield Community Centre")
    page.get_by_role("button", name="Put them on the day").click()
    expect(page.get_by_text(f"Dylan Evans is on the day: {event.name}")).to_be_visible()
    expect(page.get_by_role("row", name="Dylan Evans")).to_contain_text("told by phone")
    assert_accessible(page)

    page.goto(live_server.url + f"/o/{organisation.slug}/events/{event.pk}/")
    candidates = page.get_by_role("table", name="Candidates")
    expect(candidates.get_by_role("row", name="Dylan Evans")).to_contain_text("Told by phone")

    # The access and catering lists, on the page and printed.
    page.get_by_role("link", name="The day's access list and catering list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Access and catering")
    expect(page.get_by_role("cell", name="Step-free access")).to_be_visible()
    expect(page.get_by_role("cell", name="Halal")).to_be_visible()
    assert "amina@example.net" not in page.content()
    assert_accessible(page)
    href = page.get_by_role("link", name="Print the access and catering lists (PDF)").get_attribute(
        "href"
    )
    assert href is not None
    printed = page.request.get(live_server.url + href)
    assert printed.ok
    assert printed.headers["content-type"] == "application/pdf"
    assert "no-store" in printed.headers["cache-control"]
    text = _pdf_text(printed.body())
    assert "Halal" in text
    assert "Vegan" in text
    assert "Step-free access" in text
    assert "amina@example.net" not in text

    # Carl corrects his details on his phone, then withdraws before the day.
    phone = _recruiter_phone(browser, live_server.url, carl)
    phone.get_by_role("link", name="See and correct your details").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your details")
    assert_accessible(phone)
    phone.get_by_label("Do you have any dietary needs? (optional)").fill("Vegetarian")
    phone.get_by_role("button", name="Save your details").click()
    expect(phone.get_by_text("Your details have been saved")).to_be_visible()
    phone.get_by_role("link", name="See and correct your details").click()
    _withdraw(phone)
    carl.refresh_from_db()
    assert carl.dietary_needs == "Vegetarian"
    assert carl.has_withdrawn
    current = get_current_timetable(event)
    assert current is not None
    assert current.version == day.timetable.version + 1
    assert not current.conversations.filter(recruiter=carl).exclude(status="cancelled").exists()

    # Staff see it: Carl withdrew and is off the catering list.
    page.goto(live_server.url + f"/o/{organisation.slug}/events/{event.pk}/recruiters/")
    expect(page.get_by_role("row", name="Carl")).to_contain_text("Withdrew")
    assert_accessible(page)
    page.goto(live_server.url + f"/o/{organisation.slug}/events/{event.pk}/access-and-catering/")
    expect(page.get_by_role("cell", name="Halal")).to_be_visible()
    expect(page.get_by_role("cell", name="Vegetarian")).to_have_count(0)
    phone.context.close()


def test_a_recruiter_who_withdraws_after_sending_a_sheet_keeps_it_counted(
    browser: Browser, live_server
) -> None:
    day = make_day()
    from django.utils import timezone

    from coappoint.scoring.services import start_scoring

    start_scoring(event=day.event, actor=day.facilitator, now=timezone.now())
    phone = _recruiter_phone(browser, live_server.url, day.amina)
    phone.get_by_role("link", name="Score the candidates you talked with").click()
    phone.get_by_role("link", name=f"Score {day.sam.first_name}").click()
    phone.get_by_role("group", name="Kindness").get_by_label("4").check()
    phone.get_by_role("group", name="Listening").get_by_label("3").check()
    phone.get_by_label("Yes", exact=True).check()
    phone.get_by_role("button", name="Send my score sheet").click()
    expect(phone.get_by_text(f"Your score sheet for {day.sam.first_name} is sent")).to_be_visible()

    phone.goto(live_server.url + "/recruiter/")
    _withdraw(phone)

    owed = get_sheets_owed(day.event)
    assert [pair.candidate for pair in owed.submitted if pair.scorer == day.amina.pk] == [
        day.sam.pk
    ]
    assert day.amina.pk not in owed.pending_by_scorer
    assert ScoreSheet.objects.filter(recruiter=day.amina).count() == 1
    phone.get_by_role("link", name="Score the candidates you talked with").click()
    expect(phone.get_by_role("link", name=f"Score {day.priya.first_name}")).to_have_count(0)
    assert_accessible(phone)

    facilitator = signed_in_staff(browser, live_server.url, day.facilitator)
    facilitator.goto(live_server.url + day.url("scoring:event_scoring"))
    expect(facilitator.locator("#pending")).not_to_contain_text("Amina Hassan")
    assert_accessible(facilitator)


def test_an_auditor_downloads_a_decision_record_whose_pdf_and_spreadsheet_match_its_json(
    browser: Browser, live_server
) -> None:
    import io
    import json

    from openpyxl import load_workbook

    from tests.decisions.test_the_record_an_auditor_relies_on import (
        assert_every_figure_agrees,
        make_decided,
    )

    decided = make_decided()
    page = signed_in_staff(browser, live_server.url, decided.auditor)
    page.goto(live_server.url + decided.url("decisions:outcome"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcome")
    assert_accessible(page)

    def download(link: str) -> bytes:
        href = page.get_by_role("link", name=link).get_attribute("href")
        assert href is not None
        response = page.request.get(live_server.url + href)
        assert response.ok
        return response.body()

    document = json.loads(download("Decision record (JSON, to recompute with coappoint outcome)"))
    text = _pdf_text(download("Decision record (PDF, A4)"))
    workbook = load_workbook(io.BytesIO(download("Decision record (spreadsheet)")))

    assert_every_figure_agrees(decided, document, text, workbook)


def test_a_resident_joins_by_the_posters_short_address_typed_on_a_phone(
    browser: Browser, live_server
) -> None:
    from coappoint.recruiters.services import close_sign_up_link, open_sign_up_link

    day = make_day_with_timetable()
    link = open_sign_up_link(event=day.event, actor=day.facilitator)
    code = link.join_code_shown
    phone = browser.new_context(viewport=PHONE).new_page()

    # A wrong code says to check the poster, and lets them type it again.
    phone.goto(live_server.url + "/join/")
    assert_accessible(phone)
    phone.get_by_role("textbox").fill("ABCD-2345" if code != "ABCD-2345" else "ABCD-2346")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("We cannot find that sign-up")
    assert_accessible(phone)

    # Read over the phone, typed in small letters without the hyphen.
    phone.get_by_role("textbox").fill(code.replace("-", "").lower())
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_label("Full name")).to_be_visible()
    assert day.event.name in phone.content()
    assert_accessible(phone)

    # Once sign-up closes, the short address says so.
    close_sign_up_link(sign_up_link=link, actor=day.facilitator)
    phone.goto(live_server.url + "/join/" + code)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("closed")
    assert_accessible(phone)
