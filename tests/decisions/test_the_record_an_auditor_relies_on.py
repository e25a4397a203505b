"""The PDF and the spreadsheet hold every figure of the JSON export, as it was locked.

A realistic decided campaign: a tie at the top broken with a justification, a consensus with a
dissent and a changed score, a candidate and a recruiter who did not come, and the rules locked
by a named person. Every figure the JSON export holds is looked for in the spreadsheet's cells
(where it belongs) and in the PDF's text (on its row).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from coappoint.cli import main
from coappoint.decisions.exports import page_numbers_css
from coappoint.decisions.models import Decision
from coappoint.decisions.queries import stage_name
from coappoint.deliberation.services import record_consensus
from coappoint.interviews.models import InterviewAbsence
from coappoint.timetables.models import AttendanceChange, Timetable
from tests.decisions.conftest import Ready, decision_form, make_ready
from tests.factories import CandidateFactory, RecruiterFactory

pytestmark = pytest.mark.django_db

DISSENT = "Two recruiters would have given 5: she listened best at their table."
TIE_BREAK = "The panel preferred Sam's answer on safeguarding, the post's core duty."


def make_decided() -> Ready:
    """Priya and Sam tied on 62.5; Sam appointed with the tie broken; Zoe did not come; one
    recruiter did not come; the rules locked by the programme manager."""
    ready = make_ready(priya_consensus=3)
    campaign = ready.campaign
    campaign.rules_locked_by = ready.manager
    campaign.save(update_fields=["rules_locked_by"])
    record_consensus(
        event=ready.event,
        candidate=ready.priya,
        quality=None,
        consensus_score=4,
        rationale="Strong on listening; the group settled on 4.",
        dissent=DISSENT,
        dissent_reason="They saw her with the young people's group.",
        actor=ready.facilitator,
        change_reason="We had written 3 by mistake.",
    )
    now = timezone.now()
    zoe = CandidateFactory.create(campaign=campaign, first_name="Zoe", last_name="Away")
    ready.event.candidates.add(zoe)
    timetable = Timetable.objects.filter(event=ready.event).first()
    absent_recruiter = RecruiterFactory.create(event=ready.event)
    for person_kind, person_id in (
        (AttendanceChange.PersonKind.CANDIDATE, zoe.pk),
        (AttendanceChange.PersonKind.RECRUITER, absent_recruiter.pk),
    ):
        AttendanceChange.objects.create(
            organisation=campaign.organisation,
            event=ready.event,
            person_kind=person_kind,
            person_id=person_id,
            kind=AttendanceChange.Kind.NO_SHOW,
            round=0,
            timetable=timetable,
            recorded_by=ready.facilitator,
            recorded_at=now,
        )
    InterviewAbsence.objects.create(
        organisation=campaign.organisation,
        campaign=campaign,
        candidate=zoe,
        recorded_by=ready.manager,
        recorded_at=now,
    )
    client = Client()
    client.force_login(ready.manager)
    answers = decision_form(
        ready,
        client,
        appointed=f"c{ready.sam.pk}",
        rationale="Both are appointable and tied; Sam is appointed.",
        tie_break_justification=TIE_BREAK,
    )
    assert client.post(ready.url("decisions:decide"), answers).status_code == 302
    return ready


@pytest.fixture
def decided() -> Ready:
    return make_decided()


def exports(ready: Ready, client: Client, tmp_path: Path) -> tuple[dict[str, Any], str, Any]:
    """The JSON document, the PDF's text (pages split by form feeds) and the workbook."""
    document = json.loads(client.get(ready.url("decisions:export_json")).content)
    pdf = Path(tmp_path) / "record.pdf"
    pdf.write_bytes(client.get(ready.url("decisions:export_pdf")).content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    workbook = load_workbook(io.BytesIO(client.get(ready.url("decisions:export_xlsx")).content))
    return document, text, workbook


def words(text: str) -> str:
    return " ".join(text.split())


def sheet(workbook: Any, title: str) -> list[tuple[Any, ...]]:
    return list(workbook[title].iter_rows(values_only=True))


def shown(value: float) -> str:
    """A display percent as the JSON writes it (a one-place decimal): "62.5", "100.0"."""
    return str(value)


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def assert_row(rows: list[tuple[Any, ...]], text: str, expected: tuple[Any, ...]) -> None:
    """`expected` is a row of the sheet, cell for cell (a display percent equal as a number),
    and the PDF prints it as one line of text."""
    matching = [
        row
        for row in rows
        if len(row) == len(expected)
        and all(
            cell == want
            or (isinstance(want, float) and isinstance(cell, int | float) and cell == want)
            for cell, want in zip(row, expected, strict=True)
        )
    ]
    assert matching, f"no row {expected} in {rows}"
    printed = " ".join(shown(cell) if isinstance(cell, float) else str(cell) for cell in expected)
    assert printed in words(text), printed


def test_every_figure_of_the_json_is_in_the_pdf_and_the_spreadsheet(
    decided: Ready, staff_client, tmp_path
):
    document, text, workbook = exports(decided, staff_client(decided.auditor), tmp_path)
    assert_every_figure_agrees(decided, document, text, workbook)


def assert_every_figure_agrees(
    decided: Ready, document: dict[str, Any], text: str, workbook: Any
) -> None:
    """Every figure of the JSON record is in its cell of the workbook and on its line of the
    PDF's text (`make_decided`'s campaign). The browser test downloading the record uses it."""
    names = {entry["id"]: entry["name"] for entry in document["candidates"]}
    assert len(names) == 2
    assert document["did_not_attend"]
    assert document["consensus"]

    decision = document["decision"]
    rows = sheet(workbook, "Decision")
    assert_row(
        rows, text, ("Appointed", f"{names[decision['appointed']]} ({decision['appointed']})")
    )
    assert_row(rows, text, ("Reasons for the decision", decision["rationale"]))
    assert_row(rows, text, ("Why the tie was broken this way", TIE_BREAK))
    assert decision["tie_break_justification"] == TIE_BREAK
    assert_row(rows, text, ("Recorded at", decision["recorded_at"]))
    assert_row(rows, text, ("Recorded by", decision["recorded_by"]))
    assert_row(rows, text, ("Campaign", document["campaign"]))

    # The rules, in the record's order: its own keys first, then each stage's.
    rules = sheet(workbook, "Rules")[1:]
    flattened = list(document["rules"].items()) + [
        (key, value)
        for stage in document["stages"]
        for name, rule in stage.items()
        if name != "name"
        for key, value in (rule.items() if isinstance(rule, dict) else [(name, rule)])
    ]
    assert len(rules) == len(flattened)
    words_for = {None: "None", True: "Yes", False: "No"}
    for (key, value), row in zip(flattened, rules, strict=True):
        plain = value is None or isinstance(value, bool)
        assert row[1] == (words_for[value] if plain else value), key
        assert_row(rules, text, row)
    assert document["rules"]["locked_by"] == decided.manager.full_name
    locked_at = decided.campaign.rules_locked_at
    assert locked_at is not None
    assert document["rules"]["locked_at"] == locked_at.isoformat()

    outcome = document["outcome"]
    influence = outcome["community_influence"]
    ranks, stages = sheet(workbook, "Outcome"), sheet(workbook, "Stage percents")
    without = sheet(workbook, "Without the community")
    assert len(ranks) == len(outcome["candidates"]) + 1
    for result in outcome["candidates"]:
        key, name = result["id"], names[result["id"]]
        tied = ", ".join(names[other] for other in result["tied_with"]) or "–"
        assert_row(
            ranks,
            text,
            (
                name,
                key,
                result["rank"],
                result["combined_percent"],
                result["combined_exact"],
                yes_no(result["appointable"]),
                "–",
                tied,
            ),
        )
        for stage in document["stages"]:
            kind = stage["name"]
            assert_row(
                stages,
                text,
                (
                    name,
                    key,
                    stage_name(kind),
                    result["stage_percent"][kind],
                    result["stage_exact"][kind],
                    result["contribution_percent"][kind],
                    result["contribution_exact"][kind],
                ),
            )
        assert_row(
            without,
            text,
            (
                name,
                key,
                result["rank"],
                influence["rank_without"][key],
                influence["combined_exact_without"][key],
                yes_no(influence["appointable_without"][key]),
            ),
        )

    scores, reasons = sheet(workbook, "Consensus"), sheet(workbook, "Consensus reasons")
    assert len(scores) == len(document["consensus"]) + 1
    for entry in document["consensus"]:
        quality = entry["quality"] or "Overall"
        assert_row(
            scores, text, (entry["name"], entry["id"], entry["event"], quality, entry["score"])
        )
        for key, label in (
            ("rationale", "Rationale"),
            ("dissent", "Dissent"),
            ("dissent_reason", "Reason for the dissent"),
            ("change_reason", "Reason for a change"),
        ):
            assert_row(
                reasons, text, (entry["name"], entry["id"], quality, label, entry[key] or "–")
            )
    assert DISSENT in [entry["dissent"] for entry in document["consensus"]]
    assert [entry["score"] for entry in document["consensus"]] == [
        entry["stage_scores"]["community"][0] for entry in document["candidates"]
    ]

    interview = sheet(workbook, "Interview")
    questions = document["interview_questions"]
    for entry in document["candidates"]:
        for question, score in zip(questions, entry["stage_scores"]["interview"], strict=True):
            assert_row(
                interview,
                text,
                (entry["name"], entry["id"], question["position"], score, question["text"]),
            )
    assert len(interview) == 1 + len(questions) * len(document["candidates"])

    attendance = sheet(workbook, "Attendance")
    for entry in document["did_not_attend"]:
        stages_missed = " and ".join(stage_name(kind) for kind in entry["missed"])
        assert_row(attendance, text, (entry["name"], entry["id"], "Did not attend", stages_missed))
    assert document["recruiters_did_not_attend"] == 1
    assert_row(
        attendance,
        text,
        (
            "Community recruiters who did not attend: 1",
            "–",
            "Did not attend",
            "Community recruitment event",
        ),
    )


def test_no_cell_of_the_spreadsheet_is_a_formula(decided: Ready, staff_client):
    decision = Decision.objects.get()
    decision.rationale = '=HYPERLINK("https://example.com","Click")'
    decision.save()

    response = staff_client(decided.auditor).get(decided.url("decisions:export_xlsx"))

    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for worksheet in workbook for row in worksheet.iter_rows() for cell in row]
    assert cells
    assert all(cell.data_type != "f" for cell in cells)
    [planted] = [cell for cell in cells if str(cell.value).startswith("=HYPERLINK")]
    assert (planted.data_type, planted.quotePrefix) == ("s", True)


def test_the_spreadsheet_has_one_sheet_per_part_each_with_a_header_row(
    decided: Ready, staff_client
):
    response = staff_client(decided.auditor).get(decided.url("decisions:export_xlsx"))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Decision",
        "Rules",
        "Outcome",
        "Stage percents",
        "Without the community",
        "Consensus",
        "Consensus reasons",
        "Interview",
        "Attendance",
        "Notes",
    ]
    for worksheet in workbook:
        header = next(worksheet.iter_rows(values_only=True))
        assert all(isinstance(cell, str) and cell for cell in header), worksheet.title


def test_every_page_of_the_pdf_has_its_number_and_the_campaigns_name(
    decided: Ready, staff_client, tmp_path
):
    _document, text, _workbook = exports(decided, staff_client(decided.auditor), tmp_path)

    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert decided.campaign.name in page.splitlines()[0]


def test_the_pdf_sets_its_language_and_heads_its_tables(decided: Ready, staff_client, monkeypatch):
    import weasyprint

    given: list[str] = []
    real = weasyprint.HTML

    def keeping_the_html(*, string: str) -> Any:
        given.append(string)
        return real(string=string)

    # Only watched: the real WeasyPrint still makes the PDF from the HTML it is given.
    monkeypatch.setattr(weasyprint, "HTML", keeping_the_html)
    client = staff_client(decided.auditor)
    client.cookies["django_language"] = "cy"

    response = client.get(decided.url("decisions:export_pdf"))

    assert response.content.startswith(b"%PDF")
    [html] = given
    assert re.search(r'<html lang="cy"', html)
    tables = re.findall(
        r"<h2>([^<]+)</h2>\s*<table class=\"record-part\">(.*?)</table>", html, re.S
    )
    assert len(tables) == 10
    for _title, table in tables:
        head, body = table.split("</thead>")
        header_tags = re.findall(r"<th\b[^>]*>", head)
        assert header_tags
        assert set(header_tags) == {'<th scope="col">'}
        assert set(re.findall(r"<th\b[^>]*>", body)) <= {'<th scope="row">'}
    assert "<td" not in tables[0][1].split("</thead>")[0]


def strip_new_keys(decision: Decision) -> None:
    """As a decision locked before the record had the auditor's keys, and before the outcome
    had each stage's share."""
    for key in ("rules", "consensus", "interview_questions", "recruiters_did_not_attend"):
        del decision.record[key]
    for candidate in decision.outcome["candidates"]:
        del candidate["contribution_percent"], candidate["contribution_exact"]
    decision.save()


def test_a_record_locked_before_the_auditors_keys_still_exports_saying_not_recorded(
    decided: Ready, staff_client, tmp_path
):
    decision = Decision.objects.get()
    strip_new_keys(decision)
    client = staff_client(decided.auditor)

    document, text, workbook = exports(decided, client, tmp_path)

    assert "rules" not in document
    assert document["outcome"] == Decision.objects.get().outcome
    assert sheet(workbook, "Rules")[1:3] == [
        ("Rules locked at", "Not recorded"),
        ("Rules locked by", "Not recorded"),
    ]
    assert "Rules locked at Not recorded" in words(text)
    stage_rows = sheet(workbook, "Stage percents")[1:]
    assert all(row[5:] == ("Not recorded", "Not recorded") for row in stage_rows)
    consensus = sheet(workbook, "Consensus")[1:]
    assert [row[4] for row in consensus] == [
        entry["stage_scores"]["community"][0] for entry in document["candidates"]
    ]
    assert all(row[2] == "Not recorded" for row in consensus)
    assert all(row[4] == "Not recorded" for row in sheet(workbook, "Interview")[1:])
    assert (
        sheet(workbook, "Attendance")[-1][0]
        == "Community recruiters who did not attend: Not recorded"
    )
    # And the record still recomputes to the outcome it was decided on.
    path = Path(tmp_path) / "record.json"
    path.write_text(json.dumps(document))
    printed = io.StringIO()

    with redirect_stdout(printed):
        assert main(["outcome", str(path)]) in {0, None}
    recomputed = json.loads(printed.getvalue())
    assert [c["combined_exact"] for c in recomputed["candidates"]] == [
        c["combined_exact"] for c in document["outcome"]["candidates"]
    ]


def test_a_rule_the_exports_do_not_know_is_still_printed_with_a_label(
    decided: Ready, staff_client, tmp_path
):
    """Rules added to the record later (a threshold in points, say) need no change here."""
    decision = Decision.objects.get()
    decision.record["rules"]["rule_version"] = 2
    decision.record["stages"][0]["shift_points"] = "1"
    decision.save()

    document, text, workbook = exports(decided, staff_client(decided.auditor), tmp_path)

    assert document["rules"]["rule_version"] == 2
    rules = sheet(workbook, "Rules")
    assert_row(rules, text, ("Rule version", 2))
    assert_row(rules, text, ("Community recruitment event: Shift points", "1"))


def test_page_numbers_keep_the_translations_words_and_order():
    assert page_numbers_css("Page %(page)s of %(pages)s") == (
        '"Page " counter(page) " of " counter(pages)'
    )
    assert page_numbers_css('%(pages)s "o" %(page)s') == (
        'counter(pages) " \\"o\\" " counter(page)'
    )
