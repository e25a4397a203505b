"""Running safely: production refuses a weak secret key, commands refuse to guess their settings
on a real server, and every page carries a Permissions-Policy; staff pages are never cached."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.organisations.models import Role
from tests.factories import OrganisationFactory, staff_member

COAPPOINT = str(Path(sys.executable).with_name("coappoint"))


def _environment(**changes: str) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_SETTINGS_MODULE", "DJANGO_SECRET_KEY", "DATABASE_URL")
        and not name.startswith(("COAPPOINT_NOTIFY", "GOVUK_NOTIFY", "EMAIL_"))
    }
    environment.update(changes)
    return environment


def _load_production(secret_key: str, **messages: str) -> subprocess.CompletedProcess[str]:
    messages = messages or {"COAPPOINT_NOTIFY_BACKEND": "outbox"}
    return subprocess.run(
        [sys.executable, "-c", "import coappoint.settings.production"],
        env=_environment(DJANGO_SECRET_KEY=secret_key, **messages),
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "weak",
    [
        "",
        "short-but-real",
        "a" * 60,
        "django-insecure-" + "x1y2z3w4" * 8,
        "development-only-not-secret",
    ],
)
def test_production_refuses_to_start_with_a_missing_or_weak_secret_key(weak: str) -> None:
    result = _load_production(weak)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_production_starts_with_a_strong_secret_key() -> None:
    result = _load_production(secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr


NOTIFY = {
    "COAPPOINT_NOTIFY_BACKEND": "govuk",
    "GOVUK_NOTIFY_API_KEY": "live-" + "1" * 36 + "-" + "2" * 36,
    "GOVUK_NOTIFY_EMAIL_TEMPLATE_ID": "3" * 36,
    "GOVUK_NOTIFY_SMS_TEMPLATE_ID": "4" * 36,
}


@pytest.mark.parametrize(
    ("messages", "says"),
    [
        ({"LOG_LEVEL": "INFO"}, "Set COAPPOINT_NOTIFY_BACKEND: production refuses to start"),
        (
            {**NOTIFY, "GOVUK_NOTIFY_API_KEY": ""},
            "COAPPOINT_NOTIFY_BACKEND is 'govuk' but GOVUK_NOTIFY_API_KEY is not set",
        ),
        (
            {**NOTIFY, "GOVUK_NOTIFY_SMS_TEMPLATE_ID": ""},
            "GOVUK_NOTIFY_SMS_TEMPLATE_ID is not set",
        ),
        (
            {"COAPPOINT_NOTIFY_BACKEND": "smtp"},
            "COAPPOINT_NOTIFY_BACKEND is 'smtp' but EMAIL_HOST is not set",
        ),
    ],
)
def test_production_refuses_to_start_without_a_working_way_to_send_messages(
    messages: dict[str, str], says: str
) -> None:
    result = _load_production(secrets.token_urlsafe(50), **messages)
    assert result.returncode != 0
    assert says in result.stderr
    assert "docs/deployment.md" in result.stderr or "outbox" in result.stderr


@pytest.mark.parametrize(
    "messages",
    [NOTIFY, {"COAPPOINT_NOTIFY_BACKEND": "smtp", "EMAIL_HOST": "mail.council.example"}],
)
def test_production_starts_with_notify_or_a_mail_server(messages: dict[str, str]) -> None:
    result = _load_production(secrets.token_urlsafe(50), **messages)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", [["manage", "check"], ["demo"]])
def test_a_command_on_a_configured_server_refuses_to_guess_its_settings(command: list[str]) -> None:
    result = subprocess.run(
        [COAPPOINT, *command],
        env=_environment(DATABASE_URL="postgres://somewhere/coappoint"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "DATABASE_URL is set" in result.stderr
    assert "DJANGO_SETTINGS_MODULE=coappoint.settings.production" in result.stderr


def test_a_command_runs_with_the_settings_it_is_given(tmp_path: Path) -> None:
    result = subprocess.run(
        [COAPPOINT, "manage", "check"],
        env=_environment(
            DJANGO_SETTINGS_MODULE="coappoint.settings.test",
            DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}",
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_every_page_turns_off_the_camera_microphone_and_location(client: Client) -> None:
    policy = client.get(reverse("pages:home"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


@pytest.mark.django_db
def test_staff_pages_are_never_kept_by_the_browser_and_public_ones_may_be(client: Client) -> None:
    assert "no-store" not in client.get(reverse("pages:home")).get("Cache-Control", "")
    organisation = OrganisationFactory.create()
    client.force_login(staff_member(organisation, Role.PROGRAMME_MANAGER))
    response = client.get(reverse("audit:list", args=[organisation.slug]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
