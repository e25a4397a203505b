"""The better plan the task worker finds after a quick re-plan, on the facilitator's screen:
offered in the live part, used or kept by the facilitator, refused once its rounds started."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from coappoint.jobs.models import Job
from coappoint.organisations.models import Role
from coappoint.timetables.queries import get_current_timetable
from coappoint.timetables.services import next_round, start_rotation
from tests.factories import (
    DayWithTimetable,
    OrganisationFactory,
    make_day_a_quick_replan_leaves_room_to_improve,
    staff_member,
)

pytestmark = pytest.mark.django_db


def _url(day: DayWithTimetable, name: str, *more: str) -> str:
    return reverse(name, args=[day.event.organisation.slug, day.event.pk, *more])


@pytest.fixture
def offered(client: Client) -> DayWithTimetable:
    """Amina leaves after round 1, recorded on the screen; the worker has found a better plan."""
    day = make_day_a_quick_replan_leaves_room_to_improve()
    start_rotation(event=day.event, actor=day.facilitator)
    client.force_login(day.facilitator)
    with TestCase.captureOnCommitCallbacks(execute=True):
        recorded = client.post(
            _url(day, "facilitation:record_attendance", "early-leaver"),
            {
                "early-leaver-person": f"recruiter-{day.recruiters['amina'].pk}",
                "early-leaver-round_index": "0",
            },
        )
    assert recorded.status_code == 302
    return day


def test_the_live_screen_offers_the_better_plan_with_what_it_gains(
    client: Client, offered: DayWithTimetable
) -> None:
    live = unescape(client.get(_url(offered, "facilitation:run_lists")).content.decode())

    assert "A better plan is ready: 8 conversations in 5 rounds, where the plan now has 8 in 6" in (
        live
    )
    assert "Use it before round 2 starts" in live
    assert "Use the better plan" in live
    assert "Keep the plan we have" in live


def test_using_the_better_plan_makes_it_the_next_version(
    client: Client, offered: DayWithTimetable
) -> None:
    used = client.post(_url(offered, "facilitation:better_plan", "use"))
    page = unescape(client.get(used["Location"]).content.decode())

    current = get_current_timetable(offered.event)
    assert current is not None
    assert current.version == 3
    assert current.rounds == 5
    assert "Timetable version 3 is made." in page
    assert "A better plan is ready" not in page


def test_keeping_the_plan_stops_the_offer(client: Client, offered: DayWithTimetable) -> None:
    kept = client.post(_url(offered, "facilitation:better_plan", "keep"))
    page = unescape(client.get(kept["Location"]).content.decode())

    assert "You kept the plan you have." in page
    assert "A better plan is ready" not in page
    current = get_current_timetable(offered.event)
    assert current is not None
    assert current.version == 2


def test_the_better_plan_cannot_be_used_once_its_rounds_have_started(
    client: Client, offered: DayWithTimetable
) -> None:
    next_round(event=offered.event, actor=offered.facilitator)

    refused = client.post(_url(offered, "facilitation:better_plan", "use"))

    assert refused.status_code == 400
    assert "There is no better plan to use now" in unescape(refused.content.decode())
    current = get_current_timetable(offered.event)
    assert current is not None
    assert current.version == 2


def test_an_auditor_sees_the_offer_but_cannot_use_it(
    client: Client, offered: DayWithTimetable
) -> None:
    client.force_login(staff_member(offered.event.organisation, Role.AUDITOR))

    live = unescape(client.get(_url(offered, "facilitation:run_lists")).content.decode())
    refused = client.post(_url(offered, "facilitation:better_plan", "use"))

    assert "A better plan is ready" in live
    assert "Use the better plan" not in live
    assert refused.status_code == 403
    assert get_current_timetable(offered.event).version == 2  # type: ignore[union-attr]


def test_another_councils_staff_cannot_use_it(client: Client, offered: DayWithTimetable) -> None:
    other = OrganisationFactory.create()
    client.force_login(staff_member(other, Role.FACILITATOR))

    address = reverse("facilitation:better_plan", args=[other.slug, offered.event.pk, "use"])
    assert client.post(address).status_code == 404
    assert Job.objects.get(kind=Job.Kind.IMPROVE_TIMETABLE).state == Job.State.DONE
