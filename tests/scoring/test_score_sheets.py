"""A recruiter's private score sheets: owed by the timetable, checked on the scale, locked."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.scoring.models import Score, ScoreSheet
from coappoint.scoring.queries import get_sheets_owed, list_recruiter_sheets
from coappoint.scoring.services import mark_conversation_missed
from coappoint.timetables.models import Conversation
from tests.scoring.conftest import Day

pytestmark = pytest.mark.django_db


def _sheet_url(candidate) -> str:
    return reverse("scoring:recruiter_sheet", args=[candidate.pk])


def test_sheets_owed_follow_the_timetable_less_conflicts_and_missed_conversations(
    started: Day,
) -> None:
    day = started
    mark_conversation_missed(
        event=day.event, recruiter=day.bob, candidate=day.priya, actor=day.facilitator
    )

    pending = get_sheets_owed(day.event).pending_by_scorer

    assert pending == {
        day.amina.pk: tuple(sorted([day.sam.pk, day.priya.pk])),
        day.bob.pk: (day.sam.pk,),
        day.chen.pk: (day.sam.pk,),  # he knows Priya, so never scores her
    }
    assert [s.candidate_name for s in list_recruiter_sheets(day.chen)] == ["Sam"]
    assert AuditEvent.objects.filter(action="conversation.marked_missed").count() == 1


def test_the_recruiters_list_shows_only_candidates_they_spoke_with(started, recruiter_client):
    page = recruiter_client(started.chen).get(reverse("scoring:recruiter_sheets"))
    html = page.content.decode()
    assert "Score Sam" in html
    assert "Priya" not in html


def test_before_scoring_starts_the_recruiter_is_told_to_wait(day: Day, recruiter_client) -> None:
    client = recruiter_client(day.amina)
    assert (
        "Scoring has not started yet"
        in client.get(reverse("scoring:recruiter_sheets")).content.decode()
    )
    assert client.get(_sheet_url(day.sam)).status_code == 404


def test_the_sheet_shows_each_criterion_with_its_hint_and_labelled_scale_and_the_offline_contract(
    started: Day, recruiter_client
) -> None:
    html = recruiter_client(started.amina).get(_sheet_url(started.sam)).content.decode()
    assert "Kindness" in html
    assert "Warm with everyone, not only with the recruiters." in html
    assert "4 – Good" in html
    assert "1 – No evidence" in html
    assert "Would you feel comfortable introducing this candidate to a friend or neighbour" in html
    assert "data-offline-queue" in html
    assert 'data-offline-kind="score sheet"' in html
    key = html.split('name="idempotency_key" value="')[1].split('"')[0]
    assert uuid.UUID(key).version == 4


def test_a_recruiter_sends_a_sheet_and_it_is_saved_with_every_score(started, recruiter_client):
    day = started
    client = recruiter_client(day.amina)
    key = str(uuid.uuid4())

    response = client.post(
        _sheet_url(day.sam), day.answers(5, 2, comment="Kind to everyone", idempotency_key=key)
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("scoring:recruiter_sheets")
    sheet = ScoreSheet.objects.get(recruiter=day.amina, candidate=day.sam)
    assert str(sheet.idempotency_key) == key
    assert {s.criterion.name: s.value for s in sheet.scores.all()} == {
        "Kindness": 5,
        "Listening": 2,
    }
    assert sheet.comment == "Kind to everyone"
    assert sheet.comfortable == "yes"


def test_a_score_off_the_scale_is_refused_naming_the_quality_and_the_value(
    started, recruiter_client
):
    day = started
    response = recruiter_client(day.amina).post(_sheet_url(day.sam), day.answers(kindness=9))

    html = response.content.decode()
    assert response.status_code == 400
    assert "9 is not a score for Kindness. Select a score from 1 to 5" in html
    assert "There is a problem" in html
    assert not ScoreSheet.objects.exists()


def test_a_missing_criterion_is_refused_naming_the_quality(started, recruiter_client) -> None:
    day = started
    answers = day.answers(comment="kept when refused")
    del answers[f"criterion_{day.listening.pk}"]

    response = recruiter_client(day.amina).post(_sheet_url(day.sam), answers)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Select a score for Listening" in html
    assert "kept when refused" in html  # what was typed is kept
    assert not ScoreSheet.objects.exists()


def test_a_repeated_idempotency_key_creates_exactly_one_sheet_and_answers_as_success(
    started, recruiter_client
):
    day = started
    client = recruiter_client(day.amina)
    answers = day.answers(idempotency_key=str(uuid.uuid4()))

    first = client.post(_sheet_url(day.sam), answers)
    again = client.post(_sheet_url(day.sam), answers)

    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert ScoreSheet.objects.count() == 1
    assert Score.objects.count() == 2
    assert AuditEvent.objects.filter(action="score_sheet.submitted").count() == 1


def test_a_sent_sheet_is_locked_a_second_different_sheet_is_refused(started, recruiter_client):
    day = started
    client = recruiter_client(day.amina)
    client.post(_sheet_url(day.sam), day.answers(4, 4, idempotency_key=str(uuid.uuid4())))

    second = client.post(_sheet_url(day.sam), day.answers(1, 1, idempotency_key=str(uuid.uuid4())))

    assert second.status_code == 409
    assert "You have already sent your score sheet for Sam" in second.content.decode()
    assert sorted(Score.objects.values_list("value", flat=True)) == [4, 4]
    page = client.get(_sheet_url(day.sam)).content.decode()
    assert "It is locked: to change it, ask the facilitator." in page
    assert "<form" not in page.split("govuk-main-wrapper")[1].split("</main>")[0]


def test_a_recruiter_cannot_score_a_candidate_they_did_not_talk_with(started, recruiter_client):
    day = started
    mark_conversation_missed(
        event=day.event, recruiter=day.amina, candidate=day.priya, actor=day.facilitator
    )
    client = recruiter_client(day.chen)
    assert client.get(_sheet_url(day.priya)).status_code == 404  # he knows her
    assert client.post(_sheet_url(day.priya), day.answers()).status_code == 404
    assert recruiter_client(day.amina).get(_sheet_url(day.priya)).status_code == 404
    assert not ScoreSheet.objects.exists()
    assert Conversation.objects.filter(status=Conversation.Status.DID_NOT_HAPPEN).count() == 1


def test_a_recruiter_of_another_event_is_refused(started, recruiter_client) -> None:
    from coappoint.scoring.services import start_scoring
    from tests.scoring.conftest import make_day

    other = make_day()
    start_scoring(event=other.event, actor=other.facilitator)
    client = recruiter_client(other.amina)

    assert client.get(_sheet_url(started.sam)).status_code == 404
    assert client.post(_sheet_url(started.sam), started.answers()).status_code == 404
    assert not ScoreSheet.objects.exists()


def test_staff_pages_are_not_for_recruiters(started, recruiter_client) -> None:
    client = recruiter_client(started.amina)
    for name in ("scoring:event_scoring", "scoring:spread", "scoring:conversations"):
        assert client.get(started.url(name)).status_code == 404


def test_after_scoring_is_closed_a_recruiter_cannot_send_but_a_repeat_still_succeeds(
    started, recruiter_client
):
    from coappoint.scoring.services import close_scoring

    day = started
    client = recruiter_client(day.amina)
    answers = day.answers(idempotency_key=str(uuid.uuid4()))
    client.post(_sheet_url(day.sam), answers)
    close_scoring(event=day.event, reason="Bob had to leave", actor=day.facilitator)

    assert client.post(_sheet_url(day.sam), answers).status_code == 302
    refused = client.post(_sheet_url(day.priya), day.answers(idempotency_key=str(uuid.uuid4())))
    assert refused.status_code == 409
    assert "Scoring has closed" in refused.content.decode()
    assert ScoreSheet.objects.count() == 1


def test_a_recruiter_who_withdraws_after_sending_a_sheet_keeps_it_counted_and_owes_no_more(
    started, recruiter_client
):
    from coappoint.scoring.queries import get_sheets_owed
    from coappoint.timetables.models import Timetable
    from coappoint.timetables.services import withdraw_recruiter

    day = started
    client = recruiter_client(day.amina)
    owed_before = [p for p in get_sheets_owed(day.event).owed if p.scorer == day.amina.pk]
    assert len(owed_before) == 2
    assert client.post(_sheet_url(day.sam), day.answers(4, 4)).status_code == 302
    versions = Timetable.objects.filter(event=day.event).count()

    withdraw_recruiter(recruiter=day.amina, actor=day.amina)

    owed = get_sheets_owed(day.event)
    assert [p.candidate for p in owed.submitted if p.scorer == day.amina.pk] == [day.sam.pk]
    assert day.amina.pk not in owed.pending_by_scorer
    # Scoring has begun: the conversations are history and the plan is not changed.
    assert Timetable.objects.filter(event=day.event).count() == versions
    refused = client.post(_sheet_url(day.priya), day.answers(3, 3))
    assert refused.status_code in (400, 403, 404)
    assert not ScoreSheet.objects.filter(recruiter=day.amina, candidate=day.priya).exists()
