"""The decision record's exports: JSON that recomputes, an A4 PDF, and a spreadsheet."""

from __future__ import annotations

import io
import json
import subprocess
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import load_workbook

from coappoint.cli import main
from coappoint.decisions.models import Decision
from coappoint.decisions.queries import stage_name
from tests.decisions.conftest import Ready, decision_form, make_a_share_of_a_third

pytestmark = pytest.mark.django_db


def decide(ready: Ready, client) -> Decision:
    answers = decision_form(
        ready,
        client,
        appointed=f"c{ready.priya.pk}",
        rationale="Trusted by the community.",
    )
    assert client.post(ready.url("decisions:decide"), answers).status_code == 302
    return Decision.objects.get()


def test_the_json_export_recomputes_to_the_stored_outcome(ready: Ready, staff_client, tmp_path):
    client = staff_client(ready.manager)
    decision = decide(ready, client)

    response = client.get(ready.url("decisions:export_json"))

    assert response["Content-Type"] == "application/json"
    path = Path(tmp_path) / "record.json"
    path.write_bytes(response.content)
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert main(["outcome", str(path)]) in {0, None}
    assert json.loads(printed.getvalue()) == decision.outcome
    assert json.loads(response.content)["decision"]["rationale"] == "Trusted by the community."


def test_the_pdf_export_has_the_decision_the_influence_and_the_chart(
    ready: Ready, staff_client, tmp_path
):
    client = staff_client(ready.manager)
    decide(ready, client)

    response = client.get(ready.url("decisions:export_pdf"))

    assert response["Content-Type"] == "application/pdf"
    path = Path(tmp_path) / "record.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    text = " ".join(text.split())
    for words in (
        "Decision record",
        "Priya Shah",
        "Trusted by the community.",
        "Without the community's score, Sam Adeyemi would have ranked first.",
        "75.0%",  # the chart's value label, drawn in the SVG
        "Community recruitment event: weight percent 50",
    ):
        assert words in text


def test_the_spreadsheet_has_the_candidates_and_the_rules(ready: Ready, staff_client):
    response = staff_client(ready.auditor).get(ready.url("decisions:export_xlsx"))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    outcome = list(workbook["Outcome"].iter_rows(values_only=True))
    assert outcome[0][:5] == (
        "Candidate",
        "Id",
        "Rank",
        "Combined percent (shown)",
        "Combined percent (exact)",
    )
    assert outcome[1][:6] == ("Priya Shah", f"c{ready.priya.pk}", 1, 75, "75", "Yes")
    assert outcome[2][2:5] == (2, 62.5, "125/2")
    stages = list(workbook["Stage percents"].iter_rows(values_only=True))
    assert stages[1][2:5] == ("Community recruitment event", 100, "100")
    assert stages[2][2:5] == ("Formal interview", 50, "50")
    rules = {row[0]: row[1] for row in list(workbook["Rules"].iter_rows(values_only=True))[1:]}
    assert rules["Community recruitment event: weight percent"] == 50
    assert rules["Formal interview: highest point of the scale"] == 5
    assert rules["Formal interview: minimum percent"] == "None"
    assert rules["Community recruitment event: the community's stage"] == "Yes"
    assert rules["Formal interview: the community's stage"] == "No"


def test_the_outcome_spreadsheet_keeps_a_formula_like_name_as_text(
    ready: Ready, staff_client
) -> None:
    ready.priya.first_name = "=1+1"
    ready.priya.save()

    response = staff_client(ready.auditor).get(ready.url("decisions:export_xlsx"))

    sheet = load_workbook(io.BytesIO(response.content))["Outcome"]
    names = [row[0] for row in sheet.iter_rows(min_row=2)]
    [priya] = [cell for cell in names if str(cell.value).startswith("=1+1")]
    assert (priya.value, priya.data_type) == ("=1+1 Shah", "s")


def pdf_text(content: bytes, tmp_path) -> str:
    path = Path(tmp_path) / "record.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


def test_the_pdf_shows_the_same_shares_as_the_page_and_says_how_they_are_rounded(
    staff_client, tmp_path
):
    ready = make_a_share_of_a_third()

    response = staff_client(ready.auditor).get(ready.url("decisions:export_pdf"))

    text = pdf_text(response.content, tmp_path)
    assert "The chart's figures: each stage's share of the combined percent" in text
    assert "37.5 33.3 70.8" in text  # Sam's row of the chart's table (his name wraps)
    assert "33.4" not in text
    assert (
        "Each figure is rounded to one decimal place, so a row's parts may not add up exactly "
        "to its combined percent."
    ) in text


def test_the_spreadsheet_has_each_stages_share_shown_and_exact(staff_client):
    ready = make_a_share_of_a_third()

    response = staff_client(ready.auditor).get(ready.url("decisions:export_xlsx"))

    workbook = load_workbook(io.BytesIO(response.content))
    stages = list(workbook["Stage percents"].iter_rows(values_only=True))
    assert stages[0][5:] == (
        "Share of the combined percent (shown)",
        "Share of the combined percent (exact)",
    )
    sam = [row for row in stages if row[0] == "Sam Adeyemi"]
    assert [row[3:] for row in sam] == [(75, "75", 37.5, "75/2"), (66.7, "200/3", 33.3, "100/3")]
    [sam_outcome] = [
        row for row in workbook["Outcome"].iter_rows(values_only=True) if row[0] == "Sam Adeyemi"
    ]
    assert sam_outcome[3:5] == (70.8, "425/6")
    notes = [row[0] for row in workbook["Notes"].iter_rows(values_only=True)]
    assert notes[1] == (
        "Each figure is rounded to one decimal place, so a row's parts may not add up exactly "
        "to its combined percent."
    )


def test_a_decision_stored_before_the_shares_existed_still_shows_them_and_exports_as_stored(
    ready: Ready, staff_client
):
    client = staff_client(ready.manager)
    decision = decide(ready, client)
    # As a decision recorded before the outcome's JSON had each stage's share.
    for candidate in decision.outcome["candidates"]:
        del candidate["contribution_percent"], candidate["contribution_exact"]
    decision.save()
    stored = Decision.objects.get().outcome

    page = client.get(ready.url("decisions:outcome"))
    exported = json.loads(client.get(ready.url("decisions:export_json")).content)

    priya = page.context["description"].rows[0]
    assert [str(cell.contribution_exact) for cell in priya.stages] == ["50", "25"]
    assert exported["outcome"] == stored


def test_the_arabic_pdf_writes_the_chart_key_in_reading_order(
    ready: Ready, staff_client, tmp_path
) -> None:
    """WeasyPrint draws an SVG's Arabic words letter by letter backwards after other text, so the
    printed record gives the chart's key in HTML, where Arabic is shaped and ordered properly."""
    client = staff_client(ready.manager)
    client.cookies["django_language"] = "ar"

    response = client.get(ready.url("decisions:export_pdf"))

    text = pdf_text(response.content, tmp_path)
    with translation.override("ar"):
        stages = [stage_name(stage.kind) for stage in ready.campaign.stages.all()]
    assert stages
    for name in stages:
        assert name in text, name
        assert name[::-1] not in text, f"{name} is printed backwards"
