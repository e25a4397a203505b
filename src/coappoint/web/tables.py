"""The one writer for every CSV and XLSX file the service hands out.

Text people typed (a name, a comment) can begin like a formula: `=HYPERLINK(...)` would run when
a council officer opens the file. Following OWASP's advice on CSV injection, a text cell that
begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe in CSV, and
in XLSX is stored as text marked "quote prefix", never as a formula. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | Decimal | bool | datetime.date | None


def neutralised(value: str) -> str:
    """Text that no spreadsheet will take for a formula (for CSV, where all cells are text)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_cell(value: Cell) -> str | int | float | Decimal:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralised(value)


def csv_response(filename: str, rows: Iterable[Sequence[Cell]]) -> HttpResponse:
    """A CSV download (UTF-8, first row the headings) with every text cell neutralised."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return response


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its title and its rows, headings first."""

    title: str
    rows: Sequence[Sequence[Cell]]


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX file of `sheets`, in which text is always text (never a formula)."""
    # Imported here: openpyxl is only needed when someone downloads a spreadsheet.
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title[:31])  # Excel's limit on a sheet's name
        for row_number, row in enumerate(sheet.rows, start=1):
            worksheet.append(list(row))
            for column, value in enumerate(row, start=1):
                if isinstance(value, str):
                    cell = worksheet.cell(row=row_number, column=column)
                    # openpyxl takes any text beginning with "=" for a formula: say it is text.
                    cell.data_type = "s"
                    cell.quotePrefix = value.startswith(FORMULA_STARTS)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
