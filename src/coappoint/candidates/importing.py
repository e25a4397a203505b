"""Reading an uploaded CSV or Excel file into a table, and saying what is wrong in plain words."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext

from coappoint.rules.candidate_import import (
    NAME_MAX_LENGTH,
    CandidateRow,
    Column,
    ImportProblem,
    Problem,
)

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 1000
# An .xlsx is a zip of XML files. A thousand rows of names and emails is well under a megabyte
# of XML; the limits stop a small file that unpacks to gigabytes (a "zip bomb") from holding a
# server for minutes.
MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_XLSX_PARTS = 200
MAX_IMPORT_COLUMNS = 50
CSV_EXTENSIONS = (".csv",)
XLSX_EXTENSIONS = (".xlsx",)
EXAMPLE_CSV = (
    "first name,last name,chosen name,email,phone\r\n"
    "Samira,Ahmed,Sam,samira.ahmed@example.com,07700 900 982\r\n"
    "Jonathan,Price,Jon,jon.price@example.com,\r\n"
    "Grace,Okafor,,grace.okafor@example.com,01632 960 001\r\n"
)


class UnreadableFile(Exception):
    """The upload is not a table we can read; the message says what to do."""


def read_table(filename: str, content: bytes) -> list[list[str]]:
    """The rows of an uploaded CSV or .xlsx file, every cell as text (first sheet only)."""
    name = filename.casefold()
    if not content:
        raise UnreadableFile(gettext("The selected file is empty"))
    if name.endswith(CSV_EXTENSIONS):
        return _read_csv(content)
    if name.endswith(XLSX_EXTENSIONS):
        return _read_xlsx(content)
    raise UnreadableFile(gettext("The selected file must be a CSV or an Excel file (.xlsx)"))


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in Windows-1252 unless told to use UTF-8.
        text = content.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise UnreadableFile(
            gettext("The selected file could not be read. Save it as CSV or .xlsx and try again")
        )
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error:
        raise UnreadableFile(
            gettext("The selected file could not be read. Save it as CSV or .xlsx and try again")
        ) from None


def _unreadable_spreadsheet() -> UnreadableFile:
    return UnreadableFile(
        gettext("The selected file could not be read. Save it as CSV or .xlsx and try again")
    )


def _check_xlsx_parts(content: bytes) -> None:
    """Refuse a spreadsheet that unpacks too large, or whose XML declares a document type (what
    entity attacks need, and what no spreadsheet saved by Excel or LibreOffice has)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            if (
                len(parts) > MAX_XLSX_PARTS
                or sum(part.file_size for part in parts) > MAX_XLSX_UNPACKED_BYTES
            ):
                raise UnreadableFile(
                    gettext(
                        "The selected file unpacks to far more than a list of candidates needs. "
                        "Copy the candidates into a new spreadsheet, save it as .xlsx or CSV and "
                        "try again"
                    )
                )
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    with archive.open(part) as stream:
                        head = stream.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise UnreadableFile(
                            gettext(
                                "The selected file has a part no spreadsheet needs (a document "
                                "type declaration). Open it in a spreadsheet program, save it "
                                "again as .xlsx or CSV and try again"
                            )
                        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise _unreadable_spreadsheet() from None


def _read_xlsx(content: bytes) -> list[list[str]]:
    # Imported here: openpyxl is only needed when someone uploads a spreadsheet. With
    # defusedxml installed, openpyxl parses through it, which refuses entity tricks.
    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook

    _check_xlsx_parts(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, DefusedXmlException):
        raise _unreadable_spreadsheet() from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_IMPORT_COLUMNS):
            rows.append([_cell_text(value) for value in row])
            if len(rows) > MAX_IMPORT_ROWS + 1:
                break
        return rows
    except (KeyError, ValueError, OSError, DefusedXmlException, SyntaxError):
        # SyntaxError is what the XML parser raises for a malformed part.
        raise _unreadable_spreadsheet() from None
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


# The headings the importer recognises, quoted as they must be typed: English, whatever the
# language of the page that asks for them, so they are not translated.
COLUMN_HEADINGS = {
    Column.FIRST_NAME: "first name",
    Column.LAST_NAME: "last name",
    Column.CHOSEN_NAME: "chosen name",
    Column.EMAIL: "email",
    Column.PHONE: "phone",
}


def column_name(column: Column) -> str:
    return COLUMN_HEADINGS[column]


def describe_problem(problem: ImportProblem) -> str:
    """One problem in words, starting with its line: "Line 4: enter an email address ..."."""
    return gettext("Line %(line)s: %(what)s") % {
        "line": problem.line,
        "what": _what_is_wrong(problem),
    }


def _what_is_wrong(problem: ImportProblem) -> str:
    column = problem.column
    if problem.problem is Problem.MISSING_COLUMN and column is not None:
        return gettext('add a column headed "%(column)s"') % {"column": column_name(column)}
    if problem.problem is Problem.REPEATED_COLUMN and column is not None:
        return gettext('there are two "%(column)s" columns. Keep one of them') % {
            "column": column_name(column)
        }
    if problem.problem is Problem.NO_CANDIDATES:
        return gettext("the file has headings but no candidates. Put one candidate on each line")
    if problem.problem is Problem.TOO_MANY_ROWS:
        return gettext(
            "the file has more than %(limit)s candidates. Import at most %(limit)s at a time"
        ) % {"limit": MAX_IMPORT_ROWS}
    if problem.problem is Problem.REQUIRED:
        if column is Column.FIRST_NAME:
            return gettext("enter the candidate's first name")
        if column is Column.LAST_NAME:
            return gettext("enter the candidate's last name")
        return gettext("enter the candidate's email address")
    if problem.problem is Problem.TOO_LONG and column is not None:
        return gettext("%(column)s must be %(limit)s characters or fewer") % {
            "column": column_name(column),
            "limit": NAME_MAX_LENGTH,
        }
    if problem.problem is Problem.INVALID_EMAIL:
        return gettext("enter an email address in the correct format, like name@example.com")
    if problem.problem is Problem.INVALID_PHONE:
        return gettext(
            "enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
        )
    if problem.problem is Problem.DUPLICATE_IN_FILE:
        return gettext(
            "the email address is also on line %(other)s. Each candidate needs their own email "
            "address"
        ) % {"other": problem.other_line}
    return gettext("a candidate with this email address is already in this campaign")


def rows_to_session(rows: Sequence[CandidateRow]) -> list[dict[str, object]]:
    """Rows as JSON-ready values, to hold in the session between preview and confirmation."""
    return [asdict(row) for row in rows]


def rows_from_session(stored: object) -> tuple[CandidateRow, ...]:
    """Rows held in the session, or none when what is there is not rows."""
    if not isinstance(stored, list):
        return ()
    try:
        return tuple(
            CandidateRow(
                line=int(item["line"]),
                first_name=str(item["first_name"]),
                last_name=str(item["last_name"]),
                chosen_name=str(item["chosen_name"]),
                email=str(item["email"]),
                phone=str(item["phone"]),
            )
            for item in stored
        )
    except (KeyError, TypeError, ValueError):
        return ()


def problems_to_json(problems: Sequence[ImportProblem]) -> list[dict[str, object]]:
    """Problems as JSON-ready values, for a job's result: described later, in the reader's
    language, by `describe_problem`."""
    return [
        {
            "line": problem.line,
            "column": problem.column.name if problem.column is not None else None,
            "problem": problem.problem.name,
            "other_line": problem.other_line,
        }
        for problem in problems
    ]


def problems_from_json(stored: object) -> list[ImportProblem]:
    """Problems kept by `problems_to_json`; anything else is left out."""
    problems = []
    for item in stored if isinstance(stored, list) else []:
        try:
            problems.append(
                ImportProblem(
                    line=int(item["line"]),
                    column=Column[item["column"]] if item.get("column") else None,
                    problem=Problem[item["problem"]],
                    other_line=int(item["other_line"]) if item.get("other_line") else None,
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return problems
