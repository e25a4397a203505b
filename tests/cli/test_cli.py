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
