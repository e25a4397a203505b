"""Personal links: used once by pressing Continue, never by opening; they expire; staff excluded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Role
from coappoint.signin.services import SYSTEM, issue_sign_in_link
from tests.factories import CandidateFactory, RecruiterFactory, staff_member

pytestmark = pytest.mark.django_db


def _path(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


def _link_for(recruiter, **kwargs) -> str:
    issued = issue_sign_in_link(
        person=recruiter,
        organisation=recruiter.organisation,
        event=recruiter.event,
        actor=SYSTEM,
        **kwargs,
    )
    return _path(issued.url)


def test_opening_a_link_does_not_use_it_up(client: Client) -> None:
    recruiter = RecruiterFactory.create()
    path = _link_for(recruiter)

    for _ in range(3):  # an email scanner, then the person, then again
        response = client.get(path)
        assert response.status_code == 200
        assert b"Continue" in response.content

    response = client.post(path)
    assert response.status_code == 302
    assert client.get(reverse("recruiters:home")).status_code == 200


def test_a_personal_link_works_once_only() -> None:
    recruiter = RecruiterFactory.create(full_name="Amina Hassan")
    path = _link_for(recruiter)
    first, second = Client(), Client()

    assert first.post(path).status_code == 302
    assert "Amina Hassan" in first.get(reverse("recruiters:home")).content.decode()

    refused = second.post(path)
    assert refused.status_code == 410
    assert "already been used" in refused.content.decode()
    assert second.get(reverse("recruiters:home")).status_code == 302  # sent to sign in
    assert second.get(path).status_code == 410


def test_a_personal_link_expires(client: Client) -> None:
    recruiter = RecruiterFactory.create()
    path = _link_for(recruiter, now=timezone.now() - timedelta(days=15))

    response = client.post(path)

    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert client.get(reverse("recruiters:home")).status_code == 302


def test_an_unknown_link_is_not_found(client: Client) -> None:
    response = client.get(reverse("signin:link", kwargs={"token": "not-a-real-token"}))
    assert response.status_code == 404


def test_using_a_link_is_audited() -> None:
    recruiter = RecruiterFactory.create(full_name="Gareth Jones")
    Client().post(_link_for(recruiter))

    used = AuditEvent.objects.get(action="sign_in_link.used")
    assert used.organisation == recruiter.organisation
    assert (used.actor_kind, used.actor_id) == ("recruiter", recruiter.pk)


def test_a_candidate_link_opens_the_candidates_own_page(client: Client) -> None:
    recruiter = RecruiterFactory.create()
    candidate = CandidateFactory.create(campaign=recruiter.event.campaign, first_name="Priya")
    recruiter.event.candidates.add(candidate)
    issued = issue_sign_in_link(
        person=candidate, organisation=candidate.organisation, event=recruiter.event, actor=SYSTEM
    )

    client.post(_path(issued.url))

    page = client.get(reverse("pages:home"), follow=True)
    assert page.request["PATH_INFO"] == reverse("events:candidate_home")
    assert "Hello, Priya" in page.content.decode()
    assert client.get(reverse("recruiters:home")).status_code == 302


def test_staff_cannot_sign_in_by_link_outside_demo_mode(client: Client, settings) -> None:
    settings.DEMO_MODE = False
    recruiter = RecruiterFactory.create()
    manager = staff_member(recruiter.organisation, Role.PROGRAMME_MANAGER)
    manager.is_demo = True
    manager.save()
    issued = issue_sign_in_link(
        person=manager, organisation=recruiter.organisation, event=None, actor=SYSTEM
    )

    response = client.post(_path(issued.url))

    assert response.status_code == 403
    assert "email address and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_only_demo_staff_sign_in_by_link_and_only_in_demo_mode(client: Client, settings) -> None:
    settings.DEMO_MODE = True
    recruiter = RecruiterFactory.create()
    real_manager = staff_member(recruiter.organisation, Role.PROGRAMME_MANAGER)
    demo_manager = staff_member(recruiter.organisation, Role.PROGRAMME_MANAGER)
    demo_manager.is_demo = True
    demo_manager.save()

    def link(user) -> str:
        return _path(
            issue_sign_in_link(
                person=user, organisation=recruiter.organisation, event=None, actor=SYSTEM
            ).url
        )

    assert client.post(link(real_manager)).status_code == 403
    assert client.post(link(demo_manager)).status_code == 302
    assert client.session["_auth_user_id"] == str(demo_manager.pk)
