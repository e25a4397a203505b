"""Checking a table of shortlisted candidates before any is added: every problem, by line and field.

The table is what a spreadsheet holds: a header row, then one row per candidate, every cell text.
Line numbers are the spreadsheet's own (the header is line 1), so a programme manager can find the
row they need to fix. Nothing here decides whether to import: the caller imports only when the
result has no problems, so a file is imported whole or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

HEADER_LINE = 1
NAME_MAX_LENGTH = 100
EMAIL_MAX_LENGTH = 254
PHONE_MAX_LENGTH = 30
PHONE_MIN_DIGITS = 10
PHONE_MAX_DIGITS = 15

# Deliberately loose: one @, something either side, a dot in the domain, no spaces. The only proof
# an address works is a message arriving, so this catches typing slips, not every invalid address.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]+$")


class Column(Enum):
    """The columns of an import file; the value is what the page and the example file call it."""

    FIRST_NAME = "first name"
    LAST_NAME = "last name"
    CHOSEN_NAME = "chosen name"
    EMAIL = "email"
    PHONE = "phone"


REQUIRED_COLUMNS = (Column.FIRST_NAME, Column.LAST_NAME, Column.EMAIL)

# Headings people really write, compared after dropping case, spaces, dashes and underscores.
_HEADINGS = {
    "firstname": Column.FIRST_NAME,
    "forename": Column.FIRST_NAME,
    "givenname": Column.FIRST_NAME,
    "lastname": Column.LAST_NAME,
    "surname": Column.LAST_NAME,
    "familyname": Column.LAST_NAME,
    "chosenname": Column.CHOSEN_NAME,
    "preferredname": Column.CHOSEN_NAME,
    "email": Column.EMAIL,
    "emailaddress": Column.EMAIL,
    "phone": Column.PHONE,
    "phonenumber": Column.PHONE,
    "telephone": Column.PHONE,
    "telephonenumber": Column.PHONE,
    "mobile": Column.PHONE,
}


class Problem(Enum):
    """What is wrong with a cell, a row or the file; the shell turns it into words."""

    MISSING_COLUMN = "missing_column"
    REPEATED_COLUMN = "repeated_column"
    NO_CANDIDATES = "no_candidates"
    TOO_MANY_ROWS = "too_many_rows"
    REQUIRED = "required"
    TOO_LONG = "too_long"
    INVALID_EMAIL = "invalid_email"
    INVALID_PHONE = "invalid_phone"
    DUPLICATE_IN_FILE = "duplicate_in_file"
    ALREADY_IN_CAMPAIGN = "already_in_campaign"


@dataclass(frozen=True)
class ImportProblem:
    """One problem: the line it is on (1 is the header), the column, and what is wrong.

    `column` is None for problems with the whole file; `other_line` names the earlier line a
    duplicate repeats.
    """

    line: int
    column: Column | None
    problem: Problem
    other_line: int | None = None


@dataclass(frozen=True)
class CandidateRow:
    """One candidate read from the file, with surrounding spaces removed."""

    line: int
    first_name: str
    last_name: str
    chosen_name: str
    email: str
    phone: str


@dataclass(frozen=True)
class ImportCheck:
    """The rows that were read and every problem found; import only when `problems` is empty."""

    rows: tuple[CandidateRow, ...]
    problems: tuple[ImportProblem, ...]

    @property
    def can_import(self) -> bool:
        return not self.problems and bool(self.rows)


def column_for_heading(heading: str) -> Column | None:
    """The column a heading names, ignoring case, spaces, dashes and underscores."""
    key = "".join(character for character in heading.casefold() if character.isalnum())
    return _HEADINGS.get(key)


def is_email_address(text: str) -> bool:
    """Whether `text` looks like an email address (name@example.com)."""
    return len(text) <= EMAIL_MAX_LENGTH and bool(EMAIL_PATTERN.match(text))


def is_phone_number(text: str) -> bool:
    """Whether `text` looks like a UK or international phone number (10 to 15 digits)."""
    digits = sum(character.isdigit() for character in text)
    return bool(PHONE_PATTERN.match(text)) and PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS


def email_key(email: str) -> str:
    """How two email addresses are compared: without regard to case or surrounding spaces."""
    return email.strip().casefold()


def check_candidate_table(
    table: Sequence[Sequence[str]],
    *,
    existing_emails: Iterable[str] = (),
    max_rows: int = 1000,
) -> ImportCheck:
    """Read `table` (header row first) into candidates, and find every problem in it.

    Blank rows are skipped but still counted, so line numbers match the spreadsheet. An email
    address may appear once in the file and must not belong to a candidate already in the
    campaign (`existing_emails`); chosen name and phone may be left empty.
    """
    if not table or not any(cell.strip() for cell in table[0]):
        return ImportCheck(
            rows=(),
            problems=tuple(
                ImportProblem(line=HEADER_LINE, column=column, problem=Problem.MISSING_COLUMN)
                for column in REQUIRED_COLUMNS
            ),
        )
    positions, header_problems = _read_header(table[0])
    if header_problems:
        return ImportCheck(rows=(), problems=tuple(header_problems))
    body = [
        (index + HEADER_LINE + 1, row)
        for index, row in enumerate(table[1:])
        if any(cell.strip() for cell in row)
    ]
    if not body:
        return ImportCheck(
            rows=(),
            problems=(ImportProblem(line=HEADER_LINE, column=None, problem=Problem.NO_CANDIDATES),),
        )
    if len(body) > max_rows:
        return ImportCheck(
            rows=(),
            problems=(
                ImportProblem(line=body[max_rows][0], column=None, problem=Problem.TOO_MANY_ROWS),
            ),
        )
    rows = tuple(_read_row(line, cells, positions) for line, cells in body)
    return ImportCheck(rows=rows, problems=check_rows(rows, existing_emails=existing_emails))


def check_rows(
    rows: Sequence[CandidateRow], *, existing_emails: Iterable[str] = ()
) -> tuple[ImportProblem, ...]:
    """Every problem in rows already read: missing or malformed values, repeated addresses.

    Run again when an import is confirmed, because candidates may have been added since the
    preview.
    """
    existing = {email_key(email) for email in existing_emails}
    first_line_of_email: dict[str, int] = {}
    problems: list[ImportProblem] = []
    for row in rows:
        problems.extend(_row_problems(row))
        key = email_key(row.email)
        if not key or not is_email_address(row.email):
            continue
        if key in existing:
            problems.append(
                ImportProblem(
                    line=row.line, column=Column.EMAIL, problem=Problem.ALREADY_IN_CAMPAIGN
                )
            )
        elif key in first_line_of_email:
            problems.append(
                ImportProblem(
                    line=row.line,
                    column=Column.EMAIL,
                    problem=Problem.DUPLICATE_IN_FILE,
                    other_line=first_line_of_email[key],
                )
            )
        else:
            first_line_of_email[key] = row.line
    return tuple(problems)


def _read_header(header: Sequence[str]) -> tuple[dict[Column, int], list[ImportProblem]]:
    positions: dict[Column, int] = {}
    problems: list[ImportProblem] = []
    for index, heading in enumerate(header):
        column = column_for_heading(heading)
        if column is None:
            continue  # other columns (notes, reference numbers) are left out, not refused
        if column in positions:
            problems.append(
                ImportProblem(line=HEADER_LINE, column=column, problem=Problem.REPEATED_COLUMN)
            )
            continue
        positions[column] = index
    problems.extend(
        ImportProblem(line=HEADER_LINE, column=column, problem=Problem.MISSING_COLUMN)
        for column in REQUIRED_COLUMNS
        if column not in positions
    )
    return positions, problems


def _read_row(line: int, cells: Sequence[str], positions: dict[Column, int]) -> CandidateRow:
    def cell(column: Column) -> str:
        index = positions.get(column)
        if index is None or index >= len(cells):
            return ""
        return " ".join(cells[index].split())

    return CandidateRow(
        line=line,
        first_name=cell(Column.FIRST_NAME),
        last_name=cell(Column.LAST_NAME),
        chosen_name=cell(Column.CHOSEN_NAME),
        email=cell(Column.EMAIL),
        phone=cell(Column.PHONE),
    )


def _row_problems(row: CandidateRow) -> list[ImportProblem]:
    problems: list[ImportProblem] = []

    def add(column: Column, problem: Problem) -> None:
        problems.append(ImportProblem(line=row.line, column=column, problem=problem))

    for column, value in (
        (Column.FIRST_NAME, row.first_name),
        (Column.LAST_NAME, row.last_name),
        (Column.CHOSEN_NAME, row.chosen_name),
    ):
        if not value and column in REQUIRED_COLUMNS:
            add(column, Problem.REQUIRED)
        elif len(value) > NAME_MAX_LENGTH:
            add(column, Problem.TOO_LONG)
    if not row.email:
        add(Column.EMAIL, Problem.REQUIRED)
    elif not is_email_address(row.email):
        add(Column.EMAIL, Problem.INVALID_EMAIL)
    if row.phone and (len(row.phone) > PHONE_MAX_LENGTH or not is_phone_number(row.phone)):
        add(Column.PHONE, Problem.INVALID_PHONE)
    return problems
