"""Mingling notes: on the event's candidates a recruiter does not know, seen by the author."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.codesign.models import Observation
from tests.codesign.conftest import staff_url
from tests.factories import (
    CandidateFactory,
    CandidateListPublicationFactory,
    ConflictFactory,
    EventFactory,
    ObservationFactory,
    RecruiterFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidates(event):
    sam = CandidateFactory.create(campaign=event.campaign, first_name="Sam", last_name="Ali")
    jo = CandidateFactory.create(campaign=event.campaign, first_name="Jo", last_name="Bell")
    event.candidates.add(sam, jo)
    CandidateListPublicationFactory.create(event=event)
    return sam, jo


def _note(**fields: str) -> dict[str, str]:
    return {"idempotency_key": str(uuid.uuid4()), **fields}


def test_a_recruiter_writes_a_note_on_a_candidate_with_the_prompts(
    client: Client, event, candidates, sign_in_recruiter
) -> None:
    sam, _jo = candidates
    recruiter = RecruiterFactory.create(event=event)
    sign_in_recruiter(client, recruiter)

    listing = client.get(reverse("codesign:notes")).content.decode()
    page = client.get(reverse("codesign:candidate_notes", args=[sam.pk])).content.decode()
    response = client.post(
        reverse("codesign:candidate_notes", args=[sam.pk]),
        _note(curiosity="Asked Mrs Khan about her garden", manner="Sat with people"),
    )

    assert "Sam" in listing
    assert "Jo" in listing
    assert "Ali" not in listing
    assert "Were they curious about people, or about themselves?" in page
    assert "Their manner and body language" in page
    assert "How did they include people who speak little English?" in page
    assert "not a verdict" in page
    assert 'data-offline-queue data-offline-kind="note"' in page
    assert response.status_code == 302
    note = Observation.objects.get()
    assert (note.recruiter, note.candidate, note.curiosity) == (
        recruiter,
        sam,
        "Asked Mrs Khan about her garden",
    )
    audit = AuditEvent.objects.get(action="observation.recorded")
    assert (audit.target_type, audit.target_id) == ("codesign.Observation", str(note.pk))
    assert audit.after is None


def test_the_same_note_sent_twice_is_kept_once(
    client: Client, event, candidates, sign_in_recruiter
) -> None:
    sam, _jo = candidates
    sign_in_recruiter(client, RecruiterFactory.create(event=event))
    data = _note(manner="Smiled a lot")

    first = client.post(reverse("codesign:candidate_notes", args=[sam.pk]), data)
    second = client.post(reverse("codesign:candidate_notes", args=[sam.pk]), data)

    assert first.status_code == second.status_code == 302
    assert Observation.objects.count() == 1


def test_an_empty_note_is_refused(client: Client, event, candidates, sign_in_recruiter) -> None:
    sam, _jo = candidates
    sign_in_recruiter(client, RecruiterFactory.create(event=event))

    response = client.post(reverse("codesign:candidate_notes", args=[sam.pk]), _note())

    assert response.status_code == 400
    assert "Write what you noticed in at least one box" in response.content.decode()
    assert not Observation.objects.exists()


def test_no_notes_on_a_candidate_the_recruiter_knows_or_from_another_event(
    client: Client, event, candidates, sign_in_recruiter
) -> None:
    _sam, jo = candidates
    recruiter = RecruiterFactory.create(event=event)
    ConflictFactory.create(recruiter=recruiter, candidate=jo)
    elsewhere = CandidateFactory.create()
    EventFactory.create(campaign=elsewhere.campaign).candidates.add(elsewhere)
    sign_in_recruiter(client, recruiter)

    listing = client.get(reverse("codesign:notes")).content.decode()
    known = client.post(reverse("codesign:candidate_notes", args=[jo.pk]), _note(manner="x"))
    other = client.post(reverse("codesign:candidate_notes", args=[elsewhere.pk]), _note(manner="x"))

    assert "Sam" in listing
    # As a word: random tokens on the page (CSRF, nonces) may hold the letters "Jo".
    assert not re.search(r"\bJo\b", listing)
    assert known.status_code == other.status_code == 404
    assert not Observation.objects.exists()


def test_before_the_names_are_shared_there_is_nobody_to_write_about(
    client: Client, event, sign_in_recruiter
) -> None:
    sam = CandidateFactory.create(campaign=event.campaign, first_name="Sam")
    event.candidates.add(sam)
    sign_in_recruiter(client, RecruiterFactory.create(event=event))

    listing = client.get(reverse("codesign:notes")).content.decode()
    page = client.get(reverse("codesign:candidate_notes", args=[sam.pk]))

    assert "not shared yet" in listing
    assert page.status_code == 404


def test_a_recruiter_sees_only_their_own_notes(
    client: Client, event, candidates, sign_in_recruiter
) -> None:
    sam, _jo = candidates
    recruiter = RecruiterFactory.create(event=event)
    ObservationFactory.create(recruiter=recruiter, candidate=sam, curiosity="Mine: asked about me")
    ObservationFactory.create(
        recruiter=RecruiterFactory.create(event=event), candidate=sam, curiosity="Someone else's"
    )
    sign_in_recruiter(client, recruiter)

    page = client.get(reverse("codesign:candidate_notes", args=[sam.pk])).content.decode()

    assert "Mine: asked about me" in page
    assert "Someone else&#x27;s" not in page


def test_staff_see_the_notes_per_candidate_without_who_wrote_them(
    facilitator_client: Client, event, candidates
) -> None:
    sam, _jo = candidates
    ObservationFactory.create(
        recruiter=RecruiterFactory.create(event=event, full_name="Lina Novak"),
        candidate=sam,
        curiosity="Asked about the allotments",
    )

    html = facilitator_client.get(staff_url("observations", event)).content.decode()

    assert "Asked about the allotments" in html
    assert "Sam" in html
    assert "Lina" not in html
