"""Messages that really arrive, at a fake GOV.UK Notify: a phone-only sign-up gets its code by
text; "you said, we did" reaches each recruiter once though each first try fails; a bounced
message is shown to the programme manager, corrected and resent."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from coappoint.notify.models import Message, Status
from coappoint.organisations.models import Role
from tests.browser.conftest import NARROWEST_PHONE_PX, assert_accessible, signed_in_staff
from tests.closing.conftest import make_closing
from tests.factories import CandidateFactory, EventFactory, SignUpLinkFactory, staff_member
from tests.fakes.notify import FakeNotify

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_up(page: Page, url: str, *, phone: str = "", email: str = "") -> None:
    page.goto(url)
    page.get_by_label("Full name").fill("Amina Hassan")
    page.get_by_label("Which neighbourhood do you live in?").fill("Northfield")
    if phone:
        page.get_by_label("Phone number").fill(phone)
    if email:
        page.get_by_label("Email address").fill(email)
    page.get_by_label("English").check()
    page.get_by_role("group", name="Do you need an interpreter").get_by_label("No").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed up")


def test_a_recruiter_signing_up_with_only_a_phone_gets_their_code_by_text(
    browser: Browser, live_server, fake_notify: FakeNotify
) -> None:
    link = SignUpLinkFactory.create()
    page = browser.new_context(viewport={"width": NARROWEST_PHONE_PX, "height": 640}).new_page()

    _sign_up(
        page,
        live_server.url + reverse("recruiters:sign_up", args=[link.slug]),
        phone="07700 900 982",
    )

    expect(page.locator("#confirmation-sent")).to_have_text(
        "We are also sending your code and link to you by text message."
    )
    assert_accessible(page)
    shown_code = page.locator("#access-code").inner_text()
    (text,) = fake_notify.sent_to("07700 900 982")
    assert text.type == "sms"
    assert shown_code in text.personalisation["body"]
    assert page.locator("#sign-in-link").inner_text() in text.personalisation["body"]


def test_you_said_we_did_reaches_every_recruiter_once_though_each_first_try_fails(
    browser: Browser, live_server, fake_notify: FakeNotify
) -> None:
    fake_notify.first_attempt_fault = "500"
    closing = make_closing()
    page = signed_in_staff(browser, live_server.url, closing.manager)
    page.goto(live_server.url + closing.url("closing:overview"))
    page.get_by_role("link", name="English", exact=True).click()
    page.get_by_role("button", name="Approve this message").click()
    page.get_by_role("link", name="Send the approved messages").click()
    assert_accessible(page)

    page.get_by_role("button", name="Send 4 messages").click()

    expect(page.get_by_text("4 messages are on their way to community recruiters.")).to_be_visible()
    assert_accessible(page)
    for to in ("amina@example.com", "bryn@example.com", "piotr@example.com", "07700 900123"):
        assert len(fake_notify.sent_to(to)) == 1, to
    assert fake_notify.sent_to("07700 900123")[0].type == "sms"
    assert set(Message.objects.values_list("status", "attempts")) == {(Status.SENDING, 2)}
    assert len(fake_notify.notifications) == 4


def test_a_bounced_sign_up_is_shown_to_the_manager_corrected_and_resent(
    browser: Browser, live_server, fake_notify: FakeNotify
) -> None:
    link = SignUpLinkFactory.create()
    fake_notify.permanent_failures.add("amina@exampel.com")
    resident = browser.new_context().new_page()
    _sign_up(
        resident,
        live_server.url + reverse("recruiters:sign_up", args=[link.slug]),
        email="amina@exampel.com",
    )
    fake_notify.post_receipts(
        live_server.url + reverse("notify:delivery_receipt"), settings.GOVUK_NOTIFY_CALLBACK_TOKEN
    )
    manager = staff_member(link.organisation, Role.PROGRAMME_MANAGER)
    page = signed_in_staff(browser, live_server.url, manager)

    page.goto(live_server.url + reverse("pages:organisation_home", args=[link.organisation.slug]))
    page.get_by_role("link", name="Messages that did not arrive").click()
    expect(page.locator("#failed-messages")).to_contain_text("amina@exampel.com")
    expect(page.locator("#failed-messages")).to_contain_text(
        "Not delivered: wrong address or number"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Correct and resend").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct the address and resend")
    assert_accessible(page)

    page.get_by_label("Email address").fill("amina")
    page.get_by_role("button", name="Send the message again").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_label("Email address")).to_have_value("amina")
    assert_accessible(page)

    page.get_by_label("Email address").fill("amina@example.com")
    page.get_by_role("button", name="Send the message again").click()

    expect(
        page.get_by_text("The message is on its way again, to amina@example.com.")
    ).to_be_visible()
    expect(page.locator("#failed-messages")).to_have_text(
        "Every message has arrived, or is still on its way."
    )
    assert_accessible(page)
    (resent,) = fake_notify.sent_to("amina@example.com")
    assert "/sign-in/link/" in resent.personalisation["body"]
    assert len(fake_notify.sent_to("amina@exampel.com")) == 1


def test_a_candidate_with_only_a_phone_is_invited_by_text_and_signs_in_from_it(
    browser: Browser, live_server, fake_notify: FakeNotify, settings
) -> None:
    settings.SITE_URL = live_server.url
    event = EventFactory.create(name="Northfield day", venue_name="Northfield Library")
    CandidateFactory.create(
        campaign=event.campaign, first_name="Tom", last_name="Baker", email="", phone="07700900456"
    )
    manager = staff_member(event.organisation, Role.PROGRAMME_MANAGER)
    page = signed_in_staff(browser, live_server.url, manager)
    page.goto(
        live_server.url
        + reverse("candidates:invite", args=[event.organisation.slug, event.campaign.pk])
    )
    page.get_by_label("Northfield day").check()
    expect(page.get_by_label("Tom Baker (07700900456)")).to_be_checked()
    assert_accessible(page)

    page.get_by_role("button", name="Send invitations").click()

    expect(page.get_by_text("1 invitation has been sent")).to_be_visible()
    (text,) = fake_notify.sent_to("07700900456")
    assert text.type == "sms"
    body = str(text.personalisation["body"])
    assert "Northfield Library" in body
    link = next(word for word in body.split() if "/sign-in/link/" in word)
    phone = browser.new_context(viewport={"width": NARROWEST_PHONE_PX, "height": 640}).new_page()
    phone.goto(link)
    assert_accessible(phone)
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hello, Tom")
    assert_accessible(phone)
