"""The campaign's task list: each task's "Save and continue" goes on to the next task in the
list's order (back to the list when that cannot start yet, or after the last), and headings name
the vacancy's area once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.organisations.models import Role
from tests.factories import (
    AreaFactory,
    CampaignFactory,
    StageFactory,
    VacancyFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(client: Client):
    campaign = CampaignFactory.create()
    client.force_login(staff_member(campaign.organisation, Role.PROGRAMME_MANAGER))
    return campaign


def _url(name: str, campaign, *args: object) -> str:
    return reverse(f"campaigns:{name}", args=[campaign.organisation.slug, campaign.pk, *args])


def _stage_post(**changes: object) -> dict[str, object]:
    return {
        "weight_percent": "50",
        "scale_min": "1",
        "scale_max": "5",
        "minimum_percent": "",
        "point_labels": "No evidence\nA little\nSome\nGood\nStrong",
        **changes,
    }


def _interview(campaign) -> None:
    StageFactory.create(
        campaign=campaign, kind="interview", position=2, scale_min=0, scale_max=10, point_labels=[]
    )


def test_saving_a_stage_while_stages_are_still_missing_goes_back_to_the_stages(
    client: Client, campaign
) -> None:
    response = client.post(_url("stage_add", campaign, "community"), _stage_post())

    assert response.status_code == 302
    assert response["Location"] == _url("stages", campaign)


def test_saving_the_stage_that_completes_the_stages_goes_on_to_the_threshold(
    client: Client, campaign
) -> None:
    _interview(campaign)

    response = client.post(_url("stage_add", campaign, "community"), _stage_post())

    assert response["Location"] == _url("consensus_shift", campaign)


def test_changing_a_stage_goes_on_while_the_stages_are_right_and_back_when_they_are_not(
    client: Client, campaign
) -> None:
    _interview(campaign)
    community = StageFactory.create(campaign=campaign, kind="community")

    kept_right = client.post(_url("stage_change", campaign, community.pk), _stage_post())
    assert kept_right["Location"] == _url("consensus_shift", campaign)

    client.post(
        _url("stage_change", campaign, campaign.stages.get(kind="interview").pk),
        _stage_post(weight_percent="0", scale_min="0", scale_max="10", point_labels=""),
    )
    made_wrong = client.post(
        _url("stage_change", campaign, community.pk), _stage_post(weight_percent="0")
    )
    assert made_wrong["Location"] == _url("stages", campaign)


def test_saving_the_threshold_goes_on_to_checking_and_locking_the_rules(
    client: Client, campaign
) -> None:
    _interview(campaign)
    StageFactory.create(campaign=campaign, kind="community")

    response = client.post(_url("consensus_shift", campaign), {"consensus_shift_points": "1"})

    assert response["Location"] == _url("rules", campaign)
    assert "Consensus-shift threshold saved" in client.get(response["Location"]).content.decode()


def test_saving_the_threshold_before_the_rules_can_be_locked_goes_back_to_the_task_list(
    client: Client, campaign
) -> None:
    response = client.post(_url("consensus_shift", campaign), {"consensus_shift_points": "1"})

    assert response["Location"] == _url("detail", campaign)


def test_the_stages_page_continues_to_the_threshold_only_once_the_stages_are_right(
    client: Client, campaign
) -> None:
    StageFactory.create(campaign=campaign, kind="community")
    continue_link = f'href="{_url("consensus_shift", campaign)}"'
    assert continue_link not in client.get(_url("stages", campaign)).content.decode()

    _interview(campaign)

    html = client.get(_url("stages", campaign)).content.decode()
    assert continue_link in html
    assert "Continue" in html


def test_an_auditor_reading_the_stages_is_not_offered_to_continue(campaign) -> None:
    StageFactory.create(campaign=campaign, kind="community")
    _interview(campaign)
    auditor = Client()
    auditor.force_login(staff_member(campaign.organisation, Role.AUDITOR))

    html = auditor.get(_url("stages", campaign)).content.decode()

    assert _url("consensus_shift", campaign) not in html


@pytest.mark.parametrize(("page", "args"), [("stage_add", ("community",)), ("consensus_shift", ())])
def test_task_pages_say_save_and_continue(client: Client, campaign, page, args) -> None:
    assert "Save and continue" in client.get(_url(page, campaign, *args)).content.decode()


@pytest.mark.parametrize(
    ("title", "area", "shown"),
    [
        ("Local Area Coordinator, Canal Ward", "Canal Ward", "Local Area Coordinator, Canal Ward"),
        ("Local Area Coordinator", "Canal Ward", "Local Area Coordinator, Canal Ward"),
        ("Canal ward coordinator", "Canal Ward", "Canal ward coordinator"),
        ("Coordinator for Canalside", "Canal", "Coordinator for Canalside, Canal"),
    ],
)
def test_a_vacancy_names_its_area_once(title: str, area: str, shown: str) -> None:
    vacancy = VacancyFactory.create(title=title, area=AreaFactory.create(name=area))
    assert vacancy.title_and_area == shown


def test_the_campaign_page_does_not_repeat_the_area(client: Client) -> None:
    vacancy = VacancyFactory.create(
        title="Local Area Coordinator, Canal Ward", area=AreaFactory.create(name="Canal Ward")
    )
    campaign = CampaignFactory.create(vacancy=vacancy)
    client.force_login(staff_member(campaign.organisation, Role.PROGRAMME_MANAGER))

    for page in (
        _url("detail", campaign),
        reverse("campaigns:list", args=[campaign.organisation.slug]),
        reverse("pages:organisation_home", args=[campaign.organisation.slug]),
    ):
        html = client.get(page).content.decode()
        assert "Local Area Coordinator, Canal Ward" in html
        assert "Canal Ward, Canal Ward" not in html
