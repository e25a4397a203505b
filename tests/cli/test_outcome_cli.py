"""`coappoint outcome FILE`: the JSON contract, standard input, and clear errors with exit 2."""

import io
import json
import subprocess
import sys

import pytest

from coappoint.cli import main

ISSUE_EXAMPLE = {
    "stages": [
        {
            "name": "community",
            "weight_percent": 50,
            "scale": {"min": 1, "max": 5},
            "minimum_percent": 40,
        },
        {"name": "interview", "weight_percent": 50, "scale": {"min": 0, "max": 10}},
    ],
    "candidates": [
        {"id": "c1", "stage_scores": {"community": [4, 3, 5, 4], "interview": [7, 8, 6]}}
    ],
}


def write(tmp_path, document):
    path = tmp_path / "decision-record.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def test_the_outcome_of_the_issues_example_meets_the_json_contract(tmp_path, capsys):
    exit_code = main(["outcome", str(write(tmp_path, ISSUE_EXAMPLE))])
    printed = capsys.readouterr()
    assert exit_code == 0
    assert printed.err == ""
    result = json.loads(printed.out)
    candidate = result["candidates"][0]
    assert {
        key: candidate[key]
        for key in (
            "id",
            "stage_percent",
            "combined_percent",
            "combined_exact",
            "appointable",
            "rank",
            "tied_with",
        )
    } == {
        "id": "c1",
        "stage_percent": {"community": 75.0, "interview": 70.0},
        "combined_percent": 72.5,
        "combined_exact": "145/2",
        "appointable": True,
        "rank": 1,
        "tied_with": [],
    }
    influence = result["community_influence"]
    assert {key: influence[key] for key in ("stage", "top_changes", "rank_without")} == {
        "stage": "community",
        "top_changes": False,
        "rank_without": {"c1": 1},
    }


def test_percents_are_written_as_json_numbers_with_one_decimal_place(tmp_path, capsys):
    main(["outcome", str(write(tmp_path, ISSUE_EXAMPLE))])
    printed = capsys.readouterr().out
    assert '"combined_percent": 72.5' in printed
    assert '"community": 75.0' in printed


def test_each_stages_share_is_printed_exact_as_text_and_shown_as_a_number(tmp_path, capsys):
    main(["outcome", str(write(tmp_path, ISSUE_EXAMPLE))])
    printed = capsys.readouterr().out
    candidate = json.loads(printed)["candidates"][0]
    assert candidate["contribution_exact"] == {"community": "75/2", "interview": "35"}
    assert candidate["contribution_percent"] == {"community": 37.5, "interview": 35.0}
    assert '"community": "75/2"' in printed
    assert '"community": 37.5' in printed


def test_the_decision_record_can_come_from_standard_input(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(ISSUE_EXAMPLE)))
    assert main(["outcome", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["candidates"][0]["combined_exact"] == "145/2"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            {**ISSUE_EXAMPLE, "candidates": [{"id": "c1", "stage_scores": {"community": [4]}}]},
            "Candidate c1 has no scores for stage interview",
        ),
        (
            {
                **ISSUE_EXAMPLE,
                "stages": [
                    {**stage, "weight_percent": 0}
                    for stage in ISSUE_EXAMPLE["stages"]  # type: ignore[attr-defined]
                ],
            },
            "weights add up to 0",
        ),
        (
            {
                **ISSUE_EXAMPLE,
                "candidates": [
                    {"id": "c1", "stage_scores": {"community": [4], "interview": [7], "panel": [3]}}
                ],
            },
            "Candidate c1 has scores for stage panel",
        ),
        ("{not json", "is not valid JSON"),
        ([1, 2], "must be a JSON object"),
    ],
)
def test_a_bad_decision_record_exits_2_with_a_clear_message_on_standard_error(
    tmp_path, capsys, document, message
):
    exit_code = main(["outcome", str(write(tmp_path, document))])
    printed = capsys.readouterr()
    assert exit_code == 2
    assert printed.out == ""
    assert message in printed.err
    assert "Traceback" not in printed.err


def test_a_missing_file_exits_2_naming_it(tmp_path, capsys):
    missing = tmp_path / "nowhere.json"
    assert main(["outcome", str(missing)]) == 2
    assert str(missing) in capsys.readouterr().err


def test_the_installed_command_exits_2_without_a_traceback():
    document = json.dumps({**ISSUE_EXAMPLE, "candidates": [{"id": "c9", "stage_scores": {}}]})
    completed = subprocess.run(
        [sys.executable, "-m", "coappoint", "outcome", "-"],
        input=document,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "Candidate c9 has no scores for stage community" in completed.stderr
    assert "Traceback" not in completed.stderr
