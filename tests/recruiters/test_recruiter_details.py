"""A recruiter sees and corrects their own details; staff correct a recruiter's details, audited."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from tests.factories import EventFactory, RecruiterFactory, staff_member

pytestmark = pytest.mark.django_db

SignIn = Callable[[Client, CommunityRecruiter], None]


@pytest.fixture
def recruiter() -> CommunityRecruiter:
    return RecruiterFactory.create(
        full_name="Amina Yusuf",
        neighbourhood="Canal Ward",
        email="amina@example.net",
        phone="",
        preferred_language="en",
        interpreter_language="ar",
        access_needs="",
        dietary_needs="Halal",
        available_from=datetime.time(10, 0),
    )


def _own_answers(**changes: str) -> dict[str, str]:
    answers = {
        "full_name": "Amina Yusuf",
        "neighbourhood": "Canal Ward",
        "email": "amina@example.net",
        "phone": "",
        "preferred_language": "en",
        "other_language": "",
        "access_needs": "",
        "dietary_needs": "Halal",
    }
    return {**answers, **changes}


def test_a_recruiter_sees_what_they_told_us(
    client: Client, recruiter: CommunityRecruiter, sign_in_recruiter: SignIn
) -> None:
    sign_in_recruiter(client, recruiter)

    response = client.get(reverse("recruiters:your_details"))

    text = response.content.decode()
    assert response.status_code == 200
    assert 'value="Amina Yusuf"' in text
    assert "amina@example.net" in text
    assert "Halal" in text
    assert "Arabic" in text  # the interpreter, shown but not changed here
    assert "no-store" in response["Cache-Control"]


def test_a_recruiter_corrects_their_details_and_the_audit_row_names_only_what_changed(
    client: Client, recruiter: CommunityRecruiter, sign_in_recruiter: SignIn
) -> None:
    sign_in_recruiter(client, recruiter)

    response = client.post(
        reverse("recruiters:your_details"),
        _own_answers(phone="07700 900 982", access_needs="Step-free access"),
    )

    assert response.status_code == 302
    recruiter.refresh_from_db()
    assert recruiter.phone == "07700 900 982"
    assert recruiter.access_needs == "Step-free access"
    # What shapes the plan is kept as it was.
    assert recruiter.interpreter_language == "ar"
    assert recruiter.available_from == datetime.time(10, 0)
    row = AuditEvent.objects.get(action="recruiter.details_changed")
    assert row.actor_kind == "recruiter"
    assert (row.after or {})["changed"] == ["phone", "access_needs"]
    assert (row.after or {})["by_staff"] is False
    assert "07700" not in str(row.after)
    assert "Step-free" not in str(row.after)


def test_a_recruiter_cannot_change_their_interpreter_or_times_from_their_own_page(
    client: Client, recruiter: CommunityRecruiter, sign_in_recruiter: SignIn
) -> None:
    sign_in_recruiter(client, recruiter)

    client.post(
        reverse("recruiters:your_details"),
        _own_answers(interpreter_needed="no", interpreter_language="", available_from="14:00"),
    )

    recruiter.refresh_from_db()
    assert recruiter.interpreter_language == "ar"
    assert recruiter.available_from == datetime.time(10, 0)
    assert not AuditEvent.objects.filter(action="recruiter.details_changed").exists()


def test_a_bad_answer_is_named_and_what_was_typed_is_kept(
    client: Client, recruiter: CommunityRecruiter, sign_in_recruiter: SignIn
) -> None:
    sign_in_recruiter(client, recruiter)

    response = client.post(
        reverse("recruiters:your_details"),
        _own_answers(full_name="", email="amina at example", dietary_needs="Vegetarian"),
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in text
    assert "Enter your full name" in text
    assert "Enter an email address in the correct format" in text
    assert "Vegetarian" in text
    recruiter.refresh_from_db()
    assert recruiter.full_name == "Amina Yusuf"
    assert recruiter.dietary_needs == "Halal"


def test_the_recruiters_page_needs_them_signed_in(client: Client) -> None:
    response = client.get(reverse("recruiters:your_details"))

    assert response.status_code == 302
    assert response["Location"] == reverse("signin:code")


def _staff_url(recruiter: CommunityRecruiter) -> str:
    return reverse(
        "recruiters:recruiter_change",
        args=[recruiter.organisation.slug, recruiter.event.pk, recruiter.pk],
    )


def _staff_answers(**changes: str) -> dict[str, str]:
    answers = {
        "full_name": "Amina Yusuf",
        "neighbourhood": "Canal Ward",
        "email": "amina@example.net",
        "phone": "",
        "preferred_language": "en",
        "interpreter_needed": "yes",
        "interpreter_language": "ar",
        "access_needs": "",
        "dietary_needs": "Halal",
        "available_from": "10:00",
        "available_until": "",
    }
    return {**answers, **changes}


@pytest.mark.parametrize("role", [Role.PROGRAMME_MANAGER, Role.FACILITATOR])
def test_staff_who_run_the_day_correct_a_recruiters_details_audited_as_themselves(
    client: Client, recruiter: CommunityRecruiter, role: Role
) -> None:
    officer = staff_member(recruiter.organisation, role)
    client.force_login(officer)

    form = client.get(_staff_url(recruiter))
    response = client.post(_staff_url(recruiter), _staff_answers(available_until="13:00"))

    assert form.status_code == 200
    assert 'value="Amina Yusuf"' in form.content.decode()
    assert response.status_code == 302
    recruiter.refresh_from_db()
    assert recruiter.available_until == datetime.time(13, 0)
    row = AuditEvent.objects.get(action="recruiter.details_changed")
    assert (row.actor_kind, row.actor_id) == ("staff", officer.pk)
    assert (row.after or {})["changed"] == ["available_until"]
    assert (row.after or {})["by_staff"] is True


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.INTERVIEW_PANEL])
def test_staff_who_do_not_run_the_day_cannot_change_a_recruiters_details(
    client: Client, recruiter: CommunityRecruiter, role: Role
) -> None:
    client.force_login(staff_member(recruiter.organisation, role))

    response = client.post(_staff_url(recruiter), _staff_answers(full_name="Someone else"))

    assert response.status_code == 403
    recruiter.refresh_from_db()
    assert recruiter.full_name == "Amina Yusuf"


def test_another_organisations_manager_cannot_change_a_recruiters_details(
    client: Client, recruiter: CommunityRecruiter
) -> None:
    client.force_login(staff_member(EventFactory.create().organisation, Role.PROGRAMME_MANAGER))

    response = client.post(_staff_url(recruiter), _staff_answers(full_name="Someone else"))

    assert response.status_code == 404
    recruiter.refresh_from_db()
    assert recruiter.full_name == "Amina Yusuf"


def test_a_recruiter_of_another_event_is_not_found_under_this_event(
    client: Client, recruiter: CommunityRecruiter
) -> None:
    other_event = EventFactory.create(campaign=recruiter.event.campaign)
    client.force_login(staff_member(recruiter.organisation, Role.PROGRAMME_MANAGER))

    response = client.get(
        reverse(
            "recruiters:recruiter_change",
            args=[recruiter.organisation.slug, other_event.pk, recruiter.pk],
        )
    )

    assert response.status_code == 404


def test_a_recruiter_added_at_the_door_corrects_a_need_without_giving_contact_details(
    client: Client, sign_in_recruiter: SignIn
) -> None:
    recruiter = RecruiterFactory.create(full_name="Carl Diaz", email="", phone="", neighbourhood="")
    sign_in_recruiter(client, recruiter)

    response = client.post(
        reverse("recruiters:your_details"),
        _own_answers(full_name="Carl Diaz", neighbourhood="", email="", dietary_needs="Vegan"),
    )

    assert response.status_code == 302
    recruiter.refresh_from_db()
    assert recruiter.dietary_needs == "Vegan"


def test_a_recruiter_who_gave_a_way_to_reach_them_cannot_remove_every_one(
    client: Client, recruiter: CommunityRecruiter, sign_in_recruiter: SignIn
) -> None:
    sign_in_recruiter(client, recruiter)

    response = client.post(reverse("recruiters:your_details"), _own_answers(email="", phone=""))

    assert response.status_code == 400
    assert "Enter a phone number or an email address, or both" in response.content.decode()
    recruiter.refresh_from_db()
    assert recruiter.email == "amina@example.net"
