"""Issuing and using personal sign-in links and access codes (the only doors that write them)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.audit.services import SYSTEM, record_audit_event
from coappoint.campaigns.models import Candidate
from coappoint.candidates.services import Invitation, invite_candidates
from coappoint.events.models import Event
from coappoint.organisations.models import Organisation
from coappoint.recruiters.models import CommunityRecruiter, SignUpLink
from coappoint.recruiters.services import RecruiterDetails, recruiter_label, sign_up_recruiter
from coappoint.signin.models import AccessCode, AccessCodeAttempt, SignInLink

# Read out loud in a noisy hall: no 0/O or 1/I to confuse.
ACCESS_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ACCESS_CODE_LENGTH = 8


class SignInRefused(Exception):
    """A link or code cannot sign anyone in; `reason` says why, for the page to explain."""

    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


class Refusal(Enum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"
    STAFF_NOT_ALLOWED = "staff_not_allowed"
    TOO_MANY_ATTEMPTS = "too_many_attempts"


Person = CommunityRecruiter | Candidate | User


@dataclass(frozen=True)
class SignedIn:
    """Who a link or code signed in, and to which event (none for demo staff).

    `credential` is the link or code used, when the door names it; signin.queries
    `was_issued_by_staff` decides from it whether the new session was opened by staff's doing.
    """

    person: Person
    organisation: Organisation
    event: Event | None
    credential: SignInLink | AccessCode | None = None


@dataclass(frozen=True)
class IssuedLink:
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: datetime


def hash_secret(secret: str) -> str:
    """What is stored for a link token or access code: its SHA-256, never the secret itself."""
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_access_code(typed: str) -> str:
    """An access code as typed (any case, spaces or dashes) in its canonical form."""
    return "".join(character for character in typed.upper() if character.isalnum())


def format_access_code(code: str) -> str:
    """An access code in two groups of four, as it is read out and printed."""
    return f"{code[:4]} {code[4:]}"


def _person_fields(person: Person) -> dict[str, object]:
    if isinstance(person, CommunityRecruiter):
        return {"recruiter": person, "event": person.event}
    if isinstance(person, Candidate):
        return {"candidate": person}
    return {"staff_user": person}


def _person_label(person: Person) -> str:
    if isinstance(person, CommunityRecruiter):
        return f"Recruiter: {person.full_name}"
    if isinstance(person, Candidate):
        return f"Candidate: {person}"
    return str(person)


def _expiry(now: datetime) -> datetime:
    return now + timedelta(days=settings.SIGN_IN_LINK_DAYS)


def issue_sign_in_link(
    *,
    person: Person,
    organisation: Organisation,
    event: Event | None,
    actor: User | str,
    now: datetime | None = None,
) -> IssuedLink:
    """A new personal link for `person`; earlier unused links stay valid until they expire."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    fields = _person_fields(person)
    fields.setdefault("event", event)
    with transaction.atomic():
        link = SignInLink.objects.create(
            organisation=organisation,
            secret_hash=hash_secret(token),
            expires_at=_expiry(now),
            issued_by_staff=isinstance(actor, User),
            **fields,
        )
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="sign_in_link.issued",
            target=link,
            after={"for": _person_label(person), "expires_at": link.expires_at.isoformat()},
        )
    url = settings.SITE_URL + reverse("signin:link", kwargs={"token": token})
    return IssuedLink(url=url, expires_at=link.expires_at)


def issue_access_code(
    *,
    person: CommunityRecruiter | Candidate,
    organisation: Organisation,
    event: Event | None,
    actor: User | str,
    now: datetime | None = None,
) -> IssuedCode:
    """A new access code for `person`, revoking any code they had (a reissue)."""
    now = now or timezone.now()
    fields = _person_fields(person)
    fields.setdefault("event", event)
    with transaction.atomic():
        revoked = AccessCode.objects.filter(
            revoked_at__isnull=True, **_person_filter(person)
        ).update(revoked_at=now)
        while True:
            code = "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))
            if not AccessCode.objects.filter(secret_hash=hash_secret(code)).exists():
                break
        access_code = AccessCode.objects.create(
            organisation=organisation,
            secret_hash=hash_secret(code),
            expires_at=_expiry(now),
            issued_by_staff=isinstance(actor, User),
            **fields,
        )
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action="access_code.reissued" if revoked else "access_code.issued",
            target=access_code,
            after={"for": _person_label(person), "expires_at": access_code.expires_at.isoformat()},
        )
    return IssuedCode(code=code, expires_at=access_code.expires_at)


@dataclass(frozen=True)
class Credentials:
    """A fresh personal link and access code for one person, to read out, send or print."""

    link: IssuedLink
    code: IssuedCode


def issue_credentials(
    *,
    person: CommunityRecruiter | Candidate,
    organisation: Organisation,
    event: Event | None,
    actor: User | str,
    now: datetime | None = None,
) -> Credentials:
    """A new link and a new code for `person` together: both are issued, or neither."""
    with transaction.atomic():
        link = issue_sign_in_link(
            person=person, organisation=organisation, event=event, actor=actor, now=now
        )
        code = issue_access_code(
            person=person, organisation=organisation, event=event, actor=actor, now=now
        )
    return Credentials(link=link, code=code)


@dataclass(frozen=True)
class SignedUp:
    """A resident who has just signed up, with the code and link they are shown once."""

    recruiter: CommunityRecruiter
    code: IssuedCode
    link: IssuedLink


def sign_up_with_credentials(
    *, sign_up_link: SignUpLink, details: RecruiterDetails, now: datetime | None = None
) -> SignedUp:
    """A resident joins through the event's shared link and gets their own link and code.

    All or nothing: a recruiter is never left without a way back in. Raises SignUpClosed (from
    recruiters.services) once the link is closed, and then nothing is written.
    """
    with transaction.atomic():
        recruiter = sign_up_recruiter(sign_up_link=sign_up_link, details=details, now=now)
        credentials = issue_credentials(
            person=recruiter,
            organisation=recruiter.event.organisation,
            event=recruiter.event,
            actor=recruiter_label(recruiter),
            now=now,
        )
    return SignedUp(recruiter=recruiter, code=credentials.code, link=credentials.link)


def invite_candidates_with_sign_in_links(
    *,
    event: Event,
    candidates: Sequence[Candidate],
    actor: User,
    now: datetime | None = None,
) -> list[Invitation]:
    """Email each candidate an invitation to `event` carrying their own new sign-in link.

    Each link is issued inside its candidate's invitation transaction (candidates.services).
    """

    def sign_in_url_for(candidate: Candidate) -> str:
        return issue_sign_in_link(
            person=candidate, organisation=event.organisation, event=event, actor=actor, now=now
        ).url

    return invite_candidates(
        event=event, candidates=candidates, actor=actor, sign_in_url_for=sign_in_url_for, now=now
    )


def _person_filter(person: CommunityRecruiter | Candidate) -> dict[str, object]:
    if isinstance(person, CommunityRecruiter):
        return {"recruiter": person}
    return {"candidate": person}


def _person_of(credential: SignInLink | AccessCode) -> Person:
    if credential.recruiter is not None:
        return credential.recruiter
    if credential.candidate is not None:
        return credential.candidate
    assert credential.staff_user is not None
    return credential.staff_user


def find_sign_in_link(*, token: str, now: datetime | None = None) -> SignInLink:
    """The link for `token` if it can still be used; else SignInRefused with the reason.

    Opening a link only looks: email scanners open links, so nothing is used up here.
    """
    now = now or timezone.now()
    link = (
        SignInLink.objects.select_related("recruiter", "candidate", "staff_user", "organisation")
        .filter(secret_hash=hash_secret(token))
        .first()
    )
    if link is None:
        raise SignInRefused(Refusal.UNKNOWN)
    if link.used_at is not None:
        raise SignInRefused(Refusal.USED)
    if link.revoked_at is not None:
        raise SignInRefused(Refusal.REVOKED)
    if link.expires_at <= now:
        raise SignInRefused(Refusal.EXPIRED)
    if link.staff_user is not None and not (settings.DEMO_MODE and link.staff_user.is_demo):
        raise SignInRefused(Refusal.STAFF_NOT_ALLOWED)
    return link


def use_sign_in_link(*, token: str, now: datetime | None = None) -> SignedIn:
    """Use up a personal link (the person pressed Continue) and say whom it signs in."""
    now = now or timezone.now()
    with transaction.atomic():
        link = find_sign_in_link(token=token, now=now)
        # Two presses racing: only the one that flips used_at from empty wins.
        claimed = SignInLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now)
        if not claimed:
            raise SignInRefused(Refusal.USED)
        person = _person_of(link)
        record_audit_event(
            organisation=link.organisation,
            actor=person if isinstance(person, User) else _person_label(person),
            action="sign_in_link.used",
            target=link,
        )
    return SignedIn(
        person=person, organisation=link.organisation, event=link.event, credential=link
    )


def use_access_code(*, typed_code: str, ip_address: str, now: datetime | None = None) -> SignedIn:
    """Sign in with an access code, refusing when this address has guessed too often."""
    now = now or timezone.now()
    window_start = now - timedelta(minutes=settings.ACCESS_CODE_WINDOW_MINUTES)
    failures = AccessCodeAttempt.objects.filter(
        ip_address=ip_address, succeeded=False, at__gte=window_start
    ).count()
    if failures >= settings.ACCESS_CODE_ATTEMPTS_PER_WINDOW:
        raise SignInRefused(Refusal.TOO_MANY_ATTEMPTS)
    code = normalise_access_code(typed_code)
    access_code = (
        AccessCode.objects.select_related("recruiter", "candidate", "organisation", "event")
        .filter(secret_hash=hash_secret(code))
        .first()
    )
    refusal = None
    if access_code is None:
        refusal = Refusal.UNKNOWN
    elif access_code.revoked_at is not None:
        refusal = Refusal.REVOKED
    elif access_code.expires_at <= now:
        refusal = Refusal.EXPIRED
    AccessCodeAttempt.objects.create(ip_address=ip_address, succeeded=refusal is None)
    if refusal is not None or access_code is None:
        raise SignInRefused(refusal or Refusal.UNKNOWN)
    person = _person_of(access_code)
    with transaction.atomic():
        record_audit_event(
            organisation=access_code.organisation,
            actor=_person_label(person),
            action="access_code.used",
            target=access_code,
        )
    return SignedIn(person=person, organisation=access_code.organisation, event=access_code.event)


def forget_old_attempts(*, now: datetime | None = None) -> int:
    """Delete access-code attempts older than a day (they only serve the rate limit)."""
    now = now or timezone.now()
    deleted, _ = AccessCodeAttempt.objects.filter(at__lt=now - timedelta(days=1)).delete()
    return deleted


__all__ = [
    "SYSTEM",
    "Credentials",
    "IssuedCode",
    "IssuedLink",
    "Refusal",
    "SignInRefused",
    "SignedIn",
    "SignedUp",
    "find_sign_in_link",
    "invite_candidates_with_sign_in_links",
    "issue_access_code",
    "issue_credentials",
    "issue_sign_in_link",
    "sign_up_with_credentials",
    "use_access_code",
    "use_sign_in_link",
]
