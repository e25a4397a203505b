"""Recording the decision: a rationale, a justification for breaking a tie, then locked."""

from __future__ import annotations

from html import unescape

import pytest

from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Campaign
from coappoint.decisions.models import Decision
from coappoint.deliberation.services import ConsensusRefused
from coappoint.events.models import Event
from coappoint.interviews.services import InterviewNotPossible
from coappoint.organisations.models import Role
from tests.decisions.conftest import Ready, decision_form, make_ready
from tests.factories import staff_member

pytestmark = pytest.mark.django_db


def test_the_manager_records_the_decision_with_its_outcome_and_it_is_audited(
    ready: Ready, staff_client
):
    client = staff_client(ready.manager)
    answers = decision_form(
        ready, client, appointed=f"c{ready.priya.pk}", rationale="Strongest with the community."
    )

    response = client.post(ready.url("decisions:decide"), answers)

    assert response.status_code == 302
    decision = Decision.objects.get(campaign=ready.campaign)
    assert decision.appointed == ready.priya
    assert decision.rationale == "Strongest with the community."
    assert decision.outcome["candidates"][0]["combined_exact"] == "75"
    assert decision.record["candidates"][0]["stage_scores"]["community"] == [5]
    ready.campaign.refresh_from_db()
    # The decision lock is stored once: the campaign is decided, its day done (rules.lifecycle).
    assert ready.campaign.state == Campaign.State.DECIDED
    ready.event.refresh_from_db()
    assert ready.event.state == Event.State.DONE
    audit = AuditEvent.objects.get(action="decision.recorded")
    assert audit.after is not None
    assert audit.after["appointed_id"] == ready.priya.pk
    assert "Priya" not in str(audit.after)
    assert audit.after["rationale"] == {
        "text_on": "decisions.Decision",
        "id": decision.pk,
        "field": "rationale",
    }
    page = client.get(ready.url("decisions:outcome")).content.decode()
    assert "The decision is recorded and locked" in page


def test_the_recorded_outcome_has_each_stages_share_exact_and_shown(ready: Ready, staff_client):
    client = staff_client(ready.manager)
    answers = decision_form(ready, client, appointed=f"c{ready.priya.pk}", rationale="Best.")

    assert client.post(ready.url("decisions:decide"), answers).status_code == 302

    priya = Decision.objects.get().outcome["candidates"][0]
    # Community 100 and interview 50, weighted 50 and 50.
    assert priya["contribution_exact"] == {"community": "50", "interview": "25"}
    assert priya["contribution_percent"] == {"community": 50.0, "interview": 25.0}
    audit = AuditEvent.objects.get(action="decision.recorded")
    assert audit.after is not None
    assert audit.after["outcome"] == Decision.objects.get().outcome


def test_the_decision_needs_a_rationale(ready: Ready, staff_client):
    client = staff_client(ready.manager)
    answers = decision_form(ready, client, appointed=f"c{ready.priya.pk}", rationale="  ")

    response = client.post(ready.url("decisions:decide"), answers)

    assert response.status_code == 400
    assert "Enter the reasons for the decision" in response.content.decode()
    assert not Decision.objects.exists()


def test_breaking_a_tie_at_the_top_needs_a_justification(tied: Ready, staff_client):
    client = staff_client(tied.manager)
    answers = decision_form(tied, client, appointed=f"c{tied.sam.pk}", rationale="Both strong.")

    refused = client.post(tied.url("decisions:decide"), answers)

    assert refused.status_code == 400
    text = unescape(refused.content.decode())
    assert "Enter why the tie at the top is broken this way" in text
    assert "Equality Act 2010, section 159" in text
    answers["tie_break_justification"] = "Positive action under s.159: equally qualified."
    assert client.post(tied.url("decisions:decide"), answers).status_code == 302
    decision = Decision.objects.get()
    assert decision.tie_break_justification.startswith("Positive action")


def test_a_second_decision_is_refused_with_the_reason(ready: Ready, staff_client):
    client = staff_client(ready.manager)
    answers = decision_form(ready, client, appointed="none", rationale="No one met the bar.")
    assert client.post(ready.url("decisions:decide"), answers).status_code == 302

    again = client.post(ready.url("decisions:decide"), {**answers, "appointed": f"c{ready.sam.pk}"})

    assert again.status_code == 409
    assert "already recorded and cannot change" in unescape(again.content.decode())
    assert Decision.objects.get().appointed is None


def test_the_decision_needs_the_rules_locked():
    ready = make_ready(lock_rules=False)
    from django.test import Client

    client = Client()
    client.force_login(ready.manager)

    response = client.get(ready.url("decisions:decide"))

    assert response.status_code == 409
    assert "Lock the campaign's rules" in unescape(response.content.decode())


def test_a_decision_on_scores_that_changed_since_the_page_was_shown_is_refused(
    ready: Ready, staff_client
):
    client = staff_client(ready.manager)
    answers = decision_form(ready, client, appointed=f"c{ready.priya.pk}", rationale="Best.")
    ready.agreed(ready.sam, 4, 5, reason="Panel re-read its notes.")

    response = client.post(ready.url("decisions:decide"), answers)

    assert response.status_code == 400
    assert "agreed scores changed since you opened this page" in unescape(response.content.decode())


def test_a_decision_after_a_consensus_reason_changed_since_the_page_was_shown_is_refused(
    ready: Ready, staff_client
):
    from coappoint.deliberation.models import Consensus

    client = staff_client(ready.manager)
    answers = decision_form(ready, client, appointed=f"c{ready.priya.pk}", rationale="Best.")
    # Only the words change, not the score: the record's figures are the same.
    Consensus.objects.filter(candidate=ready.priya).update(rationale="Written again, differently.")

    response = client.post(ready.url("decisions:decide"), answers)

    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_after_the_decision_consensus_and_agreed_scores_cannot_change(ready: Ready, staff_client):
    client = staff_client(ready.manager)
    answers = decision_form(ready, client, appointed=f"c{ready.priya.pk}", rationale="Best.")
    assert client.post(ready.url("decisions:decide"), answers).status_code == 302

    with pytest.raises(ConsensusRefused, match="decision is recorded"):
        ready.consensus(ready.sam, 4, change_reason="Second thoughts.")
    with pytest.raises(InterviewNotPossible, match="decision is recorded"):
        ready.agreed(ready.sam, 5, 5, reason="Second thoughts.")


def test_only_the_programme_manager_records_the_decision(ready: Ready, staff_client):
    for role in (Role.AUDITOR, Role.FACILITATOR, Role.INTERVIEW_PANEL):
        user = staff_member(ready.campaign.organisation, role)
        client = staff_client(user)
        assert client.get(ready.url("decisions:decide")).status_code == 403
        posted = client.post(
            ready.url("decisions:decide"), {"appointed": "none", "rationale": "Trying."}
        )
        assert posted.status_code == 403
    assert not Decision.objects.exists()


def test_the_panel_starting_to_score_puts_the_campaign_at_its_interview(ready: Ready):
    ready.campaign.refresh_from_db()
    assert ready.campaign.state == Campaign.State.INTERVIEW
    ready.event.refresh_from_db()
    assert ready.event.state == Event.State.DELIBERATION
