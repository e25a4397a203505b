"""Who may reach the candidate pages: one organisation, the right roles, auditors read only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.campaigns.models import Candidate
from coappoint.organisations.models import Role
from coappoint.signin.services import SYSTEM, issue_sign_in_link
from tests.factories import CandidateFactory, EventFactory, RecruiterFactory, staff_member

pytestmark = pytest.mark.django_db

CAMPAIGN_PAGES = ("list", "add", "import", "import_preview", "invite", "adjustments", "equality")
WRITES = ("add", "import", "import_preview", "invite")


def _url(name: str, campaign, organisation=None) -> str:
    slug = (organisation or campaign.organisation).slug
    return reverse(f"candidates:{name}", args=[slug, campaign.pk])


def test_another_organisations_candidates_are_not_found(client: Client) -> None:
    ours, theirs = EventFactory.create(), EventFactory.create()
    candidate = CandidateFactory.create(campaign=theirs.campaign)
    client.force_login(staff_member(ours.organisation, *Role))

    for name in CAMPAIGN_PAGES:
        assert client.get(_url(name, theirs.campaign)).status_code == 404, name
        # Their campaign's id under our address is unknown too.
        assert client.get(_url(name, theirs.campaign, ours.organisation)).status_code == 404, name
    change = reverse(
        "candidates:change", args=[ours.organisation.slug, theirs.campaign.pk, candidate.pk]
    )
    assert client.post(change, {"first_name": "X"}).status_code == 404


def test_an_auditor_reads_the_list_but_cannot_change_anything(client: Client) -> None:
    event = EventFactory.create()
    candidate = CandidateFactory.create(campaign=event.campaign, first_name="Grace")
    client.force_login(staff_member(event.organisation, Role.AUDITOR))

    page = client.get(_url("list", event.campaign))
    assert page.status_code == 200
    assert "Grace" in page.content.decode()
    assert "Add a candidate" not in page.content.decode()
    for name in WRITES:
        assert client.post(_url(name, event.campaign), {}).status_code == 403, name
    change = reverse(
        "candidates:change", args=[event.organisation.slug, event.campaign.pk, candidate.pk]
    )
    assert client.post(change, {"first_name": "X"}).status_code == 403
    # The product's table gives auditors adjustments in full and the equality totals, to read.
    assert client.get(_url("equality", event.campaign)).status_code == 200
    assert client.get(_url("adjustments", event.campaign)).status_code == 200
    assert Candidate.objects.get().first_name == "Grace"


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.INTERVIEW_PANEL])
def test_scorers_cannot_reach_the_candidate_list_or_equality_totals(client: Client, role) -> None:
    event = EventFactory.create()
    client.force_login(staff_member(event.organisation, role))
    for name in ("list", "add", "import", "invite", "equality"):
        assert client.get(_url(name, event.campaign)).status_code == 403, name


def test_recruiters_and_candidates_cannot_reach_staff_pages() -> None:
    event = EventFactory.create()
    candidate = CandidateFactory.create(campaign=event.campaign)
    event.candidates.add(candidate)
    recruiter = RecruiterFactory.create(event=event)
    for person in (candidate, recruiter):
        link = issue_sign_in_link(
            person=person, organisation=event.organisation, event=event, actor=SYSTEM
        )
        client = Client()
        client.post("/" + link.url.split("/", 3)[3])
        for name in CAMPAIGN_PAGES:
            assert client.get(_url(name, event.campaign)).status_code == 404, name


def test_a_recruiter_cannot_reach_a_candidates_own_pages() -> None:
    recruiter = RecruiterFactory.create()
    link = issue_sign_in_link(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    )
    client = Client()
    client.post("/" + link.url.split("/", 3)[3])
    response = client.get(reverse("candidates:my_equality_monitoring"))
    assert response["Location"] == reverse("signin:code")
