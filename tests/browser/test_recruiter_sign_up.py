"""A resident signs up on a 320 px phone and says whom they know; staff run the sign-up pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter, ConflictOfInterest
from tests.browser.conftest import NARROWEST_PHONE_PX, assert_accessible
from tests.factories import (
    STAFF_PASSWORD,
    CandidateFactory,
    CandidateListPublicationFactory,
    EventFactory,
    SignUpLinkFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_signs_up_needing_an_arabic_interpreter_and_declares_a_conflict(
    browser: Browser, live_server
) -> None:
    event = EventFactory.create(name="Northfield community recruitment day")
    sam = CandidateFactory.create(campaign=event.campaign, first_name="Sam", last_name="Ali")
    jo = CandidateFactory.create(campaign=event.campaign, first_name="Jo", last_name="Reed")
    event.candidates.add(sam, jo)
    CandidateListPublicationFactory.create(event=event)
    link = SignUpLinkFactory.create(event=event)
    context = browser.new_context(viewport={"width": NARROWEST_PHONE_PX, "height": 640})
    page = context.new_page()

    page.goto(live_server.url + reverse("recruiters:sign_up", args=[link.slug]))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Help choose your Local Area Coordinator"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Full name").fill("Amina Hassan")
    page.get_by_label("Which neighbourhood do you live in?").fill("Northfield")
    page.get_by_label("Phone number").fill("07700 900 982")
    page.get_by_label("English").check()
    page.get_by_role("group", name="Do you need an interpreter").get_by_label("Yes").check()
    page.get_by_label("If yes, which language do you need an interpreter for?").select_option("ar")
    page.get_by_label("Do you have any dietary needs? (optional)").fill("Halal")
    page.get_by_label("From").fill("10:00")
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed up")
    assert len(page.locator("#access-code").inner_text().replace(" ", "")) == 8
    assert_accessible(page)

    page.get_by_role("link", name="Continue to your page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Amina Hassan")
    assert_accessible(page)

    page.get_by_role("link", name="Read and agree to the confidentiality agreement").click()
    assert_accessible(page)
    page.get_by_label("I agree to keep what I hear about the candidates confidential").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("link", name="Read the equal opportunities briefing").click()
    assert_accessible(page)
    page.get_by_label("I have read and understood the equal opportunities briefing").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("link", name="Tell us if you know any of the candidates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Do you know any of the candidates?")
    assert_accessible(page)
    page.get_by_label("Sam", exact=True).check()
    page.get_by_label("How do you know Sam? (optional)").fill("Neighbour")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("We have saved whom you know")).to_be_visible()
    assert_accessible(page)

    recruiter = CommunityRecruiter.objects.get()
    assert (recruiter.event, recruiter.interpreter_language) == (event, "ar")
    assert recruiter.confidentiality_acknowledged_at is not None
    assert recruiter.equal_opportunities_acknowledged_at is not None
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.recruiter, conflict.candidate, conflict.how_they_know) == (
        recruiter,
        sam,
        "Neighbour",
    )
    context.close()


def test_a_facilitator_opens_sign_up_adds_someone_at_the_door_and_records_thanks(
    browser: Browser, live_server
) -> None:
    event = EventFactory.create(name="Northfield community recruitment day")
    event.candidates.add(CandidateFactory.create(campaign=event.campaign, first_name="Sam"))
    facilitator = staff_member(event.organisation, Role.FACILITATOR)
    page = browser.new_page()
    page.goto(live_server.url + reverse("accounts:sign_in"))
    page.get_by_label("Email address").fill(facilitator.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    slug = event.organisation.slug
    page.goto(live_server.url + reverse("recruiters:event_recruiters", args=[slug, event.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Community recruiters")
    assert_accessible(page)

    page.get_by_role("link", name="Sign-up link, QR code and poster").click()
    assert_accessible(page)
    page.get_by_role("button", name="Open sign-up").click()
    expect(page.locator("#sign-up-link")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the recruiters").click()

    page.get_by_role("link", name="Publish the candidate list to recruiters").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish the list").click()
    expect(page.get_by_text("The candidate list is published")).to_be_visible()

    page.get_by_role("button", name="Add a recruiter at the door").click()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Rob Jones")
    page.get_by_role("button", name="Add the recruiter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in for Rob Jones")
    # No email address: staff are told how he signs in, and shown no link or code.
    expect(page.get_by_text("They have not given an email address")).to_be_visible()
    assert "/sign-in/link/" not in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the recruiters").click()

    page.goto(live_server.url + reverse("recruiters:event_recruiters", args=[slug, event.pk]))
    page.get_by_role("link", name="Record thanks for Rob Jones").click()
    assert_accessible(page)
    page.get_by_label("Voucher").check()
    page.get_by_label("Amount in pounds (optional)").fill("25")
    page.get_by_label("Offered").check()
    page.get_by_role("button", name="Record thanks").click()
    expect(page.get_by_role("cell", name="Voucher £25: offered")).to_be_visible()
    assert_accessible(page)
