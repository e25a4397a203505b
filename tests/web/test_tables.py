"""CSV and XLSX downloads never turn text people typed into a formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from coappoint.web.tables import (
    FORMULA_STARTS,
    Cell,
    Sheet,
    csv_response,
    neutralised,
    workbook_bytes,
)

ATTACKS = ['=HYPERLINK("http://evil","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\tx"]


@given(st.text())
def test_no_neutralised_text_starts_like_a_formula_and_plain_text_is_untouched(text: str) -> None:
    safe = neutralised(text)
    assert not safe.startswith(FORMULA_STARTS)
    if not text.startswith(FORMULA_STARTS):
        assert safe == text
    else:
        assert safe == "'" + text


def test_a_csv_keeps_numbers_as_numbers_and_neutralises_text() -> None:
    table: list[list[Cell]] = [["Name", "Score"]]
    table.extend([attack, -3] for attack in ATTACKS)
    response = csv_response("x.csv", table)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Name", "Score"]
    for attack, row in zip(ATTACKS, rows[1:], strict=True):
        assert row == ["'" + attack, "-3"]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_an_xlsx_stores_formula_like_text_as_text_and_numbers_as_numbers() -> None:
    rows: list[list[Cell]] = [["Name", "Score"]]
    rows.extend([attack, -3] for attack in ATTACKS)
    content = workbook_bytes([Sheet("People", rows)])

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no cell holds a formula
    worksheet = load_workbook(io.BytesIO(content))["People"]
    for row_number, attack in enumerate(ATTACKS, start=2):
        name, score = worksheet.cell(row=row_number, column=1), worksheet.cell(row_number, 2)
        assert (name.value, name.data_type, name.quotePrefix) == (attack, "s", True)
        assert (score.value, score.data_type) == (-3, "n")


@pytest.mark.parametrize("title", ["A sheet whose name is far longer than Excel allows"])
def test_a_long_sheet_title_is_cut_to_what_excel_accepts(title: str) -> None:
    workbook = load_workbook(io.BytesIO(workbook_bytes([Sheet(title, [["x"]])])))
    assert workbook.sheetnames == [title[:31]]
