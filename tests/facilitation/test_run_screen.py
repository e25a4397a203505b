"""The facilitator's screen on the day: the round and its clock, the agenda, who has checked in,
and the rotation's buttons (refused with a reason, hidden from auditors, 404 to strangers)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.events.models import AgendaBlockKind
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.recruiters.services import check_in
from coappoint.timetables.models import Rotation
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    RecruiterFactory,
    make_day_with_timetable,
    staff_member,
)
from tests.timetables.test_timetables import _candidate as timetable_candidate
from tests.timetables.test_timetables import _event as timetable_event
from tests.timetables.test_timetables import _make as make_it
from tests.timetables.test_timetables import _signed_in as timetable_signed_in

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 12, 12, 12, 5, tzinfo=datetime.UTC)

SignIn = Callable[[Client, CommunityRecruiter], None]


def _run_url(event, name: str = "facilitation:run", *more) -> str:
    return reverse(name, args=[event.organisation.slug, event.pk, *more])


def test_the_screen_shows_the_round_the_agenda_and_who_has_checked_in(client: Client) -> None:
    day = make_day_with_timetable()
    day.recruiters["amina"].checked_in_at = NOON
    day.recruiters["amina"].save()
    client.force_login(day.facilitator)

    page = client.get(_run_url(day.event))
    assert page.status_code == 200
    assert "The conversations have not started." in page.content.decode()
    assert "1 of 3 recruiters checked in." in page.content.decode()

    response = client.post(_run_url(day.event, "facilitation:rotation_control", "start"))
    assert response.status_code == 302
    live = client.get(_run_url(day.event, "facilitation:run_live")).content.decode()
    assert "Round 1 of 3." in live
    assert "10:00 left" in live or "9:5" in live
    assert "hx-swap-oob" in live
    assert "<html" not in live

    response = client.post(
        _run_url(day.event, "facilitation:rotation_control", "next"), {"round": "0"}
    )
    assert response.status_code == 302
    assert "Round 2 has started." in client.get(response["Location"]).content.decode()


def test_a_refused_control_says_why_with_status_400(client: Client) -> None:
    day = make_day_with_timetable()
    client.force_login(day.facilitator)
    response = client.post(_run_url(day.event, "facilitation:rotation_control", "pause"))
    assert response.status_code == 400
    assert "Only a round that is running can be paused." in response.content.decode()
    assert "Error:" in response.content.decode()


def test_auditors_see_the_screen_but_cannot_press_anything(client: Client) -> None:
    day = make_day_with_timetable()
    client.force_login(staff_member(day.event.organisation, Role.AUDITOR))
    page = client.get(_run_url(day.event))
    assert page.status_code == 200
    assert "Start the conversations" not in page.content.decode()
    assert "Record a no-show" not in page.content.decode()
    response = client.post(_run_url(day.event, "facilitation:rotation_control", "start"))
    assert response.status_code == 403
    assert not Rotation.objects.filter(event=day.event).exists()


def test_another_organisation_gets_404_and_a_recruiter_cannot_reach_the_screen(
    client: Client, sign_in_recruiter: SignIn
) -> None:
    day = make_day_with_timetable()
    stranger = staff_member(OrganisationFactory.create(), Role.FACILITATOR)
    client.force_login(stranger)
    assert client.get(_run_url(day.event)).status_code == 404
    assert client.get(_run_url(day.event, "facilitation:run_live")).status_code == 404
    response = client.post(_run_url(day.event, "facilitation:rotation_control", "start"))
    assert response.status_code == 404
    client.logout()

    recruiter = RecruiterFactory.create(event=day.event)
    sign_in_recruiter(client, recruiter)
    assert client.get(_run_url(day.event)).status_code == 404
    response = client.post(_run_url(day.event, "facilitation:rotation_control", "start"))
    assert response.status_code == 404
    assert not Rotation.objects.filter(event=day.event).exists()


def test_the_screen_of_an_event_without_a_timetable_says_so_instead_of_failing(
    client: Client,
) -> None:
    event = EventFactory.create()
    client.force_login(staff_member(event.organisation, Role.FACILITATOR))

    response = client.get(reverse("facilitation:run", args=[event.organisation.slug, event.pk]))

    assert response.status_code == 200
    assert "Make the timetable" in response.content.decode()


def test_a_poll_answers_only_the_regions_that_changed_and_nothing_when_none_did(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = make_day_with_timetable()
    client.force_login(day.facilitator)
    frozen = timezone.now()  # the clock stands still: the time shown does not change either
    monkeypatch.setattr(timezone, "now", lambda: frozen)
    live = _run_url(day.event, "facilitation:run_live")
    lists = _run_url(day.event, "facilitation:run_lists")

    first_round, first_lists = client.get(live), client.get(lists)
    stamps = dict(
        re.findall(
            r'name="(live-[a-z-]+)" value="([0-9a-f]+)"',
            first_round.content.decode() + first_lists.content.decode(),
        )
    )
    assert set(stamps) == {
        "live-now",
        "live-rotation",
        "live-controls",
        "live-better-plan",
        "live-current-round",
        "live-check-ins",
        "live-pending",
    }
    round_shown = {**stamps, "shown": first_round["Coappoint-Shown"]}
    lists_shown = {**stamps, "shown": first_lists["Coappoint-Shown"]}
    assert client.get(live, round_shown).status_code == 204  # the buttons stay as they are
    assert client.get(lists, lists_shown).status_code == 204

    check_in(recruiter=day.recruiters["amina"], idempotency_key=None, now=NOON)
    assert client.get(live, round_shown).status_code == 204  # the round has not changed
    changed = client.get(lists, lists_shown).content.decode()
    assert re.findall(r'<div id="(live-[a-z-]+)" hx-swap-oob="true"', changed) == ["live-check-ins"]
    assert "1 of 3 recruiters checked in." in changed


def test_many_conversations_that_could_not_be_planned_are_counted_and_listed_on_the_timetable(
    client: Client,
) -> None:
    # One round of ten minutes: Sam meets one of the thirteen recruiters, twelve pairs do not.
    event = timetable_event(interpreters={}, most_conversations_in_a_row=5)
    event.agenda.filter(kind=AgendaBlockKind.CONVERSATIONS).update(duration_minutes=10)
    timetable_candidate(event, "Sam", "Ahmed")
    for number in range(13):
        RecruiterFactory.create(event=event, full_name=f"Recruiter Number{number}")
    timetable_signed_in(client, event, Role.PROGRAMME_MANAGER)
    make_it(client, event)

    html = unescape(client.get(_run_url(event, "facilitation:run")).content.decode())

    unmet = html[html.index('id="unmet"') : html.index("</ul>", html.index('id="unmet"'))]
    assert unmet.count("<li>") == 10
    assert "These are 10 of 12 conversations that could not be planned." in html
    timetable = reverse("timetables:timetable", args=[event.organisation.slug, event.pk])
    assert f'href="{timetable}">See them all on the timetable' in html
    listed = unescape(client.get(timetable).content.decode())
    assert listed.count("do not meet: there is not enough time.") == 12
