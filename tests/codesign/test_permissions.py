"""Who may open the co-design pages: staff of the organisation; auditors read; recruiters not."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.codesign.models import DotVote, Proposal
from coappoint.organisations.models import Role
from tests.codesign.conftest import staff_url
from tests.factories import OrganisationFactory, ProposalFactory, RecruiterFactory, staff_member

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    ("overview", ()),
    ("add_proposal", ()),
    ("merge", ("quality",)),
    ("voting", ()),
    ("criteria", ()),
    ("choose_qualities", ()),
    ("insights", ()),
    ("observations", ()),
]
READ_ONLY_PAGES = ["overview", "voting", "criteria", "insights", "observations"]


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_staff_of_another_organisation_get_not_found(
    client: Client, event, name: str, args: tuple[str, ...]
) -> None:
    client.force_login(staff_member(OrganisationFactory.create(), Role.FACILITATOR))

    assert client.get(staff_url(name, event, *args)).status_code == 404


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_a_recruiter_cannot_reach_staff_pages(
    client: Client, event, sign_in_recruiter, name: str, args: tuple[str, ...]
) -> None:
    sign_in_recruiter(client, RecruiterFactory.create(event=event))

    assert client.get(staff_url(name, event, *args)).status_code == 404


@pytest.mark.parametrize("name", READ_ONLY_PAGES)
def test_an_auditor_may_read(client: Client, event, name: str) -> None:
    client.force_login(staff_member(event.organisation, Role.AUDITOR))

    assert client.get(staff_url(name, event)).status_code == 200


def test_an_auditor_cannot_change_anything(client: Client, event) -> None:
    first, second = ProposalFactory.create_batch(2, event=event)
    client.force_login(staff_member(event.organisation, Role.AUDITOR))

    responses = [
        client.post(
            staff_url("add_proposal", event),
            {"kind": "quality", "text": "Kind", "idempotency_key": str(uuid.uuid4())},
        ),
        client.post(
            staff_url("merge", event, "quality"),
            {"duplicates": [str(first.pk), str(second.pk)], "keep": str(first.pk)},
        ),
        client.post(staff_url("voting", event), {"dots_per_recruiter": "3"}),
        client.post(staff_url("choose_qualities", event), {"qualities": [str(first.pk)]}),
        client.post(staff_url("word_criteria", event) + f"?quality={first.pk}", {}),
    ]

    assert [response.status_code for response in responses] == [403] * 5
    assert Proposal.objects.count() == 2
    assert not DotVote.objects.exists()


def test_an_interview_panel_member_cannot_open_co_design(client: Client, event) -> None:
    client.force_login(staff_member(event.organisation, Role.INTERVIEW_PANEL))

    assert client.get(staff_url("overview", event)).status_code == 403


@pytest.mark.parametrize(
    "name", ["recruiter_codesign", "propose_quality", "share_insight", "dots", "notes"]
)
def test_recruiter_pages_send_everyone_else_to_sign_in(client: Client, event, name: str) -> None:
    client.force_login(staff_member(event.organisation, Role.FACILITATOR))

    response = client.get(reverse(f"codesign:{name}"))

    assert response.status_code == 302
    assert response["Location"] == reverse("signin:code")
