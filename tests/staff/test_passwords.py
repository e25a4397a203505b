"""Password reset by email and password change: Django's views, GOV.UK pages, ended sessions."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.notify.models import OutboxMessage
from coappoint.organisations.models import Role
from tests.factories import STAFF_PASSWORD, OrganisationFactory, staff_member
from tests.staff.conftest import link_in_email, path_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kettle orchard violet 77"


def _ask_for_reset(client: Client, email: str):
    return client.post(reverse("staff:password_reset"), {"email": email})


def _choose_new_password(client: Client, link_path: str, password: str = NEW_PASSWORD):
    form = client.get(link_path, follow=True)
    assert "Choose a new password" in form.content.decode()
    return client.post(
        form.request["PATH_INFO"], {"new_password1": password, "new_password2": password}
    )


def test_a_reset_link_is_emailed_through_the_outbox_and_sets_a_new_password() -> None:
    organisation = OrganisationFactory.create()
    person = staff_member(organisation, Role.FACILITATOR)
    client = Client()

    sent = _ask_for_reset(client, person.email.upper())
    assert sent.status_code == 302
    assert "Check your email" in client.get(sent["Location"]).content.decode()
    link = path_of(link_in_email(person.email, "/reset-password/"))

    done = _choose_new_password(client, link)

    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(
        organisation=organisation, action="password.reset", target_id=str(person.pk)
    ).exists()


def test_the_outbox_page_withholds_the_reset_link_from_staff() -> None:
    organisation = OrganisationFactory.create()
    person = staff_member(organisation, Role.FACILITATOR)
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    _ask_for_reset(Client(), person.email)
    client = Client()
    client.force_login(manager)

    outbox = client.get(reverse("notify:outbox", args=[organisation.slug])).content.decode()

    assert "/reset-password/" not in outbox


def test_an_unknown_address_gets_the_same_answer_and_no_email() -> None:
    response = _ask_for_reset(Client(), "nobody@council.example")
    assert response.status_code == 302
    assert not OutboxMessage.objects.exists()


def test_the_reset_link_works_once() -> None:
    person = staff_member(OrganisationFactory.create(), Role.FACILITATOR)
    client = Client()
    _ask_for_reset(client, person.email)
    link = path_of(link_in_email(person.email, "/reset-password/"))
    _choose_new_password(client, link)

    again = Client().get(link, follow=True)

    assert "This link cannot be used" in again.content.decode()


def test_the_reset_link_is_short_lived(settings) -> None:
    assert settings.PASSWORD_RESET_TIMEOUT == 3600
    person = staff_member(OrganisationFactory.create(), Role.FACILITATOR)
    client = Client()
    _ask_for_reset(client, person.email)
    link = path_of(link_in_email(person.email, "/reset-password/"))
    settings.PASSWORD_RESET_TIMEOUT = -1

    page = client.get(link, follow=True)

    assert "This link cannot be used" in page.content.decode()


def test_a_reset_ends_every_other_session_and_the_lockout() -> None:
    person = staff_member(OrganisationFactory.create(), Role.FACILITATOR)
    elsewhere = Client()
    elsewhere.force_login(person)
    for _ in range(5):
        Client().post(
            reverse("accounts:sign_in"), {"username": person.email, "password": "wrong one"}
        )
    assert AccessAttempt.objects.exists()
    client = Client()
    _ask_for_reset(client, person.email)

    _choose_new_password(client, path_of(link_in_email(person.email, "/reset-password/")))

    elsewhere.get(reverse("pages:home"))
    assert "_auth_user_id" not in elsewhere.session
    assert not AccessAttempt.objects.exists()
    signed_in = Client().post(
        reverse("accounts:sign_in"), {"username": person.email, "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302


def test_a_common_new_password_is_refused_with_the_reason() -> None:
    person = staff_member(OrganisationFactory.create(), Role.FACILITATOR)
    client = Client()
    _ask_for_reset(client, person.email)

    refused = _choose_new_password(
        client, path_of(link_in_email(person.email, "/reset-password/")), "qwertyuiop123"
    )

    assert refused.status_code == 200
    assert "There is a problem" in refused.content.decode()
    assert "This password is too common" in refused.content.decode()


def test_the_lockout_page_points_to_the_reset() -> None:
    person = staff_member(OrganisationFactory.create(), Role.FACILITATOR)
    client = Client()
    for _ in range(5):
        client.post(reverse("accounts:sign_in"), {"username": person.email, "password": "wrong"})

    locked = client.post(
        reverse("accounts:sign_in"), {"username": person.email, "password": STAFF_PASSWORD}
    )

    assert locked.status_code == 429
    assert reverse("staff:password_reset") in locked.content.decode()
    assert "ask your programme manager" not in locked.content.decode()


def test_changing_the_password_keeps_this_session_and_ends_the_others() -> None:
    organisation = OrganisationFactory.create()
    person = staff_member(organisation, Role.FACILITATOR)
    here, elsewhere = Client(), Client()
    here.force_login(person)
    elsewhere.force_login(person)

    wrong = here.post(
        reverse("staff:password_change"),
        {"old_password": "not it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Your current password is not right" in wrong.content.decode()
    changed = here.post(
        reverse("staff:password_change"),
        {
            "old_password": STAFF_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert changed.status_code == 302
    assert here.get(reverse("staff:account")).status_code == 200
    elsewhere.get(reverse("pages:home"))
    assert "_auth_user_id" not in elsewhere.session
    assert AuditEvent.objects.filter(organisation=organisation, action="password.changed").exists()
