"""Reading a JSON document named on the command line (`-` for standard input)."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

# No number the commands take (scores, weights, tables, slots) needs more digits than this;
# longer ones only make the arithmetic slow, or Python refuse to read them.
MOST_DIGITS = 15


class InputError(Exception):
    """The input file cannot be read or is not JSON; the message says which and where."""


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > MOST_DIGITS:
        raise InputError(
            f"the number {text[:12]}... has {len(text.lstrip('-'))} digits; numbers may have "
            f"at most {MOST_DIGITS}."
        )
    return int(text)


def _decimal_number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or len(text) > 2 * MOST_DIGITS:
        raise InputError(
            f"the number {text[:12]}{'...' if len(text) > 12 else ''} is too long or too large; "
            f"numbers may have at most {MOST_DIGITS} digits."
        )
    return value


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
    where = "standard input" if path == "-" else path
    try:
        return json.loads(
            text,
            parse_int=_whole_number,
            parse_float=_decimal_number,
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as error:
        raise InputError(
            f"{where} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from error
    except InputError as error:
        raise InputError(f"{where} is not usable: {error}") from error
    except RecursionError as error:
        raise InputError(
            f"{where} is nested too deeply: lists and objects inside each other may go a few "
            "levels down, not hundreds."
        ) from error


def _refuse_constant(name: str) -> float:
    raise InputError(f"{name} is not a number JSON allows; give a number.")
