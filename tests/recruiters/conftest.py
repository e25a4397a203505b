"""Signing a recruiter in for the tests, the way they really sign in: with an access code."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.services import SYSTEM, issue_access_code


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
