"""Who may reach closing the loop: the programme manager does, the auditor only reads, other
staff roles are refused, another organisation gets 404 and recruiters cannot reach it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.accounts.models import User
from coappoint.closing.models import RecruiterMessage
from coappoint.organisations.models import Role
from coappoint.recruiters.models import ThanksStatus
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.closing.conftest import Closing
from tests.factories import OrganisationFactory, ThanksRecordFactory, staff_member

pytestmark = pytest.mark.django_db


def _pages(closing: Closing) -> list[str]:
    record = ThanksRecordFactory.create(recruiter=closing.amina, status=ThanksStatus.ACCEPTED)
    return [
        closing.url("closing:overview"),
        closing.url("closing:message", "en"),
        closing.url("closing:send"),
        closing.url("closing:feedback", closing.sam.pk),
        closing.url("closing:thanks"),
        closing.url("closing:thanks_paid", record.pk),
    ]


def _posts(closing: Closing) -> list[str]:
    return [
        closing.url("closing:message", "en"),
        closing.url("closing:send"),
        closing.url("closing:feedback", closing.sam.pk),
        closing.url("closing:feedback_send", closing.sam.pk),
    ]


def test_the_programme_manager_and_the_auditor_can_read_every_page(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    pages = _pages(closing)
    for user in (closing.manager, closing.auditor):
        client = staff_client(user)
        for url in pages:
            assert client.get(url).status_code == 200, url


def test_the_auditor_cannot_change_anything(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(closing.auditor)
    assert (
        "Approve this message"
        not in client.get(closing.url("closing:message", "en")).content.decode()
    )
    for url in _posts(closing):
        response = client.post(url, {"subject": "S", "body": "B", "action": "approve"})
        assert response.status_code == 403, url
    assert not RecruiterMessage.objects.exists()


def test_facilitators_and_panel_members_are_refused(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    pages = _pages(closing)
    for user in (closing.facilitator, closing.panel_member):
        client = staff_client(user)
        for url in pages:
            assert client.get(url).status_code == 403, url
        for url in _posts(closing):
            assert client.post(url, {}).status_code == 403, url


def test_staff_of_another_organisation_get_not_found(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    stranger = staff_member(OrganisationFactory.create(), Role.PROGRAMME_MANAGER, Role.AUDITOR)
    client = staff_client(stranger)
    for url in _pages(closing):
        assert client.get(url).status_code == 404, url
    for url in _posts(closing):
        assert client.post(url, {}).status_code == 404, url


def test_a_campaign_of_another_organisation_is_not_found_from_your_own_address(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    elsewhere = staff_member(OrganisationFactory.create(), Role.PROGRAMME_MANAGER)
    slug = elsewhere.memberships.get().organisation.slug
    url = reverse("closing:overview", args=[slug, closing.campaign.pk])
    assert staff_client(elsewhere).get(url).status_code == 404


def test_recruiters_candidates_and_strangers_cannot_reach_the_pages(closing: Closing) -> None:
    recruiter_client = Client()
    code = issue_access_code(
        person=closing.amina,
        organisation=closing.amina.organisation,
        event=closing.event,
        actor=SYSTEM,
    ).code
    assert recruiter_client.post(reverse("signin:code"), {"code": code}).status_code == 302
    closing.event.candidates.add(closing.sam)
    candidate_client = Client()
    code = issue_access_code(
        person=closing.sam, organisation=closing.sam.organisation, event=closing.event, actor=SYSTEM
    ).code
    assert candidate_client.post(reverse("signin:code"), {"code": code}).status_code == 302
    pages = _pages(closing)
    for client in (recruiter_client, candidate_client, Client()):
        for url in pages:
            assert client.get(url).status_code == 404, url
