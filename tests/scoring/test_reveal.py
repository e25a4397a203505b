"""Hidden until the reveal: no score value for anyone, anywhere, until no sheet is pending or
scoring is closed with a reason; then the anonymised spread, and names for auditors only."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.accounts.models import User
from coappoint.audit.models import AuditEvent
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.recruiters.services import declare_conflicts
from coappoint.reveal.queries import ScoresHidden
from coappoint.scoring.models import Comfortable, ScoreSheet, ScoringRound
from coappoint.scoring.queries import (
    get_score_spread,
    get_sheets_owed,
    is_owed,
    is_revealed,
    list_named_sheets,
)
from coappoint.scoring.services import (
    ScoringNotPossible,
    SheetAnswers,
    close_scoring,
    correct_score_sheet,
    enter_paper_sheet,
    mark_conversation_missed,
    submit_score_sheet,
)
from tests.factories import CandidateListPublicationFactory, UserFactory
from tests.scoring.conftest import Day

pytestmark = pytest.mark.django_db

# Words that only a sheet's content could put on a page: each comment names its sheet.
SECRET = "SECRET-COMMENT"


def _send(day: Day, recruiter: CommunityRecruiter, candidate, kindness: int, listening: int):
    return submit_score_sheet(
        recruiter=recruiter,
        candidate=candidate,
        answers=SheetAnswers(
            scores={day.kindness.pk: kindness, day.listening.pk: listening},
            comfortable=Comfortable.NOT_SURE,
            comment=f"{SECRET} {recruiter.full_name} on {candidate.first_name}",
        ),
        idempotency_key=uuid.uuid4(),
    )


def _all_but_the_last(day: Day) -> None:
    _send(day, day.amina, day.sam, 4, 3)
    _send(day, day.amina, day.priya, 2, 5)
    _send(day, day.bob, day.sam, 4, 1)
    _send(day, day.bob, day.priya, 3, 3)


def _staff_pages(day: Day) -> list[str]:
    return [
        day.url("scoring:event_scoring"),
        day.url("scoring:conversations"),
        day.url("scoring:spread"),
        day.url("scoring:named_sheets"),
        day.url("scoring:named_sheets_csv"),
        day.url("scoring:correct_sheet", day.amina.pk, day.sam.pk),
        day.url("scoring:paper_sheet_entry", day.chen.pk, day.sam.pk),
        reverse("audit:list", args=[day.event.organisation.slug]),
    ]


def _shows_no_values(html: str, *, has_form: bool = False) -> None:
    assert SECRET not in html
    assert "Median" not in html  # the spread's table
    if not has_form:
        assert "Not sure" not in html  # every sheet answered "not sure"


def _audit_rows_hold_no_values() -> None:
    """No audit row names a criterion next to a value, nor holds a comment or an answer."""
    for row in AuditEvent.objects.exclude(action="criteria.locked"):
        text = json.dumps([row.before, row.after, row.target_type, row.target_id])
        assert SECRET not in text, row.action
        assert "Kindness" not in text, row.action
        assert "Listening" not in text, row.action
        assert "not_sure" not in text, row.action


def test_before_the_reveal_no_role_sees_any_value_on_any_page_export_or_audit_row(
    started: Day,
    staff_client: Callable[[User], Client],
    recruiter_client: Callable[[CommunityRecruiter], Client],
) -> None:
    day = started
    _send(day, day.amina, day.sam, 4, 3)
    _send(day, day.amina, day.priya, 2, 5)
    _send(day, day.bob, day.sam, 4, 1)
    bob = recruiter_client(day.bob)  # Bob sends his sheet for Priya from his own phone
    bob.post(
        reverse("scoring:recruiter_sheet", args=[day.priya.pk]),
        day.answers(
            3, 3, comment=f"{SECRET} Bob Jones on Priya", idempotency_key=str(uuid.uuid4())
        ),
    )
    assert not is_revealed(day.event)

    for user in (day.facilitator, day.manager, day.auditor):
        client = staff_client(user)
        for url in _staff_pages(day):
            response = client.get(url)
            assert response.status_code in (200, 403), (url, response.status_code)
            _shows_no_values(
                response.content.decode(), has_form="/scoring/paper" in url or "/correct/" in url
            )
    auditor = staff_client(day.auditor)
    assert auditor.get(day.url("scoring:spread")).status_code == 403
    assert auditor.get(day.url("scoring:named_sheets_csv")).status_code == 403
    assert "hidden until the reveal" in auditor.get(day.url("scoring:spread")).content.decode()

    # Chen still owes his sheet; he sees nobody else's on any of his pages.
    chen = recruiter_client(day.chen)
    _shows_no_values(chen.get(reverse("scoring:recruiter_sheets")).content.decode())
    chen_form = chen.get(reverse("scoring:recruiter_sheet", args=[day.sam.pk])).content.decode()
    _shows_no_values(chen_form, has_form=True)
    # Bob sees his own sheet in the session that sent it, never Amina's.
    bob_page = bob.get(reverse("scoring:recruiter_sheet", args=[day.priya.pk]))
    assert f"{SECRET} Bob Jones on Priya" in bob_page.content.decode()
    assert "Amina" not in bob_page.content.decode()
    # In any other session (a new code, whoever asked for it) he sees only when he sent it.
    for candidate in (day.sam, day.priya):
        page = recruiter_client(day.bob).get(
            reverse("scoring:recruiter_sheet", args=[candidate.pk])
        )
        assert "Sent at" in page.content.decode()
        _shows_no_values(page.content.decode())

    _audit_rows_hold_no_values()
    with pytest.raises(ScoresHidden):
        get_score_spread(day.event)
    with pytest.raises(ScoresHidden):
        list_named_sheets(day.event)


def test_the_pending_page_names_who_is_pending_and_how_many_never_values(
    started: Day, staff_client
) -> None:
    day = started
    _send(day, day.amina, day.sam, 4, 3)

    html = staff_client(day.facilitator).get(day.url("scoring:event_scoring")).content.decode()
    pending = html.split('id="pending"')[1].split("</table>")[0]

    assert "Amina Hassan" in pending
    assert "Bob Jones" in pending
    assert "Chen Wei" in pending
    assert [row.pending_count for row in _pending(day)] == [1, 2, 1]
    assert "1 of 5 score sheets sent" in html
    _shows_no_values(html)


def _pending(day: Day):
    from coappoint.scoring.queries import list_pending_recruiters

    return list_pending_recruiters(day.event)


def test_the_last_sheet_reveals_the_anonymised_spread_to_facilitator_and_manager(
    started: Day, staff_client
) -> None:
    day = started
    _all_but_the_last(day)
    _send(day, day.chen, day.sam, 5, 2)

    assert is_revealed(day.event)
    assert AuditEvent.objects.filter(action="scoring.revealed").count() == 1
    spread = get_score_spread(day.event)
    sam = next(c for c in spread.candidates if c.candidate_name == "Sam")
    kindness = next(c for c in sam.criteria if c.criterion == "Kindness")
    assert [(count.point, count.count) for count in kindness.counts] == [
        (1, 0),
        (2, 0),
        (3, 0),
        (4, 2),
        (5, 1),
    ]
    assert str(kindness.median) == "4.0"
    for user in (day.facilitator, day.manager, day.auditor):
        response = staff_client(user).get(day.url("scoring:spread"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "4 – Good" in html
        assert "Median" in html
        for name in ("Amina", "Bob Jones", "Chen", SECRET):
            assert name not in html  # anonymised: no recruiter, no comment


def test_after_the_reveal_auditors_get_names_and_the_csv_others_do_not(
    started: Day, staff_client
) -> None:
    day = started
    _all_but_the_last(day)
    _send(day, day.chen, day.sam, 5, 2)

    auditor = staff_client(day.auditor)
    page = auditor.get(day.url("scoring:named_sheets")).content.decode()
    assert "Amina Hassan for Sam" in page
    assert f"{SECRET} Chen Wei on Sam" in page
    csv = auditor.get(day.url("scoring:named_sheets_csv"))
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("Candidate,Recruiter,Kindness,Listening")
    assert any(line.startswith("Sam,Chen Wei,5,2,Not sure,") for line in lines)
    for user in (day.facilitator, day.manager):
        assert staff_client(user).get(day.url("scoring:named_sheets")).status_code == 403
        assert staff_client(user).get(day.url("scoring:named_sheets_csv")).status_code == 403


def test_closing_with_a_reason_reveals_what_was_sent(started: Day, staff_client) -> None:
    day = started
    _send(day, day.amina, day.sam, 4, 3)
    client = staff_client(day.facilitator)

    refused = client.post(day.url("scoring:close"), {"reason": ""})
    assert refused.status_code == 400
    assert "Enter why you are closing scoring" in refused.content.decode()
    assert not is_revealed(day.event)

    response = client.post(day.url("scoring:close"), {"reason": "Bob and Chen had to leave"})

    assert response.status_code == 302
    assert is_revealed(day.event)
    scoring_round = ScoringRound.objects.get(event=day.event)
    assert scoring_round.close_reason == "Bob and Chen had to leave"
    row = AuditEvent.objects.get(action="scoring.closed")
    assert row.after == {
        "reason": {
            "text_on": "scoring.ScoringRound",
            "id": scoring_round.pk,
            "field": "close_reason",
        },
        "sheets_still_pending": 4,
    }
    html = client.get(day.url("scoring:spread")).content.decode()
    assert "1 of 5 score sheets sent" in html
    assert "Bob and Chen had to leave" in html
    named = staff_client(day.auditor).get(day.url("scoring:named_sheets")).content.decode()
    assert f"{SECRET} Amina Hassan on Sam" in named


def test_the_admin_never_shows_a_value_before_or_after_the_reveal(started: Day) -> None:
    day = started
    sheet, _created = _send(day, day.amina, day.sam, 4, 3)
    correct_score_sheet(
        event=day.event,
        recruiter=day.amina,
        candidate=day.sam,
        answers=SheetAnswers(
            scores={day.kindness.pk: 2, day.listening.pk: 2},
            comfortable=Comfortable.NOT_SURE,
            comment=f"{SECRET} corrected",
        ),
        reason="Ticked the wrong box",
        actor=day.facilitator,
    )
    admin = Client()
    admin.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    pages = [
        "/support/admin/scoring/scoresheet/",
        f"/support/admin/scoring/scoresheet/{sheet.pk}/change/",
        "/support/admin/audit/auditevent/",
        *(
            f"/support/admin/audit/auditevent/{pk}/change/"
            for pk in AuditEvent.objects.values_list("pk", flat=True)
        ),
    ]
    for url in pages:
        response = admin.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert SECRET not in html, url
        assert "Ticked the wrong box" not in html, url
        assert "Not sure" not in html, url
    assert admin.get("/support/admin/scoring/score/").status_code == 404
    assert admin.get("/support/admin/scoring/scorecorrection/").status_code == 404


def test_a_paper_sheet_entered_before_the_reveal_leaves_no_value_in_the_audit_log(
    started: Day,
) -> None:
    day = started
    enter_paper_sheet(
        event=day.event,
        recruiter=day.bob,
        candidate=day.sam,
        answers=SheetAnswers(
            scores={day.kindness.pk: 1, day.listening.pk: 5},
            comfortable=Comfortable.NOT_SURE,
            comment=f"{SECRET} from paper",
        ),
        idempotency_key=uuid.uuid4(),
        actor=day.facilitator,
    )
    _audit_rows_hold_no_values()


def _everything(day: Day) -> None:
    _all_but_the_last(day)
    _send(day, day.chen, day.sam, 5, 2)


def test_no_sheet_is_accepted_after_the_reveal_even_one_owed_since(
    started: Day, recruiter_client
) -> None:
    day = started
    _everything(day)
    assert is_revealed(day.event)
    # After the reveal Chen corrects his declaration: he does not know Priya after all, so a
    # sheet for her is owed. Written once the group has seen the spread, it would not be
    # independent: it is refused.
    CandidateListPublicationFactory.create(event=day.event)
    declare_conflicts(recruiter=day.chen, known={})
    assert is_owed(day.event, day.chen.pk, day.priya.pk)

    chen = recruiter_client(day.chen)
    page = chen.get(reverse("scoring:recruiter_sheet", args=[day.priya.pk]))
    assert "Scoring has closed" in page.content.decode()
    refused = chen.post(
        reverse("scoring:recruiter_sheet", args=[day.priya.pk]),
        day.answers(idempotency_key=str(uuid.uuid4())),
    )
    assert refused.status_code == 409
    assert "Scoring has closed" in refused.content.decode()
    with pytest.raises(ScoringNotPossible, match="the scores are revealed"):
        _send(day, day.chen, day.priya, 3, 3)
    with pytest.raises(ScoringNotPossible, match="the scores are revealed"):
        enter_paper_sheet(
            event=day.event,
            recruiter=day.chen,
            candidate=day.priya,
            answers=SheetAnswers(
                scores={day.kindness.pk: 3, day.listening.pk: 3},
                comfortable=Comfortable.YES,
                comment="",
            ),
            idempotency_key=uuid.uuid4(),
            actor=day.facilitator,
        )
    assert not ScoreSheet.objects.filter(recruiter=day.chen, candidate=day.priya).exists()
    assert AuditEvent.objects.filter(action="scoring.revealed").count() == 1


def test_scoring_cannot_be_closed_after_the_reveal(started: Day, staff_client) -> None:
    day = started
    _everything(day)
    client = staff_client(day.facilitator)

    page = client.get(day.url("scoring:event_scoring")).content.decode()
    assert "Every score sheet is in. The scores are revealed." in page
    assert "Close scoring with a reason" not in page
    assert client.get(day.url("scoring:close")).status_code == 404
    assert client.post(day.url("scoring:close"), {"reason": "Too late"}).status_code == 404
    with pytest.raises(ScoringNotPossible, match="the scores are revealed"):
        close_scoring(event=day.event, reason="Too late", actor=day.facilitator)
    scoring_round = ScoringRound.objects.get(event=day.event)
    assert (scoring_round.closed_at, scoring_round.close_reason) == (None, "")
    assert not AuditEvent.objects.filter(action="scoring.closed").exists()


def test_with_no_sheet_in_nothing_reveals_by_itself_and_the_facilitator_may_reveal(
    started: Day, staff_client
) -> None:
    day = started
    client = staff_client(day.facilitator)
    for recruiter, candidate in (
        (day.amina, day.sam),
        (day.amina, day.priya),
        (day.bob, day.sam),
        (day.bob, day.priya),
        (day.chen, day.sam),
    ):
        mark_conversation_missed(
            event=day.event, recruiter=recruiter, candidate=candidate, actor=day.facilitator
        )
    assert get_sheets_owed(day.event).nothing_pending
    assert not is_revealed(day.event)

    page = client.get(day.url("scoring:event_scoring")).content.decode()
    assert "Reveal the scores" in page
    assert client.post(day.url("scoring:event_scoring"), {"action": "reveal"}).status_code == 302

    assert is_revealed(day.event)
    row = AuditEvent.objects.get(action="scoring.revealed")
    assert (row.actor_kind, row.actor_id) == ("staff", day.facilitator.pk)
    assert row.after == {"because": "no sheet is pending; revealed by staff", "sheets_sent": 0}
    assert get_score_spread(day.event).candidates == ()
