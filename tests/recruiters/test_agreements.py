"""The confidentiality agreement and the equal-opportunities briefing, agreed on the phone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from tests.factories import RecruiterFactory

pytestmark = pytest.mark.django_db

PAGES = [
    ("recruiters:confidentiality", "confidentiality_acknowledged_at", "Do not tell anyone else"),
    ("recruiters:equal_opportunities", "equal_opportunities_acknowledged_at", "Equality Act 2010"),
]


@pytest.mark.parametrize(("url_name", "field", "plain_words"), PAGES)
def test_a_recruiter_agrees_and_the_time_is_recorded_with_an_audit_row(
    client: Client, sign_in_recruiter, url_name: str, field: str, plain_words: str
) -> None:
    recruiter = RecruiterFactory.create(full_name="Lina Novak")
    sign_in_recruiter(client, recruiter)

    page = client.get(reverse(url_name)).content.decode()
    response = client.post(reverse(url_name), {"agree": "on"})

    assert plain_words in page
    assert response.status_code == 302
    recruiter.refresh_from_db()
    agreed_at = getattr(recruiter, field)
    assert agreed_at is not None
    audit = AuditEvent.objects.get(action__endswith="_acknowledged", target_id=str(recruiter.pk))
    assert (audit.actor_kind, audit.actor_id) == ("recruiter", recruiter.pk)
    assert audit.after == {field: agreed_at.isoformat()}
    assert "You agreed to this on" in client.get(reverse(url_name)).content.decode()


@pytest.mark.parametrize(("url_name", "field", "_words"), PAGES)
def test_agreeing_again_keeps_the_first_time(
    client: Client, sign_in_recruiter, url_name: str, field: str, _words: str
) -> None:
    recruiter = RecruiterFactory.create()
    sign_in_recruiter(client, recruiter)
    client.post(reverse(url_name), {"agree": "on"})
    recruiter.refresh_from_db()
    first = getattr(recruiter, field)

    client.post(reverse(url_name), {"agree": "on"})

    recruiter.refresh_from_db()
    assert getattr(recruiter, field) == first
    assert AuditEvent.objects.filter(action__endswith="_acknowledged").count() == 1


@pytest.mark.parametrize(("url_name", "field", "_words"), PAGES)
def test_continuing_without_ticking_the_box_says_what_to_do(
    client: Client, sign_in_recruiter, url_name: str, field: str, _words: str
) -> None:
    recruiter = RecruiterFactory.create()
    sign_in_recruiter(client, recruiter)

    response = client.post(reverse(url_name), {})

    assert response.status_code == 400
    assert 'href="#id_agree"' in response.content.decode()
    assert "Select the box to say" in response.content.decode()
    recruiter.refresh_from_db()
    assert getattr(recruiter, field) is None


def test_the_home_page_shows_which_agreements_are_done(client: Client, sign_in_recruiter) -> None:
    recruiter = RecruiterFactory.create()
    sign_in_recruiter(client, recruiter)
    client.post(reverse("recruiters:confidentiality"), {"agree": "on"})

    html = client.get(reverse("recruiters:home")).content.decode()

    assert "Completed" in html
    assert "Not yet done" in html
    assert "Cannot start yet" in html  # the candidate list is not published


def test_someone_not_signed_in_is_sent_to_the_code_page(client: Client) -> None:
    response = client.post(reverse("recruiters:confidentiality"), {"agree": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("signin:code")
