"""A consensus exactly the threshold from the private average needs a reason under the rule of
campaigns locked now ("at or above"), and none in a campaign locked before it ("more than")."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from coappoint.accounts.models import User
from coappoint.campaigns.models import Campaign
from coappoint.deliberation.models import Consensus
from coappoint.deliberation.services import ConsensusRefused, record_consensus
from tests.deliberation.conftest import text
from tests.scoring.conftest import Day

pytestmark = pytest.mark.django_db

# Priya's kindness scores are 4 and 4: a consensus of 5 is exactly 1 point above their average.
EXACTLY_THE_THRESHOLD = 5


def _locked_before(day: Day) -> None:
    """The campaign as the migration leaves one whose rules were locked before at-or-above."""
    Campaign.objects.filter(pk=day.event.campaign_id).update(consensus_shift_rule="more_than")


def _per_quality(day: Day, client: Client) -> str:
    assert (
        client.post(day.url("deliberation:settings"), {"consensus_per_quality": "on"}).status_code
        == 302
    )
    return day.url("deliberation:quality_consensus", day.priya.pk, day.kindness.pk)


def _answers(score: int, rationale: str = "") -> dict[str, str]:
    return {
        "consensus_score": str(score),
        "rationale": rationale,
        "dissent": "",
        "dissent_reason": "",
    }


def _record(day: Day, score: int, rationale: str = "") -> Consensus:
    return record_consensus(
        event=day.event,
        candidate=day.priya,
        quality=day.kindness,
        consensus_score=score,
        rationale=rationale,
        dissent="",
        dissent_reason="",
        actor=day.facilitator,
    )


def test_a_consensus_exactly_the_threshold_away_needs_a_reason_under_the_current_rule(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(scored.facilitator)
    url = _per_quality(scored, client)

    refused = client.post(url, _answers(EXACTLY_THE_THRESHOLD))

    assert refused.status_code == 400
    assert (
        "The group's score is 1 point above the average of private scores, at or above the "
        "1-point threshold: explain why in the rationale" in text(refused)
    )
    assert not Consensus.objects.exists()
    with pytest.raises(ConsensusRefused) as by_the_service:
        _record(scored, EXACTLY_THE_THRESHOLD)
    assert by_the_service.value.field == "rationale"
    assert (
        client.post(url, _answers(EXACTLY_THE_THRESHOLD, "Her story moved us.")).status_code == 302
    )


def test_a_campaign_locked_before_keeps_the_strict_rule_for_a_shift_exactly_the_threshold(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    _locked_before(scored)
    client = staff_client(scored.facilitator)
    url = _per_quality(scored, client)

    page = text(client.get(url))
    accepted = client.post(url, _answers(EXACTLY_THE_THRESHOLD))

    assert (
        "A consensus score more than 1 point from the private average needs a reason: write in "
        "the rationale why the group moved that far." in page
    )
    assert accepted.status_code == 302
    assert Consensus.objects.get().consensus_score == EXACTLY_THE_THRESHOLD


def test_under_the_strict_rule_a_larger_shift_is_refused_in_its_words(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    _locked_before(scored)
    client = staff_client(scored.facilitator)
    url = _per_quality(scored, client)

    refused = client.post(url, _answers(2))  # 2 points below 4

    assert refused.status_code == 400
    assert (
        "The group's score is 2 points below the average of private scores, more than the "
        "1-point threshold: explain why in the rationale" in text(refused)
    )
    with pytest.raises(ConsensusRefused):
        _record(scored, 2)


def test_a_threshold_in_points_is_shown_and_applied_exactly(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    Campaign.objects.filter(pk=scored.event.campaign_id).update(
        consensus_shift_points=Decimal("1.25")
    )
    client = staff_client(scored.facilitator)
    url = _per_quality(scored, client)

    page = text(client.get(url))

    assert "A consensus score 1.25 points or more from the private average needs a reason" in page
    assert client.post(url, _answers(EXACTLY_THE_THRESHOLD)).status_code == 302  # 1 < 1.25


def test_the_deliberation_screen_says_which_rule_applies(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(scored.facilitator)

    now = text(client.get(scored.url("deliberation:screen")))
    _locked_before(scored)
    before = text(client.get(scored.url("deliberation:screen")))

    assert "A consensus score 1 point or more from the private average needs a reason." in now
    assert "A consensus score more than 1 point from the private average needs a reason." in before
