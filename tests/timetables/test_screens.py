"""The day's screens: the big screen, a recruiter's now and next, and the co-design board."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coappoint.campaigns.models import Candidate
from coappoint.codesign.models import Dot, ProposalKind
from coappoint.events.models import Event
from coappoint.events.services import bump_live_versions
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.services import SYSTEM, issue_access_code
from coappoint.timetables.models import Rotation, Timetable
from tests.factories import (
    CandidateFactory,
    DotVoteFactory,
    EventFactory,
    OrganisationFactory,
    ProposalFactory,
    RecruiterFactory,
    TimetableFactory,
    meet,
    staff_member,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Day:
    event: Event
    candidates: dict[str, Candidate]
    recruiters: dict[str, CommunityRecruiter]
    timetable: Timetable


def make_day() -> Day:
    """Three rounds of ten minutes: Amina rests in round 3, Bea in round 2.

    Round 1: Sam with Amina (table 1), Priya with Bea (table 2).
    Round 2: Tom with Amina and an Arabic interpreter (table 3).
    Round 3: Sam with Bea (table 1).
    """
    event = EventFactory.create(name="Northfield day")
    candidates = {}
    for first_name, last_name in (("Sam", "Ahmed"), ("Priya", "Shah"), ("Tom", "Clark")):
        candidate = CandidateFactory.create(
            campaign=event.campaign, first_name=first_name, last_name=last_name
        )
        event.candidates.add(candidate)
        candidates[first_name.lower()] = candidate
    amina = RecruiterFactory.create(event=event, full_name="Amina Hassan")
    bea = RecruiterFactory.create(event=event, full_name="Bea Jones")
    sam, priya, tom = candidates["sam"], candidates["priya"], candidates["tom"]
    timetable = TimetableFactory.create(
        event=event,
        version=1,
        conversations=[
            [meet(sam, amina, 1), meet(priya, bea, 2)],
            [meet(tom, amina, 3, "ar")],
            [meet(sam, bea, 1)],
        ],
        output={"lower_bound": 3, "optimal": True, "moved": 0, "unmet": []},
    )
    return Day(event, candidates, {"amina": amina, "bea": bea}, timetable)


def _stamp_in(response: Any) -> str:
    """The stamp a poll's answer carries, which the page sends back with its next poll."""
    found = re.search(r'data-shown="([^"]+)"', response.content.decode())
    assert found is not None
    return found.group(1)


def _rotate(
    event: Event,
    state: str,
    current_round: int | None,
    *,
    started_seconds_ago: int = 0,
    paused_seconds_ago: int | None = None,
) -> None:
    now = timezone.now()
    Rotation.objects.update_or_create(
        event=event,
        defaults={
            "organisation": event.organisation,
            "state": state,
            "current_round": current_round,
            "round_started_at": (
                now - datetime.timedelta(seconds=started_seconds_ago)
                if current_round is not None
                else None
            ),
            "paused_at": (
                None
                if paused_seconds_ago is None
                else now - datetime.timedelta(seconds=paused_seconds_ago)
            ),
        },
    )
    # As the rotation's services do (timetables.services), so the screens' polls see it.
    bump_live_versions(event_id=event.pk, screens=True, progress=True)


def _text(response: Any) -> str:
    """The page's words with the markup and runs of white space taken out."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", words)


def _staff(client: Client, event: Event, role: Role = Role.FACILITATOR) -> None:
    client.force_login(staff_member(event.organisation, role))


def _big_screen(event: Event, name: str = "screens:big_screen") -> str:
    return reverse(name, args=[event.organisation.slug, event.pk])


def _sign_in_recruiter(client: Client, recruiter: CommunityRecruiter) -> None:
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    ).code
    assert client.post(reverse("signin:code"), {"code": code}).status_code == 302


# --- The big screen --------------------------------------------------------------------------


def test_before_the_start_the_big_screen_says_so_and_shows_who_sits_where_in_round_1(
    client: Client,
) -> None:
    day = make_day()
    _staff(client, day.event)
    text = _text(client.get(_big_screen(day.event)))
    assert "The conversations start soon" in text
    assert "Next: round 1" in text
    assert "1 Sam Amina H." in text
    assert "2 Priya Bea J." in text


def test_the_big_screen_shows_the_round_its_time_left_and_who_is_at_which_table(
    client: Client,
) -> None:
    day = make_day()
    _rotate(day.event, Rotation.State.RUNNING, 1, started_seconds_ago=65)
    _staff(client, day.event)
    response = client.get(_big_screen(day.event))
    text = _text(response)
    assert "Round 2 of 3" in text
    assert "Time left: 8:55" in text
    assert 'data-seconds-left="535"' in response.content.decode()
    assert "3 Tom Amina H. Arabic interpreter" in text
    assert "Next: round 3" in text
    assert "1 Sam Bea J." in text
    assert "Priya" not in text


def test_a_paused_round_shows_paused_and_the_time_left_when_it_was_paused(
    client: Client,
) -> None:
    day = make_day()
    _rotate(day.event, Rotation.State.PAUSED, 0, started_seconds_ago=400, paused_seconds_ago=275)
    _staff(client, day.event)
    response = client.get(_big_screen(day.event))
    assert "Paused" in _text(response)
    assert "Time left: 7:55" in _text(response)
    assert 'data-running="false"' in response.content.decode()


def test_when_the_time_is_up_the_big_screen_tells_everyone_to_move(client: Client) -> None:
    day = make_day()
    _staff(client, day.event)
    _rotate(day.event, Rotation.State.RUNNING, 0, started_seconds_ago=60)
    before = client.get(_big_screen(day.event)).content.decode()
    assert re.search(r"data-time-up hidden>Time to move to your next table", before)
    _rotate(day.event, Rotation.State.RUNNING, 0, started_seconds_ago=11 * 60)
    after = client.get(_big_screen(day.event)).content.decode()
    assert "Time left: 0:00" in _text(client.get(_big_screen(day.event)))
    assert re.search(r"data-time-up>Time to move to your next table", after)


def test_after_the_last_round_the_big_screen_thanks_everyone(client: Client) -> None:
    day = make_day()
    _rotate(day.event, Rotation.State.FINISHED, None)
    _staff(client, day.event)
    text = _text(client.get(_big_screen(day.event)))
    assert "The conversations are over. Thank you." in text
    assert "Next:" not in text


def test_a_round_past_the_end_of_a_shorter_new_timetable_counts_as_over(client: Client) -> None:
    day = make_day()
    _rotate(day.event, Rotation.State.RUNNING, 5, started_seconds_ago=10)
    _staff(client, day.event, Role.PROGRAMME_MANAGER)
    assert "The conversations are over." in _text(client.get(_big_screen(day.event)))


def test_without_a_timetable_the_big_screen_says_so(client: Client) -> None:
    event = EventFactory.create()
    _staff(client, event)
    assert "No timetable has been made yet." in _text(client.get(_big_screen(event)))


def test_the_big_screen_polls_its_live_part_every_second_and_it_is_never_cached(
    client: Client,
) -> None:
    day = make_day()
    _rotate(day.event, Rotation.State.RUNNING, 0, started_seconds_ago=5)
    _staff(client, day.event)
    page = client.get(_big_screen(day.event)).content.decode()
    live_url = _big_screen(day.event, "screens:big_screen_live")
    assert f'hx-get="{live_url}" hx-trigger="every 1s" hx-swap="outerHTML"' in page
    assert '<meta http-equiv="refresh" content="5">' in page  # inside <noscript>
    live = client.get(live_url)
    assert live.status_code == 200
    assert live["Cache-Control"] == "no-store, private"
    assert "Round 1 of 3" in _text(live)
    assert "<html" not in live.content.decode()
    # While the round runs on, the countdown ticks in the browser: nothing new to send.
    assert client.get(live_url, {"shown": _stamp_in(live)}).status_code == 204
    _rotate(day.event, Rotation.State.PAUSED, 0, started_seconds_ago=5, paused_seconds_ago=1)
    paused = client.get(live_url, {"shown": _stamp_in(live)})
    assert paused.status_code == 200
    assert "Paused" in _text(paused)


def test_the_big_screen_is_for_the_facilitator_and_programme_manager_of_the_organisation(
    client: Client,
) -> None:
    day = make_day()
    for name in ("screens:big_screen", "screens:big_screen_live"):
        client.force_login(staff_member(OrganisationFactory.create(), Role.FACILITATOR))
        assert client.get(_big_screen(day.event, name)).status_code == 404
        _staff(client, day.event, Role.AUDITOR)
        assert client.get(_big_screen(day.event, name)).status_code == 403
        _staff(client, day.event, Role.PROGRAMME_MANAGER)
        assert client.get(_big_screen(day.event, name)).status_code == 200
    other_event = EventFactory.create()
    _staff(client, other_event)
    assert client.get(_big_screen(day.event)).status_code == 404


def test_a_recruiter_cannot_open_the_big_screen(client: Client) -> None:
    day = make_day()
    _sign_in_recruiter(client, day.recruiters["amina"])
    assert client.get(_big_screen(day.event)).status_code == 404
    assert client.get(_big_screen(day.event, "screens:big_screen_live")).status_code == 404


# --- Now and next on a recruiter's phone -----------------------------------------------------


def _phone(client: Client) -> str:
    response = client.get(reverse("screens:recruiter_conversations"))
    assert response.status_code == 200
    return _text(response)


def test_before_the_start_a_recruiter_sees_their_first_conversation(client: Client) -> None:
    day = make_day()
    _sign_in_recruiter(client, day.recruiters["bea"])
    text = _phone(client)
    assert "The conversations have not started yet." in text
    assert "Your next conversation Priya, table 2 Round 1" in text


def test_in_a_round_a_recruiter_sees_now_and_then_with_the_interpreter(client: Client) -> None:
    day = make_day()
    _rotate(day.event, Rotation.State.RUNNING, 0, started_seconds_ago=30)
    _sign_in_recruiter(client, day.recruiters["amina"])
    text = _phone(client)
    assert "Round 1 of 3" in text
    assert "Now Sam, table 1" in text
    assert "Then Tom, table 3, with an Arabic interpreter Round 2" in text


def test_a_round_without_a_conversation_is_a_rest_with_the_next_conversation_after_it(
    client: Client,
) -> None:
    day = make_day()
    _rotate(day.event, Rotation.State.RUNNING, 1, started_seconds_ago=30)
    _sign_in_recruiter(client, day.recruiters["bea"])
    text = _phone(client)
    assert "Now Rest" in text
    assert "Your next conversation Sam, table 1 Round 3" in text


def test_after_their_last_conversation_a_recruiter_has_no_more(client: Client) -> None:
    day = make_day()
    _rotate(day.event, Rotation.State.PAUSED, 2, started_seconds_ago=30, paused_seconds_ago=5)
    _sign_in_recruiter(client, day.recruiters["amina"])
    text = _phone(client)
    assert "Round 3 of 3 Paused" in text
    assert "Now Rest" in text
    assert "No more conversations" in text
    _rotate(day.event, Rotation.State.FINISHED, None)
    assert "The conversations are over. Thank you." in _phone(client)


def test_the_phone_follows_the_newest_timetable_after_re_planning(client: Client) -> None:
    day = make_day()
    _rotate(day.event, Rotation.State.RUNNING, 0, started_seconds_ago=30)
    _sign_in_recruiter(client, day.recruiters["bea"])
    assert "Then Sam, table 1 Round 3" in _phone(client)
    sam, priya, tom = (day.candidates[name] for name in ("sam", "priya", "tom"))
    amina, bea = day.recruiters["amina"], day.recruiters["bea"]
    TimetableFactory.create(
        event=day.event,
        version=2,
        conversations=[
            [meet(sam, amina, 1), meet(priya, bea, 2)],
            [meet(tom, bea, 2, "ar", "bsl")],
        ],
        output={"lower_bound": 2, "optimal": True, "moved": 2, "unmet": []},
    )
    text = _phone(client)
    assert "Round 1 of 2" in text
    assert "Then Tom, table 2, with Arabic and British Sign Language interpreters" in text


def test_a_recruiter_sees_only_their_own_conversations(client: Client) -> None:
    day = make_day()
    _rotate(day.event, Rotation.State.RUNNING, 1, started_seconds_ago=30)
    _sign_in_recruiter(client, day.recruiters["bea"])
    text = _phone(client)
    assert "Priya, table 2" in text
    assert "Tom" not in text
    assert "Amina" not in text


def test_without_a_timetable_the_phone_says_it_is_not_ready(client: Client) -> None:
    recruiter = RecruiterFactory.create()
    _sign_in_recruiter(client, recruiter)
    assert "The timetable of the conversations is not ready yet." in _phone(client)


def test_the_phone_polls_every_second_and_gets_nothing_new_when_nothing_changed(
    client: Client,
) -> None:
    day = make_day()
    _sign_in_recruiter(client, day.recruiters["amina"])
    page = client.get(reverse("screens:recruiter_conversations")).content.decode()
    found = re.search(r'hx-get="([^"]+)" hx-trigger="every 1s"', page)
    assert found is not None
    poll_url = found.group(1)
    assert 'href="/recruiter/conversations/"' in page  # Refresh, without JavaScript
    first = client.get(poll_url)  # the first poll draws the panel, with the stamp of it
    stamp = _stamp_in(first)
    assert first["ETag"] == f'"{stamp}"'
    assert first["Cache-Control"] == "no-store, private"
    unchanged = client.get(poll_url, {"shown": stamp})
    assert unchanged.status_code == 204
    assert unchanged["Cache-Control"] == "private, no-cache"
    assert not unchanged.cookies  # nothing written: no session saved, no cookie renewed
    assert client.get(poll_url, HTTP_IF_NONE_MATCH=f'"{stamp}"').status_code == 304
    _rotate(day.event, Rotation.State.RUNNING, 0, started_seconds_ago=1)
    changed = client.get(poll_url, {"shown": stamp})
    assert changed.status_code == 200
    assert "Now Sam, table 1" in _text(changed)
    assert "<html" not in changed.content.decode()
    assert _stamp_in(changed) != stamp


def test_the_phones_of_an_event_poll_one_reading_of_the_room_and_each_sees_only_their_own() -> None:
    day = make_day()
    _rotate(day.event, Rotation.State.RUNNING, 0, started_seconds_ago=30)
    amina_phone, bea_phone = Client(), Client()
    _sign_in_recruiter(amina_phone, day.recruiters["amina"])
    _sign_in_recruiter(bea_phone, day.recruiters["bea"])
    poll_url = reverse("screens:now_next")
    assert "Now Sam, table 1" in _text(amina_phone.get(poll_url))

    with CaptureQueriesContext(connection) as bea_poll:
        bea_answer = bea_phone.get(poll_url)
    text = _text(bea_answer)
    assert "Now Priya, table 2" in text
    assert "Tom" not in text  # Amina's conversation, not hers
    # The room (timetable, conversations, rotation, names) was read by Amina's poll.
    assert not [q for q in bea_poll.captured_queries if "timetables_" in q["sql"]]

    sam, priya, tom = (day.candidates[name] for name in ("sam", "priya", "tom"))
    amina, bea = day.recruiters["amina"], day.recruiters["bea"]
    TimetableFactory.create(
        event=day.event,
        version=2,
        conversations=[[meet(sam, amina, 1), meet(tom, bea, 2)], [meet(priya, bea, 2)]],
        output={"lower_bound": 2, "optimal": True, "moved": 2, "unmet": []},
    )
    # As making a timetable does (timetables.services), so the phones' polls see it.
    bump_live_versions(event_id=day.event.pk, screens=True, progress=True)
    text = _text(bea_phone.get(poll_url, {"shown": _stamp_in(bea_answer)}))
    assert "Round 1 of 2" in text
    assert "Now Tom, table 2" in text


def test_only_a_signed_in_recruiter_has_a_now_and_next(client: Client) -> None:
    day = make_day()
    for name in ("screens:recruiter_conversations", "screens:now_next"):
        assert client.get(reverse(name)).status_code == 302
    _staff(client, day.event)
    for name in ("screens:recruiter_conversations", "screens:now_next"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"] == reverse("signin:code")


# --- The co-design board ---------------------------------------------------------------------


def _board(event: Event, name: str = "codesign_board:board") -> str:
    return reverse(name, args=[event.organisation.slug, event.pk])


def test_the_board_shows_proposals_newest_first_with_merged_ones_under_and_no_names(
    client: Client,
) -> None:
    event = EventFactory.create()
    amina = RecruiterFactory.create(event=event, full_name="Amina Hassan")
    listener = ProposalFactory.create(
        event=event, text="Good listener", proposed_by_recruiter=amina
    )
    ProposalFactory.create(event=event, text="Listens well", merged_into=listener)
    ProposalFactory.create(event=event, text="Knows the area", proposed_by_recruiter=amina)
    ProposalFactory.create(
        event=event, kind=ProposalKind.INSIGHT, text="The library closes at 4 on Fridays"
    )
    _staff(client, event)
    text = _text(client.get(_board(event)))
    assert text.index("Knows the area") < text.index("Good listener")
    assert "Good listener Merged into it: Listens well" in text
    assert "The library closes at 4 on Fridays" in text
    assert "Amina" not in text
    assert "Dot-vote" not in text


def test_the_board_shows_the_dots_as_numbers_and_bars_without_who_voted(client: Client) -> None:
    event = EventFactory.create()
    amina = RecruiterFactory.create(event=event, full_name="Amina Hassan")
    tom = RecruiterFactory.create(event=event, full_name="Tom Price")
    listener = ProposalFactory.create(event=event, text="Good listener")
    local = ProposalFactory.create(event=event, text="Knows the area")
    ProposalFactory.create(event=event, text="Honest")
    vote = DotVoteFactory.create(event=event)
    for recruiter, proposal, dots in ((amina, listener, 2), (tom, listener, 2), (tom, local, 1)):
        Dot.objects.create(
            organisation=event.organisation,
            vote=vote,
            recruiter=recruiter,
            proposal=proposal,
            dots=dots,
        )
    _staff(client, event, Role.PROGRAMME_MANAGER)
    response = client.get(_board(event))
    text = _text(response)
    assert "Dots so far" in text
    assert "2 of 2 recruiters have placed dots." in text
    assert "Good listener 4 Knows the area 1 Honest 0" in text
    html = response.content.decode()
    assert 'width="100"' in html
    assert 'width="25"' in html
    assert "Amina" not in text
    assert "Tom" not in text
    vote.closed_at = timezone.now()
    vote.save()
    assert "Dot-vote results" in _text(client.get(_board(event, "codesign_board:board_live")))


def test_the_board_polls_every_second_and_is_for_the_people_running_the_event(
    client: Client,
) -> None:
    event = EventFactory.create()
    _staff(client, event)
    live_url = _board(event, "codesign_board:board_live")
    assert (
        f'hx-get="{live_url}" hx-trigger="every 1s"' in client.get(_board(event)).content.decode()
    )
    assert "no-store" in client.get(live_url)["Cache-Control"]
    for name in ("codesign_board:board", "codesign_board:board_live"):
        client.force_login(staff_member(OrganisationFactory.create(), Role.FACILITATOR))
        assert client.get(_board(event, name)).status_code == 404
        _staff(client, event, Role.AUDITOR)
        assert client.get(_board(event, name)).status_code == 403
    client.logout()
    _sign_in_recruiter(client, RecruiterFactory.create(event=event))
    assert client.get(_board(event)).status_code == 404
