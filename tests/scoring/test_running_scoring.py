"""The facilitator runs scoring: starts it, marks missed conversations, enters paper sheets,
corrects a sent sheet with a reason, prints paper sheets; permissions on every staff page."""

from __future__ import annotations

import io
import subprocess
import uuid

import pytest
from django.urls import reverse
from PIL import Image

from coappoint.audit.models import AuditEvent
from coappoint.codesign.models import CriteriaVersion
from coappoint.organisations.models import Role
from coappoint.scoring.models import ScoreCorrection, ScoreSheet, ScoringRound
from coappoint.scoring.queries import is_revealed
from coappoint.scoring.services import close_scoring
from coappoint.timetables.models import Timetable
from tests.factories import OrganisationFactory, TimetableFactory, staff_member
from tests.scoring.conftest import Day

pytestmark = pytest.mark.django_db


def test_starting_scoring_locks_the_criteria_and_is_audited(day: Day, staff_client) -> None:
    client = staff_client(day.facilitator)
    assert "Start scoring" in client.get(day.url("scoring:event_scoring")).content.decode()

    response = client.post(day.url("scoring:event_scoring"), {"action": "start"})

    assert response.status_code == 302
    scoring_round = ScoringRound.objects.get(event=day.event)
    assert scoring_round.opened_by == day.facilitator
    assert CriteriaVersion.objects.get(event=day.event).locked_at is not None
    row = AuditEvent.objects.get(action="scoring.started")
    assert row.after == {"criteria_version": 1, "sheets_owed": 5}
    html = client.get(day.url("scoring:event_scoring")).content.decode()
    assert "0 of 5 score sheets sent" in html


def test_scoring_cannot_start_without_criteria(day: Day, staff_client) -> None:
    CriteriaVersion.objects.filter(event=day.event).delete()
    response = staff_client(day.manager).post(day.url("scoring:event_scoring"), {"action": "start"})
    assert response.status_code == 400
    assert "has not chosen and worded any criteria yet" in response.content.decode()
    assert not ScoringRound.objects.exists()


def test_scoring_cannot_start_without_a_timetable(day: Day, staff_client) -> None:
    Timetable.objects.filter(event=day.event).delete()
    response = staff_client(day.facilitator).post(
        day.url("scoring:event_scoring"), {"action": "start"}
    )
    assert response.status_code == 400
    assert "Make the timetable before scoring starts" in response.content.decode()


def test_marking_the_last_pending_conversation_missed_reveals(started: Day, staff_client) -> None:
    day = started
    client = staff_client(day.facilitator)
    for recruiter, candidate in ((day.amina, day.sam), (day.amina, day.priya), (day.bob, day.sam)):
        client.post(
            day.url("scoring:paper_sheet_entry", recruiter.pk, candidate.pk),
            day.answers(idempotency_key=str(uuid.uuid4())),
        )
    client.post(
        day.url("scoring:conversations"),
        {"recruiter": day.bob.pk, "candidate": day.priya.pk, "action": "missed"},
    )
    assert not is_revealed(day.event)

    client.post(
        day.url("scoring:conversations"),
        {"recruiter": day.chen.pk, "candidate": day.sam.pk, "action": "missed"},
    )

    assert is_revealed(day.event)
    html = client.get(day.url("scoring:conversations")).content.decode()
    assert "Did not happen" in html
    assert "(on paper)" in html


def test_a_conversation_with_a_sheet_cannot_be_marked_missed(started: Day, staff_client) -> None:
    day = started
    client = staff_client(day.facilitator)
    client.post(
        day.url("scoring:paper_sheet_entry", day.amina.pk, day.sam.pk),
        day.answers(idempotency_key=str(uuid.uuid4())),
    )
    response = client.post(
        day.url("scoring:conversations"),
        {"recruiter": day.amina.pk, "candidate": day.sam.pk, "action": "missed"},
    )
    assert response.status_code == 400
    assert "A score sheet was sent for this conversation" in response.content.decode()


def test_entering_a_paper_sheet_marks_the_audit_row_as_entered_on_paper_by_the_facilitator(
    started: Day, staff_client
) -> None:
    day = started
    client = staff_client(day.facilitator)
    url = day.url("scoring:paper_sheet_entry", day.bob.pk, day.sam.pk)
    page = client.get(url).content.decode()
    assert "Enter a paper score sheet" in page
    assert "Bob Jones for Sam" in page

    bad = client.post(url, day.answers(kindness=0))
    assert bad.status_code == 400
    assert "0 is not a score for Kindness" in bad.content.decode()

    answers = day.answers(idempotency_key=str(uuid.uuid4()))
    assert client.post(url, answers).status_code == 302
    assert client.post(url, answers).status_code == 302  # a double click saves it once

    sheet = ScoreSheet.objects.get(recruiter=day.bob, candidate=day.sam)
    assert sheet.entered_on_paper_by == day.facilitator
    row = AuditEvent.objects.get(action="score_sheet.entered_on_paper")
    assert (row.actor_kind, row.actor_id) == ("staff", day.facilitator.pk)
    assert (row.after or {})["entered_on_paper_by"] == day.facilitator.pk
    assert (row.target_type, row.target_id) == ("scoring.ScoreSheet", str(sheet.pk))
    again = client.post(url, day.answers(idempotency_key=str(uuid.uuid4())))
    assert again.status_code == 409
    assert "already sent a score sheet for this candidate" in again.content.decode()


def test_a_correction_is_typed_afresh_with_a_reason_and_audited_without_values_before_the_reveal(
    started: Day, staff_client, recruiter_client
) -> None:
    day = started
    amina = recruiter_client(day.amina)
    amina.post(
        reverse("scoring:recruiter_sheet", args=[day.sam.pk]),
        day.answers(4, 4, comment="SECRET-ORIGINAL", idempotency_key=str(uuid.uuid4())),
    )
    client = staff_client(day.facilitator)
    url = day.url("scoring:correct_sheet", day.amina.pk, day.sam.pk)
    page = client.get(url).content.decode()
    assert "SECRET-ORIGINAL" not in page
    assert "checked" not in page

    missing_reason = client.post(url, day.answers(2, 4))
    assert missing_reason.status_code == 400
    assert "Enter why this sheet is being corrected" in missing_reason.content.decode()

    response = client.post(url, day.answers(2, 4, comment="fixed", reason="Wrong box for kindness"))

    assert response.status_code == 302
    sheet = ScoreSheet.objects.get(recruiter=day.amina, candidate=day.sam)
    assert {s.criterion.name: s.value for s in sheet.scores.all()} == {
        "Kindness": 2,
        "Listening": 4,
    }
    correction = ScoreCorrection.objects.get()
    assert correction.before["scores"] == {"Kindness": 4, "Listening": 4}
    assert correction.after["scores"] == {"Kindness": 2, "Listening": 4}
    assert correction.reason == "Wrong box for kindness"
    row = AuditEvent.objects.get(action="score_sheet.corrected")
    assert (row.actor_kind, row.actor_id) == ("staff", day.facilitator.pk)
    assert row.before == {"sheet": sheet.pk}
    assert row.after == {
        "sheet": sheet.pk,
        "correction": correction.pk,
        "scores_changed": 1,
        "scores_hidden_until_the_reveal": True,
    }
    # The recruiter sees their own sheet as corrected, in the session that sent it.
    own = amina.get(reverse("scoring:recruiter_sheet", args=[day.sam.pk]))
    assert "2 – A little" in own.content.decode()


def test_a_correction_after_the_reveal_is_audited_with_before_and_after(
    started: Day, staff_client
) -> None:
    day = started
    client = staff_client(day.facilitator)
    client.post(
        day.url("scoring:paper_sheet_entry", day.amina.pk, day.sam.pk),
        day.answers(4, 4, idempotency_key=str(uuid.uuid4())),
    )
    close_scoring(event=day.event, reason="Time is up", actor=day.facilitator)

    client.post(
        day.url("scoring:correct_sheet", day.amina.pk, day.sam.pk),
        day.answers(3, 4, reason="Misread the paper"),
    )

    row = AuditEvent.objects.get(action="score_sheet.corrected")
    assert (row.before or {})["scores"] == {"Kindness": 4, "Listening": 4}
    assert (row.after or {})["scores"] == {"Kindness": 3, "Listening": 4}
    assert (row.after or {})["reason"]["field"] == "reason"
    assert "Misread" not in str(row.after)
    named = staff_client(day.auditor).get(day.url("scoring:named_sheets")).content.decode()
    assert "Misread the paper" in named


def _qr_code_on_first_page(pdf: bytes) -> str:
    """The address whose QR code is printed at the top right of page 1, found by comparing
    the printed modules with segno's for each address it could be (no QR decoder here)."""
    png = subprocess.run(
        ["pdftoppm", "-png", "-gray", "-r", "200", "-f", "1", "-l", "1", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    per_mm = 200 / 25.4
    # The QR sits in the top-right 30 mm square inside the 12 mm margins.
    box = (int(165 * per_mm), int(10 * per_mm), int(200 * per_mm), int(43 * per_mm))
    region = image.crop(box).point(lambda value: 255 if value < 128 else 0)
    left, top, right, bottom = region.getbbox() or (0, 0, 0, 0)
    return _matching_address(region, (left, top, right, bottom))


def _matching_address(region, bbox) -> str:
    left, top, right, _bottom = bbox
    import segno

    for address in _CANDIDATE_ADDRESSES:
        matrix = segno.make(address, error="m").matrix
        modules = len(matrix)
        size = (right - left) / modules
        wrong = sum(
            (region.getpixel((int(left + (x + 0.5) * size), int(top + (y + 0.5) * size))) > 0)
            != bool(matrix[y][x])
            for y in range(modules)
            for x in range(modules)
        )
        if wrong <= modules * modules // 50:
            return address
    return ""


_CANDIDATE_ADDRESSES: list[str] = []


def test_paper_sheets_print_with_names_criteria_and_a_qr_code(started: Day, staff_client) -> None:
    day = started
    response = staff_client(day.facilitator).get(day.url("scoring:paper_sheets_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert text.count("Score sheet for") == 5  # one page per sheet owed; Chen knows Priya
    assert "Recruiter: Amina Hassan" in text
    assert "Score sheet for Sam" in text
    assert "Kindness" in text
    assert "Warm with everyone" in text
    assert "4 – Good" in text
    assert "Would you feel comfortable introducing this candidate" in text
    entry = day.url("scoring:paper_sheet_entry", day.amina.pk, day.sam.pk)
    _CANDIDATE_ADDRESSES[:] = [
        "http://testserver" + day.url("scoring:paper_sheet_entry", recruiter.pk, candidate.pk)
        for recruiter in (day.amina, day.bob, day.chen)
        for candidate in (day.sam, day.priya)
    ]
    assert entry in text.replace("\n", "")
    # Page 1 is Amina's sheet for Priya (by recruiter, then candidate): its QR leads there.
    first = day.url("scoring:paper_sheet_entry", day.amina.pk, day.priya.pk)
    assert _qr_code_on_first_page(response.content) == "http://testserver" + first
    one = staff_client(day.facilitator).get(
        day.url("scoring:recruiter_paper_sheets_pdf", day.chen.pk)
    )
    one_text = subprocess.run(
        ["pdftotext", "-", "-"], input=one.content, capture_output=True, check=True
    ).stdout.decode()
    assert one_text.count("Score sheet for") == 1
    assert "Chen Wei" in one_text


def test_permissions_other_organisation_404_auditor_cannot_post_wrong_role_403(
    started: Day, staff_client
) -> None:
    day = started
    stranger = staff_member(OrganisationFactory.create(), Role.FACILITATOR)
    panel = staff_member(day.event.organisation, Role.INTERVIEW_PANEL)
    urls = [
        day.url("scoring:event_scoring"),
        day.url("scoring:conversations"),
        day.url("scoring:spread"),
        day.url("scoring:paper_sheet_entry", day.amina.pk, day.sam.pk),
        day.url("scoring:paper_sheets_pdf"),
        day.url("scoring:close"),
    ]
    for url in urls:
        assert staff_client(stranger).get(url).status_code == 404, url
        assert staff_client(panel).get(url).status_code == 403, url
    auditor = staff_client(day.auditor)
    assert auditor.post(day.url("scoring:event_scoring"), {"action": "reveal"}).status_code == 403
    assert auditor.post(day.url("scoring:close"), {"reason": "x"}).status_code == 403
    assert (
        auditor.post(
            day.url("scoring:conversations"),
            {"recruiter": day.bob.pk, "candidate": day.sam.pk, "action": "missed"},
        ).status_code
        == 403
    )
    assert (
        auditor.post(
            day.url("scoring:paper_sheet_entry", day.amina.pk, day.sam.pk), day.answers()
        ).status_code
        == 403
    )
    assert not ScoreSheet.objects.exists()
    assert not ScoringRound.objects.filter(closed_at__isnull=False).exists()
    # Another organisation's staff cannot reach this event even through their own slug.
    other_url = reverse(
        "scoring:event_scoring", args=[stranger.memberships.get().organisation.slug, day.event.pk]
    )
    assert staff_client(stranger).get(other_url).status_code == 404


def test_the_facilitator_reveals_when_nothing_is_pending_without_a_last_sheet(
    started: Day, staff_client
) -> None:
    day = started
    client = staff_client(day.facilitator)
    refused = client.post(day.url("scoring:event_scoring"), {"action": "reveal"})
    assert refused.status_code == 400
    assert "Some score sheets are still pending" in refused.content.decode()
    assert not is_revealed(day.event)

    # A new timetable with no conversations: nothing is owed, so nothing is pending.
    TimetableFactory.create(event=day.event, version=2, conversations=[])
    assert "Reveal the scores" in client.get(day.url("scoring:event_scoring")).content.decode()
    assert client.post(day.url("scoring:event_scoring"), {"action": "reveal"}).status_code == 302
    assert is_revealed(day.event)
