"""The `coappoint` command: subcommands are found, and no subcommand means help and exit 2."""

from __future__ import annotations

import pytest

from coappoint.cli import build_parser, main


def test_every_subcommand_module_is_registered() -> None:
    help_text = build_parser().format_help()
    for name in ("demo", "manage", "outcome", "timetable"):
        assert name in help_text


def test_no_subcommand_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: coappoint" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["outcome", "timetable", "agreement"])
@pytest.mark.parametrize(
    ("document", "says"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"stages": [], "candidates": ' + "9" * 5000 + "}", "has 5000 digits"),
        ('{"tables": 1e999}', "too long or too large"),
        ('{"tables": NaN}', "NaN is not a number JSON allows"),
    ],
)
def test_hostile_json_gets_a_clear_message_not_a_traceback(
    command: str, document: str, says: str, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "input.json"
    path.write_text(document, encoding="utf-8")

    assert main([command, str(path)]) == 2

    error = capsys.readouterr().err
    assert f"coappoint {command}: {path}" in error
    assert says in error
    assert "Traceback" not in error
