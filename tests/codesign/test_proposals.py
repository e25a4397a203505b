"""Qualities and local insights: proposed on phones or typed by staff, sent once, merged."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.codesign.models import Proposal, ProposalKind
from tests.codesign.conftest import staff_url
from tests.factories import DotVoteFactory, ProposalFactory, RecruiterFactory

pytestmark = pytest.mark.django_db


def test_a_recruiter_proposes_a_quality_from_their_phone(
    client: Client, event, sign_in_recruiter
) -> None:
    recruiter = RecruiterFactory.create(event=event, full_name="Lina Novak")
    sign_in_recruiter(client, recruiter)

    page = client.get(reverse("codesign:propose_quality")).content.decode()
    response = client.post(
        reverse("codesign:propose_quality"),
        {"text": "A good listener", "idempotency_key": str(uuid.uuid4())},
    )

    assert 'data-offline-queue data-offline-kind="suggestion"' in page
    assert 'name="idempotency_key"' in page
    assert response.status_code == 302
    assert response["Location"] == reverse("codesign:recruiter_codesign")
    proposal = Proposal.objects.get()
    assert (proposal.kind, proposal.text, proposal.proposed_by_recruiter) == (
        ProposalKind.QUALITY,
        "A good listener",
        recruiter,
    )
    made = AuditEvent.objects.get(action="proposal.made")
    assert (made.actor_kind, made.actor_id) == ("recruiter", recruiter.pk)
    assert "A good listener" in client.get(reverse("codesign:recruiter_codesign")).content.decode()


def test_a_recruiter_shares_a_local_insight(client: Client, event, sign_in_recruiter) -> None:
    sign_in_recruiter(client, RecruiterFactory.create(event=event))

    client.post(
        reverse("codesign:share_insight"),
        {"text": "The old mill closed in 1998.", "idempotency_key": str(uuid.uuid4())},
    )

    assert Proposal.objects.get().kind == ProposalKind.INSIGHT


def test_the_same_submission_sent_twice_makes_one_proposal(
    client: Client, event, sign_in_recruiter
) -> None:
    sign_in_recruiter(client, RecruiterFactory.create(event=event))
    data = {"text": "Patient", "idempotency_key": str(uuid.uuid4())}

    first = client.post(reverse("codesign:propose_quality"), data)
    second = client.post(reverse("codesign:propose_quality"), data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Proposal.objects.count() == 1
    assert AuditEvent.objects.filter(action="proposal.made").count() == 1


def test_an_empty_proposal_is_refused_with_a_clear_error(
    client: Client, event, sign_in_recruiter
) -> None:
    sign_in_recruiter(client, RecruiterFactory.create(event=event))

    response = client.post(
        reverse("codesign:propose_quality"), {"text": " ", "idempotency_key": str(uuid.uuid4())}
    )

    assert response.status_code == 400
    assert "Enter a quality" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_facilitator_types_what_the_room_says(facilitator_client: Client, event) -> None:
    response = facilitator_client.post(
        staff_url("add_proposal", event),
        {"kind": "insight", "text": "Market day is Thursday", "idempotency_key": str(uuid.uuid4())},
    )

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.kind == ProposalKind.INSIGHT
    assert proposal.typed_by_staff is not None
    assert proposal.proposed_by_recruiter is None


def test_the_facilitator_merges_duplicates_into_the_wording_that_stays(
    facilitator_client: Client, event
) -> None:
    listener = ProposalFactory.create(event=event, text="Good listener")
    listens = ProposalFactory.create(event=event, text="Listens well")
    earlier = ProposalFactory.create(event=event, text="Really listens", merged_into=listens)
    other = ProposalFactory.create(event=event, text="Honest")

    response = facilitator_client.post(
        staff_url("merge", event, "quality"),
        {"duplicates": [str(listener.pk), str(listens.pk)], "keep": str(listener.pk)},
    )

    assert response.status_code == 302
    for proposal in (listener, listens, earlier, other):
        proposal.refresh_from_db()
    assert listener.merged_into is None
    assert listens.merged_into == listener
    assert earlier.merged_into == listener  # chains stay one step long
    assert other.merged_into is None
    audit = AuditEvent.objects.get(action="proposals.merged")
    assert audit.after == {"kept": "Good listener", "merged": ["Listens well"]}
    overview = facilitator_client.get(staff_url("overview", event)).content.decode()
    assert "“Listens well”" in overview


def test_merging_needs_two_proposals_and_a_wording_among_them(
    facilitator_client: Client, event
) -> None:
    first, second, third = ProposalFactory.create_batch(3, event=event)

    one = facilitator_client.post(
        staff_url("merge", event, "quality"), {"duplicates": [str(first.pk)], "keep": str(first.pk)}
    )
    outside = facilitator_client.post(
        staff_url("merge", event, "quality"),
        {"duplicates": [str(first.pk), str(second.pk)], "keep": str(third.pk)},
    )

    assert one.status_code == outside.status_code == 400
    assert "Select 2 or more proposals" in one.content.decode()
    assert "Select a wording from the proposals you are merging" in outside.content.decode()
    assert not Proposal.objects.filter(merged_into__isnull=False).exists()


def test_qualities_cannot_be_merged_while_voting_is_open(facilitator_client: Client, event) -> None:
    first, second = ProposalFactory.create_batch(2, event=event)
    DotVoteFactory.create(event=event)

    response = facilitator_client.post(
        staff_url("merge", event, "quality"),
        {"duplicates": [str(first.pk), str(second.pk)], "keep": str(first.pk)},
    )

    assert response.status_code == 400
    assert "Close dot-voting before you merge qualities" in response.content.decode()
