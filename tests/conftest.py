"""Shared test configuration: hypothesis profiles (no deadlines in CI, where machines are busy),
and signing a recruiter in."""

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, settings

from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.services import SYSTEM, issue_access_code
from coappoint.web.memo import forget_everything
from tests.fakes.notify import API_KEY as NOTIFY_API_KEY
from tests.fakes.notify import FakeNotify, running_fake_notify
from tests.fakes.smtp import FakeSmtp, running_fake_smtp

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


@pytest.fixture(autouse=True)
def _a_fresh_process_memo() -> None:
    """Each test starts with nothing remembered (web.memo), as a process does: test databases
    reuse ids and counters, which a running service never does."""
    forget_everything()


@pytest.fixture
def fake_notify(settings: Any) -> Iterator[FakeNotify]:
    """A fake GOV.UK Notify on 127.0.0.1, and the site set to send through it."""
    for fake in running_fake_notify():
        settings.COAPPOINT_NOTIFY_BACKEND = "govuk"
        settings.GOVUK_NOTIFY_API_KEY = NOTIFY_API_KEY
        settings.GOVUK_NOTIFY_EMAIL_TEMPLATE_ID = "b3c4d5e6-0000-4000-8000-00000000e1a1"
        settings.GOVUK_NOTIFY_SMS_TEMPLATE_ID = "b3c4d5e6-0000-4000-8000-0000000005a5"
        settings.GOVUK_NOTIFY_BASE_URL = fake.base_url
        settings.GOVUK_NOTIFY_CALLBACK_TOKEN = "callback-token-for-tests"
        fake.timeout_seconds = settings.GOVUK_NOTIFY_TIMEOUT_SECONDS + 0.5
        yield fake


@pytest.fixture
def fake_smtp(settings: Any) -> Iterator[FakeSmtp]:
    """A fake mail server on 127.0.0.1, and the site set to send email through it."""
    for fake in running_fake_smtp():
        settings.COAPPOINT_NOTIFY_BACKEND = "smtp"
        settings.EMAIL_HOST = fake.host
        settings.EMAIL_PORT = fake.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_TIMEOUT = 5
        yield fake
