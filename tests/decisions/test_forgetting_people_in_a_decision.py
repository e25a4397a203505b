"""Forgetting people in a decision: their names go from the names and the words kept with the
record, while the record, its digest and the outcome it recomputes to never change."""

from __future__ import annotations

import copy
import io
import json
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from coappoint.audit.models import AuditEvent
from coappoint.cli import main
from coappoint.decisions.models import Decision
from coappoint.decisions.queries import readable_record, record_digest
from coappoint.decisions.services import forget_people_in_decision
from coappoint.deliberation.services import record_consensus
from tests.decisions.conftest import Ready, decision_form
from tests.decisions.test_the_record_an_auditor_relies_on import (
    assert_every_figure_agrees,
    exports,
    make_decided,
)

pytestmark = pytest.mark.django_db


def key(candidate: Any) -> str:
    return f"c{candidate.pk}"


def decided_with_names_in_the_words() -> tuple[Ready, Decision]:
    """`make_decided`'s tied decision (Sam appointed), its rationale and a consensus's reason
    naming Priya and Sam."""
    ready = make_decided()
    decision = Decision.objects.get(campaign=ready.campaign)
    decision.rationale = "Priya Shah and Sam are tied; SAM Adeyemi is appointed."
    decision.save(update_fields=["rationale"])
    return ready, decision


def recomputed(record: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """What `coappoint outcome FILE` prints for `record`."""
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record))
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert main(["outcome", str(path)]) in {0, None}
    result: dict[str, Any] = json.loads(printed.getvalue())
    return result


def test_forgetting_a_person_leaves_the_record_and_its_digest_as_they_were():
    ready, decision = decided_with_names_in_the_words()
    record_before = copy.deepcopy(decision.record)
    digest_before = record_digest(decision.record)

    forget_people_in_decision(decision=decision, keys={key(ready.sam)}, now=timezone.now())

    decision.refresh_from_db()
    assert decision.record == record_before
    assert record_digest(decision.record) == digest_before


def test_the_forgotten_persons_name_becomes_their_pseudonym_everywhere_the_decision_keeps_it():
    ready, decision = decided_with_names_in_the_words()
    sam = f"Candidate {key(ready.sam)}"

    forget_people_in_decision(decision=decision, keys={key(ready.sam)}, now=timezone.now())

    decision.refresh_from_db()
    assert decision.names[key(ready.sam)] == sam
    assert decision.names[key(ready.priya)] == "Priya Shah"
    assert decision.rationale == f"Priya Shah and {sam} are tied; {sam} is appointed."
    assert decision.tie_break_justification == (
        f"The panel preferred {sam}'s answer on safeguarding, the post's core duty."
    )
    kept = json.dumps([decision.names, decision.consensus_words, decision.rationale])
    assert "Sam" not in kept
    assert "Adeyemi" not in kept


def test_the_words_kept_with_each_consensus_lose_the_forgotten_names(tmp_path):
    ready, decision = decided_with_names_in_the_words()
    decision.consensus_words[0]["dissent"] = "Priya was quieter than Sam; priya's notes agreed."
    decision.save(update_fields=["consensus_words"])
    priya = f"Candidate {key(ready.priya)}"

    forget_people_in_decision(decision=decision, keys={key(ready.priya)}, now=timezone.now())

    decision.refresh_from_db()
    assert decision.consensus_words[0]["dissent"] == (
        f"{priya} was quieter than Sam; {priya}'s notes agreed."
    )
    assert decision.consensus_words[0]["id"] == key(ready.priya)
    assert "Priya" not in json.dumps(decision.consensus_words)


def test_coappoint_outcome_still_recomputes_the_stored_record_after_forgetting(tmp_path):
    ready, decision = decided_with_names_in_the_words()

    forget_people_in_decision(
        decision=decision, keys={key(ready.sam), key(ready.priya)}, now=timezone.now()
    )

    decision.refresh_from_db()
    result = recomputed(decision.record, tmp_path)
    assert result == decision.outcome


def test_the_exports_show_the_pseudonym_and_every_figure_still_agrees(staff_client, tmp_path):
    ready, decision = decided_with_names_in_the_words()
    forget_people_in_decision(decision=decision, keys={key(ready.priya)}, now=timezone.now())

    document, text, workbook = exports(ready, staff_client(ready.auditor), tmp_path)

    assert_every_figure_agrees(ready, document, text, workbook)
    priya = f"Candidate {key(ready.priya)}"
    assert {entry["name"] for entry in document["candidates"]} == {priya, "Sam Adeyemi"}
    assert f"{priya} and Sam are tied" in document["decision"]["rationale"]
    cells = " ".join(
        str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    )
    for shown in (text, json.dumps(document, ensure_ascii=False), cells):
        assert "Priya" not in shown
        assert "Shah" not in shown
        assert priya in shown
        assert "Sam Adeyemi" in shown
    assert recomputed(document, tmp_path) == document["outcome"]


def test_forgetting_is_audited_with_counts_only():
    ready, decision = decided_with_names_in_the_words()

    forget_people_in_decision(decision=decision, keys={key(ready.sam)}, now=timezone.now())

    row = AuditEvent.objects.get(action="decision.people_forgotten")
    assert row.target_id == str(decision.pk)
    # The rationale and the tie-break justification named Sam; no consensus's words did.
    assert row.after == {"people_forgotten": 1, "texts_changed": 2}
    assert "Sam" not in json.dumps([row.before, row.after])


def test_forgetting_someone_already_forgotten_or_not_in_the_decision_changes_nothing():
    ready, decision = decided_with_names_in_the_words()
    forget_people_in_decision(decision=decision, keys={key(ready.sam)}, now=timezone.now())
    decision.refresh_from_db()
    kept = (decision.names, decision.rationale, decision.consensus_words)

    forget_people_in_decision(decision=decision, keys={key(ready.sam), "c0"}, now=timezone.now())

    decision.refresh_from_db()
    assert (decision.names, decision.rationale, decision.consensus_words) == kept
    # "Candidate" in the words is not taken for a name part of the pseudonym.
    assert "Candidate" in decision.rationale
    assert AuditEvent.objects.filter(action="decision.people_forgotten").count() == 1


def test_a_decision_recorded_on_the_page_keeps_the_names_beside_the_record(
    ready: Ready, staff_client
):
    record_consensus(
        event=ready.event,
        candidate=ready.sam,
        quality=None,
        consensus_score=3,
        rationale="Sam Adeyemi listened well.",
        dissent="",
        dissent_reason="",
        actor=ready.facilitator,
        change_reason="Sam's rationale written out in full.",
    )
    client: Client = staff_client(ready.manager)
    answers = decision_form(
        ready, client, appointed=key(ready.priya), rationale="Priya is strongest."
    )
    assert client.post(ready.url("decisions:decide"), answers).status_code == 302

    decision = Decision.objects.get(campaign=ready.campaign)

    assert decision.names == {key(ready.priya): "Priya Shah", key(ready.sam): "Sam Adeyemi"}
    assert "Adeyemi" not in json.dumps(decision.record)
    assert [words["rationale"] for words in decision.consensus_words] == [
        "The group talked it through.",
        "Sam Adeyemi listened well.",
    ]
    assert decision.consensus_words[1]["change_reason"] == "Sam's rationale written out in full."
    shown = readable_record(decision.record, decision.names, decision.consensus_words)
    assert record_digest(shown) == answers["shown_digest"]
