"""Reading a JSON document named on the command line (`-` for standard input)."""

from __future__ import annotations

import json
import sys
from typing import Any


class InputError(Exception):
    """The input file cannot be read or is not JSON; the message says which and where."""


def read_json_argument(path: str) -> Any:
    """Parse the JSON in the file at `path`, or standard input when `path` is `-`."""
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as error:
        raise InputError(f"Cannot read {path}: {error.strerror}.") from error
    except UnicodeDecodeError as error:
        raise InputError(f"{path} is not UTF-8 text.") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = "standard input" if path == "-" else path
        raise InputError(
            f"{where} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from error
