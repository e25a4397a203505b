"""Whom a recruiter knows: only once the list is published, only their own event's candidates."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CandidateListPublication, ConflictOfInterest
from tests.factories import (
    CandidateFactory,
    CandidateListPublicationFactory,
    EventFactory,
    RecruiterFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db


def _event_with_candidates(*first_names: str, published: bool = True):
    event = EventFactory.create()
    candidates = [
        CandidateFactory.create(campaign=event.campaign, first_name=name, last_name="Smith")
        for name in first_names
    ]
    event.candidates.add(*candidates)
    if published:
        CandidateListPublicationFactory.create(event=event)
    return event, candidates


def test_before_the_list_is_published_nobody_can_declare_a_conflict(
    client: Client, sign_in_recruiter
) -> None:
    event, [sam] = _event_with_candidates("Sam", published=False)
    recruiter = RecruiterFactory.create(event=event)
    sign_in_recruiter(client, recruiter)

    page = client.get(reverse("recruiters:candidates_you_know"))
    posted = client.post(reverse("recruiters:candidates_you_know"), {"known": [str(sam.pk)]})

    assert "not shared yet" in page.content.decode()
    assert "Sam" not in page.content.decode()
    assert "Sam" not in client.get(reverse("recruiters:home")).content.decode()
    assert posted.status_code == 403
    assert not ConflictOfInterest.objects.exists()


def test_a_recruiter_declares_knowing_a_candidate_and_the_pair_is_recorded(
    client: Client, sign_in_recruiter
) -> None:
    event, [sam, jo] = _event_with_candidates("Sam", "Jo")
    recruiter = RecruiterFactory.create(event=event, full_name="Lina Novak")
    sign_in_recruiter(client, recruiter)

    page = client.get(reverse("recruiters:candidates_you_know")).content.decode()
    response = client.post(
        reverse("recruiters:candidates_you_know"),
        {"known": [str(sam.pk)], f"how_{sam.pk}": "Neighbour", f"how_{jo.pk}": ""},
    )

    assert "Sam" in page
    assert "Jo" in page
    assert "Smith" not in page  # recruiters see display names only
    assert "will not talk with or score anyone you know" in page
    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.recruiter, conflict.candidate, conflict.how_they_know) == (
        recruiter,
        sam,
        "Neighbour",
    )
    assert conflict.organisation == event.organisation
    recruiter.refresh_from_db()
    assert recruiter.conflicts_declared_at is not None
    audit = AuditEvent.objects.get(action="conflicts.declared")
    assert (audit.actor_kind, audit.actor_id) == ("recruiter", recruiter.pk)
    assert audit.after == {"knows": {str(sam.pk): "Neighbour"}}


def test_a_recruiter_can_change_whom_they_know(client: Client, sign_in_recruiter) -> None:
    event, [sam, jo] = _event_with_candidates("Sam", "Jo")
    recruiter = RecruiterFactory.create(event=event)
    sign_in_recruiter(client, recruiter)
    url = reverse("recruiters:candidates_you_know")
    client.post(url, {"known": [str(sam.pk)]})

    page = client.get(url).content.decode()
    client.post(url, {"known": [str(jo.pk)], f"how_{jo.pk}": "Same school"})

    assert f'value="{sam.pk}" checked' in page
    assert list(ConflictOfInterest.objects.values_list("candidate", "how_they_know")) == [
        (jo.pk, "Same school")
    ]
    client.post(url, {"known": ["none"]})
    assert not ConflictOfInterest.objects.exists()
    assert 'value="none" checked' in client.get(url).content.decode()


def test_knowing_nobody_is_recorded_too(client: Client, sign_in_recruiter) -> None:
    event, _ = _event_with_candidates("Sam")
    recruiter = RecruiterFactory.create(event=event)
    sign_in_recruiter(client, recruiter)

    client.post(reverse("recruiters:candidates_you_know"), {"known": ["none"]})

    recruiter.refresh_from_db()
    assert recruiter.conflicts_declared_at is not None
    assert not ConflictOfInterest.objects.exists()


@pytest.mark.parametrize(
    ("known", "message"),
    [
        ([], "Select the candidates you know, or select"),
        (["SAM", "none"], "not both"),
    ],
)
def test_an_unclear_answer_says_what_to_do(
    client: Client, sign_in_recruiter, known: list[str], message: str
) -> None:
    event, [sam] = _event_with_candidates("Sam")
    recruiter = RecruiterFactory.create(event=event)
    sign_in_recruiter(client, recruiter)
    known = [str(sam.pk) if value == "SAM" else value for value in known]

    response = client.post(reverse("recruiters:candidates_you_know"), {"known": known})

    assert response.status_code == 400
    assert 'href="#id_known"' in response.content.decode()
    assert message in response.content.decode()
    recruiter.refresh_from_db()
    assert recruiter.conflicts_declared_at is None


def test_a_recruiter_of_another_event_cannot_see_or_declare_for_this_events_candidates(
    client: Client, sign_in_recruiter
) -> None:
    event, [sam] = _event_with_candidates("Samira")
    other_event, _ = _event_with_candidates("Jo")
    outsider = RecruiterFactory.create(event=other_event)
    sign_in_recruiter(client, outsider)

    page = client.get(reverse("recruiters:candidates_you_know")).content.decode()
    posted = client.post(reverse("recruiters:candidates_you_know"), {"known": [str(sam.pk)]})

    assert "Samira" not in page
    assert "Samira" not in client.get(reverse("recruiters:home")).content.decode()
    assert posted.status_code == 400
    assert not ConflictOfInterest.objects.exists()
    assert event.pk != other_event.pk


def test_staff_publish_the_candidate_list_once_with_an_audit_row(client: Client) -> None:
    event, _ = _event_with_candidates("Sam", published=False)
    facilitator = staff_member(event.organisation, Role.FACILITATOR)
    client.force_login(facilitator)
    url = reverse("recruiters:publish_candidates", args=[event.organisation.slug, event.pk])

    page = client.get(url).content.decode()
    response = client.post(url)
    client.post(url)

    assert "<li>Sam</li>" in page
    assert response.status_code == 302
    publication = CandidateListPublication.objects.get()
    assert (publication.event, publication.published_by) == (event, facilitator)
    assert AuditEvent.objects.filter(action="candidate_list.published").count() == 1
