"""Nobody in one organisation sees another's records; each staff page checks the role."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.organisations.models import Role
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.factories import EventFactory, RecruiterFactory, staff_member

pytestmark = pytest.mark.django_db


def _event_url(event) -> str:
    return reverse("events:detail", args=[event.organisation.slug, event.pk])


def test_staff_of_one_organisation_get_404_for_another_organisations_event(client: Client) -> None:
    ours = EventFactory.create(name="Our day")
    theirs = EventFactory.create(name="Their day")
    client.force_login(staff_member(ours.organisation, Role.PROGRAMME_MANAGER))

    assert client.get(_event_url(ours)).status_code == 200
    # Their event under their address, and their event id under our address: both unknown.
    assert client.get(_event_url(theirs)).status_code == 404
    assert (
        client.get(reverse("events:detail", args=[ours.organisation.slug, theirs.pk])).status_code
        == 404
    )


def test_staff_of_one_organisation_get_404_for_another_organisations_pages(client: Client) -> None:
    ours, theirs = EventFactory.create(), EventFactory.create()
    recruiter = RecruiterFactory.create(event=theirs)
    client.force_login(staff_member(ours.organisation, *Role))

    for url in (
        reverse("pages:organisation_home", args=[theirs.organisation.slug]),
        reverse("audit:list", args=[theirs.organisation.slug]),
        reverse(
            "signin:recruiter_credentials",
            args=[theirs.organisation.slug, theirs.pk, recruiter.pk],
        ),
        reverse(
            "signin:recruiter_credentials",
            args=[ours.organisation.slug, theirs.pk, recruiter.pk],
        ),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse(
                "signin:recruiter_credentials",
                args=[ours.organisation.slug, theirs.pk, recruiter.pk],
            )
        ).status_code
        == 404
    )


def test_the_home_page_lists_only_our_organisations_events(client: Client) -> None:
    ours = EventFactory.create(name="Northfield day")
    EventFactory.create(name="Riverside day")
    client.force_login(staff_member(ours.organisation, Role.FACILITATOR))

    page = client.get(reverse("pages:home"), follow=True).content.decode()

    assert "Northfield day" in page
    assert "Riverside day" not in page


def test_an_interview_panel_member_cannot_open_the_event_page(client: Client) -> None:
    event = EventFactory.create()
    client.force_login(staff_member(event.organisation, Role.INTERVIEW_PANEL))
    assert client.get(_event_url(event)).status_code == 403


def test_an_auditor_reads_the_event_but_cannot_issue_sign_in_codes(client: Client) -> None:
    recruiter = RecruiterFactory.create()
    client.force_login(staff_member(recruiter.organisation, Role.AUDITOR))
    url = reverse(
        "signin:recruiter_credentials",
        args=[recruiter.organisation.slug, recruiter.event.pk, recruiter.pk],
    )

    page = client.get(_event_url(recruiter.event))
    assert page.status_code == 200
    assert url not in page.content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


def test_only_managers_and_auditors_read_the_audit_log(client: Client) -> None:
    event = EventFactory.create()
    url = reverse("audit:list", args=[event.organisation.slug])
    for role, status in (
        (Role.PROGRAMME_MANAGER, 200),
        (Role.AUDITOR, 200),
        (Role.FACILITATOR, 403),
        (Role.INTERVIEW_PANEL, 403),
    ):
        client.force_login(staff_member(event.organisation, role))
        assert client.get(url).status_code == status, role


def test_a_recruiter_cannot_open_staff_pages(client: Client) -> None:
    recruiter = RecruiterFactory.create()
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    ).code
    client.post(reverse("signin:code"), {"code": code})

    assert client.get(_event_url(recruiter.event)).status_code == 404
    assert client.get(reverse("audit:list", args=[recruiter.organisation.slug])).status_code == 404


def test_a_stranger_is_sent_to_sign_in_from_participant_pages(client: Client) -> None:
    assert client.get(reverse("recruiters:home"))["Location"] == reverse("signin:code")
    assert client.get(reverse("events:candidate_home"))["Location"] == reverse("signin:code")
