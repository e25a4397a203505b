"""Access codes: read out by a facilitator, reissued, rate-limited, scoped to one event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.signin.services import (
    ACCESS_CODE_ALPHABET,
    SYSTEM,
    issue_access_code,
    normalise_access_code,
)
from tests.factories import RecruiterFactory

pytestmark = pytest.mark.django_db


def _code_for(recruiter, **kwargs) -> str:
    return issue_access_code(
        person=recruiter,
        organisation=recruiter.organisation,
        event=recruiter.event,
        actor=SYSTEM,
        **kwargs,
    ).code


def test_a_code_typed_with_spaces_and_small_letters_signs_in(client: Client) -> None:
    recruiter = RecruiterFactory.create(full_name="Lina Novak")
    code = _code_for(recruiter)

    typed = f" {code[:4].lower()} - {code[4:]} "
    response = client.post(reverse("signin:code"), {"code": typed})

    assert response.status_code == 302
    assert "Lina Novak" in client.get(reverse("recruiters:home")).content.decode()


def test_codes_avoid_characters_that_are_confused_when_read_out() -> None:
    recruiter = RecruiterFactory.create()
    codes = {_code_for(recruiter) for _ in range(20)}
    assert all(len(code) == 8 and set(code) <= set(ACCESS_CODE_ALPHABET) for code in codes)
    assert not set("01IO") & set(ACCESS_CODE_ALPHABET)


def test_reissuing_a_code_stops_the_old_one_working() -> None:
    recruiter = RecruiterFactory.create()
    old = _code_for(recruiter)
    new = _code_for(recruiter)

    refused = Client().post(reverse("signin:code"), {"code": old})
    assert refused.status_code == 400
    assert "replaced by a newer one" in refused.content.decode()
    assert Client().post(reverse("signin:code"), {"code": new}).status_code == 302


def test_an_expired_code_is_refused_with_what_to_do(client: Client) -> None:
    recruiter = RecruiterFactory.create()
    code = _code_for(recruiter, now=timezone.now() - timedelta(days=30))

    response = client.post(reverse("signin:code"), {"code": code})

    assert response.status_code == 400
    assert "expired. Ask your facilitator for a new one" in response.content.decode()


def test_a_wrong_code_shows_an_error_summary_linked_to_the_field(client: Client) -> None:
    response = client.post(reverse("signin:code"), {"code": "ABCD EFGH"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert 'href="#id_code"' in html
    assert "That access code is not right" in html
    assert html.count('value="ABCD EFGH"') == 1  # what was typed is kept


def test_a_short_code_is_refused_before_any_lookup(client: Client) -> None:
    response = client.post(reverse("signin:code"), {"code": "AB"})
    assert response.status_code == 400
    assert "Enter the 8 letters and numbers" in response.content.decode()


def test_a_right_code_sent_while_its_address_must_wait_is_asked_to_wait_then_signs_in(
    client: Client, settings, monkeypatch
) -> None:
    settings.ACCESS_CODE_FREE_WRONG_PER_ADDRESS = 3
    settings.ACCESS_CODE_FIRST_WAIT_SECONDS = 40
    started = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: started)  # the clock, faked
    recruiter = RecruiterFactory.create()
    right = _code_for(recruiter)

    for _ in range(3):
        assert client.post(reverse("signin:code"), {"code": "WXYZ2345"}).status_code == 400
    waiting = client.post(reverse("signin:code"), {"code": right})

    assert waiting.status_code == 429
    assert waiting["Retry-After"] == "40"
    assert "Too many wrong codes have been tried from here" in waiting.content.decode()
    assert "Wait 40 seconds, then try your code again." in waiting.content.decode()
    other_address = Client(REMOTE_ADDR="10.0.0.9")
    assert other_address.post(reverse("signin:code"), {"code": right}).status_code == 302
    monkeypatch.setattr(timezone, "now", lambda: started + timedelta(seconds=40))
    assert client.post(reverse("signin:code"), {"code": right}).status_code == 302


def test_a_code_signs_in_to_its_own_event_only(client: Client) -> None:
    recruiter = RecruiterFactory.create()
    other_event_recruiter = RecruiterFactory.create(full_name="Somebody Elsewhere")
    client.post(reverse("signin:code"), {"code": _code_for(recruiter)})

    page = client.get(reverse("recruiters:home")).content.decode()

    assert recruiter.event.venue_name in page
    assert other_event_recruiter.full_name not in page


def test_normalising_keeps_only_letters_and_numbers_in_capitals() -> None:
    assert normalise_access_code(" ab-cd 23 45\n") == "ABCD2345"
