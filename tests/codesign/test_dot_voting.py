"""Dot-voting on phones: a set number of dots each, only while open, results most dots first."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.codesign.models import Dot, DotVote
from coappoint.codesign.queries import list_vote_results
from coappoint.codesign.services import CodesignRefused, place_dots
from tests.codesign.conftest import staff_url
from tests.factories import DotVoteFactory, EventFactory, ProposalFactory, RecruiterFactory

pytestmark = pytest.mark.django_db


def test_the_facilitator_opens_voting_with_a_number_of_dots_each(
    facilitator_client: Client, event
) -> None:
    ProposalFactory.create(event=event)

    response = facilitator_client.post(staff_url("voting", event), {"dots_per_recruiter": "3"})

    assert response.status_code == 302
    vote = DotVote.objects.get()
    assert (vote.dots_per_recruiter, vote.is_open) == (3, True)
    assert AuditEvent.objects.filter(action="dot_vote.opened").exists()


def test_voting_cannot_open_without_qualities(facilitator_client: Client, event) -> None:
    response = facilitator_client.post(staff_url("voting", event), {"dots_per_recruiter": "3"})

    assert response.status_code == 400
    assert "Add at least one quality" in response.content.decode()
    assert not DotVote.objects.exists()


def test_a_recruiter_places_their_dots_several_on_one_quality(
    client: Client, event, sign_in_recruiter
) -> None:
    listener, honest = ProposalFactory.create_batch(2, event=event)
    DotVoteFactory.create(event=event, dots_per_recruiter=3)
    sign_in_recruiter(client, RecruiterFactory.create(event=event))

    page = client.get(reverse("codesign:dots")).content.decode()
    response = client.post(
        reverse("codesign:dots"), {f"dots_{listener.pk}": "2", f"dots_{honest.pk}": ""}
    )

    assert "You have 3 dots" in page
    assert response.status_code == 302
    assert list(Dot.objects.values_list("proposal", "dots")) == [(listener.pk, 2)]


def test_placing_dots_again_replaces_the_last_go(client: Client, event, sign_in_recruiter) -> None:
    listener, honest = ProposalFactory.create_batch(2, event=event)
    DotVoteFactory.create(event=event, dots_per_recruiter=3)
    sign_in_recruiter(client, RecruiterFactory.create(event=event))

    client.post(reverse("codesign:dots"), {f"dots_{listener.pk}": "3"})
    client.post(reverse("codesign:dots"), {f"dots_{listener.pk}": "1", f"dots_{honest.pk}": "2"})

    assert sorted(Dot.objects.values_list("proposal", "dots")) == [(listener.pk, 1), (honest.pk, 2)]


def test_more_dots_than_allowed_are_refused_with_a_clear_error(
    client: Client, event, sign_in_recruiter
) -> None:
    listener, honest = ProposalFactory.create_batch(2, event=event)
    DotVoteFactory.create(event=event, dots_per_recruiter=3)
    sign_in_recruiter(client, RecruiterFactory.create(event=event))

    response = client.post(
        reverse("codesign:dots"), {f"dots_{listener.pk}": "2", f"dots_{honest.pk}": "2"}
    )
    negative = client.post(reverse("codesign:dots"), {f"dots_{listener.pk}": "-1"})

    assert response.status_code == negative.status_code == 400
    html = response.content.decode()
    assert "You have 3 dots but placed 4. Take away 1." in html
    assert 'value="2"' in html  # what was typed is kept
    assert "must be 0 or more" in negative.content.decode()
    assert not Dot.objects.exists()


def test_dots_are_placed_only_while_voting_is_open(
    client: Client, event, sign_in_recruiter
) -> None:
    quality = ProposalFactory.create(event=event)
    DotVoteFactory.create(event=event, closed_at=datetime.datetime.now(tz=datetime.UTC))
    sign_in_recruiter(client, RecruiterFactory.create(event=event))

    page = client.get(reverse("codesign:dots"))
    response = client.post(reverse("codesign:dots"), {f"dots_{quality.pk}": "1"})

    assert "Voting has closed" in page.content.decode()
    assert response.status_code == 403
    assert not Dot.objects.exists()


def test_only_recruiters_of_the_event_place_dots_on_its_qualities(event) -> None:
    quality = ProposalFactory.create(event=event)
    vote = DotVoteFactory.create(event=event)
    stranger = RecruiterFactory.create(event=EventFactory.create())

    with pytest.raises(CodesignRefused):
        place_dots(vote=vote, recruiter=stranger, dots={quality.pk: 1})

    assert not Dot.objects.exists()


def test_a_recruiter_of_another_event_sees_only_their_own_events_voting(
    client: Client, event, sign_in_recruiter
) -> None:
    quality = ProposalFactory.create(event=event, text="Patient with people")
    DotVoteFactory.create(event=event)
    sign_in_recruiter(client, RecruiterFactory.create(event=EventFactory.create()))

    page = client.get(reverse("codesign:dots"))
    response = client.post(reverse("codesign:dots"), {f"dots_{quality.pk}": "1"})

    assert "Patient with people" not in page.content.decode()
    assert response.status_code == 403
    assert not Dot.objects.exists()


def test_results_put_most_dots_first_and_show_ties(
    facilitator_client: Client, event, sign_in_recruiter
) -> None:
    listener = ProposalFactory.create(event=event, text="Good listener")
    honest = ProposalFactory.create(event=event, text="Honest")
    local = ProposalFactory.create(event=event, text="Knows the area")
    quiet = ProposalFactory.create(event=event, text="Quiet")
    vote = DotVoteFactory.create(event=event, dots_per_recruiter=3)
    first, second = RecruiterFactory.create_batch(2, event=event)
    place_dots(vote=vote, recruiter=first, dots={listener.pk: 2, honest.pk: 1})
    place_dots(vote=vote, recruiter=second, dots={listener.pk: 1, honest.pk: 1, local.pk: 1})

    results = list_vote_results(vote)
    html = facilitator_client.get(staff_url("voting", event)).content.decode()

    assert [(r.proposal, r.dots, r.place, r.tied) for r in results] == [
        (listener, 3, 1, False),
        (honest, 2, 2, False),
        (local, 1, 3, False),
        (quiet, 0, 4, False),
    ]
    assert "2 of 2 recruiters have placed dots" in html
    place_dots(vote=vote, recruiter=second, dots={honest.pk: 1, local.pk: 1})
    assert [(r.dots, r.place, r.tied) for r in list_vote_results(vote)] == [
        (2, 1, True),
        (2, 1, True),
        (1, 3, False),
        (0, 4, False),
    ]
    assert "Tied" in facilitator_client.get(staff_url("voting", event)).content.decode()


def test_closing_voting_is_audited_with_the_totals(facilitator_client: Client, event) -> None:
    quality = ProposalFactory.create(event=event, text="Kind")
    vote = DotVoteFactory.create(event=event, dots_per_recruiter=2)
    place_dots(vote=vote, recruiter=RecruiterFactory.create(event=event), dots={quality.pk: 2})

    response = facilitator_client.post(staff_url("voting", event), {"action": "close"})

    assert response.status_code == 302
    vote.refresh_from_db()
    assert vote.closed_at is not None
    audit = AuditEvent.objects.get(action="dot_vote.closed")
    assert audit.after == {"dots_per_recruiter": 2, "recruiters_voted": 1, "dots": {"Kind": 2}}
