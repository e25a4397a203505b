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

    reference = send_email(
        to="sam@example.com",
        subject="Hello",
        body="The body",
        attachments=[Attachment("day.ics", "text/calendar", b"BEGIN:VCALENDAR")],
        organisation=organisation,
    )

    message = OutboxMessage.objects.get()
    assert reference == f"outbox:{message.pk}"
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
