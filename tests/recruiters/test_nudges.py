"""The nudge on a recruiter's phone: only their own, only when signed in, and "Got it" stays on the
site. The facilitator's side (progress and sending a nudge) is in tests/facilitation/."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.recruiters.models import CommunityRecruiter, Nudge
from tests.factories import make_day_with_timetable

pytestmark = pytest.mark.django_db

SignIn = Callable[[Client, CommunityRecruiter], None]


def test_got_it_never_sends_a_recruiter_off_the_site(
    client: Client, sign_in_recruiter: SignIn
) -> None:
    day = make_day_with_timetable()
    bea = day.recruiters["bea"]
    nudge = Nudge.objects.create(organisation=day.event.organisation, recruiter=bea, message="Hi")
    sign_in_recruiter(client, bea)
    response = client.post(
        reverse("recruiters:nudge_seen", args=[nudge.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("recruiters:home")


def test_a_recruiter_can_neither_see_nor_dismiss_anothers_nudge(
    client: Client, sign_in_recruiter: SignIn
) -> None:
    day = make_day_with_timetable()
    bea, carl = day.recruiters["bea"], day.recruiters["carl"]
    nudge = Nudge.objects.create(
        organisation=day.event.organisation, recruiter=bea, message="Please send your sheet"
    )
    sign_in_recruiter(client, carl)

    polled = client.get(reverse("recruiters:nudges"), headers={"HX-Request": "true"})
    assert "Please send your sheet" not in polled.content.decode()
    response = client.post(reverse("recruiters:nudge_seen", args=[nudge.pk]))

    assert response.status_code == 404
    nudge.refresh_from_db()
    assert nudge.seen_at is None


def test_nudges_are_for_signed_in_recruiters_only(client: Client) -> None:
    day = make_day_with_timetable()
    nudge = Nudge.objects.create(
        organisation=day.event.organisation, recruiter=day.recruiters["bea"], message="Hi"
    )
    client.force_login(day.facilitator)
    assert client.get(reverse("recruiters:nudges"))["Location"] == reverse("signin:code")
    client.post(reverse("recruiters:nudge_seen", args=[nudge.pk]))
    nudge.refresh_from_db()
    assert nudge.seen_at is None
