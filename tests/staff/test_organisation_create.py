"""`coappoint organisation create` and the support page: an organisation and its first
programme manager's invitation."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.cli import main
from coappoint.organisations.models import Organisation, Role
from coappoint.staff.models import Invitation
from tests.factories import OrganisationFactory, staff_member
from tests.staff.conftest import link_in_email

pytestmark = pytest.mark.django_db

CREATE = [
    "organisation",
    "create",
    "--name",
    "Northbridge Council",
    "--slug",
    "northbridge",
    "--kind",
    "council",
    "--manager-email",
    "Lead@Northbridge.example",
]


def test_the_command_creates_the_organisation_and_prints_the_emailed_invitation(capsys) -> None:
    assert main(CREATE) == 0

    printed = capsys.readouterr().out
    organisation = Organisation.objects.get(slug="northbridge")
    assert organisation.kind == Organisation.Kind.COUNCIL
    invitation = Invitation.objects.get(organisation=organisation)
    assert invitation.email == "lead@northbridge.example"
    assert invitation.roles == [Role.PROGRAMME_MANAGER.value]
    emailed = link_in_email("lead@northbridge.example", "/invitation/")
    assert emailed in printed
    assert set(
        AuditEvent.objects.filter(organisation=organisation).values_list("action", flat=True)
    ) == {"organisation.created", "invitation.sent"}


def test_the_command_refuses_bad_input_with_each_reason(capsys) -> None:
    OrganisationFactory.create(slug="taken")
    arguments = [*CREATE]
    arguments[arguments.index("northbridge")] = "taken"
    arguments[-1] = "not an address"

    assert main(arguments) == 2

    errors = capsys.readouterr().err
    assert "--slug: another organisation already uses taken" in errors
    assert "--manager-email" in errors
    assert not Organisation.objects.filter(name="Northbridge Council").exists()


def test_the_command_refuses_development_settings_on_a_configured_server(
    monkeypatch, capsys
) -> None:
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE")
    monkeypatch.setenv("DATABASE_URL", "postgres://db/coappoint")

    assert main(CREATE) == 2

    assert "DJANGO_SETTINGS_MODULE" in capsys.readouterr().err
    assert not Organisation.objects.filter(slug="northbridge").exists()


def test_support_staff_do_the_same_on_a_page() -> None:
    support = staff_member(OrganisationFactory.create())
    support.is_staff = True
    support.save()
    client = Client()
    client.force_login(support)

    response = client.post(
        reverse("staff:organisation_create"),
        {
            "name": "Riverside Partnership",
            "slug": "riverside",
            "kind": "partnership",
            "manager_email": "pm@riverside.example",
        },
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get(email="pm@riverside.example")
    assert invitation.organisation.kind == Organisation.Kind.PARTNERSHIP
    assert AuditEvent.objects.filter(
        action="organisation.created", actor_kind="staff", actor_id=support.pk
    ).exists()


def test_the_support_page_is_for_support_staff_only() -> None:
    manager = staff_member(OrganisationFactory.create(), Role.PROGRAMME_MANAGER)
    client = Client()
    client.force_login(manager)

    assert client.get(reverse("staff:organisation_create")).status_code == 404
    assert (
        client.post(
            reverse("staff:organisation_create"),
            {"name": "X", "slug": "x", "kind": "council", "manager_email": "x@x.example"},
        ).status_code
        == 404
    )
    assert not Organisation.objects.filter(slug="x").exists()
