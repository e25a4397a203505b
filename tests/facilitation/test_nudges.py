"""Progress on the facilitator's screen (who still owes score sheets, never what they scored) and
the nudge that reaches a recruiter's phone until they say "Got it"."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter, Nudge
from coappoint.scoring.models import Comfortable, ScoreSheet
from tests.factories import (
    CriteriaVersionFactory,
    DayWithTimetable,
    OrganisationFactory,
    conversation_slots,
    make_day_with_timetable,
    staff_member,
)

pytestmark = pytest.mark.django_db

SignIn = Callable[[Client, CommunityRecruiter], None]


def _run_url(day: DayWithTimetable, name: str = "facilitation:run", *more: object) -> str:
    return reverse(name, args=[day.event.organisation.slug, day.event.pk, *more])


def _send_every_sheet(day: DayWithTimetable, recruiter: CommunityRecruiter) -> None:
    version = CriteriaVersionFactory.create(event=day.event)
    for slot in conversation_slots(day.timetable):
        for conversation in slot:
            if conversation["recruiter"] == recruiter.pk:
                ScoreSheet.objects.create(
                    organisation=day.event.organisation,
                    event=day.event,
                    recruiter=recruiter,
                    candidate_id=conversation["candidate"],
                    criteria_version=version,
                    comfortable=Comfortable.YES,
                    comment="Asked everyone about themselves",
                    submitted_at=timezone.now(),
                    idempotency_key=uuid.uuid4(),
                )


def test_progress_shows_who_owes_sheets_but_never_what_anyone_scored(client: Client) -> None:
    day = make_day_with_timetable()
    _send_every_sheet(day, day.recruiters["amina"])
    client.force_login(day.facilitator)

    live = client.get(_run_url(day, "facilitation:run_lists")).content.decode()

    pending = live[live.index('id="pending"') :]
    assert "Bea Jones" in pending
    assert "Carl Diaz" in pending
    assert "Amina Hassan" not in pending
    assert "3: Priya, Sam, Tom" in pending
    assert "Asked everyone" not in live
    assert "Yes" not in pending


def test_a_nudge_reaches_the_recruiters_phone_and_goes_after_got_it(
    client: Client, sign_in_recruiter: SignIn
) -> None:
    day = make_day_with_timetable()
    bea = day.recruiters["bea"]
    client.force_login(day.facilitator)

    response = client.post(_run_url(day, "facilitation:nudge", bea.pk))

    assert response.status_code == 302
    nudge = Nudge.objects.get(recruiter=bea)
    assert nudge.message == "Please send your score sheets for Priya, Sam and Tom."
    audit = AuditEvent.objects.get(action="nudge.sent")
    assert (audit.actor_kind, audit.actor_id) == ("staff", day.facilitator.pk)
    screen = client.get(response["Location"]).content.decode()
    assert "Bea Jones is nudged on their phone." in screen
    assert "not seen yet" in screen

    phone = Client()
    sign_in_recruiter(phone, bea)
    polled = phone.get(reverse("recruiters:nudges"), headers={"HX-Request": "true"})
    assert polled.status_code == 200
    assert "Please send your score sheets for Priya, Sam and Tom." in polled.content.decode()
    # Polled again while showing it: nothing new, nothing redrawn.
    again = phone.get(
        reverse("recruiters:nudges"),
        {"shown": polled["Coappoint-Shown"]},
        headers={"HX-Request": "true"},
    )
    assert again.status_code == 204
    page = phone.get(reverse("recruiters:nudges"))
    assert "Please send your score sheets" in page.content.decode()

    got_it = phone.post(
        reverse("recruiters:nudge_seen", args=[nudge.pk]), {"next": "/recruiter/check-in/"}
    )

    assert got_it.status_code == 302
    assert got_it["Location"] == "/recruiter/check-in/"
    nudge.refresh_from_db()
    assert nudge.seen_at is not None
    assert AuditEvent.objects.filter(action="nudge.seen").count() == 1
    polled = phone.get(reverse("recruiters:nudges"), headers={"HX-Request": "true"})
    assert "Please send" not in polled.content.decode()
    assert "not seen yet" not in client.get(_run_url(day)).content.decode()


def test_only_facilitators_and_programme_managers_of_the_organisation_nudge(
    client: Client, sign_in_recruiter: SignIn
) -> None:
    day = make_day_with_timetable()
    url = _run_url(day, "facilitation:nudge", day.recruiters["bea"].pk)
    client.force_login(staff_member(day.event.organisation, Role.AUDITOR))
    assert client.post(url).status_code == 403
    client.force_login(staff_member(OrganisationFactory.create(), Role.FACILITATOR))
    assert client.post(url).status_code == 404
    client.logout()
    sign_in_recruiter(client, day.recruiters["carl"])
    assert client.post(url).status_code == 404
    other = make_day_with_timetable()
    client.force_login(day.facilitator)
    stranger_url = _run_url(day, "facilitation:nudge", other.recruiters["bea"].pk)
    assert client.post(stranger_url).status_code == 404
    assert not Nudge.objects.exists()


def test_no_nudge_for_someone_who_has_sent_every_sheet(client: Client) -> None:
    day = make_day_with_timetable()
    amina = day.recruiters["amina"]
    _send_every_sheet(day, amina)
    client.force_login(day.facilitator)
    response = client.post(_run_url(day, "facilitation:nudge", amina.pk), follow=True)
    assert "Amina Hassan has sent every score sheet." in response.content.decode()
    assert not Nudge.objects.exists()
