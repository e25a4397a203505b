"""Staff sign in with email and password, and are locked out after repeated failures."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from coappoint.organisations.models import Role
from tests.factories import STAFF_PASSWORD, OrganisationFactory, staff_member

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, email: str, password: str, forwarded_for: str | None = None):
    headers = {} if forwarded_for is None else {"X-Forwarded-For": forwarded_for}
    return client.post(
        reverse("accounts:sign_in"), {"username": email, "password": password}, headers=headers
    )


def test_staff_sign_in_with_email_and_password_and_reach_their_organisation(client: Client) -> None:
    organisation = OrganisationFactory.create(name="Harbourside")
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)

    response = _sign_in(client, manager.email.upper(), STAFF_PASSWORD)

    assert response.status_code == 302
    home = client.get(reverse("pages:home"), follow=True)
    assert home.request["PATH_INFO"] == reverse("pages:organisation_home", args=[organisation.slug])
    assert "Programme manager" in home.content.decode()


def test_a_wrong_password_is_explained_and_the_email_is_kept(client: Client) -> None:
    manager = staff_member(OrganisationFactory.create(), Role.FACILITATOR)

    response = _sign_in(client, manager.email, "wrong password")

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Enter a correct email address and password" in html
    assert f'value="{manager.email}"' in html


def test_an_empty_form_names_each_missing_field(client: Client) -> None:
    html = _sign_in(client, "", "").content.decode()
    assert 'href="#id_username"' in html
    assert "Enter your email address" in html
    assert 'href="#id_password"' in html
    assert "Enter your password" in html


def test_staff_are_locked_out_after_five_wrong_passwords(client: Client) -> None:
    manager = staff_member(OrganisationFactory.create(), Role.PROGRAMME_MANAGER)
    for _ in range(5):
        _sign_in(client, manager.email, "wrong password")

    locked = _sign_in(client, manager.email, STAFF_PASSWORD)

    assert locked.status_code == 429
    assert "locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_without_a_configured_proxy_a_forwarded_address_neither_dodges_nor_moves_the_lockout(
    client: Client, settings
) -> None:
    settings.PROXY_COUNT = 0
    manager = staff_member(OrganisationFactory.create(), Role.PROGRAMME_MANAGER)
    for n in range(5):
        _sign_in(client, manager.email, "wrong password", forwarded_for=f"192.0.2.{n}")

    dodging = _sign_in(client, manager.email, STAFF_PASSWORD, forwarded_for="192.0.2.99")

    assert dodging.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_a_load_balancer_the_lockout_is_for_the_guessers_address_only(settings) -> None:
    settings.PROXY_COUNT = 1
    manager = staff_member(OrganisationFactory.create(), Role.PROGRAMME_MANAGER)
    # Both come through the balancer, so both have its address as REMOTE_ADDR.
    guesser = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    colleague = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.20")
    for _ in range(5):
        _sign_in(guesser, manager.email, "wrong password")

    assert _sign_in(guesser, manager.email, STAFF_PASSWORD).status_code == 429
    # Claiming the colleague's address in front of the balancer's entry does not help.
    spoofed = _sign_in(
        guesser, manager.email, STAFF_PASSWORD, forwarded_for="198.51.100.20, 203.0.113.7"
    )
    assert spoofed.status_code == 429
    assert _sign_in(colleague, manager.email, STAFF_PASSWORD).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_signing_out_is_a_post_that_ends_the_session(client: Client) -> None:
    manager = staff_member(OrganisationFactory.create(), Role.PROGRAMME_MANAGER)
    client.force_login(manager)

    assert client.get(reverse("accounts:sign_out")).status_code == 405
    client.post(reverse("accounts:sign_out"))

    assert "_auth_user_id" not in client.session
