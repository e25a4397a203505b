"""Making the timetable from the event's people, showing it in plain words, and printing it."""

from __future__ import annotations

import datetime
import re
import subprocess
from html import unescape
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.candidates.models import AdjustmentRequest
from coappoint.events.models import AgendaBlockKind, Event, Meetings
from coappoint.events.people_keys import candidate_key, recruiter_key
from coappoint.events.services import EventPlan, create_event
from coappoint.jobs.models import Job
from coappoint.organisations.models import Role
from coappoint.signin.services import SYSTEM, issue_access_code
from coappoint.timetables.models import Timetable
from coappoint.timetables.planning import build_timetable_input
from coappoint.timetables.services import make_timetable
from coappoint.timetables.tasks import make_timetable_task
from tests.factories import (
    CampaignFactory,
    CandidateFactory,
    ConflictFactory,
    EventFactory,
    OrganisationFactory,
    RecruiterFactory,
    TimetableFactory,
    conversation_slots,
    staff_member,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db


def _event(**plan_changes) -> Event:
    """An event with the usual agenda: the conversations run 12:05-13:35, nine 10-minute slots."""
    campaign = CampaignFactory.create()
    plan = {
        "name": "Northfield day",
        "date": datetime.date(2026, 12, 12),
        "venue_name": "Northfield Community Centre",
        "venue_address": "1 High Street",
        "access_information": "",
        "tables": 2,
        "interpreters": {"ar": 1},
        "conversation_minutes": 10,
        "most_conversations_in_a_row": 3,
        "meetings": Meetings.ALL,
        "recruiters_per_candidate": None,
        **plan_changes,
    }
    return create_event(
        organisation=campaign.organisation,
        campaign=campaign,
        plan=EventPlan(**plan),
        actor=staff_member(campaign.organisation, Role.PROGRAMME_MANAGER),
    )


def _candidate(event: Event, first_name: str, last_name: str, language: str = ""):
    candidate = CandidateFactory.create(
        campaign=event.campaign, first_name=first_name, last_name=last_name
    )
    event.candidates.add(candidate)
    if language:
        AdjustmentRequest.objects.create(
            organisation=event.organisation, candidate=candidate, interpreter_language=language
        )
    return candidate


def _signed_in(client: Client, event: Event, *roles: Role):
    user = staff_member(event.organisation, *roles)
    client.force_login(user)
    return user


def _make(client: Client, event: Event) -> _MonkeyPatchedWSGIResponse:
    """Press "Make the timetable"; the task it queues runs when the request's transaction
    commits (the test settings' immediate backend), as the worker would run it."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_timetable_url(event))
    return response


def _timetable_url(event: Event, name: str = "timetables:timetable", *more) -> str:
    return reverse(name, args=[event.organisation.slug, event.pk, *more])


def _conversations(timetable: Timetable) -> list[dict[str, Any]]:
    return [
        {**conversation, "slot": slot}
        for slot, conversations in enumerate(conversation_slots(timetable))
        for conversation in conversations
    ]


@pytest.fixture
def northfield() -> Event:
    """Sam A. and Amina need Arabic; Carl arrives late and Dee leaves early."""
    event = _event()
    _candidate(event, "Sam", "Ahmed", language="ar")
    _candidate(event, "Sam", "Brown")
    _candidate(event, "Tom", "Clark")
    RecruiterFactory.create(event=event, full_name="Amina Hassan", interpreter_language="ar")
    RecruiterFactory.create(event=event, full_name="Bea Jones")
    RecruiterFactory.create(
        event=event, full_name="Carl Diaz", available_from=datetime.time(12, 25)
    )
    RecruiterFactory.create(
        event=event, full_name="Dee Evans", available_until=datetime.time(12, 35)
    )
    return event


def test_the_solver_input_carries_people_languages_availability_and_conflicts(
    northfield: Event,
) -> None:
    event = northfield
    sam_a, sam_b, tom = event.candidates.order_by("first_name", "last_name")
    amina, bea, carl, dee = event.recruiters.order_by("full_name")
    ConflictFactory.create(recruiter=bea, candidate=sam_b)

    built = build_timetable_input(event)

    assert built.starts_at == datetime.time(12, 5)
    assert built.document == {
        "candidates": [
            {"id": candidate_key(sam_a.pk), "language": "ar"},
            {"id": candidate_key(sam_b.pk)},
            {"id": candidate_key(tom.pk)},
        ],
        "recruiters": [
            {"id": recruiter_key(amina.pk), "language": "ar"},
            {"id": recruiter_key(bea.pk)},
            # Arrives 12:25: the slots from 12:25 on. Leaves 12:35: 12:05, 12:15 and 12:25.
            {"id": recruiter_key(carl.pk), "available": [2, 3, 4, 5, 6, 7, 8]},
            {"id": recruiter_key(dee.pk), "available": [0, 1, 2]},
        ],
        "interpreters": {"ar": 1},
        "conflicts": [[recruiter_key(bea.pk), candidate_key(sam_b.pk)]],
        "tables": 2,
        "meetings": "all",
        "max_slots": 9,
        "max_consecutive": 3,
    }


def test_each_candidate_meets_k_is_passed_on() -> None:
    event = _event(meetings=Meetings.PER_CANDIDATE, recruiters_per_candidate=2)
    _candidate(event, "Sam", "Ahmed")
    RecruiterFactory.create_batch(3, event=event)
    assert build_timetable_input(event).document["meetings"] == {"per_candidate": 2}


def test_the_made_timetable_respects_conflicts_interpreters_and_availability(
    northfield: Event,
) -> None:
    event = northfield
    _sam_a, sam_b, _tom = event.candidates.order_by("first_name", "last_name")
    amina, bea, carl, dee = event.recruiters.order_by("full_name")
    ConflictFactory.create(recruiter=bea, candidate=sam_b)
    user = staff_member(event.organisation, Role.FACILITATOR)

    timetable = make_timetable(event=event, actor=user)

    conversations = _conversations(timetable)
    pairs = {(c["recruiter"], c["candidate"]) for c in conversations}
    assert (bea.pk, sam_b.pk) not in pairs
    assert len(pairs) == len(conversations) == 3 * 4 - 1
    arabic_speakers = {("r", amina.pk), ("c", _sam_a.pk)}
    for conversation in conversations:
        needs_arabic = {
            ("r", conversation["recruiter"]),
            ("c", conversation["candidate"]),
        } & arabic_speakers
        assert ("ar" in conversation.get("interpreters", [])) == bool(needs_arabic)
    for slot in conversation_slots(timetable):
        assert sum("ar" in c.get("interpreters", []) for c in slot) <= 1
    assert all(c["slot"] >= 2 for c in conversations if c["recruiter"] == carl.pk)
    assert all(c["slot"] <= 2 for c in conversations if c["recruiter"] == dee.pk)
    assert timetable.version == 1
    assert timetable.made_by == user
    assert AuditEvent.objects.filter(action="timetable.made", target_id=str(timetable.pk)).exists()


def test_the_page_shows_the_timetable_by_display_names_and_clock_times(
    client: Client, northfield: Event
) -> None:
    _signed_in(client, northfield, Role.PROGRAMME_MANAGER)

    made = _make(client, northfield)
    html = unescape(client.get(made["Location"]).content.decode())

    assert made.status_code == 302
    assert "Timetable version 1 is made." in html
    assert '<th scope="row" class="govuk-table__header">12:05–12:15</th>' in html
    assert "Sam A. with Amina H. (Arabic interpreter)" in html
    assert "Sam B. with Amina H. (Arabic interpreter)" in html
    assert "Ahmed" not in html
    assert "Table 2" in html
    assert "None: every conversation that should happen is planned." in html


def test_an_unconstrained_timetable_says_it_is_the_shortest_possible(client: Client) -> None:
    event = _event(interpreters={})
    _candidate(event, "Sam", "Ahmed")
    _candidate(event, "Tom", "Clark")
    RecruiterFactory.create_batch(3, event=event)
    _signed_in(client, event, Role.PROGRAMME_MANAGER)

    _make(client, event)

    html = client.get(_timetable_url(event)).content.decode()
    assert "This is the shortest possible timetable: 3 rounds." in html


def test_a_timetable_above_its_bound_says_so_in_plain_words(client: Client) -> None:
    event = _event()
    TimetableFactory.create(
        event=event,
        version=1,
        input={"candidates": [], "recruiters": [], "tables": 2},
        conversations=[[]] * 11,
        output={"lower_bound": 9, "optimal": False, "moved": 0, "unmet": []},
    )
    _signed_in(client, event, Role.AUDITOR)

    html = client.get(_timetable_url(event)).content.decode()

    assert "This timetable has 11 rounds; no timetable can have fewer than 9." in html


def test_unmet_conversations_are_explained_naming_the_people(client: Client) -> None:
    event = _event(interpreters={})
    _candidate(event, "Sam", "Ahmed")
    RecruiterFactory.create(event=event, full_name="Amina Hassan", interpreter_language="bsl")
    RecruiterFactory.create(
        event=event, full_name="Bea Jones", available_until=datetime.time(11, 0)
    )
    RecruiterFactory.create(event=event, full_name="Carl Diaz")
    _signed_in(client, event, Role.PROGRAMME_MANAGER)

    _make(client, event)

    html = unescape(client.get(_timetable_url(event)).content.decode())
    assert (
        "Sam and Amina H. do not meet: no British Sign Language interpreter is free when they "
        "are both there." in html
    )
    assert "Sam and Bea J. do not meet: they are never there at the same time." in html
    assert "Sam with Carl D." in html


def test_too_short_a_conversations_block_is_explained_as_not_enough_time(client: Client) -> None:
    event = _event(interpreters={}, most_conversations_in_a_row=5)
    event.agenda.filter(kind=AgendaBlockKind.CONVERSATIONS).update(duration_minutes=10)
    _candidate(event, "Sam", "Ahmed")
    RecruiterFactory.create(event=event, full_name="Amina Hassan")
    RecruiterFactory.create(event=event, full_name="Bea Jones")
    _signed_in(client, event, Role.PROGRAMME_MANAGER)

    _make(client, event)

    html = unescape(client.get(_timetable_url(event)).content.decode())
    assert "do not meet: there is not enough time." in html


def test_a_candidate_short_of_k_is_explained(client: Client) -> None:
    event = _event(interpreters={}, meetings=Meetings.PER_CANDIDATE, recruiters_per_candidate=2)
    event.agenda.filter(kind=AgendaBlockKind.CONVERSATIONS).update(duration_minutes=10)
    _candidate(event, "Sam", "Ahmed")
    RecruiterFactory.create_batch(2, event=event)
    _signed_in(client, event, Role.PROGRAMME_MANAGER)

    _make(client, event)

    html = unescape(client.get(_timetable_url(event)).content.decode())
    assert "Sam meets 1 recruiter fewer than planned" in html


def test_making_it_again_keeps_the_old_version_and_shows_the_new(
    client: Client, northfield: Event
) -> None:
    _signed_in(client, northfield, Role.FACILITATOR)
    _make(client, northfield)
    _make(client, northfield)

    assert list(northfield.timetables.values_list("version", flat=True)) == [2, 1]
    assert "Version 2, made" in client.get(_timetable_url(northfield)).content.decode()


def test_an_event_without_recruiters_explains_what_to_do_first(client: Client) -> None:
    event = _event()
    _candidate(event, "Sam", "Ahmed")
    _signed_in(client, event, Role.PROGRAMME_MANAGER)

    response = _make(client, event)

    assert response.status_code == 400
    assert "No community recruiters have signed up yet." in response.content.decode()
    assert not Timetable.objects.exists()


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text: str = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return text


def test_the_whole_timetable_prints_as_a_pdf(client: Client, northfield: Event) -> None:
    _signed_in(client, northfield, Role.PROGRAMME_MANAGER)
    _make(client, northfield)

    text = _pdf_text(client.get(_timetable_url(northfield, "timetables:timetable_pdf")))

    assert "Northfield day" in text
    assert "Sam A. with Amina H." in text
    assert "12:05" in text


def test_a_recruiters_card_prints_only_their_conversations(
    client: Client, northfield: Event
) -> None:
    amina = northfield.recruiters.get(full_name="Amina Hassan")
    _signed_in(client, northfield, Role.PROGRAMME_MANAGER)
    _make(client, northfield)

    text = _pdf_text(
        client.get(_timetable_url(northfield, "timetables:recruiter_card_pdf", amina.pk))
    )

    assert "Amina H." in text
    assert "Sam A." in text
    assert "Sam B." in text
    assert "Arabic interpreter" in text
    assert "Bea J." not in text


def test_a_tables_card_and_every_card_print(client: Client, northfield: Event) -> None:
    _signed_in(client, northfield, Role.PROGRAMME_MANAGER)
    _make(client, northfield)

    table = _pdf_text(client.get(_timetable_url(northfield, "timetables:table_card_pdf", 1)))
    every_recruiter = _pdf_text(
        client.get(_timetable_url(northfield, "timetables:recruiter_cards_pdf"))
    )
    _pdf_text(client.get(_timetable_url(northfield, "timetables:table_cards_pdf")))

    assert "Table 1" in table
    assert "Sam" in table
    assert all(name in every_recruiter for name in ("Amina H.", "Bea J.", "Carl D.", "Dee E."))
    missing = client.get(_timetable_url(northfield, "timetables:table_card_pdf", 9))
    assert missing.status_code == 404


def test_print_views_need_a_timetable(client: Client, northfield: Event) -> None:
    _signed_in(client, northfield, Role.PROGRAMME_MANAGER)
    assert client.get(_timetable_url(northfield, "timetables:timetable_pdf")).status_code == 404


def test_another_organisation_cannot_see_or_make_the_timetable(
    client: Client, northfield: Event
) -> None:
    make_timetable(event=northfield, actor=staff_member(northfield.organisation, Role.FACILITATOR))
    other = OrganisationFactory.create()
    client.force_login(staff_member(other, Role.PROGRAMME_MANAGER))

    assert client.get(_timetable_url(northfield)).status_code == 404
    assert client.post(_timetable_url(northfield)).status_code == 404
    assert client.get(_timetable_url(northfield, "timetables:timetable_pdf")).status_code == 404
    own_address = reverse("timetables:timetable", args=[other.slug, northfield.pk])
    assert client.get(own_address).status_code == 404


def test_an_auditor_sees_the_timetable_but_cannot_make_it(
    client: Client, northfield: Event
) -> None:
    make_timetable(event=northfield, actor=staff_member(northfield.organisation, Role.FACILITATOR))
    _signed_in(client, northfield, Role.AUDITOR)

    page = client.get(_timetable_url(northfield))

    assert page.status_code == 200
    assert "Make the timetable" not in page.content.decode()
    assert client.post(_timetable_url(northfield)).status_code == 403
    assert northfield.timetables.count() == 1


def test_an_interview_panel_member_cannot_see_the_timetable(
    client: Client, northfield: Event
) -> None:
    _signed_in(client, northfield, Role.INTERVIEW_PANEL)
    assert client.get(_timetable_url(northfield)).status_code == 403


def test_a_recruiter_cannot_reach_the_timetable_pages(client: Client, northfield: Event) -> None:
    amina = northfield.recruiters.get(full_name="Amina Hassan")
    make_timetable(event=northfield, actor=staff_member(northfield.organisation, Role.FACILITATOR))
    code = issue_access_code(
        person=amina, organisation=amina.organisation, event=northfield, actor=SYSTEM
    ).code
    client.post(reverse("signin:code"), {"code": code})

    assert client.get(_timetable_url(northfield)).status_code == 404
    assert (
        client.get(_timetable_url(northfield, "timetables:recruiter_card_pdf", amina.pk))
    ).status_code == 404


# --- Made by the task worker (issue 17) -------------------------------------------------------


def _press_without_a_worker(client: Client, event: Event) -> _MonkeyPatchedWSGIResponse:
    """Press "Make the timetable" with no worker running: the job stays queued."""
    with TestCase.captureOnCommitCallbacks(execute=False):
        response = client.post(_timetable_url(event))
    return response


def _job_url(event: Event, job: Job) -> str:
    return _timetable_url(event, "timetables:timetable_job", job.pk)


def test_pressing_make_queues_one_job_and_shows_how_it_is_getting_on(
    client: Client, northfield: Event
) -> None:
    _signed_in(client, northfield, Role.PROGRAMME_MANAGER)

    first = _press_without_a_worker(client, northfield)
    second = _press_without_a_worker(client, northfield)

    job = Job.objects.get(event=northfield)
    assert first["Location"] == second["Location"] == f"{_timetable_url(northfield)}?job={job.pk}"
    page = unescape(client.get(second["Location"]).content.decode())
    assert "The timetable is already being made. This is how it is getting on." in page
    assert "Waiting for the task worker to start it." in page
    assert f'href="{_timetable_url(northfield)}?job={job.pk}"' in page  # refresh, without JS
    assert f'hx-get="{_job_url(northfield, job)}"' in page
    assert not Timetable.objects.filter(event=northfield).exists()


def test_the_poll_shows_progress_then_reloads_the_page_when_the_timetable_is_made(
    client: Client, northfield: Event
) -> None:
    _signed_in(client, northfield, Role.FACILITATOR)
    _press_without_a_worker(client, northfield)
    job = Job.objects.get(event=northfield)

    waiting = client.get(_job_url(northfield, job), headers={"HX-Request": "true"})
    assert "Waiting for the task worker" in waiting.content.decode()
    assert "HX-Refresh" not in waiting
    make_timetable_task.enqueue(job.pk)  # what the worker does with the queued task
    done = client.get(_job_url(northfield, job), headers={"HX-Request": "true"})
    page = unescape(client.get(f"{_timetable_url(northfield)}?job={job.pk}").content.decode())

    assert done["HX-Refresh"] == "true"
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.steps_total > 0  # the solver's stages were reported as it went
    assert "Timetable version 1 is made." in page
    assert "Sam A. with Amina H. (Arabic interpreter)" in page
    # Without htmx the poll's address is the page itself.
    plain = client.get(_job_url(northfield, job))
    assert plain.status_code == 302
    assert plain["Location"].endswith(f"?job={job.pk}")


def test_a_failed_job_says_why_and_can_be_tried_again(client: Client, northfield: Event) -> None:
    _signed_in(client, northfield, Role.PROGRAMME_MANAGER)
    _press_without_a_worker(client, northfield)
    job = Job.objects.get(event=northfield)
    northfield.agenda.filter(kind=AgendaBlockKind.CONVERSATIONS).delete()  # before it runs

    make_timetable_task.enqueue(job.pk)
    page = unescape(client.get(f"{_timetable_url(northfield)}?job={job.pk}").content.decode())

    assert "The timetable could not be made." in page
    assert "The agenda has no one-to-one conversations block. Add one to the agenda." in page
    assert re.search(r"<button[^>]*>\s*Try again\s*</button>", page)
    # Pressing again now says at once what to do, and starts nothing.
    again = client.post(_timetable_url(northfield))
    assert again.status_code == 400
    assert Job.objects.filter(event=northfield).count() == 1


def test_another_councils_staff_cannot_see_a_job(client: Client, northfield: Event) -> None:
    _press_without_a_worker(_signed_in_client(northfield), northfield)
    job = Job.objects.get(event=northfield)
    other = EventFactory.create()
    _signed_in(client, other, Role.PROGRAMME_MANAGER)

    own_event_address = reverse(
        "timetables:timetable_job", args=[other.organisation.slug, northfield.pk, job.pk]
    )
    assert client.get(own_event_address, headers={"HX-Request": "true"}).status_code == 404
    other_event_job = reverse(
        "timetables:timetable_job", args=[other.organisation.slug, other.pk, job.pk]
    )
    assert client.get(other_event_job, headers={"HX-Request": "true"}).status_code == 404


def _signed_in_client(event: Event) -> Client:
    client = Client()
    _signed_in(client, event, Role.PROGRAMME_MANAGER)
    return client


# --- What is proven, what would help, and each reason true (issue 18) ---------------------------


def _short_day(rounds: int, **plan_changes: Any) -> Event:
    """An event whose conversations block holds `rounds` ten-minute rounds."""
    event = _event(interpreters={}, most_conversations_in_a_row=5, **plan_changes)
    event.agenda.filter(kind=AgendaBlockKind.CONVERSATIONS).update(duration_minutes=10 * rounds)
    return event


def test_a_timetable_with_gaps_says_what_is_proven_and_that_more_rounds_would_fit_them(
    client: Client,
) -> None:
    event = _short_day(2)
    _candidate(event, "Sam", "Ahmed")
    RecruiterFactory.create_batch(4, event=event)
    _signed_in(client, event, Role.PROGRAMME_MANAGER)

    _make(client, event)

    html = unescape(client.get(_timetable_url(event)).content.decode())
    assert "This is the shortest possible timetable" not in html
    assert (
        "This timetable has the fewest rounds possible for the 2 conversations it plans: 2. "
        "2 wanted conversations do not fit; why is given below, person by person." in html
    )
    assert "Sam already has as many conversations as fit in the rounds, with rests." in html
    assert (
        "2 more rounds (4 in all) would fit every wanted conversation. No fewer rounds would fit "
        "them. Set the number of rounds in the event plan." in html
    )
    assert (
        "Tables are not the limit: however many tables and interpreters there are, no timetable "
        "of 2 rounds fits more than 2 conversations." in html
    )
    assert "add tables" not in html


def test_more_tables_are_advised_only_when_they_would_fit_more(client: Client) -> None:
    event = _short_day(2, tables=1)
    _candidate(event, "Sam", "Ahmed")
    _candidate(event, "Tom", "Clark")
    RecruiterFactory.create_batch(2, event=event)
    _signed_in(client, event, Role.PROGRAMME_MANAGER)

    _make(client, event)

    html = unescape(client.get(_timetable_url(event)).content.decode())
    assert "With 2 tables (1 more), 2 more conversations would fit in the same rounds." in html
    assert "Tables are not the limit" not in html


def test_a_language_with_no_interpreter_on_the_day_is_told_and_one_advised(
    client: Client,
) -> None:
    event = _short_day(2)
    _candidate(event, "Sam", "Ahmed", language="ar")
    RecruiterFactory.create(event=event, full_name="Amina Hassan")
    _signed_in(client, event, Role.PROGRAMME_MANAGER)

    _make(client, event)

    html = unescape(client.get(_timetable_url(event)).content.decode())
    assert (
        "Sam and Amina H. do not meet: no Arabic interpreter is free when they are both there. "
        "There is none on the day: add one in the event plan." in html
    )
    assert "With one more Arabic interpreter, 1 more conversation would fit." in html


def _version_with_unmet(event: Event, unmet: list[dict[str, Any]], **input_changes: Any) -> None:
    TimetableFactory.create(
        event=event,
        version=1,
        input={"candidates": [], "recruiters": [], "tables": 2, **input_changes},
        conversations=[[]],
        output={"lower_bound": 1, "optimal": True, "moved": 0, "unmet": unmet},
    )


@pytest.mark.parametrize(
    ("limit", "sentence"),
    [
        ("candidate_full", "there is not enough time. Sam already has as many conversations"),
        ("recruiter_full", "there is not enough time. Amina H. already has as many conversations"),
        (
            "never_free_together",
            "In every round they are both there, one of them is in another conversation or "
            "resting.",
        ),
        ("tables_full", "in every round they are both free, every table is in use."),
        (
            "interpreters_busy",
            "in every round they are both free, every table or every  interpreter is in use.",
        ),
        ("room_left", "though this timetable leaves round 3 free for both of them."),
        (None, "there is no room for it in this timetable's rounds."),
    ],
)
def test_each_reason_for_a_conversation_short_of_time_is_worded_as_the_core_found_it(
    client: Client, limit: str | None, sentence: str
) -> None:
    event = _event(interpreters={})
    sam = _candidate(event, "Sam", "Ahmed")
    amina = RecruiterFactory.create(event=event, full_name="Amina Hassan")
    item: dict[str, Any] = {
        "candidate": candidate_key(sam.pk),
        "recruiter": recruiter_key(amina.pk),
        "reason_code": "time_budget",
    }
    if limit:
        item["limit"] = limit
    if limit == "room_left":
        item["slot"] = 2
    _version_with_unmet(event, [item])
    _signed_in(client, event, Role.AUDITOR)

    html = unescape(client.get(_timetable_url(event)).content.decode())

    assert f"Sam and Amina H. do not meet{':' if limit != 'room_left' else ','}" in html
    assert sentence in html
    assert "Make the one-to-one conversations longer" not in html


@pytest.mark.parametrize(
    ("limit", "sentence"),
    [
        ("few_partners", "they meet every recruiter they may meet (1); the others know them"),
        ("candidate_full", "they already have as many conversations as fit in the rounds"),
        ("recruiter_full", "every recruiter they could still meet already has as many"),
        ("tables_full", "every table is in use."),
        (None, "there is no room for more in this timetable's rounds."),
    ],
)
def test_each_reason_for_a_candidate_short_of_k_is_worded_as_the_core_found_it(
    client: Client, limit: str | None, sentence: str
) -> None:
    event = _event(interpreters={})
    sam = _candidate(event, "Sam", "Ahmed")
    item: dict[str, Any] = {
        "candidate": candidate_key(sam.pk),
        "missing": 1,
        "reason_code": "short_of_k",
        "may_meet": 1,
    }
    if limit:
        item["limit"] = limit
    _version_with_unmet(event, [item])
    _signed_in(client, event, Role.AUDITOR)

    html = unescape(client.get(_timetable_url(event)).content.decode())

    assert "Sam meets 1 recruiter fewer than planned: " in html
    assert sentence in html
    assert "or not enough recruiters they may meet" not in html


def test_a_block_not_a_whole_number_of_rounds_and_a_round_nobody_can_be_in_are_explained(
    client: Client,
) -> None:
    event = _event(interpreters={})
    # 12:05 to 13:40: nine rounds and five minutes; everyone leaves at 13:15, before round 8.
    event.agenda.filter(kind=AgendaBlockKind.CONVERSATIONS).update(duration_minutes=95)
    _candidate(event, "Sam", "Ahmed")
    RecruiterFactory.create(event=event, available_until=datetime.time(13, 15))
    _signed_in(client, event, Role.PROGRAMME_MANAGER)

    _make(client, event)

    html = unescape(client.get(_timetable_url(event)).content.decode())
    assert (
        "Round 8 (13:15 to 13:25) cannot be used: no candidate and recruiter who may meet are "
        "both there then." in html
    )
    assert "Round 9 (13:25 to 13:35) cannot be used" in html
    assert (
        "The conversations block is 95 minutes: room for 9 rounds of 10 minutes, and 5 minutes "
        "left over that no round can use." in html
    )


def test_no_advice_about_the_whole_day_once_the_conversations_have_started() -> None:
    from coappoint.timetables.queries import describe_timetable
    from coappoint.timetables.services import start_rotation
    from tests.factories import SAM_PRIYA_TOM, make_day_with_timetable

    # Twelve conversations at one table in nine rounds: three are left unplanned.
    day = make_day_with_timetable(tables=1, candidates_named=(*SAM_PRIYA_TOM, ("Uma", "Patel")))
    before = describe_timetable(day.timetable)
    assert before.unmet_items
    assert before.advice

    start_rotation(event=day.event, actor=day.facilitator)

    assert describe_timetable(day.timetable).advice == ()
