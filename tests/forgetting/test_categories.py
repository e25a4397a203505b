"""Each retention category: a record just inside its period stays, one just past it goes."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt

from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.audit.models import AuditEvent, SecurityEvent
from coappoint.campaigns.models import Candidate
from coappoint.candidates.models import AdjustmentRequest, EqualityMonitoring
from coappoint.codesign.models import Observation
from coappoint.forgetting.models import ForgottenPerson, KeptEqualityTotals
from coappoint.forgetting.queries import plan_retention
from coappoint.forgetting.services import apply_retention
from coappoint.notify.models import Message, Status
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.retention.models import RetentionPeriod
from coappoint.rules.retention import Category, Period, period_ends
from coappoint.signin.models import AccessCodeAttempt
from tests.factories import (
    AdjustmentRequestFactory,
    CampaignFactory,
    CandidateFactory,
    EqualityMonitoringFactory,
    EventFactory,
    MessageFactory,
    ObservationFactory,
    RecruiterFactory,
)
from tests.forgetting.conftest import LONDON, close_undecided, decide

pytestmark = pytest.mark.django_db

DECIDED_AT = datetime.datetime(2026, 8, 31, 15, 0, tzinfo=LONDON)
SIX_MONTHS_ON = period_ends(DECIDED_AT, Period(months=6))  # 28 February 2027, 15:00
JUST_INSIDE = SIX_MONTHS_ON - datetime.timedelta(seconds=1)
MINUTE = datetime.timedelta(minutes=1)


def _planned(organisation, category: Category, now: datetime.datetime):
    (planned,) = [
        p for p in plan_retention(organisation=organisation, now=now) if p.category == category
    ]
    return planned


def test_an_unsuccessful_candidate_is_kept_six_months_after_the_decision_then_forgotten() -> None:
    campaign = CampaignFactory.create()
    appointed = CandidateFactory.create(campaign=campaign)
    sam = CandidateFactory.create(
        campaign=campaign, first_name="Sam", last_name="Ali", phone="07700 900123"
    )
    AdjustmentRequestFactory.create(candidate=sam)
    decide(campaign, at=DECIDED_AT, appointed=appointed)
    organisation = campaign.organisation
    RetentionPeriod.objects.create(
        organisation=organisation,
        category=Category.APPOINTED_CANDIDATE,
        months=12,
        changed_at=DECIDED_AT,
    )

    assert apply_retention(now=JUST_INSIDE)[Category.UNSUCCESSFUL_CANDIDATES] == 0
    assert Candidate.objects.get(pk=sam.pk).first_name == "Sam"
    planned = _planned(organisation, Category.UNSUCCESSFUL_CANDIDATES, JUST_INSIDE)
    assert (planned.due, planned.kept, planned.next_goes_at) == (0, 1, SIX_MONTHS_ON)

    counts = apply_retention(now=SIX_MONTHS_ON)

    assert counts[Category.UNSUCCESSFUL_CANDIDATES] == 1
    assert counts[Category.APPOINTED_CANDIDATE] == 0  # the organisation keeps them 12 months
    sam.refresh_from_db()
    assert (sam.first_name, sam.last_name, sam.email, sam.phone) == (
        "Candidate",
        f"c{sam.pk}",
        "",
        "",
    )
    assert not AdjustmentRequest.objects.filter(candidate=sam).exists()
    assert Candidate.objects.get(pk=appointed.pk).email.endswith("@example.com")
    forgotten = AuditEvent.objects.get(action=AuditAction.CANDIDATE_FORGOTTEN)
    assert forgotten.target_id == str(sam.pk)
    assert "Sam" not in str(forgotten.after)


def test_the_appointed_candidate_is_kept_for_the_organisation_s_own_period() -> None:
    campaign = CampaignFactory.create()
    appointed = CandidateFactory.create(campaign=campaign)
    decide(campaign, at=DECIDED_AT, appointed=appointed)
    RetentionPeriod.objects.create(
        organisation=campaign.organisation,
        category=Category.APPOINTED_CANDIDATE,
        months=12,
        changed_at=DECIDED_AT,
    )
    a_year_on = period_ends(DECIDED_AT, Period(months=12))

    assert apply_retention(now=a_year_on - MINUTE)[Category.APPOINTED_CANDIDATE] == 0
    assert apply_retention(now=a_year_on)[Category.APPOINTED_CANDIDATE] == 1
    assert Candidate.objects.get(pk=appointed.pk).last_name == f"c{appointed.pk}"


def test_candidates_of_a_campaign_never_decided_are_counted_from_its_closing() -> None:
    campaign = CampaignFactory.create()
    candidate = CandidateFactory.create(campaign=campaign)
    never_closed = CandidateFactory.create()
    close_undecided(campaign, at=DECIDED_AT)

    assert apply_retention(now=JUST_INSIDE)[Category.UNDECIDED_CAMPAIGN] == 0
    assert apply_retention(now=SIX_MONTHS_ON)[Category.UNDECIDED_CAMPAIGN] == 1
    assert Candidate.objects.get(pk=candidate.pk).email == ""
    assert Candidate.objects.get(pk=never_closed.pk).email != ""


def test_a_recruiter_is_kept_twelve_months_from_the_day_of_their_event() -> None:
    event = EventFactory.create(date=datetime.date(2026, 3, 14))
    recruiter = RecruiterFactory.create(
        event=event,
        full_name="Tom Price",
        neighbourhood="The Docks",
        email="tom@example.net",
        phone="07700 900456",
        access_needs="A chair near the door",
        dietary_needs="Vegan",
        preferred_language="Polish",
    )
    day_starts = datetime.datetime(2026, 3, 14, tzinfo=LONDON)
    a_year_on = period_ends(day_starts, Period(months=12))

    assert apply_retention(now=a_year_on - MINUTE)[Category.RECRUITERS] == 0
    assert apply_retention(now=a_year_on)[Category.RECRUITERS] == 1

    recruiter.refresh_from_db()
    assert recruiter.full_name == f"Recruiter r{recruiter.pk}"
    assert (recruiter.neighbourhood, recruiter.email, recruiter.phone) == ("", "", "")
    assert (recruiter.access_needs, recruiter.dietary_needs) == ("", "")
    assert recruiter.preferred_language == "en"
    assert ForgottenPerson.objects.get().person_id == recruiter.pk


def test_equality_answers_go_after_the_decision_and_their_suppressed_totals_stay() -> None:
    campaign = CampaignFactory.create()
    for _ in range(3):
        EqualityMonitoringFactory.create(candidate=CandidateFactory.create(campaign=campaign))
    decide(campaign, at=DECIDED_AT)

    assert apply_retention(now=JUST_INSIDE)[Category.EQUALITY_MONITORING] == 0
    assert EqualityMonitoring.objects.count() == 3

    assert apply_retention(now=SIX_MONTHS_ON)[Category.EQUALITY_MONITORING] == 3

    assert EqualityMonitoring.objects.count() == 0
    kept = KeptEqualityTotals.objects.get(campaign=campaign)
    assert kept.kept_at == SIX_MONTHS_ON
    questions = kept.totals["questions"]
    assert questions
    assert questions[0]["question"] == "What is your age?"
    # Three answers: every count is small, so none is shown (rules.disclosure).
    assert all(cell["count"] in (None, 0) for question in questions for cell in question["cells"])


def test_mingling_notes_are_emptied_six_months_after_the_decision() -> None:
    observation = ObservationFactory.create(curiosity="Asked about my mum's garden", other="Kind")
    decide(observation.event.campaign, at=DECIDED_AT)

    assert apply_retention(now=JUST_INSIDE)[Category.COMMENTS_AND_NOTES] == 0
    assert apply_retention(now=SIX_MONTHS_ON)[Category.COMMENTS_AND_NOTES] == 1

    observation.refresh_from_db()
    assert (observation.curiosity, observation.other) == ("", "")


def test_evaluation_free_text_is_planned_with_nothing_yet() -> None:
    campaign = CampaignFactory.create()
    planned = _planned(campaign.organisation, Category.EVALUATION_FREE_TEXT, SIX_MONTHS_ON)
    assert (planned.due, planned.kept, planned.next_goes_at) == (0, 0, None)


def test_sign_in_attempts_go_thirty_days_after_the_attempt() -> None:
    now = datetime.datetime(2027, 1, 31, 12, 0, tzinfo=LONDON)
    thirty_days_ago = now - datetime.timedelta(days=30)
    old = AccessCodeAttempt.objects.create(
        ip_address="192.0.2.1", at=thirty_days_ago, succeeded=False
    )
    new = AccessCodeAttempt.objects.create(
        ip_address="192.0.2.2", at=thirty_days_ago + MINUTE, succeeded=False
    )
    AccessAttempt.objects.create(
        username="helen@council.example",
        ip_address="192.0.2.3",
        user_agent="",
        attempt_time=thirty_days_ago,
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    SecurityEvent.objects.create(at=thirty_days_ago, kind="signed_in", client_address="192.0.2.4")

    assert apply_retention(now=now)[Category.SIGN_IN_ATTEMPTS] == 3

    assert list(AccessCodeAttempt.objects.values_list("pk", flat=True)) == [new.pk]
    assert old.pk != new.pk
    assert not AccessAttempt.objects.exists()
    assert not SecurityEvent.objects.exists()


def test_the_words_of_a_message_go_ninety_days_after_it_was_sent() -> None:
    now = datetime.datetime(2027, 1, 31, 12, 0, tzinfo=LONDON)
    ninety_days_ago = now - datetime.timedelta(days=90)
    sent = MessageFactory.create(status=Status.SENT, created_at=ninety_days_ago)
    newer = MessageFactory.create(
        organisation=sent.organisation, status=Status.SENT, created_at=ninety_days_ago + MINUTE
    )
    waiting = MessageFactory.create(organisation=sent.organisation, created_at=ninety_days_ago)

    assert apply_retention(now=now)[Category.MESSAGE_BODIES] == 1

    sent.refresh_from_db()
    assert (sent.subject, sent.body, sent.to) == ("", "", "")
    assert (sent.person_kind, sent.purpose, sent.status) == ("recruiter", "reminder", Status.SENT)
    assert Message.objects.get(pk=newer.pk).body == "See you at 10am."
    assert Message.objects.get(pk=waiting.pk).body == "See you at 10am."


def test_audit_rows_go_six_years_after_the_action() -> None:
    now = datetime.datetime(2033, 1, 31, 12, 0, tzinfo=LONDON)
    organisation = CampaignFactory.create().organisation
    six_years_before = now.replace(year=2027)

    def row(at: datetime.datetime) -> AuditEvent:
        return audit.record(
            now=at, organisation=organisation, actor=audit.SYSTEM, action=AuditAction.DEMO_LOADED
        )

    old, younger = row(six_years_before), row(six_years_before + MINUTE)

    assert apply_retention(now=now)[Category.AUDIT_LOG] == 1

    left = set(
        AuditEvent.objects.filter(action=AuditAction.DEMO_LOADED).values_list("pk", flat=True)
    )
    assert left == {younger.pk}
    assert old.pk not in left


def test_applying_twice_removes_nothing_more() -> None:
    campaign = CampaignFactory.create()
    CandidateFactory.create(campaign=campaign)
    EqualityMonitoringFactory.create(candidate=CandidateFactory.create(campaign=campaign))
    ObservationFactory.create(event__campaign=campaign)
    decide(campaign, at=DECIDED_AT)
    RecruiterFactory.create(event__date=datetime.date(2025, 1, 1))
    later = SIX_MONTHS_ON + datetime.timedelta(days=400)

    first = apply_retention(now=later)
    second = apply_retention(now=later)

    assert sum(first.values()) > 0
    assert set(second.values()) == {0}
    recruiters = CommunityRecruiter.objects.all()
    assert recruiters
    assert all(r.full_name == f"Recruiter r{r.pk}" for r in recruiters)
    assert Observation.objects.exclude(curiosity="").count() == 0
