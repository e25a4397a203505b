"""Delivery receipts come back from Notify; staff see what did not arrive, correct it, resend."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.notify.models import Message, Status
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.models import AccessCode, SignInLink
from coappoint.signin.services import hash_secret, normalise_access_code
from tests.factories import OrganisationFactory, SignUpLinkFactory, staff_member
from tests.fakes.notify import FakeNotify

pytestmark = pytest.mark.django_db(transaction=True)

SIGN_UP = {
    "full_name": "Amina Hassan",
    "neighbourhood": "Northfield",
    "phone": "07700 900 982",
    "email": "",
    "preferred_language": "cy",
    "other_language": "",
    "interpreter_needed": "no",
    "interpreter_language": "",
    "access_needs": "",
    "dietary_needs": "",
    "available_from": "",
    "available_until": "",
}
RECEIPTS = reverse("notify:delivery_receipt")


def _sign_up(client: Client, **answers: str) -> CommunityRecruiter:
    link = SignUpLinkFactory.create()
    response = client.post(reverse("recruiters:sign_up", args=[link.slug]), {**SIGN_UP, **answers})
    assert response.status_code == 302
    return CommunityRecruiter.objects.get()


def _code_in(text: str) -> str:
    match = re.search(r"\b([A-Z2-9]{4} [A-Z2-9]{4})\b", text)
    assert match, text
    return match.group(1)


def test_a_phone_only_sign_up_gets_its_code_by_text_in_its_language(
    fake_notify: FakeNotify, client: Client
) -> None:
    recruiter = _sign_up(client)

    (text,) = fake_notify.sent_to("07700 900 982")
    assert text.type == "sms"
    code = _code_in(text.personalisation["body"])
    assert AccessCode.objects.get(
        recruiter=recruiter, secret_hash=hash_secret(normalise_access_code(code))
    )
    assert "eich cod mynediad" in text.personalisation["body"]  # Welsh, as they chose
    page = client.get(reverse("recruiters:your_code")).content.decode()
    assert "We are also sending your code and link to you by text message." not in page  # once
    message = Message.objects.get()
    assert (message.purpose, message.language, message.person_id) == (
        "sign_up_confirmation",
        "cy",
        recruiter.pk,
    )
    assert code not in message.body


def test_a_sign_up_with_an_email_gets_it_by_email(fake_notify: FakeNotify, client: Client) -> None:
    _sign_up(client, email="amina@example.com", preferred_language="en")

    (email,) = fake_notify.sent_to("amina@example.com")
    assert email.type == "email"
    assert "/sign-in/link/" in email.personalisation["body"]
    assert fake_notify.sent_to("07700 900 982") == []


def test_notify_receipts_set_the_status_only_with_the_bearer_token(
    fake_notify: FakeNotify, client: Client, settings, live_server
) -> None:
    fake_notify.permanent_failures.add("07700 900 982")
    _sign_up(client)
    message = Message.objects.get()
    assert message.status == Status.SENDING

    refused = client.post(
        RECEIPTS,
        {"id": message.provider_id, "reference": str(message.pk), "status": "delivered"},
        content_type="application/json",
        headers={"Authorization": "Bearer not-the-token"},
    )
    assert refused.status_code == 401
    message.refresh_from_db()
    assert message.status == Status.SENDING

    fake_notify.post_receipts(live_server.url + RECEIPTS, settings.GOVUK_NOTIFY_CALLBACK_TOKEN)

    message.refresh_from_db()
    assert message.status == Status.PERMANENT_FAILURE


def _failed_sign_up(fake_notify: FakeNotify, client: Client) -> tuple[CommunityRecruiter, Message]:
    fake_notify.permanent_failures.add("amina@exampel.com")
    recruiter = _sign_up(client, email="amina@exampel.com", preferred_language="en")
    message = Message.objects.get()
    response = Client().post(
        RECEIPTS,
        {"id": message.provider_id, "reference": str(message.pk), "status": "permanent-failure"},
        content_type="application/json",
        headers={"Authorization": "Bearer callback-token-for-tests"},
    )
    assert response.status_code == 204
    return recruiter, message


def test_a_programme_manager_corrects_a_bounced_address_and_the_resend_carries_a_new_sign_in(
    fake_notify: FakeNotify, client: Client
) -> None:
    recruiter, failed = _failed_sign_up(fake_notify, client)
    (bounced,) = fake_notify.sent_to("amina@exampel.com")
    old_code = _code_in(bounced.personalisation["body"])
    manager = staff_member(recruiter.organisation, Role.PROGRAMME_MANAGER)
    staff = Client()
    staff.force_login(manager)
    slug = recruiter.organisation.slug

    listed = staff.get(reverse("signin:failed_messages", args=[slug])).content.decode()
    assert "amina@exampel.com" in listed
    assert "Not delivered: wrong address or number" in listed
    assert old_code not in listed

    resend_url = reverse("signin:resend_message", args=[slug, failed.pk])
    wrong = staff.post(resend_url, {"address": "not an address"})
    assert wrong.status_code == 400
    assert "Enter an email address in the correct format" in wrong.content.decode()
    assert "govuk-error-summary" in wrong.content.decode()

    staff.post(resend_url, {"address": "amina@example.com"})

    (resent,) = fake_notify.sent_to("amina@example.com")
    new_code = _code_in(resent.personalisation["body"])
    assert new_code != old_code
    recruiter.refresh_from_db()
    assert recruiter.email == "amina@example.com"
    codes = AccessCode.objects.filter(recruiter=recruiter)
    assert codes.get(secret_hash=hash_secret(normalise_access_code(old_code))).revoked_at
    assert codes.get(secret_hash=hash_secret(normalise_access_code(new_code))).revoked_at is None
    assert SignInLink.objects.filter(recruiter=recruiter, revoked_at__isnull=True).count() == 1
    assert AuditEvent.objects.filter(action="message.resent").count() == 1
    after = staff.get(reverse("signin:failed_messages", args=[slug])).content.decode()
    assert "amina@exampel.com" not in after
    # A second resend of the same message is refused: it has been sent again already.
    assert staff.post(resend_url, {"address": "amina@example.com"}).status_code == 404


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.AUDITOR, Role.INTERVIEW_PANEL])
def test_only_programme_managers_see_and_resend_failed_messages(
    fake_notify: FakeNotify, client: Client, role: Role
) -> None:
    recruiter, failed = _failed_sign_up(fake_notify, client)
    staff = Client()
    staff.force_login(staff_member(recruiter.organisation, role))
    slug = recruiter.organisation.slug

    assert staff.get(reverse("signin:failed_messages", args=[slug])).status_code == 403
    resend_url = reverse("signin:resend_message", args=[slug, failed.pk])
    assert staff.post(resend_url, {"address": "x@example.com"}).status_code == 403
    assert len(fake_notify.notifications) == 1


def test_another_organisations_manager_cannot_resend(
    fake_notify: FakeNotify, client: Client
) -> None:
    _recruiter, failed = _failed_sign_up(fake_notify, client)
    other = OrganisationFactory.create()
    staff = Client()
    staff.force_login(staff_member(other, Role.PROGRAMME_MANAGER))

    response = staff.post(
        reverse("signin:resend_message", args=[other.slug, failed.pk]),
        {"address": "x@example.com"},
    )
    assert response.status_code == 404
    assert len(fake_notify.notifications) == 1


def test_a_recruiter_reads_what_they_were_sent_on_their_own_page_without_the_code(
    fake_notify: FakeNotify, client: Client
) -> None:
    _sign_up(client, preferred_language="en")
    (text,) = fake_notify.sent_to("07700 900 982")

    home = client.get(reverse("recruiters:home")).content.decode()

    assert "Messages to you" in home
    assert "You have signed up for" in home
    assert _code_in(text.personalisation["body"]) not in home
    assert "[personal sign-in withheld]" in home
