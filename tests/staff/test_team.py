"""The team page: a programme manager invites, changes roles, removes access; nobody else may."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Membership, Role
from coappoint.staff.models import Invitation
from coappoint.staff.services import invite_staff
from tests.factories import OrganisationFactory, staff_member
from tests.staff.conftest import link_in_email, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory.create(name="Harbourside")


@pytest.fixture
def manager(organisation):
    return staff_member(organisation, Role.PROGRAMME_MANAGER)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_programme_manager_sees_the_team_with_roles(organisation, manager) -> None:
    facilitator = staff_member(organisation, Role.FACILITATOR, Role.AUDITOR)
    staff_member(OrganisationFactory.create(), Role.FACILITATOR)  # another council's

    html = _signed_in(manager).get(reverse("staff:team", args=[organisation.slug])).content
    page = html.decode()

    assert facilitator.full_name in page
    assert "Facilitator, Auditor" in page
    assert page.count("Change roles<") == 2


def test_a_programme_manager_invites_a_colleague_with_two_roles(organisation, manager) -> None:
    response = _signed_in(manager).post(
        reverse("staff:invite", args=[organisation.slug]),
        {"email": "Colleague@Council.example", "roles": ["facilitator", "interview_panel"]},
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "colleague@council.example"
    assert invitation.roles == ["facilitator", "interview_panel"]


def test_an_invitation_without_a_role_names_the_field(organisation, manager) -> None:
    response = _signed_in(manager).post(
        reverse("staff:invite", args=[organisation.slug]), {"email": "a@council.example"}
    )
    assert response.status_code == 400
    assert "Select at least one role" in response.content.decode()
    assert 'value="a@council.example"' in response.content.decode()


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.AUDITOR, Role.INTERVIEW_PANEL])
def test_only_a_programme_manager_may_invite_or_change_roles(organisation, manager, role) -> None:
    someone = staff_member(organisation, role)
    client = _signed_in(someone)
    slug = organisation.slug

    assert client.get(reverse("staff:invite", args=[slug])).status_code == 403
    invited = client.post(
        reverse("staff:invite", args=[slug]),
        {"email": "x@council.example", "roles": ["programme_manager"]},
    )
    promoted = client.post(
        reverse("staff:member", args=[slug, someone.pk]), {"roles": ["programme_manager"]}
    )
    removed = client.post(reverse("staff:remove_access", args=[slug, manager.pk]))
    reset = client.post(reverse("staff:reset_two_factor", args=[slug, manager.pk]))

    assert (invited.status_code, promoted.status_code) == (403, 403)
    assert (removed.status_code, reset.status_code) == (403, 403)
    assert not Invitation.objects.exists()
    assert set(Membership.objects.filter(user=someone).values_list("role", flat=True)) == {role}
    assert Membership.objects.filter(user=manager).exists()


def test_an_auditor_reads_the_team_but_has_no_buttons(organisation, manager) -> None:
    auditor = staff_member(organisation, Role.AUDITOR)
    response = _signed_in(auditor).get(reverse("staff:team", args=[organisation.slug]))
    assert response.status_code == 200
    assert "Invite a colleague" not in response.content.decode()


def test_a_facilitator_cannot_open_the_team_page(organisation) -> None:
    facilitator = staff_member(organisation, Role.FACILITATOR)
    response = _signed_in(facilitator).get(reverse("staff:team", args=[organisation.slug]))
    assert response.status_code == 403


def test_nobody_reaches_another_organisations_team(organisation, manager) -> None:
    other = OrganisationFactory.create()
    theirs = staff_member(other, Role.PROGRAMME_MANAGER)
    client = _signed_in(manager)

    assert client.get(reverse("staff:team", args=[other.slug])).status_code == 404
    assert client.get(reverse("staff:invite", args=[other.slug])).status_code == 404
    assert client.get(reverse("staff:member", args=[other.slug, theirs.pk])).status_code == 404
    # Nor another organisation's staff through one's own address.
    assert (
        client.get(reverse("staff:member", args=[organisation.slug, theirs.pk])).status_code == 404
    )
    assert (
        client.post(reverse("staff:remove_access", args=[organisation.slug, theirs.pk]))
    ).status_code == 404
    assert Membership.objects.filter(user=theirs).exists()


def test_changing_roles_adds_and_removes_and_is_audited(organisation, manager) -> None:
    person = staff_member(organisation, Role.FACILITATOR)

    response = _signed_in(manager).post(
        reverse("staff:member", args=[organisation.slug, person.pk]),
        {"roles": ["auditor", "interview_panel"]},
    )

    assert response.status_code == 302
    assert set(Membership.objects.filter(user=person).values_list("role", flat=True)) == {
        "auditor",
        "interview_panel",
    }
    actions = list(
        AuditEvent.objects.filter(target_id=str(person.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == ["role.added", "role.added", "role.removed"]


def test_the_last_programme_manager_cannot_remove_themselves_or_their_role(
    organisation, manager
) -> None:
    client = _signed_in(manager)

    removed = client.post(reverse("staff:remove_access", args=[organisation.slug, manager.pk]))
    demoted = client.post(
        reverse("staff:member", args=[organisation.slug, manager.pk]), {"roles": ["auditor"]}
    )

    assert removed.status_code == 400
    assert "only programme manager" in removed.content.decode()
    assert demoted.status_code == 400
    assert Membership.objects.filter(user=manager, role=Role.PROGRAMME_MANAGER).exists()


def test_one_of_two_programme_managers_may_remove_themselves(organisation, manager) -> None:
    staff_member(organisation, Role.PROGRAMME_MANAGER)
    client = _signed_in(manager)

    response = client.post(reverse("staff:remove_access", args=[organisation.slug, manager.pk]))

    assert response.status_code == 302
    assert not Membership.objects.filter(user=manager, organisation=organisation).exists()


def test_removing_access_ends_their_sessions_and_revokes_their_invitations(
    organisation, manager
) -> None:
    person = staff_member(organisation, Role.FACILITATOR)
    their_browser = _signed_in(person)
    assert their_browser.get(reverse("pages:home")).status_code == 302
    invite_staff(organisation=organisation, email=person.email, roles=[Role.AUDITOR], actor=manager)

    response = _signed_in(manager).post(
        reverse("staff:remove_access", args=[organisation.slug, person.pk])
    )

    assert response.status_code == 302
    assert not Membership.objects.filter(user=person).exists()
    assert Invitation.objects.get().revoked_at is not None
    # Their browser is signed out: the home page is the start page again.
    page = their_browser.get(reverse("pages:home"))
    assert page.status_code == 200
    assert "Sign in" in page.content.decode()
    assert "_auth_user_id" not in their_browser.session
    assert AuditEvent.objects.filter(action="access.removed", target_id=str(person.pk)).exists()


def test_a_cancelled_invitation_no_longer_works(organisation, manager) -> None:
    invite_staff(
        organisation=organisation, email="new@council.example", roles=[Role.AUDITOR], actor=manager
    )
    path = path_of(link_in_email("new@council.example", "/invitation/"))
    invitation = Invitation.objects.get()

    response = _signed_in(manager).post(
        reverse("staff:revoke_invitation", args=[organisation.slug, invitation.pk])
    )

    assert response.status_code == 302
    refused = Client().post(path)
    assert refused.status_code == 410
    assert "cancelled" in refused.content.decode()


def test_nobody_cancels_another_organisations_invitation(organisation, manager) -> None:
    other = OrganisationFactory.create()
    invite_staff(
        organisation=other,
        email="theirs@council.example",
        roles=[Role.AUDITOR],
        actor=staff_member(other, Role.PROGRAMME_MANAGER),
    )
    invitation = Invitation.objects.get()

    response = _signed_in(manager).post(
        reverse("staff:revoke_invitation", args=[organisation.slug, invitation.pk])
    )

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
