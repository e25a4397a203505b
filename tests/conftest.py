"""Shared test configuration: hypothesis profiles (no deadlines in CI, where machines are busy),
and signing a recruiter in."""

import os
from collections.abc import Callable

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, settings

from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.services import SYSTEM, issue_access_code

settings.register_profile(
    "ci", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, max_examples=50)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture
def sign_in_recruiter() -> Callable[[Client, CommunityRecruiter], None]:
    """Sign a recruiter in on `client` with a fresh access code, as they would at the door."""

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


@pytest.fixture(autouse=True)
def _english_outside_requests() -> None:
    """Each test starts in English: Django's LocaleMiddleware leaves the last request's language
    active in the thread, and a test calling code directly must not inherit another test's."""
    translation.activate(django_settings.LANGUAGE_CODE)
