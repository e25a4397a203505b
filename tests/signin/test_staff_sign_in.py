"""Staff send a recruiter their own sign-in, never see it, and say why when it is a reissue."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.notify.models import OutboxMessage
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter, JoinedBy, SignInReissue
from coappoint.recruiters.services import RecruiterDetails
from coappoint.signin.models import AccessCode, SignInLink
from coappoint.signin.participants import SESSION_KEY
from coappoint.signin.queries import has_signed_in
from coappoint.signin.services import (
    SYSTEM,
    ReasonNeeded,
    issue_access_code,
    issue_sign_in_link,
    send_sign_in_by_email,
    sign_up_with_credentials,
)
from tests.factories import EventFactory, RecruiterFactory, SignUpLinkFactory, staff_member
from tests.recruiters.test_sign_up import GOOD_ANSWERS

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/sign-in/link/([A-Za-z0-9_\-]+)/")
CODE = re.compile(r"^([A-Z2-9]{4} [A-Z2-9]{4})$", re.MULTILINE)


@pytest.fixture
def event():
    return EventFactory.create(name="Northfield day")


@pytest.fixture
def facilitator(event):
    return staff_member(event.organisation, Role.FACILITATOR)


@pytest.fixture
def facilitator_client(facilitator) -> Client:
    client = Client()
    client.force_login(facilitator)
    return client


def _sign_in_url(recruiter: CommunityRecruiter) -> str:
    return reverse(
        "signin:recruiter_credentials",
        args=[recruiter.organisation.slug, recruiter.event.pk, recruiter.pk],
    )


def _emailed(recruiter: CommunityRecruiter) -> tuple[str, str]:
    """The newest link path and code emailed to the recruiter: what reaches their own inbox."""
    body = OutboxMessage.objects.filter(recipient=recruiter.email).first().body  # type: ignore[union-attr]
    link = LINK.search(body)
    code = CODE.search(body)
    assert link is not None, body
    assert code is not None, body
    return link.group(0), code.group(1)


def _assert_holds_no_sign_in(html: str, link_path: str, code: str) -> None:
    text = unescape(html)
    assert link_path not in text
    assert link_path.rstrip("/").rsplit("/", 1)[-1] not in text  # the token on its own
    assert code not in text
    assert code.replace(" ", "") not in text
    assert not LINK.search(text)
    assert "data:image/svg+xml" not in text  # no QR code of anything personal


def test_the_staff_page_sends_the_recruiters_own_sign_in_by_email_and_never_shows_it(
    facilitator_client: Client, event
) -> None:
    recruiter = RecruiterFactory.create(
        event=event, full_name="Kwame Mensah", email="kwame@example.com"
    )
    page = facilitator_client.get(_sign_in_url(recruiter)).content.decode()
    assert "Send their sign-in link and code by email" in page
    assert "k•••@example.com" in page

    response = facilitator_client.post(_sign_in_url(recruiter), follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    # This site keeps messages in the outbox, so the page never says they were sent.
    assert (
        "A new sign-in link and code for Kwame Mensah were kept in the outbox: messages are "
        "not being sent from this site." in html
    )
    assert "We have emailed" not in html
    link_path, code = _emailed(recruiter)
    _assert_holds_no_sign_in(html, link_path, code)
    # The email reaches the recruiter, and both ways in work on their own phone.
    assert Client().post(link_path).status_code == 302
    assert Client().post(reverse("signin:code"), {"code": code}).status_code == 302
    row = AuditEvent.objects.get(action="sign_in.emailed")
    assert row.after is not None
    assert row.after == {"message": row.after["message"], "reissued": False}
    assert code not in str(row.after)
    assert link_path not in str(row.after)


def test_a_recruiter_without_an_email_address_signs_up_on_their_phone_or_scores_on_paper(
    facilitator_client: Client, event
) -> None:
    recruiter = RecruiterFactory.create(event=event, full_name="Rob Jones")

    page = facilitator_client.get(_sign_in_url(recruiter)).content.decode()
    refused = facilitator_client.post(_sign_in_url(recruiter))

    assert "They have not given an email address" in page
    assert "sign-up QR code" in page
    assert "paper sheets" in page
    assert "<form" not in page.split('id="main-content"')[1]
    assert refused.status_code == 400
    assert "Rob Jones has not given an email address" in refused.content.decode()
    assert not SignInLink.objects.exists()
    assert not AccessCode.objects.exists()


def test_reissuing_for_a_recruiter_who_has_signed_in_needs_a_reason_shown_on_the_list(
    facilitator_client: Client, facilitator, event
) -> None:
    recruiter = RecruiterFactory.create(
        event=event, full_name="Amina Hassan", email="a@example.com"
    )
    code = issue_access_code(
        person=recruiter, organisation=event.organisation, event=event, actor=SYSTEM
    ).code
    assert Client().post(reverse("signin:code"), {"code": code}).status_code == 302
    assert (
        "Yes, they have signed in before"
        in facilitator_client.get(_sign_in_url(recruiter)).content.decode()
    )

    missing = facilitator_client.post(_sign_in_url(recruiter), {"reason": "  "})

    html = missing.content.decode()
    assert missing.status_code == 400
    assert "There is a problem" in html
    assert 'href="#id_reason"' in html
    assert "Enter why they need a new sign-in" in html
    assert not OutboxMessage.objects.exists()
    assert not SignInReissue.objects.exists()

    sent = facilitator_client.post(_sign_in_url(recruiter), {"reason": "Lost her phone"})

    assert sent.status_code == 302
    reissue = SignInReissue.objects.get()
    assert (reissue.recruiter, reissue.reissued_by, reissue.reason) == (
        recruiter,
        facilitator,
        "Lost her phone",
    )
    audited = AuditEvent.objects.get(action="recruiter.sign_in_reissued")
    assert (audited.actor_kind, audited.actor_id) == ("staff", facilitator.pk)
    # The reason is about a person: it stays on the reissue, which the row names.
    assert audited.after == {
        "reason": {"text_on": "recruiters.SignInReissue", "id": reissue.pk, "field": "reason"},
        "reissue": reissue.pk,
    }
    emailed = AuditEvent.objects.get(action="sign_in.emailed").after or {}
    assert emailed["reason_characters"] == len("Lost her phone")
    listed = facilitator_client.get(
        reverse("recruiters:event_recruiters", args=[event.organisation.slug, event.pk])
    ).content.decode()
    time = f"{reissue.reissued_at.astimezone():%H:%M}"
    assert f"Sign-in reissued by {facilitator}" in listed
    assert f"{time}: Lost her phone" in listed
    assert "Lost her phone" in facilitator_client.get(_sign_in_url(recruiter)).content.decode()
    # The old code no longer works; the new one reached her inbox only.
    assert Client().post(reverse("signin:code"), {"code": code}).status_code == 400


def test_the_service_refuses_a_reissue_without_a_reason(facilitator, event) -> None:
    recruiter = RecruiterFactory.create(
        event=event, email="a@example.com", joined_by=JoinedBy.SIGN_UP_LINK
    )
    with pytest.raises(ReasonNeeded):
        send_sign_in_by_email(recruiter=recruiter, actor=facilitator, reason="")
    assert not OutboxMessage.objects.exists()
    assert not SignInLink.objects.exists()


def test_signed_in_before_means_by_sign_up_by_link_or_by_code(event) -> None:
    by_code, by_link, never = RecruiterFactory.create_batch(3, event=event)
    signed_up = sign_up_with_credentials(
        sign_up_link=SignUpLinkFactory.create(event=event),
        details=RecruiterDetails(full_name="Lina Novak", phone="1"),
    ).recruiter
    code = issue_access_code(
        person=by_code, organisation=event.organisation, event=event, actor=SYSTEM
    )
    Client().post(reverse("signin:code"), {"code": code.code})
    link = issue_sign_in_link(
        person=by_link, organisation=event.organisation, event=event, actor=SYSTEM
    )
    issue_sign_in_link(person=never, organisation=event.organisation, event=event, actor=SYSTEM)
    Client().post("/" + link.url.split("/", 3)[3])

    assert [has_signed_in(r) for r in (signed_up, by_code, by_link, never)] == [
        True,
        True,
        True,
        False,
    ]


def _session_of(client: Client) -> dict[str, object]:
    stored = client.session[SESSION_KEY]
    assert isinstance(stored, dict)
    return stored


def test_a_session_opened_with_a_credential_staff_issued_is_marked_so(facilitator, event) -> None:
    recruiter = RecruiterFactory.create(event=event)
    by_staff_code, by_staff_link, own_code = Client(), Client(), Client()
    staff_code = issue_access_code(
        person=recruiter, organisation=event.organisation, event=event, actor=facilitator
    ).code
    by_staff_code.post(reverse("signin:code"), {"code": staff_code})
    staff_link = issue_sign_in_link(
        person=recruiter, organisation=event.organisation, event=event, actor=facilitator
    )
    by_staff_link.post("/" + staff_link.url.split("/", 3)[3])
    signed_up = sign_up_with_credentials(
        sign_up_link=SignUpLinkFactory.create(event=event),
        details=RecruiterDetails(full_name="Lina Novak", phone="1"),
    )
    own_code.post(reverse("signin:code"), {"code": signed_up.code.code})

    assert _session_of(by_staff_code)["staff_issued"] is True
    assert _session_of(by_staff_link)["staff_issued"] is True
    assert _session_of(own_code)["staff_issued"] is False
    assert AccessCode.objects.get(recruiter=recruiter, revoked_at__isnull=True).issued_by_staff
    assert not AccessCode.objects.get(recruiter=signed_up.recruiter).issued_by_staff


def test_signing_up_on_ones_own_phone_is_not_a_session_staff_issued(client: Client, event) -> None:
    link = SignUpLinkFactory.create(event=event)
    response = client.post(reverse("recruiters:sign_up", args=[link.slug]), GOOD_ANSWERS)
    assert response.status_code == 302
    assert _session_of(client)["staff_issued"] is False


def test_adding_at_the_door_with_an_email_address_sends_the_sign_in_there(
    facilitator_client: Client, event
) -> None:
    response = facilitator_client.post(
        reverse("recruiters:add_at_the_door", args=[event.organisation.slug, event.pk]),
        {"full_name": "Rob Jones", "email": "rob@example.com", "interpreter_needed": "no"},
        follow=True,
    )

    html = response.content.decode()
    recruiter = CommunityRecruiter.objects.get()
    assert (
        "Rob Jones is added. Their sign-in link and code were kept in the outbox: messages are "
        "not being sent from this site." in html
    )
    link_path, code = _emailed(recruiter)
    _assert_holds_no_sign_in(html, link_path, code)
    assert not SignInReissue.objects.exists()  # never signed in before: no reason asked


def test_the_outbox_shows_a_sent_sign_in_withheld(facilitator, event) -> None:
    recruiter = RecruiterFactory.create(event=event, email="kwame@example.com")
    send_sign_in_by_email(recruiter=recruiter, actor=facilitator)
    manager = Client()
    manager.force_login(staff_member(event.organisation, Role.PROGRAMME_MANAGER))

    html = manager.get(reverse("notify:outbox", args=[event.organisation.slug])).content.decode()

    link_path, code = _emailed(recruiter)
    _assert_holds_no_sign_in(html, link_path, code)
    assert html.count("[personal sign-in withheld]") == 2  # the link and the code
