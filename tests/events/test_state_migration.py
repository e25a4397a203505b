"""The migration that gave campaigns and events their state derives it from what was kept
before: the rules lock's time, the decision, the panel's sheets, the scoring round and the
rotation (events 0004)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coappoint.campaigns.models import Campaign
from coappoint.codesign.models import CriteriaVersion, Criterion
from coappoint.decisions.queries import shown_digest
from coappoint.decisions.services import record_decision
from coappoint.events.models import Event
from coappoint.scoring.services import start_scoring
from coappoint.timetables.services import start_rotation
from tests.decisions.conftest import make_ready
from tests.factories import EventFactory, make_day_with_timetable

BEFORE_STATES = [
    ("campaigns", "0006_candidate_preferred_language"),
    ("events", "0003_event_facilitators"),
]


def _migrate(targets: list[tuple[str, str]]) -> None:
    MigrationExecutor(connection).migrate(targets)


def _criteria(event: Event) -> None:
    version = CriteriaVersion.objects.create(organisation=event.organisation, event=event, number=1)
    Criterion.objects.create(
        organisation=event.organisation,
        version=version,
        position=1,
        name="Kindness",
        what_good_looks_like="Warm with everyone.",
    )


@pytest.mark.django_db(transaction=True)
def test_each_campaign_and_event_gets_the_state_its_old_records_say() -> None:
    setting_up = EventFactory.create()
    running_day = make_day_with_timetable()
    running = running_day.event
    start_rotation(event=running, actor=running_day.facilitator)
    scoring_day = make_day_with_timetable()
    scoring = scoring_day.event
    _criteria(scoring)
    start_scoring(event=scoring, actor=scoring_day.facilitator)
    interview = make_ready()
    decided = make_ready()
    record_decision(
        campaign=decided.campaign,
        appointed=decided.priya,
        rationale="Strongest with the community.",
        tie_break_justification="",
        shown_digest=shown_digest(decided.campaign),
        actor=decided.manager,
    )
    # Scored before the rules lock was enforced: the rules were never locked.
    unlocked = make_ready(lock_rules=False)
    expected = {
        setting_up.pk: ("setting_up", "planned"),
        running.pk: ("rules_locked", "running"),
        scoring.pk: ("rules_locked", "scoring"),
        interview.event.pk: ("interview", "deliberation"),
        decided.event.pk: ("decided", "done"),
        unlocked.event.pk: ("setting_up", "deliberation"),
    }
    # What the services left is what the migration must derive again from the old records.
    assert {
        event.pk: (event.campaign.state, event.state)
        for event in Event.objects.select_related("campaign")
    } == expected
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        _migrate(BEFORE_STATES)
        old = MigrationExecutor(connection).loader.project_state(BEFORE_STATES).apps
        old_campaign = old.get_model("campaigns", "Campaign").objects.get(pk=decided.campaign.pk)
        assert old_campaign.decision_locked_at is not None  # going back restores the lock's time
    finally:
        _migrate(latest)

    assert {
        event.pk: (event.campaign.state, event.state)
        for event in Event.objects.select_related("campaign")
    } == expected
    assert Campaign.objects.get(pk=decided.campaign.pk).state == Campaign.State.DECIDED
