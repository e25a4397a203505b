"""Recording the group's consensus: overall and per quality, a big shift needs a rationale, a
dissent needs a reason, and changes are audited with what they were."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.accounts.models import User
from coappoint.audit.models import AuditEvent
from coappoint.deliberation.models import Consensus, DeliberationSettings
from coappoint.deliberation.services import ConsensusRefused, record_consensus
from coappoint.recruiters.models import CommunityRecruiter
from tests.deliberation.conftest import text
from tests.scoring.conftest import Day

pytestmark = pytest.mark.django_db

BIG_SHIFT = (
    "The group's score is 1.8 points above the average of private scores, at or above the "
    "1-point threshold: explain why in the rationale"
)


def _answers(score: int, **more: str) -> dict[str, str]:
    return {
        "consensus_score": str(score),
        "rationale": "",
        "dissent": "",
        "dissent_reason": "",
        **more,
    }


def test_the_form_shows_the_private_average_and_the_threshold(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    html = text(
        staff_client(scored.facilitator).get(scored.url("deliberation:consensus", scored.sam.pk))
    )
    # Sam's six private scores: 1, 3, 5 on kindness and 3, 3, 4 on listening.
    assert "The average of the 6 private scores is 3.2." in html
    assert (
        "A consensus score 1 point or more from the private average needs a reason: write in "
        "the rationale why the group moved that far." in html
    )
    assert "The group's score for Sam" in html


def test_a_consensus_is_recorded_overall_and_audited(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(scored.facilitator)
    response = client.post(scored.url("deliberation:consensus", scored.sam.pk), _answers(4))
    assert response.status_code == 302
    # Back to Sam's page of the screen, where the group was talking about him.
    assert response["Location"] == scored.url("deliberation:candidate", scored.sam.pk)
    consensus = Consensus.objects.get(candidate=scored.sam, quality=None)
    assert consensus.consensus_score == 4
    assert consensus.recorded_by == scored.facilitator
    audit = AuditEvent.objects.get(action="consensus.recorded")
    assert audit.after is not None
    assert audit.after["consensus_score"] == 4
    screen = text(client.get(scored.url("deliberation:screen")))
    assert "4 – Good" in screen
    sam = text(client.get(scored.url("deliberation:candidate", scored.sam.pk)))
    assert "4 – Good" in sam
    assert "Change the group's score for Sam" in sam


def test_a_big_shift_without_a_rationale_is_refused_with_the_reason(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(scored.facilitator)
    url = scored.url("deliberation:consensus", scored.sam.pk)
    refused = client.post(url, _answers(5, dissent="Would have given 3"))
    html = text(refused)
    assert refused.status_code == 400
    assert BIG_SHIFT in html
    assert "There is a problem" in html
    assert "Would have given 3" in html  # what was typed is kept
    assert "<title>Error:" in html
    assert not Consensus.objects.exists()

    accepted = client.post(
        url,
        _answers(
            5,
            rationale="Chen saw Sam help a resident who speaks little English; the group agreed.",
        ),
    )
    assert accepted.status_code == 302
    assert Consensus.objects.get().rationale.startswith("Chen saw Sam")


def test_the_service_refuses_an_unexplained_shift_even_without_the_form(scored: Day) -> None:
    with pytest.raises(ConsensusRefused) as refused:
        record_consensus(
            event=scored.event,
            candidate=scored.priya,
            quality=None,
            consensus_score=1,
            rationale=" ",
            dissent="",
            dissent_reason="",
            actor=scored.facilitator,
        )
    assert refused.value.field == "rationale"
    assert not Consensus.objects.exists()


def test_a_dissent_needs_its_reason(scored: Day, staff_client: Callable[[User], Client]) -> None:
    client = staff_client(scored.facilitator)
    url = scored.url("deliberation:consensus", scored.priya.pk)
    refused = client.post(url, _answers(4, dissent="One recruiter would have given 5"))
    assert refused.status_code == 400
    assert "Enter the reason for the dissent" in text(refused)
    accepted = client.post(
        url,
        _answers(
            4,
            dissent="One recruiter would have given 5",
            dissent_reason="Priya listened better than anyone that day",
        ),
    )
    assert accepted.status_code == 302
    assert Consensus.objects.get().dissent_reason == "Priya listened better than anyone that day"


def test_changing_a_consensus_needs_a_reason_and_is_audited_with_before_and_after(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(scored.facilitator)
    url = scored.url("deliberation:consensus", scored.priya.pk)
    assert client.post(url, _answers(4)).status_code == 302
    form = text(client.get(url))
    assert "Why is the group changing its consensus?" in form

    refused = client.post(url, _answers(5))
    assert refused.status_code == 400
    assert "Enter why the group is changing its consensus" in text(refused)
    assert Consensus.objects.get().consensus_score == 4

    changed = client.post(url, _answers(5, change_reason="We had forgotten the listening notes"))
    assert changed.status_code == 302
    consensus = Consensus.objects.get()
    assert consensus.consensus_score == 5
    audit = AuditEvent.objects.get(action="consensus.changed")
    assert audit.before is not None
    assert audit.after is not None
    assert audit.before["consensus_score"] == 4
    assert audit.after["consensus_score"] == 5
    assert audit.after["change_reason"] == {
        "text_on": "deliberation.Consensus",
        "id": consensus.pk,
        "field": "change_reason",
    }
    assert "listening notes" not in str(audit.after)


def test_a_consensus_per_quality_is_recorded_when_the_event_asks_for_it(
    scored: Day,
    staff_client: Callable[[User], Client],
    recruiter_client: Callable[[CommunityRecruiter], Client],
) -> None:
    client = staff_client(scored.facilitator)
    quality_url = scored.url("deliberation:quality_consensus", scored.sam.pk, scored.kindness.pk)
    assert client.get(quality_url).status_code == 404  # overall only, by default

    settings = client.post(scored.url("deliberation:settings"), {"consensus_per_quality": "on"})
    assert settings.status_code == 302
    assert DeliberationSettings.objects.get(event=scored.event).consensus_per_quality
    assert AuditEvent.objects.filter(action="deliberation.settings_changed").exists()
    sam = text(client.get(scored.url("deliberation:candidate", scored.sam.pk)))
    assert "Record the group's score on Kindness for Sam" in sam

    form = text(client.get(quality_url))
    assert "The group's score for Sam on Kindness" in form
    assert "The average of the 3 private scores is 3." in form
    assert client.post(quality_url, _answers(3)).status_code == 302
    assert client.post(
        scored.url("deliberation:consensus", scored.sam.pk), _answers(3)
    ).status_code == (302)
    records = {(record.quality_id, record.consensus_score) for record in Consensus.objects.all()}
    assert records == {(scored.kindness.pk, 3), (None, 3)}

    # Once a consensus is recorded, how the group records it is fixed.
    fixed = client.post(scored.url("deliberation:settings"), {})
    assert fixed.status_code == 409
    assert DeliberationSettings.objects.get(event=scored.event).consensus_per_quality

    # Recruiters see the consensus on their phones.
    phone = recruiter_client(scored.amina).get(
        reverse("deliberation:recruiter_spread_candidate", args=[scored.sam.pk])
    )
    html = text(phone)
    assert "The group's overall score" in html
    assert "3 – Some" in html
