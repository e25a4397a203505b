"""Invitations: single use, expiring, used up only by a POST, and for existing accounts too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Membership, Role
from coappoint.staff.models import Invitation
from coappoint.staff.services import invite_staff
from tests.factories import STAFF_PASSWORD, OrganisationFactory, staff_member
from tests.staff.conftest import link_in_email, path_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "harbour lantern pebble 42"


def _invite(email: str = "new@council.example", roles=(Role.FACILITATOR,)):
    organisation = OrganisationFactory.create()
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    invite_staff(organisation=organisation, email=email, roles=roles, actor=manager)
    return organisation, path_of(link_in_email(email, "/invitation/"))


def _accept(client: Client, path: str, password: str = NEW_PASSWORD):
    client.post(path)
    return client.post(
        reverse("staff:invitation_password"),
        {"full_name": "Nadia Rahman", "password1": password, "password2": password},
    )


def test_opening_the_link_uses_nothing_up_and_shows_a_continue_button(client: Client) -> None:
    _organisation, path = _invite()

    for _ in range(3):  # an email scanner, a preview, the person
        response = client.get(path)
        assert response.status_code == 200
        assert "Continue" in response.content.decode()

    invitation = Invitation.objects.get()
    assert invitation.accepted_at is None
    assert not User.objects.filter(email="new@council.example").exists()


def test_continue_then_a_password_creates_the_account_with_the_invited_roles(
    client: Client,
) -> None:
    organisation, path = _invite(roles=(Role.FACILITATOR, Role.AUDITOR))

    response = _accept(client, path)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:two_factor_set_up"))
    user = User.objects.get(email="new@council.example")
    assert user.check_password(NEW_PASSWORD)
    assert set(
        Membership.objects.filter(organisation=organisation, user=user).values_list(
            "role", flat=True
        )
    ) == {Role.FACILITATOR, Role.AUDITOR}
    assert set(
        AuditEvent.objects.filter(organisation=organisation).values_list("action", flat=True)
    ) == {"invitation.sent", "invitation.accepted"}


def test_an_invitation_works_once(client: Client) -> None:
    _organisation, path = _invite()
    _accept(client, path)

    again = Client()
    assert again.get(path).status_code == 410
    assert "already been used" in again.get(path).content.decode()
    assert again.post(path).status_code == 410
    assert User.objects.filter(email="new@council.example").count() == 1


def test_an_expired_invitation_is_refused(client: Client) -> None:
    _organisation, path = _invite()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = client.post(path)

    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_an_invitation_expires_after_seven_days() -> None:
    _invite()
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)


def test_a_common_password_is_refused_with_the_reason_and_the_invitation_kept(
    client: Client,
) -> None:
    _organisation, path = _invite()

    response = _accept(client, path, password="password1234")

    assert response.status_code == 400
    assert "This password is too common" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None
    assert not User.objects.filter(email="new@council.example").exists()


def test_an_existing_account_gains_the_membership_without_a_new_password(client: Client) -> None:
    other = OrganisationFactory.create()
    existing = staff_member(other, Role.FACILITATOR)
    organisation, path = _invite(email=existing.email, roles=(Role.AUDITOR,))

    assert "You already have an account" in client.get(path).content.decode()
    response = client.post(path)

    assert response.status_code == 302
    assert Membership.objects.filter(
        organisation=organisation, user=existing, role=Role.AUDITOR
    ).exists()
    existing.refresh_from_db()
    assert existing.check_password(STAFF_PASSWORD)
    assert User.objects.filter(email=existing.email).count() == 1


def test_someone_signed_in_as_another_person_cannot_take_the_invitation(client: Client) -> None:
    _organisation, path = _invite()
    stranger = staff_member(OrganisationFactory.create(), Role.FACILITATOR)
    client.force_login(stranger)

    response = client.post(path)

    assert response.status_code == 403
    assert Invitation.objects.get().accepted_at is None


def test_a_made_up_link_does_not_work(client: Client) -> None:
    response = client.get(reverse("staff:invitation", args=["not-a-real-token"]))
    assert response.status_code == 404


def test_only_the_hash_of_the_link_is_stored() -> None:
    _organisation, path = _invite()
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(secret_hash=token).exists()
    assert token not in str(list(Invitation.objects.values()))
