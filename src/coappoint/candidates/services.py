"""The doors that change candidates: adding, importing, inviting, and what they tell us."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.campaigns.models import Campaign, Candidate
from coappoint.candidates.importing import rows_to_session
from coappoint.candidates.invitations import build_calendar_invitation, write_invitation
from coappoint.candidates.models import AdjustmentRequest, EqualityMonitoring
from coappoint.events.models import Event, HowTold
from coappoint.events.services import bump_live_versions, place_on_the_day
from coappoint.jobs.models import Job
from coappoint.jobs.services import Requested, request_job
from coappoint.notify.services import Attachment, Purpose, Recipient, send_message
from coappoint.rules.candidate_import import CandidateRow, ImportProblem, check_rows
from coappoint.web.languages import message_language

CANDIDATE_FIELDS = (
    "first_name",
    "last_name",
    "chosen_name",
    "email",
    "phone",
    "preferred_language",
)


class ImportRefused(Exception):
    """The rows cannot be imported (something changed since the preview); nothing was added."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = tuple(problems)


# A candidate's name and contact details are personal: the audit row says they were given or
# changed, never what they are.
PRIVATE_CANDIDATE_FIELDS = frozenset({"first_name", "last_name", "chosen_name", "email", "phone"})


def _candidate_values(candidate: Candidate) -> dict[str, str]:
    return {
        field: audit.WITHHELD
        if field in PRIVATE_CANDIDATE_FIELDS and getattr(candidate, field)
        else str(getattr(candidate, field))
        for field in CANDIDATE_FIELDS
    }


def _changed_candidate_values(
    before: dict[str, str], candidate: Candidate
) -> tuple[dict[str, str], dict[str, str]]:
    """The changed fields only, before and after, private values withheld."""
    after = {field: str(getattr(candidate, field)) for field in CANDIDATE_FIELDS}
    changed = [field for field in CANDIDATE_FIELDS if before[field] != after[field]]

    def shown(values: dict[str, str], field: str) -> str:
        return (
            audit.WITHHELD if field in PRIVATE_CANDIDATE_FIELDS and values[field] else values[field]
        )

    return (
        {field: shown(before, field) for field in changed},
        {field: shown(after, field) for field in changed},
    )


def add_candidate(
    *,
    campaign: Campaign,
    first_name: str,
    last_name: str,
    chosen_name: str = "",
    email: str,
    phone: str = "",
    preferred_language: str = "",
    actor: User,
) -> Candidate:
    """Add one shortlisted candidate to `campaign`."""
    with transaction.atomic():
        candidate = Candidate.objects.create(
            organisation=campaign.organisation,
            campaign=campaign,
            first_name=first_name,
            last_name=last_name,
            chosen_name=chosen_name,
            email=email,
            phone=phone,
            preferred_language=preferred_language,
        )
        audit.record(
            now=timezone.now(),
            organisation=campaign.organisation,
            actor=actor,
            action=AuditAction.CANDIDATE_ADDED,
            target=candidate,
            after=_candidate_values(candidate),
        )
    return candidate


def change_candidate(
    *,
    candidate: Candidate,
    first_name: str,
    last_name: str,
    chosen_name: str,
    email: str,
    phone: str,
    preferred_language: str = "",
    actor: User,
) -> Candidate:
    """Correct a candidate's name, contact details or language."""
    with transaction.atomic():
        before = {field: str(getattr(candidate, field)) for field in CANDIDATE_FIELDS}
        candidate.first_name = first_name
        candidate.last_name = last_name
        candidate.chosen_name = chosen_name
        candidate.email = email
        candidate.phone = phone
        candidate.preferred_language = preferred_language
        candidate.save(update_fields=CANDIDATE_FIELDS)
        changed_before, changed_after = _changed_candidate_values(before, candidate)
        audit.record(
            now=timezone.now(),
            organisation=candidate.organisation,
            actor=actor,
            action=AuditAction.CANDIDATE_CHANGED,
            target=candidate,
            before=changed_before,
            after=changed_after,
        )
        # Their name as the room sees it ("Sam A.") is on the day's screens.
        for event_id in candidate.events.values_list("pk", flat=True):
            bump_live_versions(event_id=event_id, screens=True)
    return candidate


def import_candidates(
    *, campaign: Campaign, rows: Sequence[CandidateRow], filename: str, actor: User
) -> list[Candidate]:
    """Add every row as a candidate of `campaign`, or none of them.

    The rows are checked again inside the transaction, against the campaign's candidates as they
    are now: someone may have added one with the same email address since the preview.
    """
    with transaction.atomic():
        # Lock the campaign so two confirmations of overlapping files cannot both pass the check.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        existing = Candidate.objects.filter(
            organisation=campaign.organisation, campaign=campaign
        ).values_list("email", flat=True)
        problems = check_rows(rows, existing_emails=list(existing))
        if problems or not rows:
            raise ImportRefused(problems)
        candidates = Candidate.objects.bulk_create(
            Candidate(
                organisation=campaign.organisation,
                campaign=campaign,
                first_name=row.first_name,
                last_name=row.last_name,
                chosen_name=row.chosen_name,
                email=row.email,
                phone=row.phone,
            )
            for row in rows
        )
        audit.record(
            now=timezone.now(),
            organisation=campaign.organisation,
            actor=actor,
            action=AuditAction.CANDIDATES_IMPORTED,
            target=campaign,
            after={"file": filename[:200], "candidates": len(candidates)},
        )
    return candidates


# A confirmed import of this many rows or more is done by the task worker (jobs), the page
# showing how it is getting on; smaller ones, most shortlists, are done while the page waits.
IMPORT_IN_A_TASK_FROM_ROWS = 100


def request_candidate_import(
    *, campaign: Campaign, rows: Sequence[CandidateRow], filename: str, actor: User
) -> Requested:
    """Ask the task worker to import the rows (all or none, as `import_candidates`); a second
    confirmation while one is under way finds the first."""
    from coappoint.candidates.tasks import import_candidates_task

    return request_job(
        campaign=campaign,
        kind=Job.Kind.IMPORT_CANDIDATES,
        actor=actor,
        enqueue=lambda job_id: import_candidates_task.enqueue(job_id),
        parameters={"filename": filename, "rows": rows_to_session(rows)},
    )


@dataclass(frozen=True)
class Invitation:
    candidate: Candidate
    message_reference: str
    kept_only: bool = False  # kept in the outbox: this site sends no messages


def invite_candidates(
    *,
    event: Event,
    candidates: Sequence[Candidate],
    actor: User,
    sign_in_url_for: Callable[[Candidate], str],
    now: datetime | None = None,
) -> list[Invitation]:
    """Invite each candidate to `event` with a sign-in link: by email with a calendar file,
    or by text message to a candidate who gave only a phone number.

    Each candidate joins the event first, so their link signs them in to it. `sign_in_url_for`
    issues a personal link (the sign-in app's door, passed in because it sits above this app).
    Each invitation is its own transaction: if sending fails part way, those already sent stay
    recorded.
    """
    now = now or timezone.now()
    invitations = []
    for candidate in candidates:
        if candidate.campaign_id != event.campaign_id or not (candidate.email or candidate.phone):
            continue
        with transaction.atomic():
            place_on_the_day(
                event=event,
                candidate=candidate,
                how_told=HowTold.EMAIL if candidate.email else HowTold.TEXT_MESSAGE,
                actor=actor,
                now=now,
            )
            sign_in_url = sign_in_url_for(candidate)
            # In the candidate's language, the calendar file's words too.
            with translation.override(message_language(candidate.preferred_language)):
                text = write_invitation(event, candidate, sign_in_url=sign_in_url)
                calendar_file = Attachment(
                    filename="community-recruitment-day.ics",
                    content_type="text/calendar",
                    content=build_calendar_invitation(event, now=now),
                )
            language = message_language(candidate.preferred_language)
            message = send_message(
                organisation=event.organisation,
                purpose=Purpose.CANDIDATE_INVITATION,
                recipient=Recipient(
                    email=candidate.email,
                    phone=candidate.phone,
                    person_kind="candidate",
                    person_id=candidate.pk,
                ),
                language=language,
                subject=text.subject,
                body=text.body,
                sms_body=text.sms_body,
                attachments=[calendar_file],
                withheld=(sign_in_url,),
            )
            reference = message.reference
            audit.record(
                now=now,
                organisation=event.organisation,
                actor=actor,
                action=AuditAction.CANDIDATE_INVITED,
                target=candidate,
                after={"event": event.pk, "message": reference},
            )
        invitations.append(
            Invitation(
                candidate=candidate,
                message_reference=reference,
                kept_only=message.status == "kept",
            )
        )
    return invitations


def record_adjustment_request(
    *, candidate: Candidate, interpreter_language: str, interview_needs: str, needs: str
) -> AdjustmentRequest:
    """Keep what the candidate asked for; the audit row says only that they asked.

    What a candidate needs can reveal a disability, so it is not copied into the audit log,
    which auditors and programme managers read.
    """
    with transaction.atomic():
        request, created = AdjustmentRequest.objects.update_or_create(
            candidate=candidate,
            defaults={
                "organisation": candidate.organisation,
                "interpreter_language": interpreter_language,
                "interview_needs": interview_needs,
                "needs": needs,
            },
        )
        audit.record(
            now=timezone.now(),
            organisation=candidate.organisation,
            actor=candidate,
            action=AuditAction.ADJUSTMENT_REQUEST_RECORDED
            if created
            else AuditAction.ADJUSTMENT_REQUEST_CHANGED,
            target=request,
        )
    return request


def record_equality_monitoring(
    *, candidate: Candidate, answers: dict[str, str]
) -> EqualityMonitoring:
    """Keep the candidate's equality answers.

    The audit row holds neither the answers nor who gave them, only the campaign: a row naming
    the candidate and the time would let a reader compare the totals before and after it
    (rules.disclosure).
    """
    with transaction.atomic():
        record, created = EqualityMonitoring.objects.update_or_create(
            candidate=candidate,
            defaults={"organisation": candidate.organisation, **answers},
        )
        audit.record(
            now=timezone.now(),
            organisation=candidate.organisation,
            actor=audit.UNNAMED_CANDIDATE,
            action=AuditAction.EQUALITY_MONITORING_RECORDED
            if created
            else AuditAction.EQUALITY_MONITORING_CHANGED,
            after={"campaign": candidate.campaign_id},
        )
    return record


def choose_candidate_language(
    *, candidate: Candidate, language: str, actor: User | None = None
) -> None:
    """The candidate (or staff for them) chose a service language for their pages and messages."""
    with transaction.atomic():
        before = candidate.preferred_language
        if before == language:
            return
        candidate.preferred_language = language
        candidate.save(update_fields=["preferred_language"])
        audit.record(
            now=timezone.now(),
            organisation=candidate.organisation,
            actor=actor if actor is not None else candidate,
            action=AuditAction.CANDIDATE_LANGUAGE_CHOSEN,
            target=candidate,
            before={"language": before},
            after={"language": language},
        )
