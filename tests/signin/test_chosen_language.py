"""A recruiter's or candidate's chosen language is applied when they sign in and to every
message written to them; choosing with the switcher while signed in keeps it as theirs."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.candidates.services import invite_candidates
from coappoint.notify.models import OutboxMessage
from coappoint.organisations.models import Role
from coappoint.signin.services import SYSTEM, issue_access_code, issue_sign_in_link
from tests.factories import CandidateFactory, EventFactory, RecruiterFactory, staff_member

pytestmark = pytest.mark.django_db


def _sign_in_with_code(client: Client, person) -> Any:
    code = issue_access_code(
        person=person, organisation=person.organisation, event=person.event, actor=SYSTEM
    ).code
    return client.post(reverse("signin:code"), {"code": code})


def test_a_recruiter_who_chose_welsh_sees_welsh_pages_from_the_moment_they_sign_in() -> None:
    recruiter = RecruiterFactory.create(preferred_language="cy")
    client = Client()  # a new phone: no language chosen in this browser

    response = _sign_in_with_code(client, recruiter)

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    home = client.get(response["Location"], follow=True)
    assert '<html lang="cy"' in home.content.decode()


def test_a_recruiter_who_typed_another_language_stays_in_english_with_their_interpreter() -> None:
    recruiter = RecruiterFactory.create(preferred_language="polish")
    response = _sign_in_with_code(Client(), recruiter)
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_candidate_who_chose_arabic_is_invited_in_arabic_and_signs_in_to_arabic() -> None:
    event = EventFactory.create()
    candidate = CandidateFactory.create(campaign=event.campaign, preferred_language="ar")
    manager = staff_member(event.organisation, Role.PROGRAMME_MANAGER)

    def sign_in_url_for(person):
        return issue_sign_in_link(
            person=person, organisation=event.organisation, event=event, actor=manager
        ).url

    invite_candidates(
        event=event, candidates=[candidate], actor=manager, sign_in_url_for=sign_in_url_for
    )

    message = OutboxMessage.objects.get(recipient=candidate.email)
    assert message.subject.startswith("دعوتكم إلى يوم التوظيف المجتمعي")
    assert "community recruitment day" not in message.subject


def test_choosing_a_language_while_signed_in_keeps_it_as_theirs() -> None:
    recruiter = RecruiterFactory.create(preferred_language="en")
    client = Client()
    _sign_in_with_code(client, recruiter)

    response = client.post(reverse("set_language"), {"language": "ar", "next": "/"})

    assert response.status_code == 302
    recruiter.refresh_from_db()
    assert recruiter.preferred_language == "ar"
    audit = AuditEvent.objects.get(action="recruiter.language_chosen")
    assert (audit.before, audit.after) == ({"language": "en"}, {"language": "ar"})
    # Signed in again on another phone, the pages are in Arabic straight away.
    again = _sign_in_with_code(Client(), recruiter)
    assert again.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"


def test_the_switcher_works_for_strangers_without_recording_anything(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    assert not AuditEvent.objects.filter(action__endswith="language_chosen").exists()
    page = unescape(client.get("/").content.decode())
    assert '<html lang="cy"' in page
