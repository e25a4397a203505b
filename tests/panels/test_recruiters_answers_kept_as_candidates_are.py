"""Recruiters' equality answers are kept, forgotten and shown to their owner as candidates' are."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from coappoint.forgetting.services import apply_retention, forget_recruiter
from coappoint.notify.models import OutboxMessage
from coappoint.organisations.models import Role
from coappoint.panels.models import RecruiterEqualityMonitoring
from coappoint.rules.retention import Category, Period, period_ends
from coappoint.subject_access.models import IdentityCheck
from coappoint.subject_access.services import (
    record_identity_check,
    send_equality_answers_link,
    start_request,
)
from tests.factories import (
    CampaignFactory,
    EventFactory,
    RecruiterEqualityMonitoringFactory,
    RecruiterFactory,
    staff_member,
)
from tests.forgetting.conftest import LONDON, decide

pytestmark = pytest.mark.django_db

DECIDED_AT = datetime.datetime(2026, 8, 31, 15, 0, tzinfo=LONDON)
SIX_MONTHS_ON = period_ends(DECIDED_AT, Period(months=6))


def test_a_forgotten_recruiters_equality_answers_are_deleted() -> None:
    answers = RecruiterEqualityMonitoringFactory.create(religion="sikh")
    forget_recruiter(recruiter=answers.recruiter, now=timezone.now(), reason="erasure")
    assert not RecruiterEqualityMonitoring.objects.exists()


def test_recruiters_equality_answers_go_with_the_candidates_after_the_decision() -> None:
    campaign = CampaignFactory.create()
    event = EventFactory.create(campaign=campaign, organisation=campaign.organisation)
    for _ in range(2):
        RecruiterEqualityMonitoringFactory.create(recruiter=RecruiterFactory.create(event=event))
    decide(campaign, at=DECIDED_AT)

    just_inside = SIX_MONTHS_ON - datetime.timedelta(seconds=1)
    assert apply_retention(now=just_inside)[Category.EQUALITY_MONITORING] == 0
    assert RecruiterEqualityMonitoring.objects.count() == 2

    assert apply_retention(now=SIX_MONTHS_ON)[Category.EQUALITY_MONITORING] == 2
    assert not RecruiterEqualityMonitoring.objects.exists()


def test_a_recruiter_asking_what_we_hold_gets_their_equality_answers_by_their_own_link(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    recruiter = RecruiterFactory.create(full_name="Bilal Shah", email="bilal@example.net")
    RecruiterEqualityMonitoringFactory.create(recruiter=recruiter, religion="sikh")
    manager = staff_member(recruiter.organisation, Role.PROGRAMME_MANAGER)
    request = start_request(
        organisation=recruiter.organisation,
        person=recruiter,
        received_on=timezone.localdate(),
        actor=manager,
    )
    request = record_identity_check(
        request=request, method=IdentityCheck.CONTACT_DETAILS_WE_HOLD, note="", actor=manager
    )
    client.force_login(manager)
    detail = client.get(f"/o/{recruiter.organisation.slug}/subject-access/{request.pk}/")
    assert "Send the person their equality answers" in detail.content.decode()
    assert "Sikh" not in detail.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        send_equality_answers_link(request=request, person=recruiter, actor=manager)

    sent = OutboxMessage.objects.get()
    assert sent.recipient == "bilal@example.net"
    found = re.search(r"https?://[^/\s]+(/subject-access/your-equality-answers/\S+/)", sent.body)
    assert found is not None
    anyone = Client()
    assert "Sikh" in anyone.post(found.group(1)).content.decode()


def test_a_recruiters_bundle_says_whether_they_were_drawn_but_never_their_chance(
    event, manager, ward, thirty_volunteers
) -> None:
    from coappoint.panels.services import draw_panel
    from coappoint.rules.panel_quotas import PreferNotToSay
    from coappoint.subject_access.bundle import assemble_document

    draw = draw_panel(
        event=event,
        places=12,
        prefer_not_to_say=PreferNotToSay.OWN_CATEGORY,
        tolerance=0,
        actor=manager,
        seed=12,
    )
    entry = draw.volunteers.filter(drawn=False)[0]
    request = start_request(
        organisation=event.organisation,
        person=entry.recruiter,
        received_on=timezone.localdate(),
        actor=manager,
    )
    document = assemble_document(request, entry.recruiter, now=timezone.now())
    (section,) = [s for s in document.sections if s.key == "panel_draws"]
    assert [row["result"] for row in section.rows] == ["Not drawn: kept as a reserve"]
    assert str(entry.probability_millionths) not in str(document.as_json())
