"""On the day: the recruiter checks in and confirms again; the facilitator sees who has arrived."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Role
from tests.factories import (
    CandidateFactory,
    CandidateListPublicationFactory,
    ConflictFactory,
    EventFactory,
    OrganisationFactory,
    RecruiterFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 14, 9, 30, tzinfo=datetime.UTC)


def _check_ins_url(event, *args: object) -> str:
    return reverse("recruiters:event_check_ins", args=[event.organisation.slug, event.pk, *args])


def _on_behalf_url(event, recruiter) -> str:
    return reverse(
        "recruiters:check_in_on_behalf", args=[event.organisation.slug, event.pk, recruiter.pk]
    )


@pytest.fixture
def declared_recruiter():
    """A recruiter whose event has published its candidates, and who said whom they know."""
    recruiter = RecruiterFactory.create(full_name="Lina Novak", conflicts_declared_at=NOW)
    CandidateListPublicationFactory.create(event=recruiter.event)
    sam = CandidateFactory.create(campaign=recruiter.event.campaign, first_name="Sam")
    recruiter.event.candidates.add(sam)
    ConflictFactory.create(recruiter=recruiter, candidate=sam, how_they_know="Neighbour")
    return recruiter


# --- Checking in ------------------------------------------------------------------------------


def test_a_recruiter_checks_in_and_the_time_is_recorded_with_an_audit_row(
    client: Client, sign_in_recruiter
) -> None:
    recruiter = RecruiterFactory.create(full_name="Lina Novak")
    sign_in_recruiter(client, recruiter)
    key = uuid.uuid4()

    page = client.get(reverse("recruiters:check_in"))
    response = client.post(reverse("recruiters:check_in"), {"idempotency_key": str(key)})

    assert 'data-offline-kind="check-in"' in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == reverse("recruiters:check_in")
    recruiter.refresh_from_db()
    assert recruiter.checked_in_at is not None
    assert recruiter.check_in_idempotency_key == key
    audit = AuditEvent.objects.get(action="recruiter.checked_in")
    assert (audit.actor_kind, audit.actor_id) == ("recruiter", recruiter.pk)
    assert audit.after == {
        "checked_in_at": recruiter.checked_in_at.isoformat(),
        "checked_in_by": "recruiter",
    }
    assert "You checked in at" in client.get(reverse("recruiters:check_in")).content.decode()


def test_the_same_check_in_sent_twice_is_recorded_once_and_answers_as_before(
    client: Client, sign_in_recruiter
) -> None:
    recruiter = RecruiterFactory.create()
    sign_in_recruiter(client, recruiter)
    data = {"idempotency_key": str(uuid.uuid4())}
    first = client.post(reverse("recruiters:check_in"), data)
    recruiter.refresh_from_db()
    checked_in_at = recruiter.checked_in_at

    again = client.post(reverse("recruiters:check_in"), data)

    assert (again.status_code, again["Location"]) == (first.status_code, first["Location"])
    recruiter.refresh_from_db()
    assert recruiter.checked_in_at == checked_in_at
    assert AuditEvent.objects.filter(action="recruiter.checked_in").count() == 1


def test_checking_in_again_later_keeps_the_first_time(client: Client, sign_in_recruiter) -> None:
    recruiter = RecruiterFactory.create()
    sign_in_recruiter(client, recruiter)
    client.post(reverse("recruiters:check_in"), {"idempotency_key": str(uuid.uuid4())})
    recruiter.refresh_from_db()
    first = recruiter.checked_in_at

    client.post(reverse("recruiters:check_in"), {"idempotency_key": str(uuid.uuid4())})

    recruiter.refresh_from_db()
    assert recruiter.checked_in_at == first
    assert AuditEvent.objects.filter(action="recruiter.checked_in").count() == 1


def test_a_key_already_used_by_another_recruiter_checks_nobody_in(
    client: Client, sign_in_recruiter
) -> None:
    key = uuid.uuid4()
    RecruiterFactory.create(checked_in_at=NOW, check_in_idempotency_key=key)
    recruiter = RecruiterFactory.create()
    sign_in_recruiter(client, recruiter)

    response = client.post(reverse("recruiters:check_in"), {"idempotency_key": str(key)})

    assert response.status_code == 302
    recruiter.refresh_from_db()
    assert recruiter.checked_in_at is None


def test_checking_in_changes_only_the_signed_in_recruiter(
    client: Client, sign_in_recruiter
) -> None:
    recruiter = RecruiterFactory.create()
    other_event_recruiter = RecruiterFactory.create()
    sign_in_recruiter(client, recruiter)

    client.post(reverse("recruiters:check_in"), {"idempotency_key": str(uuid.uuid4())})

    other_event_recruiter.refresh_from_db()
    assert other_event_recruiter.checked_in_at is None


@pytest.mark.parametrize("url_name", ["recruiters:check_in", "recruiters:confirm_day"])
def test_only_a_signed_in_recruiter_can_check_in_or_confirm(client: Client, url_name: str) -> None:
    response = client.post(reverse(url_name), {"idempotency_key": str(uuid.uuid4())})

    assert response.status_code == 302
    assert response["Location"] == reverse("signin:code")


# --- Confirming on the day --------------------------------------------------------------------


def test_a_recruiter_confirms_on_the_day_and_the_audit_row_keeps_whom_they_knew(
    client: Client, sign_in_recruiter, declared_recruiter
) -> None:
    sign_in_recruiter(client, declared_recruiter)
    key = uuid.uuid4()

    page = client.get(reverse("recruiters:check_in")).content.decode()
    response = client.post(
        reverse("recruiters:confirm_day"),
        {"idempotency_key": str(key), "keeps_confidential": "on", "conflicts_right": "on"},
    )

    assert "Sam" in page
    assert "Neighbour" in page
    assert 'data-offline-kind="confirmation"' in page
    assert response.status_code == 302
    declared_recruiter.refresh_from_db()
    assert declared_recruiter.day_confirmed_at is not None
    assert declared_recruiter.day_confirmation_idempotency_key == key
    audit = AuditEvent.objects.get(action="recruiter.day_confirmed")
    assert (audit.actor_kind, audit.actor_id) == ("recruiter", declared_recruiter.pk)
    assert audit.after == {
        "day_confirmed_at": declared_recruiter.day_confirmed_at.isoformat(),
        "keeps_confidentiality": True,
        "knows": list(declared_recruiter.conflicts.values_list("candidate_id", flat=True)),
    }
    assert "You confirmed this at" in client.get(reverse("recruiters:check_in")).content.decode()


def test_the_same_confirmation_sent_twice_is_recorded_once(
    client: Client, sign_in_recruiter, declared_recruiter
) -> None:
    sign_in_recruiter(client, declared_recruiter)
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "keeps_confidential": "on",
        "conflicts_right": "on",
    }

    client.post(reverse("recruiters:confirm_day"), data)
    again = client.post(reverse("recruiters:confirm_day"), data)

    assert again.status_code == 302
    assert AuditEvent.objects.filter(action="recruiter.day_confirmed").count() == 1


def test_confirming_without_ticking_the_boxes_says_what_to_do_and_records_nothing(
    client: Client, sign_in_recruiter, declared_recruiter
) -> None:
    sign_in_recruiter(client, declared_recruiter)

    response = client.post(
        reverse("recruiters:confirm_day"), {"idempotency_key": str(uuid.uuid4())}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Check in on the day" in html
    assert "Select the box to say you will keep what you hear confidential" in html
    assert "Select the box to say what you said about the candidates you know is right" in html
    declared_recruiter.refresh_from_db()
    assert declared_recruiter.day_confirmed_at is None


def test_a_recruiter_who_has_not_said_whom_they_know_is_sent_to_say_it_first(
    client: Client, sign_in_recruiter
) -> None:
    recruiter = RecruiterFactory.create()
    CandidateListPublicationFactory.create(event=recruiter.event)
    sign_in_recruiter(client, recruiter)

    page = client.get(reverse("recruiters:check_in")).content.decode()
    response = client.post(
        reverse("recruiters:confirm_day"),
        {"idempotency_key": str(uuid.uuid4()), "keeps_confidential": "on", "conflicts_right": "on"},
    )

    assert reverse("recruiters:candidates_you_know") in page
    assert 'data-offline-kind="confirmation"' not in page
    assert response.status_code == 400
    assert "Tell us whether you know any of the candidates before you confirm" in (
        response.content.decode()
    )
    recruiter.refresh_from_db()
    assert recruiter.day_confirmed_at is None


# --- The facilitator's list -------------------------------------------------------------------


def test_the_facilitator_sees_who_has_checked_in_and_confirmed(client: Client) -> None:
    event = EventFactory.create()
    RecruiterFactory.create(
        event=event, full_name="Amina Hassan", checked_in_at=NOW, day_confirmed_at=NOW
    )
    RecruiterFactory.create(event=event, full_name="Lina Novak")
    RecruiterFactory.create(full_name="Someone Elsewhere", checked_in_at=NOW)
    client.force_login(staff_member(event.organisation, Role.FACILITATOR))

    html = client.get(_check_ins_url(event)).content.decode()

    assert "1 of 2 recruiters checked in." in html
    assert "Amina Hassan" in html
    assert "Lina Novak" in html
    assert "Someone Elsewhere" not in html
    assert _on_behalf_url(event, event.recruiters.get(full_name="Lina Novak")) in html


def test_the_facilitator_checks_in_a_recruiter_without_a_phone(client: Client) -> None:
    event = EventFactory.create()
    recruiter = RecruiterFactory.create(event=event, full_name="Lina Novak")
    facilitator = staff_member(event.organisation, Role.FACILITATOR)
    client.force_login(facilitator)

    response = client.post(_on_behalf_url(event, recruiter))

    assert response.status_code == 302
    recruiter.refresh_from_db()
    assert recruiter.checked_in_at is not None
    audit = AuditEvent.objects.get(action="recruiter.checked_in")
    assert (audit.actor_kind, audit.actor_id) == ("staff", facilitator.pk)
    assert audit.after is not None
    assert audit.after["checked_in_by"] == "staff"


def test_the_check_in_list_of_another_organisations_event_is_not_found(client: Client) -> None:
    event = EventFactory.create()
    recruiter = RecruiterFactory.create(event=event)
    client.force_login(staff_member(OrganisationFactory.create(), Role.FACILITATOR))

    assert client.get(_check_ins_url(event)).status_code == 404
    assert client.post(_on_behalf_url(event, recruiter)).status_code == 404


def test_an_auditor_sees_the_list_but_cannot_check_anyone_in(client: Client) -> None:
    event = EventFactory.create()
    recruiter = RecruiterFactory.create(event=event)
    client.force_login(staff_member(event.organisation, Role.AUDITOR))

    page = client.get(_check_ins_url(event))
    response = client.post(_on_behalf_url(event, recruiter))

    assert page.status_code == 200
    assert _on_behalf_url(event, recruiter) not in page.content.decode()
    assert response.status_code == 403
    recruiter.refresh_from_db()
    assert recruiter.checked_in_at is None


def test_a_recruiter_of_another_event_cannot_check_in_someone_else(client: Client) -> None:
    event = EventFactory.create()
    recruiter = RecruiterFactory.create(event=event)
    other = RecruiterFactory.create(event=EventFactory.create(campaign=event.campaign))
    url = reverse(
        "recruiters:check_in_on_behalf",
        args=[event.organisation.slug, other.event.pk, recruiter.pk],
    )
    client.force_login(staff_member(event.organisation, Role.FACILITATOR))

    assert client.post(url).status_code == 404
    recruiter.refresh_from_db()
    assert recruiter.checked_in_at is None


def test_a_recruiter_cannot_open_the_staff_list(client: Client, sign_in_recruiter) -> None:
    recruiter = RecruiterFactory.create()
    sign_in_recruiter(client, recruiter)

    assert client.get(_check_ins_url(recruiter.event)).status_code == 404


# --- The service worker -----------------------------------------------------------------------


def test_the_service_worker_is_served_for_the_recruiter_pages_and_never_from_a_cache(
    client: Client,
) -> None:
    response = client.get(reverse("recruiters:service_worker"))

    script = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/recruiter/"
    assert response["Cache-Control"] == "no-cache"
    assert '"/static/css/coappoint.css"' in script
    assert '"/static/js/offline.js"' in script
    assert reverse("recruiters:offline") in script


def test_the_service_worker_keeps_every_languages_versioned_catalogue(client: Client) -> None:
    # The offline page (fetched without cookies) and a switch of language offline need theirs.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"

    script = client.get(reverse("recruiters:service_worker")).content.decode()

    for language in ("en", "cy", "ar"):
        assert f'"{static(f"jsi18n/{language}.js")}"' in script
    assert "/recruiter/jsi18n/" not in script
