"""A live screen's poll that finds nothing new is answered from its stamp alone (web.stamps):
one query, no session read or written, no cookie; and never for a stamp made up, carried to
another screen, outlived by its session, or overtaken by a change."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coappoint.recruiters.models import CommunityRecruiter
from coappoint.recruiters.services import choose_recruiter_language, send_nudge
from coappoint.timetables.services import start_rotation
from tests.factories import make_day_with_timetable

pytestmark = pytest.mark.django_db

SignIn = Callable[[Client, CommunityRecruiter], None]
NOW_NEXT = "/recruiter/now-next/"
NUDGES = "/recruiter/nudges/"
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/recruiter/"}


def _stamp(client: Client, url: str) -> str:
    answer = client.get(url, headers=HTMX)
    assert answer.status_code == 200
    return str(answer["Coappoint-Shown"])


def test_an_unchanged_poll_is_answered_with_one_query_and_no_session(
    client: Client, sign_in_recruiter: SignIn
) -> None:
    day = make_day_with_timetable()
    sign_in_recruiter(client, day.recruiters["amina"])
    for url in (NOW_NEXT, NUDGES):
        stamp = _stamp(client, url)
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(url, {"shown": stamp}, headers=HTMX)
        assert answer.status_code == 204, url
        assert len(queries) == 1, [query["sql"] for query in queries]
        # The session is only asked whether it is still alive, inside that one query.
        assert queries[0]["sql"].count("django_session") == 1
        assert not answer.cookies
        assert answer["Coappoint-Shown"] == stamp
        # A conditional request, its ETag made weak by compression on the way: 304.
        weak = client.get(url, headers={**HTMX, "If-None-Match": f'W/"{stamp}"'})
        assert weak.status_code == 304, url


def test_a_change_the_services_make_reaches_the_poll(
    client: Client, sign_in_recruiter: SignIn
) -> None:
    day = make_day_with_timetable()
    amina = day.recruiters["amina"]
    sign_in_recruiter(client, amina)
    day_stamp, nudge_stamp = _stamp(client, NOW_NEXT), _stamp(client, NUDGES)

    start_rotation(event=day.event, actor=day.facilitator)
    with CaptureQueriesContext(connection) as queries:
        started = client.get(NOW_NEXT, {"shown": day_stamp}, headers=HTMX)
    # The counters are read once: the view takes the middleware's reading for its new stamp.
    counters = [query["sql"] for query in queries if "EXISTS" in query["sql"].upper()]
    assert len(counters) == 1, counters
    assert started.status_code == 200
    assert "Round 1 of" in started.content.decode()

    send_nudge(recruiter=amina, message="Please come to table 2.", actor=day.facilitator)
    nudged = client.get(NUDGES, {"shown": nudge_stamp}, headers=HTMX)
    assert nudged.status_code == 200
    assert "Please come to table 2." in nudged.content.decode()


def test_a_change_that_draws_the_same_panel_renews_the_stamp_without_a_redraw(
    client: Client, sign_in_recruiter: SignIn
) -> None:
    day = make_day_with_timetable()
    amina = day.recruiters["amina"]
    sign_in_recruiter(client, amina)
    stamp = _stamp(client, NOW_NEXT)

    choose_recruiter_language(recruiter=amina, language="en-gb")  # her phone's counter moves
    renewed = client.get(NOW_NEXT, {"shown": stamp}, headers=HTMX)

    assert renewed.status_code == 204  # the same panel: nothing redrawn, nothing re-announced
    assert renewed["Coappoint-Shown"] != stamp
    again = client.get(NOW_NEXT, {"shown": renewed["Coappoint-Shown"]}, headers=HTMX)
    assert again.status_code == 204


def test_a_stamp_made_up_or_from_another_recruiter_gets_the_recruiters_own_panel(
    client: Client, sign_in_recruiter: SignIn
) -> None:
    day = make_day_with_timetable()
    other = Client()
    sign_in_recruiter(client, day.recruiters["amina"])
    sign_in_recruiter(other, day.recruiters["bea"])
    beas = _stamp(other, NOW_NEXT)
    subject, valid_until, mac, shown = beas.split(".")

    for sent in (beas, f"{subject}.{valid_until}.{'0' * len(mac)}.{shown}", "nonsense"):
        answer = client.get(NOW_NEXT, {"shown": sent}, headers=HTMX)
        assert answer.status_code == 200, sent
        assert answer["Coappoint-Shown"].split(".")[0] == str(day.recruiters["amina"].pk)


def test_a_session_signed_out_elsewhere_is_not_answered_unchanged(
    client: Client, sign_in_recruiter: SignIn
) -> None:
    day = make_day_with_timetable()
    sign_in_recruiter(client, day.recruiters["amina"])
    stamp = _stamp(client, NOW_NEXT)

    Session.objects.all().delete()  # signed out everywhere
    answer = client.get(NOW_NEXT, {"shown": stamp}, headers=HTMX)

    assert answer.status_code == 302
    assert answer["Location"] == reverse("signin:code")


def test_a_staff_screen_left_alone_still_times_out_while_nothing_changes(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = make_day_with_timetable()
    client.force_login(day.facilitator)
    slug, event_id = day.event.organisation.slug, day.event.pk
    for name in ("screens:big_screen_live", "facilitation:run_live", "facilitation:run_lists"):
        url = reverse(name, args=[slug, event_id])
        stamp = _stamp(client, url)
        assert client.get(url, {"shown": stamp}, headers=HTMX).status_code == 204, name

    url = reverse("screens:big_screen_live", args=[slug, event_id])
    stamp = _stamp(client, url)
    later = time.time() + settings.STAFF_IDLE_MINUTES * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    ended = client.get(url, {"shown": stamp}, headers=HTMX)

    assert ended.status_code == 204
    assert ended["HX-Redirect"] == reverse("staff:signed_out")


def test_another_events_stamp_opens_nothing_of_this_event(client: Client) -> None:
    day = make_day_with_timetable()
    other = make_day_with_timetable()
    client.force_login(day.facilitator)
    own = _stamp(
        client, reverse("screens:big_screen_live", args=[day.event.organisation.slug, day.event.pk])
    )
    _subject, valid_until, mac, shown = own.split(".")

    answer = client.get(
        reverse("screens:big_screen_live", args=[other.event.organisation.slug, other.event.pk]),
        {"shown": f"{other.event.pk}.{valid_until}.{mac}.{shown}"},
        headers=HTMX,
    )

    # Not "unchanged": the view decides, and this facilitator does not run that event.
    assert answer.status_code != 204
