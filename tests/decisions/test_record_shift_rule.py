"""The decision record says which consensus-shift rule and threshold applied to its consensus."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coappoint.campaigns.models import Campaign
from coappoint.decisions.queries import build_decision_record, compute_record_outcome
from tests.decisions.conftest import Ready

pytestmark = pytest.mark.django_db


def test_the_record_holds_the_threshold_in_points_and_the_rule_fixed_at_the_lock(ready: Ready):
    record = build_decision_record(ready.campaign)

    assert record["rules"]["consensus_shift_threshold_points"] == "1"
    assert record["rules"]["consensus_shift_rule"] == "at_or_above"


def test_a_campaign_locked_before_records_the_strict_rule_and_its_exact_threshold(ready: Ready):
    Campaign.objects.filter(pk=ready.campaign.pk).update(
        consensus_shift_rule="more_than", consensus_shift_points=Decimal("2.25")
    )
    ready.campaign.refresh_from_db()

    record = build_decision_record(ready.campaign)

    assert record["rules"]["consensus_shift_threshold_points"] == "2.25"
    assert record["rules"]["consensus_shift_rule"] == "more_than"
    compute_record_outcome(record)  # the rules core ignores what it does not need
