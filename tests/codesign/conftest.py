"""Shared set-up for co-design tests: an event, its staff, and recruiters signed in by code."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.events.models import Event
from coappoint.organisations.models import Role
from tests.factories import EventFactory, staff_member


@pytest.fixture
def event() -> Event:
    return EventFactory.create(name="Northfield day")


@pytest.fixture
def facilitator_client(client: Client, event: Event) -> Client:
    client.force_login(staff_member(event.organisation, Role.FACILITATOR))
    return client


def staff_url(name: str, event: Event, *args: object) -> str:
    return reverse(f"codesign:{name}", args=[event.organisation.slug, event.pk, *args])
