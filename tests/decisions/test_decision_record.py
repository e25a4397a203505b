"""The decision record is built from agreed scores only, says by key who is not ready, and
holds no names: those, and the words said with each consensus, are kept beside it."""

from __future__ import annotations

import json

import pytest

from coappoint.decisions.queries import (
    build_consensus_words,
    build_decision_record,
    build_names,
    readable_record,
)
from coappoint.scoring.models import Score
from tests.decisions.conftest import Ready, make_ready
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_the_record_holds_the_consensus_and_the_agreed_interview_scores(ready: Ready):
    record = build_decision_record(ready.campaign)

    assert [stage["name"] for stage in record["stages"]] == ["community", "interview"]
    assert record["stages"][0]["community"] is True
    assert record["stages"][0]["scale"] == {"min": 1, "max": 5}
    by_id = {entry["id"]: entry["stage_scores"] for entry in record["candidates"]}
    assert by_id[f"c{ready.priya.pk}"] == {"community": [5], "interview": [3, 3]}
    assert by_id[f"c{ready.sam.pk}"] == {"community": [3], "interview": [4, 4]}


def test_private_scores_never_appear_in_the_record(ready: Ready):
    # Priya's private scores were 4, 4, 4, 5 and Sam's 1, 3, 5, 3, 3, 4; the consensus is 5 and 3.
    private = set(Score.objects.values_list("value", flat=True))
    record = build_decision_record(ready.campaign)

    community = [entry["stage_scores"]["community"] for entry in record["candidates"]]
    assert community == [[5], [3]]
    assert private - {3, 5}  # other private values exist, and none of them is in the record
    assert all(value in {3, 5} for scores in community for value in scores)


def test_a_candidate_without_agreed_interview_scores_is_listed_as_not_ready():
    ready = make_ready()
    late = CandidateFactory.create(campaign=ready.campaign, first_name="Zoe", last_name="Late")
    ready.event.candidates.add(late)

    record = build_decision_record(ready.campaign)

    assert f"c{late.pk}" not in [entry["id"] for entry in record["candidates"]]
    assert record["not_ready"] == [{"id": f"c{late.pk}", "missing": ["community", "interview"]}]
    assert build_names(ready.campaign)[f"c{late.pk}"] == "Zoe Late"


def test_the_record_keeps_the_rules_lock_each_consensus_and_the_interview_questions(
    ready: Ready,
):
    ready.campaign.rules_locked_by = ready.manager
    ready.campaign.save()

    record = build_decision_record(ready.campaign)

    assert record["rules"]["locked_by"] == ready.manager.full_name
    assert ready.campaign.rules_locked_at is not None
    assert record["rules"]["locked_at"] == ready.campaign.rules_locked_at.isoformat()
    assert record["rules"]["consensus_shift_threshold_points"] == "1"
    assert record["rules"]["consensus_shift_rule"] == "at_or_above"
    assert [(entry["id"], entry["score"]) for entry in record["consensus"]] == [
        (f"c{ready.priya.pk}", 5),
        (f"c{ready.sam.pk}", 3),
    ]
    readable = readable_record(
        record, build_names(ready.campaign), build_consensus_words(ready.campaign)
    )
    assert [
        (entry["name"], entry["score"], entry["rationale"]) for entry in readable["consensus"]
    ] == [
        ("Priya Shah", 5, "The group talked it through."),
        ("Sam Adeyemi", 3, "The group talked it through."),
    ]
    assert record["interview_questions"] == [
        {"position": 1, "text": "Teamwork?"},
        {"position": 2, "text": "Safeguarding?"},
    ]
    assert record["recruiters_did_not_attend"] == 0


def test_the_record_holds_no_name_and_no_words_said_about_anyone(ready: Ready):
    late = CandidateFactory.create(campaign=ready.campaign, first_name="Zoe", last_name="Late")
    ready.event.candidates.add(late)

    record = json.dumps(build_decision_record(ready.campaign))

    for name in ("Priya", "Shah", "Sam", "Adeyemi", "Zoe", "Late"):
        assert name not in record
    assert "talked it through" not in record
    assert build_names(ready.campaign) == {
        f"c{ready.priya.pk}": "Priya Shah",
        f"c{ready.sam.pk}": "Sam Adeyemi",
        f"c{late.pk}": "Zoe Late",
    }


def test_a_person_missing_from_the_names_is_read_as_their_pseudonym(ready: Ready):
    record = build_decision_record(ready.campaign)

    readable = readable_record(record, {}, [])

    assert {entry["name"] for entry in readable["candidates"]} == {
        f"Candidate c{ready.priya.pk}",
        f"Candidate c{ready.sam.pk}",
    }
    assert all(entry["rationale"] is None for entry in readable["consensus"])
    assert readable["stages"] == record["stages"]
