"""Every change made in the support admin leaves an audit row, with the values before and after."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import ActorKind, AuditAction
from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Membership, Organisation, Role
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def support() -> User:
    return User.objects.create_superuser("support@coappoint.example", "a long support password")


@pytest.fixture
def support_client(support: User) -> Client:
    client = Client()
    client.force_login(support)
    return client


def test_a_role_changed_in_the_admin_is_audited_with_before_and_after(support, support_client):
    membership = MembershipFactory.create(role=Role.FACILITATOR)
    url = reverse("admin:organisations_membership_change", args=[membership.pk])

    response = support_client.post(
        url,
        {
            "user": membership.user_id,
            "organisation": membership.organisation_id,
            "role": Role.AUDITOR,
        },
    )

    assert response.status_code == 302
    row = AuditEvent.objects.get(action=AuditAction.SUPPORT_ADMIN_CHANGED)
    assert (row.actor_kind, row.actor_id) == (ActorKind.STAFF, support.pk)
    assert (row.target_type, row.target_id) == ("organisations.Membership", str(membership.pk))
    assert row.organisation_id == membership.organisation_id
    assert row.before == {"role": "facilitator"}
    assert row.after == {"role": "auditor"}


def test_text_changed_in_the_admin_is_withheld_from_the_row(support_client):
    organisation = OrganisationFactory.create(name="Northfield Council", slug="northfield")

    support_client.post(
        reverse("admin:organisations_organisation_change", args=[organisation.pk]),
        {"name": "Amina Hassan's council", "slug": "northfield", "kind": "partnership"},
    )

    row = AuditEvent.objects.get(action=AuditAction.SUPPORT_ADMIN_CHANGED)
    assert row.before == {"name": audit.WITHHELD, "kind": "council"}
    assert row.after == {"name": audit.WITHHELD, "kind": "partnership"}
    assert "Amina" not in str(row.after)
    assert Organisation.objects.get(pk=organisation.pk).name == "Amina Hassan's council"


def test_a_record_added_in_the_admin_is_audited(support, support_client):
    organisation = OrganisationFactory.create()
    user = UserFactory.create()

    support_client.post(
        reverse("admin:organisations_membership_add"),
        {"user": user.pk, "organisation": organisation.pk, "role": Role.PROGRAMME_MANAGER},
    )

    membership = Membership.objects.get(user=user)
    row = AuditEvent.objects.get(action=AuditAction.SUPPORT_ADMIN_ADDED)
    assert row.target_id == str(membership.pk)
    assert row.organisation_id == organisation.pk
    assert row.after is not None
    assert row.after["role"] == "programme_manager"
    assert row.after["user_id"] == user.pk


def test_a_record_deleted_in_the_admin_is_audited_with_what_it_was(support_client):
    membership = MembershipFactory.create(role=Role.INTERVIEW_PANEL)
    pk = membership.pk

    support_client.post(
        reverse("admin:organisations_membership_delete", args=[pk]), {"post": "yes"}
    )

    assert not Membership.objects.filter(pk=pk).exists()
    row = AuditEvent.objects.get(action=AuditAction.SUPPORT_ADMIN_DELETED)
    assert row.target_id == str(pk)
    assert row.before is not None
    assert row.before["role"] == "interview_panel"


def test_a_bulk_deletion_in_the_admin_leaves_one_row_per_record(support_client):
    memberships = MembershipFactory.create_batch(2)

    support_client.post(
        reverse("admin:organisations_membership_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [m.pk for m in memberships],
            "post": "yes",
        },
    )

    rows = AuditEvent.objects.filter(action=AuditAction.SUPPORT_ADMIN_DELETED)
    assert sorted(rows.values_list("target_id", flat=True)) == sorted(
        str(m.pk) for m in memberships
    )
