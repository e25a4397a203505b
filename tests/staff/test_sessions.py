"""Staff sessions end when idle and at a maximum age; polls neither extend nor write them."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from coappoint.organisations.models import Role
from coappoint.staff.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from tests.factories import OrganisationFactory, make_day_with_timetable, staff_member

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.get(reverse("pages:home"))  # the session's clock starts at its first page
    return client


def _age(client: Client, *, idle_seconds: float = 0, signed_in_seconds: float = 0) -> None:
    session = client.session
    session[LAST_SEEN_AT] = session[LAST_SEEN_AT] - idle_seconds
    session[SIGNED_IN_AT] = session[SIGNED_IN_AT] - signed_in_seconds
    session.save()


def test_thirty_minutes_without_a_page_signs_staff_out(settings) -> None:
    organisation = OrganisationFactory.create()
    client = _signed_in(staff_member(organisation, Role.PROGRAMME_MANAGER))
    home = reverse("pages:organisation_home", args=[organisation.slug])
    _age(client, idle_seconds=29 * 60)
    assert client.get(home).status_code == 200

    _age(client, idle_seconds=30 * 60 + 1)
    response = client.get(home)

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:signed_out")
    assert "You have been signed out" in client.get(response["Location"]).content.decode()
    assert "_auth_user_id" not in client.session


def test_twelve_hours_after_signing_in_the_session_ends_however_busy(settings) -> None:
    organisation = OrganisationFactory.create()
    client = _signed_in(staff_member(organisation, Role.PROGRAMME_MANAGER))

    _age(client, signed_in_seconds=12 * 3600 + 1)
    response = client.get(reverse("pages:organisation_home", args=[organisation.slug]))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_idle_time_is_configurable(settings) -> None:
    settings.STAFF_IDLE_MINUTES = 5
    organisation = OrganisationFactory.create()
    client = _signed_in(staff_member(organisation, Role.PROGRAMME_MANAGER))

    _age(client, idle_seconds=5 * 60 + 1)

    assert client.get(reverse("pages:home")).status_code == 302


def test_the_facilitator_screens_poll_neither_extends_nor_writes_the_session() -> None:
    day = make_day_with_timetable()
    client = _signed_in(day.facilitator)
    _age(client, idle_seconds=20 * 60)
    key = client.session.session_key
    before = Session.objects.get(session_key=key).session_data
    live = reverse("facilitation:run_live", args=[day.event.organisation.slug, day.event.pk])

    for _ in range(3):
        assert client.get(live).status_code == 200

    assert Session.objects.get(session_key=key).session_data == before
    _age(client, idle_seconds=10 * 60 + 1)
    ended = client.get(live)
    assert ended.status_code == 204
    assert ended["HX-Redirect"] == reverse("staff:signed_out")


def test_a_page_keeps_the_session_and_carries_the_timeout_warning() -> None:
    organisation = OrganisationFactory.create()
    client = _signed_in(staff_member(organisation, Role.PROGRAMME_MANAGER))
    _age(client, idle_seconds=20 * 60)

    page = client.get(reverse("pages:organisation_home", args=[organisation.slug]))

    assert time.time() - client.session[LAST_SEEN_AT] < 60
    html = page.content.decode()
    assert 'id="timeout-warning"' in html
    assert "You are about to be signed out" in html


def test_stay_signed_in_counts_as_using_the_service() -> None:
    organisation = OrganisationFactory.create()
    client = _signed_in(staff_member(organisation, Role.PROGRAMME_MANAGER))
    _age(client, idle_seconds=28 * 60)

    response = client.post(reverse("staff:keep_alive"))

    assert response.status_code == 204
    assert int(response["X-Session-Seconds-Left"]) > 29 * 60


def test_sign_out_everywhere_ends_every_session() -> None:
    organisation = OrganisationFactory.create()
    person = staff_member(organisation, Role.FACILITATOR)
    laptop, phone = _signed_in(person), _signed_in(person)

    response = laptop.post(reverse("staff:sign_out_everywhere"))

    assert response.status_code == 302
    for client in (laptop, phone):
        assert "Sign in" in client.get(reverse("pages:home")).content.decode()
        assert "_auth_user_id" not in client.session
