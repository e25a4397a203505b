"""Writes for closing the loop: save and approve texts, send them once, record thanks paid."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.campaigns.models import Campaign, Candidate
from coappoint.closing.models import (
    CandidateFeedback,
    RecruiterMessage,
    RecruiterMessageDelivery,
    ThanksPayment,
)
from coappoint.closing.queries import get_send_plan
from coappoint.notify.models import Status
from coappoint.notify.services import Purpose, Recipient, send_message
from coappoint.recruiters.models import ThanksRecord, ThanksStatus
from coappoint.web.languages import message_language


class AlreadySent(Exception):
    """The text was sent: it can no longer change."""


class NotApproved(Exception):
    """Only an approved text may be sent."""


class NoEmailAddress(Exception):
    """The candidate has no email address to send feedback to."""


class NotPayable(Exception):
    """Only an accepted offer not yet paid can be marked as paid."""


@transaction.atomic
def save_recruiter_message(
    *,
    campaign: Campaign,
    language: str,
    subject: str,
    body: str,
    approve: bool,
    actor: User,
) -> RecruiterMessage:
    """Save the message's text, approved or as a draft; a changed text needs approving again."""
    message = (
        RecruiterMessage.objects.select_for_update()
        .filter(campaign=campaign, language=language)
        .first()
    )
    if message is not None and message.sent_at is not None:
        raise AlreadySent
    now = timezone.now()
    before = None
    if message is None:
        message = RecruiterMessage(
            organisation=campaign.organisation, campaign=campaign, language=language
        )
    else:
        before = {"subject": message.subject, "body": message.body, "approved": message.is_approved}
    message.subject = subject
    message.body = body
    message.changed_at = now
    message.changed_by = actor
    message.approved_at = now if approve else None
    message.approved_by = actor if approve else None
    message.save()
    audit.record(
        now=now,
        organisation=campaign.organisation,
        actor=actor,
        action=AuditAction.RECRUITER_MESSAGE_APPROVED
        if approve
        else AuditAction.RECRUITER_MESSAGE_SAVED,
        target=message,
        before=before,
        after={"language": language, "subject": subject, "body": body, "approved": approve},
    )
    return message


@dataclass(frozen=True)
class SendResult:
    """How many messages were written, and whether they were only kept in the outbox."""

    emailed: int
    kept_only: bool = False


@transaction.atomic
def send_recruiter_messages(*, campaign: Campaign, actor: User) -> SendResult:
    """Send every recruiter not yet sent a message, in their language or English; once each.

    By email, or by text message to a recruiter who gave only a phone number. Each message's
    row is written in this transaction, and sent once it commits (notify.services)."""
    # Lock the campaign's messages so two presses of Send cannot both send.
    list(RecruiterMessage.objects.select_for_update().filter(campaign=campaign))
    plan = get_send_plan(campaign)
    now = timezone.now()
    kept_only = False
    for planned in plan.emails:
        message = planned.message
        recruiter = planned.recruiter
        sent = send_message(
            organisation=campaign.organisation,
            purpose=Purpose.YOU_SAID_WE_DID,
            recipient=Recipient(
                email=recruiter.email,
                phone=recruiter.phone,
                person_kind="recruiter",
                person_id=recruiter.pk,
            ),
            language=message_language(message.language),
            subject=message.subject,
            body=message.body,
        )
        kept_only = sent.status == Status.KEPT
        reference = sent.reference
        delivery = RecruiterMessageDelivery.objects.create(
            organisation=campaign.organisation,
            message=message,
            recruiter=planned.recruiter,
            fell_back_to_english=planned.fell_back_to_english,
            email_reference=reference,
            sent_at=now,
            sent_by=actor,
        )
        if message.sent_at is None:
            message.sent_at = now
            message.save(update_fields=["sent_at"])
        audit.record(
            now=now,
            organisation=campaign.organisation,
            actor=actor,
            action=AuditAction.RECRUITER_MESSAGE_SENT,
            target=delivery,
            after={
                "language": message.language,
                "recruiter_id": planned.recruiter.pk,
                "fell_back_to_english": planned.fell_back_to_english,
            },
        )
    return SendResult(emailed=len(plan.emails), kept_only=kept_only)


@transaction.atomic
def save_candidate_feedback(
    *,
    campaign: Campaign,
    candidate: Candidate,
    subject: str,
    body: str,
    approve: bool,
    actor: User,
) -> CandidateFeedback:
    feedback = CandidateFeedback.objects.select_for_update().filter(candidate=candidate).first()
    if feedback is not None and feedback.sent_at is not None:
        raise AlreadySent
    now = timezone.now()
    before = None
    if feedback is None:
        feedback = CandidateFeedback(
            organisation=campaign.organisation, campaign=campaign, candidate=candidate
        )
    else:
        before = {"approved": feedback.is_approved}
    feedback.subject = subject
    feedback.body = body
    feedback.changed_at = now
    feedback.changed_by = actor
    feedback.approved_at = now if approve else None
    feedback.approved_by = actor if approve else None
    feedback.save()
    # The feedback's words are personal: the audit row says what happened, not the text.
    audit.record(
        now=now,
        organisation=campaign.organisation,
        actor=actor,
        action=AuditAction.CANDIDATE_FEEDBACK_APPROVED
        if approve
        else AuditAction.CANDIDATE_FEEDBACK_SAVED,
        target=feedback,
        before=before,
        after={"approved": approve, "characters": len(body)},
    )
    return feedback


@transaction.atomic
def send_candidate_feedback(*, candidate: Candidate, actor: User) -> CandidateFeedback:
    """Email the approved feedback to the candidate; a second send does nothing."""
    feedback = CandidateFeedback.objects.select_for_update().filter(candidate=candidate).first()
    if feedback is None or not feedback.is_approved:
        raise NotApproved
    if feedback.sent_at is not None:
        return feedback
    if not candidate.email and not candidate.phone:
        raise NoEmailAddress
    feedback.email_reference = send_message(
        organisation=feedback.organisation,
        purpose=Purpose.CANDIDATE_FEEDBACK,
        recipient=Recipient(
            email=candidate.email,
            phone=candidate.phone,
            person_kind="candidate",
            person_id=candidate.pk,
        ),
        language=message_language(candidate.preferred_language),
        subject=feedback.subject,
        body=feedback.body,
    ).reference
    feedback.sent_at = timezone.now()
    feedback.sent_by = actor
    feedback.save(update_fields=["email_reference", "sent_at", "sent_by"])
    audit.record(
        now=timezone.now(),
        organisation=feedback.organisation,
        actor=actor,
        action=AuditAction.CANDIDATE_FEEDBACK_SENT,
        target=feedback,
        after={"candidate_id": candidate.pk},
    )
    return feedback


@transaction.atomic
def mark_thanks_paid(*, record: ThanksRecord, reference: str, actor: User) -> ThanksPayment:
    """Record that an accepted payment, voucher or expenses has been paid."""
    record = ThanksRecord.objects.select_for_update().get(pk=record.pk)
    if (
        record.status != ThanksStatus.ACCEPTED
        or ThanksPayment.objects.filter(thanks_record=record).exists()
    ):
        raise NotPayable
    payment = ThanksPayment.objects.create(
        organisation=record.organisation,
        thanks_record=record,
        paid_at=timezone.now(),
        paid_by=actor,
        reference=reference,
    )
    audit.record(
        now=timezone.now(),
        organisation=record.organisation,
        actor=actor,
        action=AuditAction.THANKS_PAYMENT_RECORDED,
        target=payment,
        after={
            "thanks_record_id": record.pk,
            "kind": record.kind,
            "amount_pence": record.amount_pence,
            "reference": reference,
        },
    )
    return payment
