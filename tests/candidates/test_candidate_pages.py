"""A programme manager adds and corrects candidates one by one, with GOV.UK errors."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Candidate
from coappoint.organisations.models import Role
from tests.factories import CampaignFactory, CandidateFactory, staff_member

pytestmark = pytest.mark.django_db


def _url(name: str, campaign, *extra) -> str:
    return reverse(f"candidates:{name}", args=[campaign.organisation.slug, campaign.pk, *extra])


@pytest.fixture
def campaign():
    return CampaignFactory.create()


@pytest.fixture
def manager(client: Client, campaign):
    user = staff_member(campaign.organisation, Role.PROGRAMME_MANAGER)
    client.force_login(user)
    return user


def test_a_manager_adds_a_candidate_and_the_addition_is_audited(
    client: Client, campaign, manager
) -> None:
    response = client.post(
        _url("add", campaign),
        {
            "first_name": "Samira",
            "last_name": "Ahmed",
            "chosen_name": "Sam",
            "email": "samira@example.com",
            "phone": "07700 900 982",
        },
    )

    assert response.status_code == 302
    candidate = Candidate.objects.get(campaign=campaign)
    assert (candidate.called, candidate.email) == ("Sam", "samira@example.com")
    audit = AuditEvent.objects.get(action="candidate.added")
    assert (audit.actor_kind, audit.actor_id) == ("staff", manager.pk)
    page = client.get(_url("list", campaign)).content.decode()
    assert "Samira Ahmed" in page
    assert "Samira Ahmed has been added" in page


def test_save_and_add_another_returns_to_an_empty_form(client: Client, campaign, manager) -> None:
    response = client.post(
        _url("add", campaign),
        {"first_name": "Jon", "last_name": "Price", "email": "jon@example.com", "add_another": "1"},
    )
    assert response["Location"] == _url("add", campaign)


def test_a_form_with_mistakes_says_what_to_do_and_keeps_what_was_typed(
    client: Client, campaign, manager
) -> None:
    response = client.post(
        _url("add", campaign),
        {"first_name": "", "last_name": "Ahmed", "email": "samira@example", "phone": "12"},
    )

    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "<title>Error:" in html
    assert "There is a problem" in html
    assert 'href="#id_first_name"' in html
    assert "Enter the candidate's first name" in html
    assert "Enter an email address in the correct format, like name@example.com" in html
    assert "Enter a phone number, like 01632 960 001" in html
    assert 'value="samira@example"' in html
    assert 'value="Ahmed"' in html
    assert not Candidate.objects.exists()


def test_an_email_already_in_the_campaign_is_refused(client: Client, campaign, manager) -> None:
    CandidateFactory.create(campaign=campaign, email="samira@example.com")
    response = client.post(
        _url("add", campaign),
        {"first_name": "Sam", "last_name": "Ahmed", "email": "SAMIRA@example.com"},
    )
    assert response.status_code == 400
    assert "already in this campaign" in response.content.decode()


def test_a_manager_corrects_a_candidate_and_the_change_is_audited(
    client: Client, campaign, manager
) -> None:
    candidate = CandidateFactory.create(
        campaign=campaign, first_name="Samria", email="samira@example.com"
    )
    page = client.get(_url("change", campaign, candidate.pk)).content.decode()
    assert 'value="Samria"' in page

    response = client.post(
        _url("change", campaign, candidate.pk),
        {"first_name": "Samira", "last_name": "Ahmed", "email": "samira@example.com"},
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.first_name == "Samira"
    audit = AuditEvent.objects.get(action="candidate.changed")
    assert audit.before is not None
    assert audit.after is not None
    # The name changed, and the row says so without holding it.
    assert (audit.before["first_name"], audit.after["first_name"]) == ("[withheld]", "[withheld]")
    assert "Samira" not in str([audit.before, audit.after])


def test_another_campaigns_candidate_cannot_be_changed_through_this_campaign(
    client: Client, campaign, manager
) -> None:
    elsewhere = CandidateFactory.create(
        campaign=CampaignFactory.create(
            vacancy__area__programme__organisation=campaign.organisation
        )
    )
    assert client.get(_url("change", campaign, elsewhere.pk)).status_code == 404
