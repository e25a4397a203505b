"""Emails go through one door; by default they stay in the database outbox, never leaving."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from coappoint.notify.models import OutboxMessage
from coappoint.notify.services import Attachment, send_email
from coappoint.organisations.models import Role
from tests.factories import OrganisationFactory, staff_member

pytestmark = pytest.mark.django_db


def test_the_outbox_keeps_the_email_and_its_attachment_whole() -> None:
    organisation = OrganisationFactory.create()

    sent = send_email(
        to="sam@example.com",
        subject="Hello",
        body="The body",
        attachments=[Attachment("day.ics", "text/calendar", b"BEGIN:VCALENDAR")],
        organisation=organisation,
    )

    message = OutboxMessage.objects.get()
    assert sent.provider_id == f"outbox:{message.pk}"
    assert sent.status == "kept"
    assert (message.recipient, message.subject, message.body) == (
        "sam@example.com",
        "Hello",
        "The body",
    )
    (attachment,) = message.attachments
    assert base64.b64decode(attachment["content_base64"]) == b"BEGIN:VCALENDAR"


def test_an_unknown_backend_name_is_a_configuration_error(settings) -> None:
    settings.COAPPOINT_NOTIFY_BACKEND = "carrier-pigeon"
    with pytest.raises(ImproperlyConfigured, match="carrier-pigeon"):
        send_email(to="a@example.com", subject="s", body="b", organisation=None)


def test_the_govuk_backend_refuses_to_start_without_its_key(settings) -> None:
    settings.COAPPOINT_NOTIFY_BACKEND = "govuk"
    settings.GOVUK_NOTIFY_API_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="GOVUK_NOTIFY_API_KEY"):
        send_email(to="a@example.com", subject="s", body="b", organisation=None)
    assert not OutboxMessage.objects.exists()


def test_a_programme_manager_reads_only_their_organisations_outbox(client: Client) -> None:
    ours, theirs = OrganisationFactory.create(), OrganisationFactory.create()
    send_email(to="ours@example.com", subject="Ours", body="b", organisation=ours)
    send_email(to="theirs@example.com", subject="Theirs", body="b", organisation=theirs)
    client.force_login(staff_member(ours, Role.PROGRAMME_MANAGER))

    page = client.get(reverse("notify:outbox", args=[ours.slug])).content.decode()

    assert "ours@example.com" in page
    assert "theirs@example.com" not in page
    assert client.get(reverse("notify:outbox", args=[theirs.slug])).status_code == 404


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.FACILITATOR, Role.INTERVIEW_PANEL])
def test_only_programme_managers_read_the_outbox_because_it_holds_sign_in_links(
    client: Client, role
) -> None:
    organisation = OrganisationFactory.create()
    client.force_login(staff_member(organisation, role))
    assert client.get(reverse("notify:outbox", args=[organisation.slug])).status_code == 403


def _outbox_page(organisation) -> str:
    client = Client()
    client.force_login(staff_member(organisation, Role.PROGRAMME_MANAGER))
    return client.get(reverse("notify:outbox", args=[organisation.slug])).content.decode()


def test_the_outbox_page_withholds_a_personal_link_and_code_but_keeps_what_was_sent() -> None:
    organisation = OrganisationFactory.create()
    link = "http://testserver/sign-in/link/Tok3n-Only_For-Grace/"
    body = f"Dear Grace,\n\nYour link:\n{link}\n\nYour code:\nABCD 2345\n\nSee you there."
    send_email(
        to="grace@example.com",
        subject="Your sign-in",
        body=body,
        organisation=organisation,
        withheld=(link, "ABCD 2345"),
    )

    page = _outbox_page(organisation)

    assert OutboxMessage.objects.get().body == body  # the message itself is what was sent
    assert "Tok3n-Only_For-Grace" not in page
    assert "/sign-in/link/" not in page
    assert "ABCD 2345" not in page
    assert page.count("[personal sign-in withheld]") == 2
    assert "Dear Grace," in page
    assert "See you there." in page
    assert "only the person they are for may see them" in page


def test_a_sign_in_link_is_withheld_even_when_the_sender_did_not_say_so() -> None:
    organisation = OrganisationFactory.create()
    # As an older message, or a sender that forgot: any personal link is withheld all the same.
    OutboxMessage.objects.create(
        organisation=organisation,
        recipient="sam@example.com",
        subject="Invitation",
        body="Sign in: https://coappoint.example/sign-in/link/abc-DEF_123/ then go on.",
    )

    page = _outbox_page(organisation)

    assert "abc-DEF_123" not in page
    assert "Sign in: [personal sign-in withheld] then go on." in page


def test_an_invitation_in_the_outbox_shows_the_programme_manager_no_usable_link(
    client: Client,
) -> None:
    from coappoint.signin.services import invite_candidates_with_sign_in_links
    from tests.factories import CandidateFactory, EventFactory

    event = EventFactory.create()
    manager = staff_member(event.organisation, Role.PROGRAMME_MANAGER)
    grace = CandidateFactory.create(campaign=event.campaign, email="grace@example.com")
    invite_candidates_with_sign_in_links(event=event, candidates=[grace], actor=manager)
    client.force_login(manager)

    page = client.get(reverse("notify:outbox", args=[event.organisation.slug])).content.decode()

    assert "/sign-in/link/" in OutboxMessage.objects.get().body
    assert "/sign-in/link/" not in page
    assert "[personal sign-in withheld]" in page
