"""The only doors that change recruiters: sign-up, agreements, conflicts of interest, thanks."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, time
from uuid import UUID

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.events.models import Event
from coappoint.events.services import bump_live_versions
from coappoint.recruiters.models import (
    CandidateListPublication,
    CommunityRecruiter,
    ConflictOfInterest,
    JoinedBy,
    Nudge,
    SignInReissue,
    SignUpLink,
    ThanksKind,
    ThanksRecord,
    ThanksStatus,
)
from coappoint.rules import join_codes


class SignUpClosed(Exception):
    """The event's sign-up link has been closed: nobody new may join through it."""


class CandidateListNotPublished(Exception):
    """Recruiters cannot say whom they know before staff have shared the candidates' names."""


class NotThisEventsCandidate(Exception):
    """A conflict was declared for a candidate who is not at the recruiter's event."""


class ConflictsNotDeclared(Exception):
    """A recruiter cannot confirm whom they know on the day before saying it at all."""


@dataclass(frozen=True)
class RecruiterDetails:
    """What a recruiter tells us about themselves, at sign-up or at the door."""

    full_name: str
    neighbourhood: str = ""
    email: str = ""
    phone: str = ""
    preferred_language: str = "en"
    interpreter_language: str = ""
    access_needs: str = ""
    dietary_needs: str = ""
    available_from: time | None = None
    available_until: time | None = None


def _audit_details(details: RecruiterDetails) -> dict[str, object]:
    # Contact details and needs are personal: the audit row says what was given, not the values.
    recorded = asdict(details)
    return {
        "preferred_language": details.preferred_language,
        "interpreter_language": details.interpreter_language,
        "given": sorted(key for key, value in recorded.items() if value not in ("", None)),
    }


def _create_recruiter(
    *, event: Event, details: RecruiterDetails, joined_by: JoinedBy, now: datetime
) -> CommunityRecruiter:
    return CommunityRecruiter.objects.create(
        organisation=event.organisation,
        event=event,
        joined_by=joined_by,
        joined_at=now,
        **asdict(details),
    )


def _unused_join_code() -> str:
    """A join code no sign-up link has yet, in any organisation.

    Two links opened at the same instant could still draw the same code (about one chance in
    2**40); the unique constraint then refuses the second, and its page can simply be sent again.
    """
    while True:
        code = join_codes.new_join_code(secrets.choice)
        if not SignUpLink.objects.filter(join_code=code).exists():
            return code


def open_sign_up_link(*, event: Event, actor: User, now: datetime | None = None) -> SignUpLink:
    """Open the event's sign-up link: a new one the first time, the same one again after closing.

    Reopening keeps the same address and join code so posters already on the wall work again.
    """
    now = now or timezone.now()
    with transaction.atomic():
        link = SignUpLink.objects.select_for_update().filter(event=event).first()
        if link is None:
            link = SignUpLink.objects.create(
                organisation=event.organisation,
                event=event,
                slug=secrets.token_urlsafe(24),
                join_code=_unused_join_code(),
                opened_at=now,
            )
            audit.record(
                now=now,
                organisation=event.organisation,
                actor=actor,
                action=AuditAction.SIGN_UP_LINK_OPENED,
                target=link,
            )
        elif link.closed_at is not None:
            closed_at = link.closed_at
            link.closed_at = None
            link.opened_at = now
            link.save(update_fields=["closed_at", "opened_at"])
            audit.record(
                now=now,
                organisation=event.organisation,
                actor=actor,
                action=AuditAction.SIGN_UP_LINK_REOPENED,
                target=link,
                before={"closed_at": closed_at.isoformat()},
            )
    return link


def close_sign_up_link(
    *, sign_up_link: SignUpLink, actor: User, now: datetime | None = None
) -> None:
    """Close the sign-up link: opening it then says sign-up has closed."""
    now = now or timezone.now()
    with transaction.atomic():
        closed = SignUpLink.objects.filter(pk=sign_up_link.pk, closed_at__isnull=True).update(
            closed_at=now
        )
        if closed:
            sign_up_link.closed_at = now
            audit.record(
                now=now,
                organisation=sign_up_link.organisation,
                actor=actor,
                action=AuditAction.SIGN_UP_LINK_CLOSED,
                target=sign_up_link,
            )


def sign_up_recruiter(
    *, sign_up_link: SignUpLink, details: RecruiterDetails, now: datetime | None = None
) -> CommunityRecruiter:
    """A resident joins the event through its shared link; refused once the link is closed."""
    now = now or timezone.now()
    with transaction.atomic():
        link = SignUpLink.objects.select_related("event__organisation").get(pk=sign_up_link.pk)
        if link.closed_at is not None:
            raise SignUpClosed
        recruiter = _create_recruiter(
            event=link.event, details=details, joined_by=JoinedBy.SIGN_UP_LINK, now=now
        )
        audit.record(
            now=now,
            organisation=link.organisation,
            actor=recruiter,
            action=AuditAction.RECRUITER_SIGNED_UP,
            target=recruiter,
            after=_audit_details(details),
        )
        bump_live_versions(event_id=link.event_id, progress=True)
    return recruiter


def add_recruiter_at_the_door(
    *, event: Event, details: RecruiterDetails, actor: User, now: datetime | None = None
) -> CommunityRecruiter:
    """Staff add someone who arrived on the day without signing up."""
    now = now or timezone.now()
    with transaction.atomic():
        recruiter = _create_recruiter(
            event=event, details=details, joined_by=JoinedBy.AT_THE_DOOR, now=now
        )
        audit.record(
            now=now,
            organisation=event.organisation,
            actor=actor,
            action=AuditAction.RECRUITER_ADDED_AT_THE_DOOR,
            target=recruiter,
            after=_audit_details(details),
        )
        bump_live_versions(event_id=event.pk, progress=True)
    return recruiter


def record_sign_in_reissue(
    *, recruiter: CommunityRecruiter, reason: str, actor: User, now: datetime | None = None
) -> SignInReissue:
    """Keep that staff gave a recruiter who had already signed in a new sign-in, and why.

    The sign-in app calls this inside its own transaction, when it issues the new link and code;
    the reason is in the audit row too (it is staff's words, not the recruiter's details).
    """
    now = now or timezone.now()
    with transaction.atomic():
        reissue = SignInReissue.objects.create(
            organisation=recruiter.organisation,
            recruiter=recruiter,
            reissued_at=now,
            reissued_by=actor,
            reason=reason,
        )
        audit.record(
            now=now,
            organisation=recruiter.organisation,
            actor=actor,
            action=AuditAction.RECRUITER_SIGN_IN_REISSUED,
            target=recruiter,
            after={"reason": audit.text_on(reissue, "reason"), "reissue": reissue.pk},
        )
    return reissue


def acknowledge_confidentiality(
    *, recruiter: CommunityRecruiter, now: datetime | None = None
) -> None:
    """The recruiter agrees to the confidentiality agreement; the first time is the one kept."""
    _acknowledge(
        recruiter=recruiter,
        field="confidentiality_acknowledged_at",
        action=AuditAction.CONFIDENTIALITY_ACKNOWLEDGED,
        now=now or timezone.now(),
    )


def acknowledge_equal_opportunities(
    *, recruiter: CommunityRecruiter, now: datetime | None = None
) -> None:
    """The recruiter confirms they read the equal-opportunities briefing; the first time is kept."""
    _acknowledge(
        recruiter=recruiter,
        field="equal_opportunities_acknowledged_at",
        action=AuditAction.EQUAL_OPPORTUNITIES_ACKNOWLEDGED,
        now=now or timezone.now(),
    )


def _acknowledge(
    *, recruiter: CommunityRecruiter, field: str, action: AuditAction, now: datetime
) -> None:
    with transaction.atomic():
        updated = CommunityRecruiter.objects.filter(
            pk=recruiter.pk, **{f"{field}__isnull": True}
        ).update(**{field: now})
        if not updated:
            return
        setattr(recruiter, field, now)
        audit.record(
            now=now,
            organisation=recruiter.organisation,
            actor=recruiter,
            action=action,
            target=recruiter,
            after={field: now.isoformat()},
        )


def publish_candidate_list(
    *, event: Event, actor: User, now: datetime | None = None
) -> CandidateListPublication:
    """Share the candidates' display names with the event's recruiters, once."""
    now = now or timezone.now()
    with transaction.atomic():
        publication, created = CandidateListPublication.objects.get_or_create(
            event=event,
            defaults={
                "organisation": event.organisation,
                "published_at": now,
                "published_by": actor,
            },
        )
        if created:
            audit.record(
                now=now,
                organisation=event.organisation,
                actor=actor,
                action=AuditAction.CANDIDATE_LIST_PUBLISHED,
                target=publication,
                after={"candidates": sorted(event.candidates.values_list("pk", flat=True))},
            )
            bump_live_versions(event_id=event.pk, screens=True)
    return publication


def declare_conflicts(
    *,
    recruiter: CommunityRecruiter,
    known: Mapping[int, str],
    now: datetime | None = None,
) -> None:
    """Record exactly whom the recruiter knows: candidate id → how they know them (may be empty).

    An empty mapping says they know nobody. Candidates no longer listed lose their conflict, so
    the recruiter can correct a mistake. The timetable and scoring read these rows.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = recruiter.event
        if not CandidateListPublication.objects.filter(event=event).exists():
            raise CandidateListNotPublished
        event_candidates = {candidate.pk: candidate for candidate in event.candidates.all()}
        if not set(known) <= set(event_candidates):
            raise NotThisEventsCandidate
        existing = {conflict.candidate_id: conflict for conflict in recruiter.conflicts.all()}
        before = {str(pk): conflict.how_they_know for pk, conflict in sorted(existing.items())}
        recruiter.conflicts.exclude(candidate_id__in=known).delete()
        for candidate_id, how_they_know in known.items():
            conflict = existing.get(candidate_id)
            if conflict is None:
                ConflictOfInterest.objects.create(
                    organisation=recruiter.organisation,
                    recruiter=recruiter,
                    candidate=event_candidates[candidate_id],
                    how_they_know=how_they_know,
                )
            elif conflict.how_they_know != how_they_know:
                conflict.how_they_know = how_they_know
                conflict.save(update_fields=["how_they_know"])
        CommunityRecruiter.objects.filter(pk=recruiter.pk).update(conflicts_declared_at=now)
        recruiter.conflicts_declared_at = now
        audit.record(
            now=now,
            organisation=recruiter.organisation,
            actor=recruiter,
            action=AuditAction.CONFLICTS_DECLARED,
            target=recruiter,
            before={"knows": before},
            after={"knows": {str(pk): how for pk, how in sorted(known.items())}},
        )


def record_thanks(
    *,
    recruiter: CommunityRecruiter,
    kind: ThanksKind,
    amount_pence: int | None,
    status: ThanksStatus,
    note: str,
    actor: User,
    now: datetime | None = None,
) -> ThanksRecord:
    """Record a payment, voucher or expenses offered to a recruiter, or update where it stands."""
    now = now or timezone.now()
    values: dict[str, object] = {
        "amount_pence": amount_pence,
        "status": status.value,
        "note": note,
    }
    with transaction.atomic():
        record = (
            ThanksRecord.objects.select_for_update().filter(recruiter=recruiter, kind=kind).first()
        )
        before = None
        if record is None:
            record = ThanksRecord(
                organisation=recruiter.organisation, recruiter=recruiter, kind=kind
            )
        else:
            before = {field: getattr(record, field) for field in values}
        for field, value in values.items():
            setattr(record, field, value)
        record.recorded_at = now
        record.recorded_by = actor
        record.save()
        audit.record(
            now=now,
            organisation=recruiter.organisation,
            actor=actor,
            action=AuditAction.THANKS_RECORDED,
            target=record,
            before=before,
            after={"kind": kind.value, **values},
        )
    return record


def check_in(
    *,
    recruiter: CommunityRecruiter,
    idempotency_key: UUID | None,
    actor: User | None = None,
    now: datetime | None = None,
) -> bool:
    """Record that the recruiter has arrived on the day; the first check-in is the one kept.

    `actor` is the staff member checking in someone without a phone; None means the recruiter
    did it themselves. A submission sent again (the same `idempotency_key`, e.g. replayed from
    the phone's offline queue) changes nothing. Returns whether this call recorded the arrival.
    """
    now = now or timezone.now()
    with transaction.atomic():
        if (
            idempotency_key is not None
            and CommunityRecruiter.objects.filter(check_in_idempotency_key=idempotency_key).exists()
        ):
            return False
        updated = CommunityRecruiter.objects.filter(
            pk=recruiter.pk, checked_in_at__isnull=True
        ).update(checked_in_at=now, check_in_idempotency_key=idempotency_key)
        if not updated:
            return False
        recruiter.checked_in_at = now
        recruiter.check_in_idempotency_key = idempotency_key
        audit.record(
            now=now,
            organisation=recruiter.organisation,
            actor=actor if actor is not None else recruiter,
            action=AuditAction.RECRUITER_CHECKED_IN,
            target=recruiter,
            after={
                "checked_in_at": now.isoformat(),
                "checked_in_by": "staff" if actor is not None else "recruiter",
            },
        )
        bump_live_versions(event_id=recruiter.event_id, progress=True)
    return True


def confirm_on_the_day(
    *, recruiter: CommunityRecruiter, idempotency_key: UUID | None, now: datetime | None = None
) -> bool:
    """The recruiter confirms on the day that they keep the confidentiality agreement and that
    whom they said they know is right. The first confirmation is the one kept, and the audit row
    keeps whom they knew at that moment. Returns whether this call recorded it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        if (
            idempotency_key is not None
            and CommunityRecruiter.objects.filter(
                day_confirmation_idempotency_key=idempotency_key
            ).exists()
        ):
            return False
        current = CommunityRecruiter.objects.select_for_update().get(pk=recruiter.pk)
        if current.day_confirmed_at is not None:
            return False
        if current.conflicts_declared_at is None:
            raise ConflictsNotDeclared
        CommunityRecruiter.objects.filter(pk=recruiter.pk).update(
            day_confirmed_at=now, day_confirmation_idempotency_key=idempotency_key
        )
        recruiter.day_confirmed_at = now
        recruiter.day_confirmation_idempotency_key = idempotency_key
        audit.record(
            now=now,
            organisation=recruiter.organisation,
            actor=recruiter,
            action=AuditAction.RECRUITER_DAY_CONFIRMED,
            target=recruiter,
            after={
                "day_confirmed_at": now.isoformat(),
                "keeps_confidentiality": True,
                "knows": sorted(current.conflicts.values_list("candidate_id", flat=True)),
            },
        )
    return True


# --- What the recruiter's phone shows has changed --------------------------------------------


def bump_phone_version(
    *, recruiter: CommunityRecruiter, screens: bool = False, progress: bool = False
) -> None:
    """Tell this recruiter's phone that what it shows has changed (their nudges, their language,
    their details), and the event's screens too when asked (events.services.bump_live_versions)."""
    CommunityRecruiter.objects.filter(pk=recruiter.pk).update(phone_version=F("phone_version") + 1)
    bump_live_versions(event_id=recruiter.event_id, screens=screens, progress=progress)


# --- Nudges: a reminder from the facilitator on one recruiter's phone ------------------------


def send_nudge(*, recruiter: CommunityRecruiter, message: str, actor: User) -> Nudge:
    """Put a reminder on the recruiter's phone; it stays there until they say they have seen it."""
    with transaction.atomic():
        nudge = Nudge.objects.create(
            organisation=recruiter.organisation, recruiter=recruiter, message=message[:300]
        )
        audit.record(
            now=timezone.now(),
            organisation=recruiter.organisation,
            actor=actor,
            action=AuditAction.NUDGE_SENT,
            target=nudge,
            after={"recruiter": recruiter.pk, "message": audit.text_on(nudge, "message")},
        )
        bump_phone_version(recruiter=recruiter, progress=True)
    return nudge


def list_unseen_nudges(recruiter: CommunityRecruiter) -> list[Nudge]:
    """The recruiter's nudges they have not said "Got it" to, oldest first."""
    return list(Nudge.objects.filter(recruiter=recruiter, seen_at__isnull=True).order_by("pk"))


def mark_nudge_seen(
    *, recruiter: CommunityRecruiter, nudge_id: int, now: datetime | None = None
) -> bool:
    """The recruiter has seen their own nudge; another recruiter's is never touched.

    Returns False when there is no such nudge of theirs (the caller answers 404). Seeing it
    twice changes nothing more.
    """
    now = now or timezone.now()
    with transaction.atomic():
        nudge = Nudge.objects.select_for_update().filter(recruiter=recruiter, pk=nudge_id).first()
        if nudge is None:
            return False
        if nudge.seen_at is None:
            nudge.seen_at = now
            nudge.save(update_fields=["seen_at"])
            audit.record(
                now=now,
                organisation=recruiter.organisation,
                actor=recruiter,
                action=AuditAction.NUDGE_SEEN,
                target=nudge,
                after={"seen_at": now.isoformat()},
            )
            bump_phone_version(recruiter=recruiter, progress=True)
    return True


def choose_recruiter_language(*, recruiter: CommunityRecruiter, language: str) -> None:
    """The recruiter chose one of the service's languages: their pages and messages use it."""
    with transaction.atomic():
        before = recruiter.preferred_language
        if before == language:
            return
        recruiter.preferred_language = language
        recruiter.save(update_fields=["preferred_language"])
        audit.record(
            now=timezone.now(),
            organisation=recruiter.organisation,
            actor=recruiter,
            action=AuditAction.RECRUITER_LANGUAGE_CHOSEN,
            target=recruiter,
            before={"language": before},
            after={"language": language},
        )
        bump_phone_version(recruiter=recruiter)


def correct_recruiter_contact(
    *,
    recruiter: CommunityRecruiter,
    email: str | None = None,
    phone: str | None = None,
    actor: User,
) -> CommunityRecruiter:
    """Staff correct the email address or phone number a recruiter gave (a message bounced)."""
    with transaction.atomic():
        before = {"email": recruiter.email, "phone": recruiter.phone}
        if email is not None:
            recruiter.email = email
        if phone is not None:
            recruiter.phone = phone
        recruiter.save(update_fields=["email", "phone"])
        # The audit row says what changed, never the address or number (ids, not personal data).
        audit.record(
            now=timezone.now(),
            organisation=recruiter.organisation,
            actor=actor,
            action=AuditAction.RECRUITER_CONTACT_CORRECTED,
            target=recruiter,
            after={
                "email_changed": recruiter.email != before["email"],
                "phone_changed": recruiter.phone != before["phone"],
            },
        )
    return recruiter


class AlreadyWithdrawn(Exception):
    """The recruiter has already withdrawn from the day."""


# The details that change how the day is planned: after the timetable is made, a change to
# these is a late arrival or early leaver on the run page, so a recruiter asks the team.
PLANNING_DETAILS = ("interpreter_language", "available_from", "available_until")


def change_recruiter_details(
    *,
    recruiter: CommunityRecruiter,
    details: RecruiterDetails,
    actor: User | CommunityRecruiter,
    now: datetime | None = None,
) -> list[str]:
    """The recruiter corrects their own details, or staff correct them; the names of the
    details that changed, in the form's order.

    The audit row names the details changed and who changed them, never the values (they are
    contact details and needs). A recruiter who withdrew can still correct them.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = CommunityRecruiter.objects.select_for_update().get(pk=recruiter.pk)
        changed = [
            name for name, value in asdict(details).items() if getattr(current, name) != value
        ]
        for name in changed:
            setattr(current, name, getattr(details, name))
        if changed:
            current.save(update_fields=changed)
            audit.record(
                now=now,
                organisation=current.organisation,
                actor=actor,
                action=AuditAction.RECRUITER_DETAILS_CHANGED,
                target=current,
                after={
                    "changed": changed,
                    "by_staff": isinstance(actor, User),
                    "preferred_language": current.preferred_language,
                },
            )
            bump_phone_version(recruiter=current, screens=True, progress=True)
    for name in changed:
        setattr(recruiter, name, getattr(details, name))
    return changed


def record_withdrawal(
    *, recruiter: CommunityRecruiter, actor: User | CommunityRecruiter, now: datetime
) -> CommunityRecruiter:
    """Mark the recruiter as withdrawn from the day, by themselves or by staff.

    Only the mark: taking them out of the plan is the timetable's (`timetables.services
    .withdraw_recruiter`, which calls this in its transaction), and what they owe follows from
    the mark (rules.sheets). Their details stay, for the retention periods.
    """
    current = CommunityRecruiter.objects.select_for_update().get(pk=recruiter.pk)
    if current.withdrawn_at is not None:
        raise AlreadyWithdrawn
    current.withdrawn_at = now
    current.withdrawn_by = actor if isinstance(actor, User) else None
    current.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit.record(
        now=now,
        organisation=current.organisation,
        actor=actor,
        action=AuditAction.RECRUITER_WITHDREW,
        target=current,
        after={"event": current.event_id, "by_staff": isinstance(actor, User)},
    )
    bump_phone_version(recruiter=current, screens=True, progress=True)
    recruiter.withdrawn_at, recruiter.withdrawn_by = current.withdrawn_at, current.withdrawn_by
    return current


def hold_in_reserve(*, event: Event, recruiter_ids: Sequence[int], now: datetime) -> int:
    """The panel's draw did not take these volunteers: they are reserves from `now`, off the
    day's plan and lists, and everyone else of the event who had not withdrawn is on the day.

    Only the mark, in the caller's transaction: the draw (`panels.services.draw_panel`) writes
    the audit row and thanks them. How many are reserves.
    """
    on_the_day = CommunityRecruiter.objects.filter(event=event).exclude(pk__in=recruiter_ids)
    on_the_day.filter(reserve_since__isnull=False).update(reserve_since=None)
    held = CommunityRecruiter.objects.filter(event=event, pk__in=recruiter_ids).update(
        reserve_since=now
    )
    bump_live_versions(event_id=event.pk, screens=True, progress=True)
    return held


def call_from_reserve(*, recruiter: CommunityRecruiter) -> None:
    """A reserve takes a place on the day (`panels.services.call_reserve` audits it)."""
    CommunityRecruiter.objects.filter(pk=recruiter.pk).update(reserve_since=None)
    recruiter.reserve_since = None
    bump_phone_version(recruiter=recruiter, screens=True, progress=True)
