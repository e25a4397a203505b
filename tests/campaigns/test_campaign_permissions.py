"""Programme managers change campaigns; other staff only read them; other councils see nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.campaigns.models import Campaign, Stage
from coappoint.organisations.models import Programme, Role
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.factories import CampaignFactory, RecruiterFactory, StageFactory, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    campaign = CampaignFactory.create()
    StageFactory.create(campaign=campaign)
    StageFactory.create(campaign=campaign, kind=Stage.Kind.INTERVIEW, position=2)
    return campaign


def _read_urls(campaign: Campaign) -> list[str]:
    slug = campaign.organisation.slug
    return [
        reverse("campaigns:list", args=[slug]),
        reverse("campaigns:detail", args=[slug, campaign.pk]),
        reverse("campaigns:stages", args=[slug, campaign.pk]),
        reverse("campaigns:rules", args=[slug, campaign.pk]),
    ]


def _change_urls(campaign: Campaign) -> list[str]:
    slug = campaign.organisation.slug
    stage = campaign.stages.get(kind="community")
    return [
        reverse("campaigns:programme_create", args=[slug]),
        reverse("campaigns:area_create", args=[slug]),
        reverse("campaigns:vacancy_create", args=[slug]),
        reverse("campaigns:create", args=[slug]),
        reverse("campaigns:stage_add", args=[slug, campaign.pk, "shortlisting"]),
        reverse("campaigns:stage_change", args=[slug, campaign.pk, stage.pk]),
        reverse("campaigns:stage_remove", args=[slug, campaign.pk, stage.pk]),
        reverse("campaigns:consensus_shift", args=[slug, campaign.pk]),
    ]


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.INTERVIEW_PANEL, Role.AUDITOR])
def test_staff_other_than_programme_managers_may_read_the_rules_but_change_nothing(
    client: Client, campaign, role
) -> None:
    client.force_login(staff_member(campaign.organisation, role))

    for url in _read_urls(campaign):
        response = client.get(url)
        assert response.status_code == 200, url
        assert ">Change<" not in response.content.decode(), url
    for url in _change_urls(campaign):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "Sneaky", "weight_percent": "99"}).status_code == 403
    # Not even the lock.
    assert client.post(_read_urls(campaign)[-1]).status_code == 403
    campaign.refresh_from_db()
    assert campaign.rules_locked_at is None
    assert campaign.stages.get(kind="community").weight_percent == 50
    assert not Programme.objects.filter(name="Sneaky").exists()


def test_an_auditor_sees_the_rules_but_no_lock_button(client: Client, campaign) -> None:
    client.force_login(staff_member(campaign.organisation, Role.AUDITOR))

    html = client.get(reverse("campaigns:rules", args=[campaign.organisation.slug, campaign.pk]))

    assert "Lock the rules" not in html.content.decode()
    assert "Community recruitment event" in html.content.decode()


def test_another_organisations_campaign_is_not_found(client: Client, campaign) -> None:
    ours = CampaignFactory.create()
    client.force_login(staff_member(ours.organisation, *Role))
    stage = campaign.stages.get(kind="community")

    # Their campaign under their address, and under ours: both unknown.
    for url in [*_read_urls(campaign), *_change_urls(campaign)]:
        assert client.get(url).status_code == 404, url
    ours_slug = ours.organisation.slug
    for url in (
        reverse("campaigns:detail", args=[ours_slug, campaign.pk]),
        reverse("campaigns:rules", args=[ours_slug, campaign.pk]),
        reverse("campaigns:stage_change", args=[ours_slug, campaign.pk, stage.pk]),
        reverse("campaigns:stage_change", args=[ours_slug, ours.pk, stage.pk]),
    ):
        assert client.get(url).status_code == 404, url
        if "/rules/" in url or "/stages/" in url:
            assert client.post(url).status_code == 404, url
    campaign.refresh_from_db()
    assert campaign.rules_locked_at is None


def test_an_area_or_vacancy_cannot_be_filed_under_another_organisations_records(
    client: Client, campaign
) -> None:
    ours = CampaignFactory.create()
    client.force_login(staff_member(ours.organisation, Role.PROGRAMME_MANAGER))
    slug = ours.organisation.slug

    vacancy = client.post(
        reverse("campaigns:vacancy_create", args=[slug]),
        {"title": "Coordinator", "area": campaign.vacancy.area.pk},
    )
    started = client.post(
        reverse("campaigns:create", args=[slug]),
        {"name": "Theirs", "vacancy": campaign.vacancy.pk},
    )

    assert vacancy.status_code == 400
    assert started.status_code == 400
    assert not Campaign.objects.filter(name="Theirs").exists()


def test_recruiters_and_strangers_cannot_reach_campaign_pages(client: Client, campaign) -> None:
    recruiter = RecruiterFactory.create(event__campaign=campaign)
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    ).code

    for url in _read_urls(campaign):
        assert client.get(url).status_code == 404, url
    client.post(reverse("signin:code"), {"code": code})
    for url in [*_read_urls(campaign), *_change_urls(campaign)]:
        assert client.get(url).status_code == 404, url
