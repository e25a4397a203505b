"""The migration that took names out of the decision record (decisions 0003): a record locked
with names and consensus words in it keeps what the rules core reads, and the names and words
move to the decision's own fields; going back puts them into the record again."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coappoint.decisions.models import Decision
from coappoint.decisions.queries import CONSENSUS_WORDS, compute_record_outcome, record_digest
from coappoint.rules.outcome import render_outcome
from tests.decisions.test_the_record_an_auditor_relies_on import make_decided

BEFORE = [("decisions", "0001_initial")]


def with_names_inside(decision: Decision) -> dict[str, Any]:
    """The record as decisions locked before 0003 kept it: each person's entry with their name,
    and each consensus with its words."""
    record: dict[str, Any] = copy.deepcopy(decision.record)
    for part in ("candidates", "not_ready", "did_not_attend", "consensus"):
        for entry in record[part]:
            entry["name"] = decision.names[entry["id"]]
    for entry, words in zip(record["consensus"], decision.consensus_words, strict=True):
        entry.update({key: words[key] for key in CONSENSUS_WORDS})
    return record


@pytest.mark.django_db(transaction=True)
def test_names_and_consensus_words_move_out_of_records_locked_with_them() -> None:
    ready = make_decided()
    decision = Decision.objects.get(campaign=ready.campaign)
    record, names, words = decision.record, decision.names, decision.consensus_words
    old_record = with_names_inside(decision)
    assert "Priya Shah" in str(old_record)
    assert "Priya Shah" not in str(record)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        MigrationExecutor(connection).migrate(BEFORE)
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        old_decision = old.get_model("decisions", "Decision").objects.get(pk=decision.pk)
        # Going back put the names into the record again, as it was before.
        assert old_decision.record == old_record
    finally:
        MigrationExecutor(connection).migrate(latest)

    migrated = Decision.objects.get(pk=decision.pk)
    assert migrated.record == record
    assert migrated.names == names
    assert migrated.consensus_words == words
    assert "Priya" not in str(migrated.record)
    assert "Strong on listening" not in str(migrated.record)
    # What the rules core reads is the same, so the stored outcome recomputes.
    assert render_outcome(compute_record_outcome(migrated.record)) == migrated.outcome
    assert render_outcome(compute_record_outcome(old_record)) == migrated.outcome
    assert record_digest(migrated.record) == record_digest(record)
