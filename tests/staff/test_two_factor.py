"""Two-factor sign-in: an authenticator app and ten recovery codes, required when configured."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Role
from tests.factories import STAFF_PASSWORD, OrganisationFactory, staff_member
from tests.staff.conftest import code_from_secret

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings) -> None:
    settings.REQUIRE_TWO_FACTOR = True


@pytest.fixture
def organisation():
    return OrganisationFactory.create()


def _sign_in(client: Client, user) -> None:
    response = client.post(
        reverse("accounts:sign_in"), {"username": user.email, "password": STAFF_PASSWORD}
    )
    assert response.status_code == 302


def _secret(html: str) -> str:
    found = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html)
    assert found is not None
    return found.group(1)


def _set_up(client: Client) -> tuple[str, list[str]]:
    page = client.get(reverse("staff:two_factor_set_up")).content.decode()
    secret = _secret(page)
    done = client.post(reverse("staff:two_factor_set_up"), {"code": code_from_secret(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    return secret, codes


def test_without_a_second_factor_staff_reach_only_the_set_up_page(organisation) -> None:
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    client = Client()
    _sign_in(client, manager)

    home = client.get(reverse("pages:organisation_home", args=[organisation.slug]))

    assert home.status_code == 302
    assert home["Location"].startswith(reverse("staff:two_factor_set_up"))


def test_set_up_shows_a_qr_code_and_the_secret_then_ten_recovery_codes(organisation) -> None:
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    client = Client()
    _sign_in(client, manager)

    page = client.get(reverse("staff:two_factor_set_up")).content.decode()
    assert '<svg role="img" aria-label="QR code for your authenticator app"' in page
    assert len(_secret(page).replace(" ", "")) == 32

    _secret_typed, codes = _set_up(client)

    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=manager).confirmed
    home = client.get(reverse("pages:organisation_home", args=[organisation.slug]))
    assert home.status_code == 200
    assert AuditEvent.objects.filter(
        organisation=organisation, action="two_factor.set_up", target_id=str(manager.pk)
    ).exists()


def test_a_wrong_code_at_set_up_is_explained(organisation) -> None:
    client = Client()
    _sign_in(client, staff_member(organisation, Role.FACILITATOR))
    client.get(reverse("staff:two_factor_set_up"))

    response = client.post(reverse("staff:two_factor_set_up"), {"code": "000000"})

    assert response.status_code == 400
    assert "That code did not work" in response.content.decode()


def test_next_sign_in_asks_for_the_code_and_takes_it(organisation) -> None:
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    first = Client()
    _sign_in(first, manager)
    secret, _codes = _set_up(first)

    client = Client()
    _sign_in(client, manager)
    home_url = reverse("pages:organisation_home", args=[organisation.slug])
    asked = client.get(home_url)
    assert asked["Location"].startswith(reverse("staff:two_factor_check"))
    assert client.get(home_url).status_code == 302

    right = client.post(asked["Location"], {"code": code_from_secret(secret, steps_ahead=1)})

    assert right.status_code == 302
    assert right["Location"] == home_url
    assert client.get(home_url).status_code == 200


def test_a_wrong_code_at_sign_in_is_explained_and_lets_nobody_in(organisation) -> None:
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    first = Client()
    _sign_in(first, manager)
    _set_up(first)
    client = Client()
    _sign_in(client, manager)

    wrong = client.post(reverse("staff:two_factor_check"), {"code": "12345"})

    assert wrong.status_code == 400
    assert "That code did not work" in wrong.content.decode()
    assert client.get(reverse("pages:home")).status_code == 302


def test_a_recovery_code_signs_in_once(organisation) -> None:
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    first = Client()
    _sign_in(first, manager)
    _secret_typed, codes = _set_up(first)

    client = Client()
    _sign_in(client, manager)
    used = client.post(reverse("staff:two_factor_check"), {"code": codes[0]})
    assert used.status_code == 302

    again = Client()
    _sign_in(again, manager)
    refused = again.post(reverse("staff:two_factor_check"), {"code": codes[0]})
    assert refused.status_code == 400
    assert StaticToken.objects.filter(device__user=manager).count() == 9


def test_new_recovery_codes_replace_the_old_ones(organisation) -> None:
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    client = Client()
    _sign_in(client, manager)
    _secret_typed, old_codes = _set_up(client)

    page = client.post(reverse("staff:recovery_codes")).content.decode()
    new_codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)

    assert len(new_codes) == 10
    stored = set(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True))
    assert stored == set(new_codes)
    assert not stored & set(old_codes)
    assert AuditEvent.objects.filter(action="two_factor.recovery_codes_regenerated").exists()


def test_another_programme_manager_resets_a_lost_second_factor(organisation) -> None:
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    colleague = staff_member(organisation, Role.FACILITATOR)
    theirs = Client()
    _sign_in(theirs, colleague)
    _set_up(theirs)
    ours = Client()
    _sign_in(ours, manager)
    _set_up(ours)

    response = ours.post(reverse("staff:reset_two_factor", args=[organisation.slug, colleague.pk]))

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert not StaticToken.objects.filter(device__user=colleague).exists()
    # Signed out everywhere; at the next sign-in they set up a new one.
    assert theirs.get(reverse("pages:home")).status_code == 200
    assert "_auth_user_id" not in theirs.session
    again = Client()
    _sign_in(again, colleague)
    assert again.get(reverse("pages:home"))["Location"].startswith(
        reverse("staff:two_factor_set_up")
    )
    assert AuditEvent.objects.filter(
        organisation=organisation,
        action="two_factor.reset",
        actor_kind="staff",
        actor_id=manager.pk,
    ).exists()


def test_nobody_resets_their_own_second_factor(organisation) -> None:
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    staff_member(organisation, Role.PROGRAMME_MANAGER)
    client = Client()
    _sign_in(client, manager)
    _set_up(client)

    response = client.post(reverse("staff:reset_two_factor", args=[organisation.slug, manager.pk]))

    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=manager).exists()


def test_demo_accounts_skip_it_in_demo_mode_only(organisation, settings) -> None:
    demo = staff_member(organisation, Role.PROGRAMME_MANAGER)
    demo.is_demo = True
    demo.save()
    home_url = reverse("pages:organisation_home", args=[organisation.slug])
    client = Client()
    client.force_login(demo)

    settings.DEMO_MODE = True
    assert client.get(home_url).status_code == 200
    settings.DEMO_MODE = False
    assert client.get(home_url).status_code == 302


def test_support_staff_need_it_for_the_support_pages_too(settings) -> None:
    support = staff_member(OrganisationFactory.create())
    support.is_staff = True
    support.save()
    client = Client()
    _sign_in(client, support)

    response = client.get(reverse("staff:organisation_create"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:two_factor_set_up"))


def test_production_settings_require_it_unless_turned_off() -> None:
    def required(**extra: str) -> str:
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DJANGO_SETTINGS_MODULE", "COAPPOINT_REQUIRE_TWO_FACTOR")
        }
        # Production also refuses to start without a message backend chosen on purpose.
        environment.update(
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50), COAPPOINT_NOTIFY_BACKEND="outbox", **extra
        )
        return subprocess.run(
            [
                sys.executable,
                "-c",
                "import coappoint.settings.production as s; print(s.REQUIRE_TWO_FACTOR)",
            ],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    assert required() == "True"
    assert required(COAPPOINT_REQUIRE_TWO_FACTOR="off") == "False"
