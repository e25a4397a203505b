"""Forgetting one person: everything about them goes, their rows and relationships stay."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coappoint.audit import services as audit
from coappoint.campaigns.models import Candidate
from coappoint.candidates.models import AdjustmentRequest, EqualityMonitoring
from coappoint.closing.models import CandidateFeedback
from coappoint.forgetting.models import ForgottenPerson
from coappoint.forgetting.services import ERASURE, forget_candidate, forget_recruiter
from coappoint.interviews.models import PanelConflict
from coappoint.notify.models import Message, OutboxMessage, Status
from coappoint.organisations.models import Role
from coappoint.recruiters.models import (
    CommunityRecruiter,
    ConflictOfInterest,
    Nudge,
    SignInReissue,
)
from coappoint.signin.models import SignInLink
from coappoint.signin.services import issue_sign_in_link
from tests.factories import (
    AdjustmentRequestFactory,
    ConflictFactory,
    EqualityMonitoringFactory,
    MessageFactory,
    ObservationFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)


def test_forgetting_a_candidate_leaves_a_pseudonym_and_nothing_they_or_others_wrote() -> None:
    conflict = ConflictFactory.create(how_they_know="Neighbours on Elm Road")
    candidate = conflict.candidate
    Candidate.objects.filter(pk=candidate.pk).update(chosen_name="Sammy", phone="07700 900123")
    organisation = candidate.organisation
    AdjustmentRequestFactory.create(candidate=candidate, needs="Step-free access")
    EqualityMonitoringFactory.create(candidate=candidate)
    issue_sign_in_link(person=candidate, organisation=organisation, event=None, actor=audit.SYSTEM)
    staff = staff_member(organisation, Role.PROGRAMME_MANAGER)
    CandidateFeedback.objects.create(
        organisation=organisation,
        campaign=candidate.campaign,
        candidate=candidate,
        subject="Your feedback, Sammy",
        body="You spoke warmly about your children.",
        changed_at=NOW,
        changed_by=staff,
    )
    PanelConflict.objects.create(
        organisation=organisation,
        campaign=candidate.campaign,
        user=staff,
        candidate=candidate,
        how="Her cousin",
    )
    observation = ObservationFactory.create(
        recruiter=conflict.recruiter, candidate=candidate, curiosity="Loves her allotment"
    )
    sent = MessageFactory.create(
        organisation=organisation,
        person_kind="candidate",
        person_id=candidate.pk,
        status=Status.SENT,
        to=candidate.email,
    )
    waiting = MessageFactory.create(
        organisation=organisation, person_kind="candidate", person_id=candidate.pk
    )
    OutboxMessage.objects.create(
        organisation=organisation, recipient=candidate.email, subject="Invitation", body="Dear"
    )
    someone_else = MessageFactory.create(organisation=organisation, status=Status.SENT)

    forget_candidate(candidate=candidate, now=NOW, reason=ERASURE)

    candidate.refresh_from_db()
    assert candidate.full_name == f"Candidate c{candidate.pk}"
    assert (candidate.chosen_name, candidate.email, candidate.phone) == ("", "", "")
    assert not AdjustmentRequest.objects.filter(candidate=candidate).exists()
    assert not EqualityMonitoring.objects.filter(candidate=candidate).exists()
    assert not SignInLink.objects.filter(candidate=candidate).exists()
    feedback = CandidateFeedback.objects.get(candidate=candidate)
    assert (feedback.subject, feedback.body) == ("", "")
    assert ConflictOfInterest.objects.get(pk=conflict.pk).how_they_know == ""
    assert PanelConflict.objects.get(candidate=candidate).how == ""
    observation.refresh_from_db()
    assert observation.curiosity == ""
    sent.refresh_from_db()
    assert (sent.to, sent.subject, sent.body, sent.status) == ("", "", "", Status.SENT)
    assert not Message.objects.filter(pk=waiting.pk).exists()
    assert not OutboxMessage.objects.exists()
    assert Message.objects.get(pk=someone_else.pk).body == "See you at 10am."
    assert ForgottenPerson.objects.get().reason == ERASURE


def test_forgetting_a_recruiter_empties_their_details_nudges_reissues_and_messages() -> None:
    conflict = ConflictFactory.create(how_they_know="We sing in the same choir")
    recruiter = conflict.recruiter
    CommunityRecruiter.objects.filter(pk=recruiter.pk).update(
        email="tom@example.net",
        phone="07700 900456",
        neighbourhood="Docks",
        preferred_language="cy",
    )
    organisation = recruiter.organisation
    issue_sign_in_link(
        person=recruiter, organisation=organisation, event=recruiter.event, actor=audit.SYSTEM
    )
    Nudge.objects.create(organisation=organisation, recruiter=recruiter, message="Tom, one more")
    SignInReissue.objects.create(
        organisation=organisation,
        recruiter=recruiter,
        reissued_at=NOW,
        reason="Tom lost his phone at the bus stop",
    )
    sent = MessageFactory.create(
        organisation=organisation,
        person_id=recruiter.pk,
        status=Status.SENT,
        to="tom@example.net",
    )

    forget_recruiter(recruiter=recruiter, now=NOW, reason=ERASURE)
    forget_recruiter(recruiter=recruiter, now=NOW, reason=ERASURE)  # twice: no harm

    recruiter.refresh_from_db()
    assert recruiter.full_name == f"Recruiter r{recruiter.pk}"
    assert (recruiter.email, recruiter.phone, recruiter.neighbourhood) == ("", "", "")
    assert recruiter.preferred_language == "cy"  # how to write to them, not something typed
    assert not SignInLink.objects.filter(recruiter=recruiter).exists()
    assert Nudge.objects.get(recruiter=recruiter).message == ""
    assert SignInReissue.objects.get(recruiter=recruiter).reason == ""
    assert ConflictOfInterest.objects.get(pk=conflict.pk).how_they_know == ""
    sent.refresh_from_db()
    assert (sent.to, sent.body) == ("", "")
    assert ForgottenPerson.objects.count() == 1
    # The row and its relationships stay: the conflict still names the same two people.
    assert ConflictOfInterest.objects.get(pk=conflict.pk).recruiter_id == recruiter.pk


def test_forgetting_is_recorded_with_counts_and_no_personal_data() -> None:
    from coappoint.audit.actions import AuditAction
    from coappoint.audit.models import AuditEvent

    conflict = ConflictFactory.create(how_they_know="Neighbours")
    forget_candidate(candidate=conflict.candidate, now=timezone.now(), reason=ERASURE)

    row = AuditEvent.objects.get(action=AuditAction.CANDIDATE_FORGOTTEN)
    assert row.after is not None
    assert row.after["conflicts"] == 1
    assert "Neighbours" not in str(row.after)
    assert conflict.candidate.email not in str(row.after)
