"""A recruiter sees their own sent sheet only in the browser session that sent it, until the
reveal: a session opened later, from a link or code that staff issued perhaps, sees only when."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.accounts.models import User
from coappoint.audit.models import AuditEvent
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.scoring.models import Comfortable, ScoreSheet
from coappoint.scoring.queries import get_own_sheet, is_revealed
from coappoint.scoring.services import SheetAnswers, close_scoring, submit_score_sheet
from coappoint.signin.services import issue_access_code
from tests.scoring.conftest import Day

pytestmark = pytest.mark.django_db

SECRET = "SECRET-OWN-COMMENT"


def _sheet_url(candidate) -> str:
    return reverse("scoring:recruiter_sheet", args=[candidate.pk])


def _send(client: Client, day: Day, candidate, **answers: str) -> None:
    response = client.post(
        _sheet_url(candidate),
        day.answers(5, 1, comment=SECRET, idempotency_key=str(uuid.uuid4()), **answers),
    )
    assert response.status_code == 302


def _signed_in_by_staff(recruiter: CommunityRecruiter, staff: User) -> Client:
    """A browser signed in with a code a staff member issued (and so could have used)."""
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=staff
    ).code
    client = Client()
    assert client.post(reverse("signin:code"), {"code": code}).status_code == 302
    return client


def _shows_values(html: str) -> bool:
    return SECRET in html or "5 – Excellent" in html or "govuk-summary-list" in html


def test_the_sending_session_sees_the_values_and_a_session_staff_opened_sees_only_when(
    started: Day, recruiter_client
) -> None:
    day = started
    phone = recruiter_client(day.amina)
    _send(phone, day, day.sam)

    own = phone.get(_sheet_url(day.sam)).content.decode()
    assert _shows_values(own)
    assert SECRET in own

    # The facilitator issues a fresh code and opens it in another browser: the attack.
    other = _signed_in_by_staff(day.amina, day.facilitator)
    page = other.get(_sheet_url(day.sam))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sent at" in html
    assert not _shows_values(html)
    assert "shown only on the phone or computer you sent them from" in html
    # The phone that sent it still shows it: a new sign-in elsewhere does not end it.
    assert SECRET in phone.get(_sheet_url(day.sam)).content.decode()


def test_a_new_sign_in_on_the_same_phone_is_another_session_too(
    started: Day, recruiter_client, sign_in_recruiter
) -> None:
    day = started
    phone = recruiter_client(day.amina)
    _send(phone, day, day.sam)

    sign_in_recruiter(phone, day.amina)  # signing in again starts a new session

    assert not _shows_values(phone.get(_sheet_url(day.sam)).content.decode())


def test_the_offline_queue_sending_again_from_the_same_browser_still_answers_as_sent(
    started: Day, recruiter_client
) -> None:
    day = started
    phone = recruiter_client(day.amina)
    answers = day.answers(comment=SECRET, idempotency_key=str(uuid.uuid4()))

    assert phone.post(_sheet_url(day.sam), answers).status_code == 302
    assert phone.post(_sheet_url(day.sam), answers).status_code == 302

    assert ScoreSheet.objects.count() == 1
    assert SECRET in phone.get(_sheet_url(day.sam)).content.decode()


def test_after_the_reveal_the_recruiter_sees_their_own_sheet_in_any_session(
    started: Day, recruiter_client
) -> None:
    day = started
    _send(recruiter_client(day.amina), day, day.sam)
    close_scoring(event=day.event, reason="Time is up", actor=day.facilitator)
    assert is_revealed(day.event)

    assert SECRET in recruiter_client(day.amina).get(_sheet_url(day.sam)).content.decode()


def test_a_sheet_sent_from_a_session_staff_issued_says_so_in_its_audit_row(
    started: Day, recruiter_client
) -> None:
    day = started
    _send(_signed_in_by_staff(day.amina, day.manager), day, day.sam)
    _send(recruiter_client(day.bob), day, day.sam)  # Bob's code was not issued by staff

    rows = {
        row.actor_id: row.after or {}
        for row in AuditEvent.objects.filter(action="score_sheet.submitted", actor_kind="recruiter")
    }
    assert rows[day.amina.pk]["sent_from_a_session_staff_issued"] is True
    assert rows[day.bob.pk]["sent_from_a_session_staff_issued"] is False


def test_a_paper_sheet_is_shown_back_to_nobody_before_the_reveal(
    started: Day, staff_client, recruiter_client
) -> None:
    day = started
    facilitator = staff_client(day.facilitator)
    entry = day.url("scoring:paper_sheet_entry", day.chen.pk, day.sam.pk)
    entered = facilitator.post(
        entry, day.answers(5, 1, comment=SECRET, idempotency_key=str(uuid.uuid4()))
    )
    assert entered.status_code == 302

    for url in (entry, day.url("scoring:correct_sheet", day.chen.pk, day.sam.pk)):
        html = facilitator.get(url).content.decode()
        assert SECRET not in html, url
        assert "checked" not in html, url
    chen = recruiter_client(day.chen).get(_sheet_url(day.sam)).content.decode()
    assert "Sent at" in chen
    assert not _shows_values(chen)


def test_a_sheet_sent_without_a_browser_session_matches_no_session(started: Day) -> None:
    day = started
    submit_score_sheet(
        recruiter=day.amina,
        candidate=day.sam,
        answers=SheetAnswers(
            scores={day.kindness.pk: 4, day.listening.pk: 4},
            comfortable=Comfortable.YES,
            comment=SECRET,
        ),
        idempotency_key=uuid.uuid4(),
    )

    own = get_own_sheet(day.amina, day.sam, session_mark="")
    assert own is not None
    assert own.sheet is None
