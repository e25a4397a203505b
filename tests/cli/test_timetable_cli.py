"""`coappoint timetable`: JSON in, JSON out, exit 2 with a plain message on malformed input."""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from coappoint.cli import timetable as timetable_command
from tests.rules.test_timetable import ISSUE_EXAMPLE, assert_valid_plan


def run_command(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    """Run the subcommand as `coappoint` would, capturing its exit code and output."""
    parser = argparse.ArgumentParser(prog="coappoint")
    timetable_command.register(parser.add_subparsers())
    arguments = parser.parse_args(["timetable", *argv])
    stdout, stderr = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), stdout, stderr
    try:
        exit_code: int = arguments.handler(arguments)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return exit_code, stdout.getvalue(), stderr.getvalue()


def write(tmp_path: Path, name: str, document: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    return str(path)


def test_the_issue_example_prints_a_four_slot_optimal_plan(tmp_path: Path) -> None:
    exit_code, out, err = run_command([write(tmp_path, "event.json", ISSUE_EXAMPLE)])

    assert exit_code == 0, err
    result = json.loads(out)
    assert list(result) == ["slots", "lower_bound", "optimal", "moved", "unmet"]
    assert len(result["slots"]) == 4
    assert result["lower_bound"] == 4
    assert result["optimal"] is True
    assert result["moved"] == 0
    assert result["unmet"] == []


def test_the_event_can_come_from_standard_input() -> None:
    exit_code, out, _ = run_command(["-"], stdin=json.dumps(ISSUE_EXAMPLE))

    assert exit_code == 0
    assert len(json.loads(out)["slots"]) == 4


def test_the_same_input_prints_byte_identical_output(tmp_path: Path) -> None:
    document = {
        "candidates": [{"id": f"c{i}", "available": list(range(i % 3, 14))} for i in range(6)],
        "recruiters": [
            {"id": f"r{i}", "language": "ar" if i % 4 == 0 else None} for i in range(10)
        ],
        "interpreters": {"ar": 1},
        "meetings": {"per_candidate": 4},
        "tables": 4,
        "max_consecutive": 2,
        "max_slots": 14,
    }
    path = write(tmp_path, "event.json", document)

    first = run_command([path])
    second = run_command([path])

    assert first[0] == 0
    assert first == second


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "is not valid JSON"),
        ({"recruiters": [{"id": "r1"}]}, '"candidates" is missing'),
        ({"candidates": [{"id": "c1"}]}, '"recruiters" is missing'),
        (
            {
                "candidates": [{"id": "c1"}],
                "recruiters": [{"id": "r1"}],
                "conflicts": [["r9", "c1"]],
            },
            'conflicts[0]: unknown recruiter "r9"',
        ),
        (
            {"candidates": [{"id": "c2", "available": [-1]}], "recruiters": [{"id": "r1"}]},
            'candidates[0] ("c2")',
        ),
        (
            {
                "candidates": [{"id": "c1"}],
                "recruiters": [{"id": "r1"}],
                "meetings": {"per_candidate": 3},
            },
            "meetings.per_candidate is 3",
        ),
        ({"candidates": "c1", "recruiters": []}, '"candidates" must be a list'),
        ({"candidates": [], "recruiters": [], "tables": "2"}, '"tables"'),
    ],
)
def test_malformed_input_exits_2_with_a_message_and_no_traceback(
    tmp_path: Path, document: Any, message: str
) -> None:
    exit_code, out, err = run_command([write(tmp_path, "event.json", document)])

    assert exit_code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    exit_code, _, err = run_command([str(tmp_path / "nowhere.json")])

    assert exit_code == 2
    assert "Cannot read" in err


def test_previous_and_from_slot_go_together(tmp_path: Path) -> None:
    path = write(tmp_path, "event.json", ISSUE_EXAMPLE)

    exit_code, _, err = run_command([path, "--from-slot", "1"])

    assert exit_code == 2
    assert "--previous" in err


def test_a_previous_plan_naming_an_unknown_person_exits_2(tmp_path: Path) -> None:
    event = write(tmp_path, "event.json", ISSUE_EXAMPLE)
    plan = write(
        tmp_path, "plan.json", {"slots": [[{"candidate": "c9", "recruiter": "r1", "table": 1}]]}
    )

    exit_code, _, err = run_command([event, "--previous", plan, "--from-slot", "1"])

    assert exit_code == 2
    assert 'slots[0][0]: unknown candidate "c9"' in err


def test_replanning_after_a_no_show_keeps_earlier_slots_as_held(tmp_path: Path) -> None:
    event_path = write(tmp_path, "event.json", ISSUE_EXAMPLE)
    _, first_out, _ = run_command([event_path])
    plan_path = write(tmp_path, "plan.json", first_out)
    changed = json.loads(json.dumps(ISSUE_EXAMPLE))
    changed["candidates"][1]["available"] = [1]  # c2 leaves after slot 1
    changed_path = write(tmp_path, "changed.json", changed)

    exit_code, out, err = run_command([changed_path, "--previous", plan_path, "--from-slot", "2"])

    assert exit_code == 0, err
    first, again = json.loads(first_out), json.loads(out)
    assert again["slots"][:2] == first["slots"][:2]
    dropped = sum(1 for slot in first["slots"][2:] for c in slot if c["candidate"] == "c2")
    assert again["moved"] == dropped
    assert {(u["candidate"], u["reason_code"]) for u in again["unmet"]} == {("c2", "not_together")}


def test_a_time_limit_can_be_given(tmp_path: Path) -> None:
    from coappoint.rules.timetable import parse_event, plan_timetable

    exit_code, out, _ = run_command(
        [write(tmp_path, "event.json", ISSUE_EXAMPLE), "--time-limit", "0.5"]
    )

    assert exit_code == 0
    event = parse_event(ISSUE_EXAMPLE)
    assert_valid_plan(event, plan_timetable(event, deterministic_seconds=0.5))
    assert json.loads(out)["lower_bound"] == 4


def test_a_non_positive_time_limit_exits_2(tmp_path: Path) -> None:
    exit_code, _, err = run_command(
        [write(tmp_path, "event.json", ISSUE_EXAMPLE), "--time-limit", "0"]
    )

    assert exit_code == 2
    assert "--time-limit" in err
