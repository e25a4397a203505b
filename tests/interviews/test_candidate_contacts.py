"""The interview panel reads candidates' contact details and what the interview needs, by the
product's table: members of this campaign's panel, its manager and its auditors; never a
facilitator, a member of another campaign's panel, or a community recruiter."""

from __future__ import annotations

from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client

from coappoint.accounts.models import User
from tests.factories import (
    AdjustmentRequestFactory,
    CampaignFactory,
    EventFactory,
    PanelMemberFactory,
    RecruiterFactory,
)
from tests.interviews.conftest import Interview

pytestmark = pytest.mark.django_db

SAMS_PHONE = "07700 900123"


@pytest.fixture
def contacts(interview: Interview) -> Interview:
    interview.sam.phone = SAMS_PHONE
    interview.sam.save()
    AdjustmentRequestFactory.create(
        candidate=interview.sam,
        interpreter_language="ar",
        interview_needs="Extra time to answer",
        needs="Step-free access because of my condition",
    )
    return interview


def _page(client: Client, interview: Interview) -> tuple[int, str]:
    response = client.get(interview.url("interviews:candidates"))
    return response.status_code, unescape(response.content.decode())


def test_a_member_of_this_panel_sees_contact_details_and_what_the_interview_needs(
    contacts: Interview, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(contacts.ann)
    overview = client.get(contacts.url("interviews:overview")).content.decode()
    assert contacts.url("interviews:candidates") in overview

    status, html = _page(client, contacts)

    assert status == 200
    assert contacts.sam.email in html
    assert SAMS_PHONE in html
    assert contacts.priya.email in html
    assert "Arabic" in html
    assert "Extra time to answer" in html
    assert "Step-free access" not in html  # what the day needs is not the panel's


@pytest.mark.parametrize("who", ["manager", "auditor"])
def test_the_manager_and_the_auditor_see_the_contact_details(
    contacts: Interview, staff_client: Callable[[User], Client], who: str
) -> None:
    status, html = _page(staff_client(getattr(contacts, who)), contacts)
    assert status == 200
    assert contacts.sam.email in html
    assert SAMS_PHONE in html


def test_a_member_of_another_campaigns_panel_is_refused(
    contacts: Interview, staff_client: Callable[[User], Client]
) -> None:
    PanelMemberFactory.create(
        campaign=CampaignFactory.create(vacancy=contacts.campaign.vacancy), user=contacts.cara
    )
    status, html = _page(staff_client(contacts.cara), contacts)
    assert status == 403
    assert contacts.sam.email not in html


def test_a_facilitator_is_refused_even_of_the_campaigns_own_day(
    contacts: Interview, staff_client: Callable[[User], Client]
) -> None:
    EventFactory.create(campaign=contacts.campaign, organisation=contacts.campaign.organisation)
    status, html = _page(staff_client(contacts.facilitator), contacts)
    assert status == 403
    assert SAMS_PHONE not in html


def test_a_community_recruiter_never_reaches_the_contact_details(
    contacts: Interview, sign_in_recruiter
) -> None:
    recruiter = RecruiterFactory.create(
        event=EventFactory.create(
            campaign=contacts.campaign, organisation=contacts.campaign.organisation
        )
    )
    client = Client()
    sign_in_recruiter(client, recruiter)
    status, html = _page(client, contacts)
    assert status == 404
    assert contacts.sam.email not in html
