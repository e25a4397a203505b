"""A recruiter withdraws (from their phone, or staff for them): before the day they leave the plan,
re-planned if a timetable exists; afterwards their sheets sent still count and no more are owed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.recruiters.services import AlreadyWithdrawn
from coappoint.timetables.models import AttendanceChange
from coappoint.timetables.planning import build_timetable_input
from coappoint.timetables.queries import get_current_timetable
from coappoint.timetables.services import withdraw_recruiter
from tests.factories import (
    EventFactory,
    conversation_slots,
    make_day_with_timetable,
    make_day_without_timetable,
    staff_member,
)

pytestmark = pytest.mark.django_db
SignIn = Callable[[Client, CommunityRecruiter], None]


def _recruiters_planned(timetable) -> set[int]:
    return {c["recruiter"] for slot in conversation_slots(timetable) for c in slot}


def test_a_recruiter_who_withdraws_before_a_timetable_is_made_is_not_planned_in(
    client: Client, sign_in_recruiter: SignIn
) -> None:
    day = make_day_without_timetable()
    carl = day.recruiters["carl"]
    sign_in_recruiter(client, carl)

    page = client.get(reverse("screens:withdraw"))
    response = client.post(reverse("screens:withdraw"))

    assert page.status_code == 200
    assert "any score sheets you have already sent still count" in page.content.decode()
    assert response.status_code == 302
    carl.refresh_from_db()
    assert carl.has_withdrawn
    assert carl.withdrawn_by is None
    planned = {entry["id"] for entry in build_timetable_input(day.event).document["recruiters"]}
    assert len(planned) == 2
    row = AuditEvent.objects.get(action="recruiter.withdrew")
    assert row.actor_kind == "recruiter"
    assert (row.after or {})["by_staff"] is False
    home = client.get(reverse("recruiters:home")).content.decode()
    assert "You withdrew from the day" in home


def test_withdrawing_once_a_timetable_exists_plans_the_day_again_without_them() -> None:
    day = make_day_with_timetable()
    carl = day.recruiters["carl"]
    assert carl.pk in _recruiters_planned(day.timetable)

    withdrawn = withdraw_recruiter(recruiter=carl, actor=carl)

    assert withdrawn.replanned is not None
    current = get_current_timetable(day.event)
    assert current is not None
    assert current.version == day.timetable.version + 1
    assert carl.pk not in _recruiters_planned(current)
    change = AttendanceChange.objects.get(event=day.event)
    assert (change.kind, change.person_id, change.recorded_by) == ("withdrew", carl.pk, None)


def test_staff_withdraw_a_recruiter_who_phoned_and_are_told_the_day_was_planned_again(
    client: Client,
) -> None:
    day = make_day_with_timetable()
    bea = day.recruiters["bea"]
    client.force_login(day.facilitator)
    url = reverse(
        "timetables:recruiter_withdraw", args=[day.event.organisation.slug, day.event.pk, bea.pk]
    )

    response = client.post(url, follow=True)

    text = response.content.decode()
    assert "Bea" in text
    assert "has withdrawn" in text
    assert "planned again without them" in text
    bea.refresh_from_db()
    assert bea.withdrawn_by == day.facilitator
    assert "Withdrew" in text  # the tag on the recruiters list


def test_withdrawing_twice_is_refused_by_the_service_and_changes_nothing() -> None:
    day = make_day_with_timetable()
    carl = day.recruiters["carl"]
    withdraw_recruiter(recruiter=carl, actor=carl)

    with pytest.raises(AlreadyWithdrawn):
        withdraw_recruiter(recruiter=carl, actor=carl)

    assert AuditEvent.objects.filter(action="recruiter.withdrew").count() == 1
    current = get_current_timetable(day.event)
    assert current is not None
    assert current.version == day.timetable.version + 1


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.INTERVIEW_PANEL])
def test_staff_who_do_not_run_the_day_cannot_withdraw_a_recruiter(client: Client, role) -> None:
    day = make_day_with_timetable()
    bea = day.recruiters["bea"]
    client.force_login(staff_member(day.event.organisation, role))

    response = client.post(
        reverse(
            "timetables:recruiter_withdraw",
            args=[day.event.organisation.slug, day.event.pk, bea.pk],
        )
    )

    assert response.status_code == 403
    bea.refresh_from_db()
    assert not bea.has_withdrawn


def test_another_organisations_facilitator_cannot_withdraw_a_recruiter(client: Client) -> None:
    day = make_day_with_timetable()
    bea = day.recruiters["bea"]
    client.force_login(staff_member(EventFactory.create().organisation, Role.FACILITATOR))

    response = client.post(
        reverse(
            "timetables:recruiter_withdraw",
            args=[day.event.organisation.slug, day.event.pk, bea.pk],
        )
    )

    assert response.status_code == 404
    bea.refresh_from_db()
    assert not bea.has_withdrawn
