"""Issue 21's "done when": after retention as of a day past every period, no name, address,
phone number or free text of the demo's people (nor of a decided campaign's) is left anywhere
in the database, and every decision record still recomputes with `coappoint outcome`."""

from __future__ import annotations

import datetime
import io
import json
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.db import models
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.audit.actions import AuditAction
from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Candidate
from coappoint.cli import main
from coappoint.closing.models import CandidateFeedback
from coappoint.decisions.models import Decision
from coappoint.decisions.queries import shown_digest
from coappoint.decisions.services import close_campaign, record_decision
from coappoint.demo.services import load_demo
from coappoint.events.models import DayPlace
from coappoint.interviews.models import AgreedInterviewScore
from coappoint.recruiters.models import CommunityRecruiter, ConflictOfInterest, Nudge
from coappoint.scoring.models import ScoreSheet
from tests.decisions.conftest import make_ready
from tests.factories import AdjustmentRequestFactory, ObservationFactory
from tests.forgetting.conftest import snapshot

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.JSONField)


def _plant_free_text(candidate: Candidate, recruiter: CommunityRecruiter) -> None:
    """Words people wrote, or were written about them, beyond what the demo holds."""
    AdjustmentRequestFactory.create(
        candidate=candidate, needs="A quiet room: I get anxious in crowds"
    )
    ObservationFactory.create(
        event=recruiter.event,
        recruiter=recruiter,
        organisation=recruiter.organisation,
        candidate=candidate,
        curiosity="Asked about my allotment on Chapel Lane",
    )
    Nudge.objects.create(
        organisation=recruiter.organisation,
        recruiter=recruiter,
        message="Tom, two sheets still to send",
    )
    DayPlace.objects.filter(candidate=candidate).update(note="Rang her mother's landline")


def _personal_values() -> set[str]:
    values: set[str] = set()
    for candidate in Candidate.objects.all():
        values |= {
            candidate.full_name,
            f"{candidate.first_name} {candidate.last_name}",
            candidate.last_name,
            candidate.email,
            candidate.phone,
        }
    for recruiter in CommunityRecruiter.objects.all():
        values |= {recruiter.full_name, recruiter.email, recruiter.phone}
        values |= {recruiter.access_needs, recruiter.dietary_needs}
    for conflict in ConflictOfInterest.objects.all():
        values.add(conflict.how_they_know)
    for sheet in ScoreSheet.objects.all():
        values.add(sheet.comment)
    for feedback in CandidateFeedback.objects.all():
        values.add(feedback.body)
    values |= {
        "A quiet room: I get anxious in crowds",
        "Asked about my allotment on Chapel Lane",
        "Tom, two sheets still to send",
        "Rang her mother's landline",
    }
    # A value this short ("Ali") is only a name among words; it is checked as a whole word.
    return {value for value in values if value and len(value) >= 3}


def _texts() -> list[tuple[str, str, str]]:
    """Every text and JSON value in the database, as (table, column, text)."""
    found = []
    for model in {*apps.get_models(), AccessAttempt, AccessLog, AccessFailureLog}:
        fields = [
            field.attname for field in model._meta.concrete_fields if isinstance(field, TEXT_FIELDS)
        ]
        for row in model._base_manager.values(*fields):
            for column, value in row.items():
                if value in (None, "", [], {}):
                    continue
                text = (
                    value
                    if isinstance(value, str)
                    else json.dumps(value, ensure_ascii=False, default=str)
                )
                found.append((model._meta.label, column, text))
    return found


def _leaks(values: set[str]) -> list[tuple[str, str, str]]:
    patterns = {value: re.compile(rf"\b{re.escape(value)}\b", re.IGNORECASE) for value in values}
    return [
        (table, column, value)
        for table, column, text in _texts()
        for value, pattern in patterns.items()
        if pattern.search(text)
    ]


def _decided_campaign() -> Decision:
    ready = make_ready()
    return record_decision(
        campaign=ready.campaign,
        appointed=ready.priya,
        rationale="Trusted by the community.",
        tie_break_justification="",
        shown_digest=shown_digest(ready.campaign),
        actor=ready.manager,
    )


def test_after_retention_past_every_period_nothing_personal_is_left_anywhere(tmp_path) -> None:
    organisation = load_demo()
    demo_candidate = Candidate.objects.filter(organisation=organisation).first()
    demo_recruiter = CommunityRecruiter.objects.get(full_name="Tom Price")
    assert demo_candidate is not None
    _plant_free_text(demo_candidate, demo_recruiter)
    close_campaign(
        campaign=demo_candidate.campaign,
        reason="The post was filled another way.",
        actor=User.objects.get(email="helen.morgan@harbourside.example"),
    )
    decision = _decided_campaign()
    sheet = ScoreSheet.objects.filter(event__campaign=decision.campaign).first()
    assert sheet is not None
    ScoreSheet.objects.filter(pk=sheet.pk).update(comment="Kind to my nan at the bus stop")
    AgreedInterviewScore.objects.filter(campaign=decision.campaign).update(
        notes="Talked over the chair about her own divorce"
    )
    values = _personal_values() | {"Talked over the chair about her own divorce"}
    # Before retention the scan finds each of them (a candidate's whole name is kept only in
    # the decision's names, and otherwise as its parts): it would see a leak.
    found = {value for _table, _column, value in _leaks(values)}
    assert found >= values - {f"{c.first_name} {c.last_name}" for c in Candidate.objects.all()}

    # First past every period but the audit log's, so the audit rows are scanned too.
    past_all_but_the_audit_log = timezone.localdate() + datetime.timedelta(days=2 * 366)
    assert main(["retention", "--as-of", past_all_but_the_audit_log.isoformat(), "--apply"]) == 0
    assert _leaks(values) == []
    assert AuditEvent.objects.filter(action=AuditAction.CANDIDATE_FORGOTTEN).count() == 5

    past_every_period = timezone.localdate() + datetime.timedelta(days=8 * 366)
    assert main(["retention", "--as-of", past_every_period.isoformat(), "--apply"]) == 0

    assert _leaks(values) == []
    assert (
        CommunityRecruiter.objects.filter(organisation=organisation)
        .exclude(neighbourhood="")
        .count()
        == 0
    )
    for stored in Decision.objects.all():
        path = Path(tmp_path) / f"record-{stored.pk}.json"
        path.write_text(json.dumps(stored.record), encoding="utf-8")
        printed = io.StringIO()
        with redirect_stdout(printed):
            assert main(["outcome", str(path)]) == 0
        assert json.loads(printed.getvalue()) == stored.outcome
    assert decision.pk


def test_the_preview_changes_nothing_in_the_database(capsys) -> None:
    load_demo()
    _decided_campaign()
    before = snapshot()

    far_ahead = timezone.localdate() + datetime.timedelta(days=8 * 366)
    assert main(["retention", "--as-of", far_ahead.isoformat()]) == 0

    assert snapshot() == before
    out = capsys.readouterr().out
    assert "a preview: nothing is changed" in out
    assert "harbourside" in out
    assert "unsuccessful_candidates (6 months after the decision): 1 to go, 0 kept" in out
