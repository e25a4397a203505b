"""Stages: added, changed and removed, with their weights and scales checked by the rules."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Stage
from coappoint.organisations.models import Role
from tests.factories import CampaignFactory, StageFactory, staff_member

pytestmark = pytest.mark.django_db

COMMUNITY_LABELS = "No evidence\nA little\nSome\nGood\nStrong"


@pytest.fixture
def campaign(client: Client):
    campaign = CampaignFactory.create()
    client.force_login(staff_member(campaign.organisation, Role.PROGRAMME_MANAGER))
    return campaign


def _url(name: str, campaign, *args: object) -> str:
    return reverse(f"campaigns:{name}", args=[campaign.organisation.slug, campaign.pk, *args])


def _stage_post(**changes: object) -> dict[str, object]:
    return {
        "weight_percent": "60",
        "scale_min": "1",
        "scale_max": "5",
        "minimum_percent": "40",
        "point_labels": COMMUNITY_LABELS,
        **changes,
    }


def test_a_new_community_stage_starts_with_the_plain_words_1_to_5_scale(
    client: Client, campaign
) -> None:
    html = client.get(_url("stage_add", campaign, "community")).content.decode()

    assert 'value="1"' in html
    assert 'value="5"' in html
    assert f">{COMMUNITY_LABELS}</textarea>" in html


def test_a_community_stage_is_added_with_its_weight_scale_minimum_and_words(
    client: Client, campaign
) -> None:
    response = client.post(_url("stage_add", campaign, "community"), _stage_post())

    assert response.status_code == 302
    stage = Stage.objects.get(campaign=campaign)
    assert (stage.kind, stage.weight_percent, stage.minimum_percent) == ("community", 60, 40)
    assert stage.point_labels == ["No evidence", "A little", "Some", "Good", "Strong"]
    audit = AuditEvent.objects.get(action="stage.added")
    assert (audit.after or {})["weight_percent"] == 60


def test_an_interview_stage_may_have_no_words_and_no_minimum(client: Client, campaign) -> None:
    response = client.post(
        _url("stage_add", campaign, "interview"),
        _stage_post(scale_min="0", scale_max="10", minimum_percent="", point_labels=""),
    )

    assert response.status_code == 302
    stage = Stage.objects.get(campaign=campaign, kind="interview")
    assert (stage.scale_min, stage.scale_max, stage.minimum_percent) == (0, 10, None)
    assert stage.point_labels == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"weight_percent": ""}, "weight_percent", "Enter the weight of this stage"),
        (
            {"weight_percent": "half"},
            "weight_percent",
            "Enter the weight as a whole number, like 50",
        ),
        ({"weight_percent": "-5"}, "weight_percent", "The weight must be 0 or more"),
        ({"weight_percent": "120"}, "weight_percent", "The weight must be 100 or less"),
        ({"scale_max": "1"}, "scale_max", "The highest score must be above the lowest score, 1"),
        ({"scale_max": "20"}, "scale_max", "A scale can have at most 11 points, like 0 to 10"),
        ({"minimum_percent": "101"}, "minimum_percent", "The minimum must be 100 or less"),
        ({"point_labels": ""}, "point_labels", "Enter the words for each point on the scale"),
        (
            {"point_labels": "Low\nHigh"},
            "point_labels",
            "The scale from 1 to 5 has 5 points but you entered 2 words",
        ),
    ],
)
def test_a_bad_stage_is_refused_with_an_error_naming_the_field(
    client: Client, campaign, changes, field, message
) -> None:
    response = client.post(_url("stage_add", campaign, "community"), _stage_post(**changes))

    html = response.content.decode()
    assert response.status_code == 400
    assert f'href="#id_{field}"' in html
    assert message in html
    assert not Stage.objects.exists()


def test_a_stage_is_changed_and_the_audit_row_keeps_before_and_after(
    client: Client, campaign
) -> None:
    stage = StageFactory.create(campaign=campaign, weight_percent=50)

    response = client.post(
        _url("stage_change", campaign, stage.pk), _stage_post(weight_percent="70")
    )

    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.weight_percent == 70
    audit = AuditEvent.objects.get(action="stage.changed")
    assert (audit.before or {})["weight_percent"] == 50
    assert (audit.after or {})["weight_percent"] == 70


def test_a_stage_is_removed_after_confirming(client: Client, campaign) -> None:
    stage = StageFactory.create(campaign=campaign, kind="shortlisting", point_labels=[])

    confirm = client.get(_url("stage_remove", campaign, stage.pk))
    response = client.post(_url("stage_remove", campaign, stage.pk))

    assert "Remove the stage: Shortlisting" in confirm.content.decode()
    assert response.status_code == 302
    assert not Stage.objects.exists()
    assert (AuditEvent.objects.get(action="stage.removed").before or {})["kind"] == "shortlisting"


def test_adding_a_stage_kind_the_campaign_already_has_opens_that_stage(
    client: Client, campaign
) -> None:
    stage = StageFactory.create(campaign=campaign)

    response = client.get(_url("stage_add", campaign, "community"))

    assert response["Location"] == _url("stage_change", campaign, stage.pk)
    duplicate = client.post(_url("stage_add", campaign, "community"), _stage_post())
    assert duplicate.status_code == 409
    assert Stage.objects.count() == 1


def test_an_unknown_stage_kind_is_not_found(client: Client, campaign) -> None:
    assert client.get(_url("stage_add", campaign, "lottery")).status_code == 404


def test_the_stages_page_shows_each_stages_share_of_the_final_score(
    client: Client, campaign
) -> None:
    StageFactory.create(campaign=campaign, weight_percent=40)
    StageFactory.create(campaign=campaign, kind="interview", position=2, weight_percent=80)

    html = client.get(_url("stages", campaign)).content.decode()

    assert "33.3% of the final score" in html
    assert "66.7% of the final score" in html
    assert "Add the stage: Shortlisting" in html
