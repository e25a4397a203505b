"""Who may open the deliberation pages: the event's organisation only; auditors read; the
interview panel and recruiters never reach the staff screen; staff never the recruiter page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.accounts.models import User
from coappoint.deliberation.models import Consensus, DeliberationSettings
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from tests.deliberation.conftest import text
from tests.factories import OrganisationFactory, staff_member
from tests.scoring.conftest import Day

pytestmark = pytest.mark.django_db


def _staff_pages(day: Day) -> list[str]:
    return [
        day.url("deliberation:screen"),
        day.url("deliberation:candidate", day.sam.pk),
        day.url("deliberation:settings"),
        day.url("deliberation:consensus", day.sam.pk),
    ]


def test_another_organisations_staff_get_not_found(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    stranger = staff_client(staff_member(OrganisationFactory.create(), Role.FACILITATOR))
    for url in _staff_pages(scored):
        assert stranger.get(url).status_code == 404, url
    # Nor through their own organisation's address.
    own = stranger.get(
        reverse(
            "deliberation:screen",
            args=[scored.event.organisation.slug.replace("borough", "elsewhere"), scored.event.pk],
        )
    )
    assert own.status_code == 404


def test_an_auditor_reads_the_screen_but_cannot_record_or_change_anything(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    auditor = staff_client(scored.auditor)
    screen = auditor.get(scored.url("deliberation:screen"))
    assert screen.status_code == 200
    assert "Record the group's score" not in text(screen)
    sam = auditor.get(scored.url("deliberation:candidate", scored.sam.pk))
    assert sam.status_code == 200
    assert "Record the group's score" not in text(sam)
    for url in _staff_pages(scored)[2:]:  # the screen's pages take no POST at all
        assert (
            auditor.post(url, {"consensus_score": "3", "consensus_per_quality": "on"}).status_code
            == 403
        )
    assert not Consensus.objects.exists()
    assert not DeliberationSettings.objects.exists()


def test_the_interview_panel_is_refused(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    panel = staff_client(staff_member(scored.event.organisation, Role.INTERVIEW_PANEL))
    for url in _staff_pages(scored):
        assert panel.get(url).status_code == 403, url


def test_a_recruiter_cannot_reach_the_staff_pages(
    scored: Day, recruiter_client: Callable[[CommunityRecruiter], Client]
) -> None:
    recruiter = recruiter_client(scored.amina)
    for url in _staff_pages(scored):
        assert recruiter.get(url).status_code == 404, url
        if "/consensus/" in url or url.endswith("/settings/"):
            assert recruiter.post(url, {"consensus_score": "3"}).status_code == 404, url
    assert not Consensus.objects.exists()


def test_staff_and_strangers_are_sent_to_sign_in_from_the_recruiter_page(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    for client in (Client(), staff_client(scored.facilitator)):
        response = client.get(reverse("deliberation:recruiter_spread"))
        assert response.status_code == 302
        assert response["Location"] == reverse("signin:code")


def test_a_candidate_of_another_event_is_not_found(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    from tests.factories import CandidateFactory

    other = CandidateFactory.create(campaign=scored.event.campaign)  # not at this event
    client = staff_client(scored.facilitator)
    assert client.get(scored.url("deliberation:consensus", other.pk)).status_code == 404
    assert client.get(scored.url("deliberation:candidate", other.pk)).status_code == 404
