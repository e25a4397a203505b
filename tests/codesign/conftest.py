"""Shared set-up for co-design tests: an event, its staff, and recruiters signed in by code."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.events.models import Event
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.factories import EventFactory, staff_member


@pytest.fixture
def event() -> Event:
    return EventFactory.create(name="Northfield day")


@pytest.fixture
def facilitator_client(client: Client, event: Event) -> Client:
    client.force_login(staff_member(event.organisation, Role.FACILITATOR))
    return client


@pytest.fixture
def sign_in_recruiter() -> Callable[[Client, CommunityRecruiter], None]:
    def sign_in(client: Client, recruiter: CommunityRecruiter) -> None:
        code = issue_access_code(
            person=recruiter,
            organisation=recruiter.organisation,
            event=recruiter.event,
            actor=SYSTEM,
        ).code
        response = client.post(reverse("signin:code"), {"code": code})
        assert response.status_code == 302

    return sign_in


def staff_url(name: str, event: Event, *args: object) -> str:
    return reverse(f"codesign:{name}", args=[event.organisation.slug, event.pk, *args])
