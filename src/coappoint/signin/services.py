"""Issuing and using personal sign-in links and access codes (the only doors that write them)."""

from __future__ import annotations

import hashlib
import ipaddress
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.campaigns.models import Candidate
from coappoint.candidates.services import (
    Invitation,
    change_candidate,
    choose_candidate_language,
    invite_candidates,
)
from coappoint.events.models import Event
from coappoint.notify.masking import count_secrets
from coappoint.notify.models import Channel, Message, Status
from coappoint.notify.services import Purpose, Recipient, resend_message, send_message
from coappoint.organisations.models import Organisation
from coappoint.recruiters.models import CommunityRecruiter, SignUpLink
from coappoint.recruiters.services import (
    RecruiterDetails,
    add_recruiter_at_the_door,
    choose_recruiter_language,
    correct_recruiter_contact,
    record_sign_in_reissue,
    sign_up_recruiter,
)
from coappoint.rules.guessing import WaitCurve
from coappoint.rules.join_codes import normalise_join_code
from coappoint.signin.emails import (
    write_sign_in_email,
    write_sign_in_text_message,
    write_sign_up_confirmation,
)
from coappoint.signin.models import (
    AccessCode,
    AccessCodeAttempt,
    AccessCodeGate,
    AccessCodeSlowdown,
    SignInLink,
)
from coappoint.signin.queries import email_hint, has_signed_in
from coappoint.web.languages import message_language

# Read out loud in a noisy hall: no 0/O or 1/I to confuse.
ACCESS_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ACCESS_CODE_LENGTH = 8

# Credentials nobody on the staff issued (the demo, tests): the audit row says "the service".
SYSTEM = audit.SYSTEM


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
    MUST_WAIT = "must_wait"


class MustWait(SignInRefused):
    """Too many wrong codes lately: this try was not checked, nor counted. Try after `seconds`.

    `everywhere` is true when every address must wait (many wrong codes from many places), not
    only this one.
    """

    def __init__(self, *, seconds: int, everywhere: bool) -> None:
        super().__init__(Refusal.MUST_WAIT)
        self.seconds = seconds
        self.everywhere = everywhere

    def in_words(self) -> str:
        """Why the code was not checked, and how long to wait, in plain words; each page adds
        what to do instead (an access code's page, the poster's short address).

        Under two minutes the wait is told in seconds, from then on in whole minutes, rounded
        up: someone who comes back when told never finds the wait still running.
        """
        if self.everywhere:
            why = gettext(
                "Too many wrong codes have been tried on this service in the last few minutes, "
                "so everyone has to wait between tries."
            )
        else:
            why = gettext("Too many wrong codes have been tried from here.")
        seconds = max(self.seconds, 1)
        if seconds < 120:
            wait = ngettext(
                "Wait %(count)d second, then try your code again.",
                "Wait %(count)d seconds, then try your code again.",
                seconds,
            ) % {"count": seconds}
        else:
            minutes = math.ceil(seconds / 60)
            wait = ngettext(
                "Wait %(count)d minute, then try your code again.",
                "Wait %(count)d minutes, then try your code again.",
                minutes,
            ) % {"count": minutes}
        return f"{why} {wait}"


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
    """An access code in two groups of four, as the person reads it in their email or on the
    page they signed up on."""
    return f"{code[:4]} {code[4:]}"


def _person_fields(person: Person) -> dict[str, object]:
    if isinstance(person, CommunityRecruiter):
        return {"recruiter": person, "event": person.event}
    if isinstance(person, Candidate):
        return {"candidate": person}
    return {"staff_user": person}


def _expiry(now: datetime) -> datetime:
    return now + timedelta(days=settings.SIGN_IN_LINK_DAYS)


def issue_sign_in_link(
    *,
    person: Person,
    organisation: Organisation,
    event: Event | None,
    actor: audit.ActorLike,
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
        audit.record(
            now=now,
            organisation=organisation,
            actor=actor,
            action=AuditAction.SIGN_IN_LINK_ISSUED,
            target=link,
            after={"for": audit.person(person), "expires_at": link.expires_at.isoformat()},
        )
    url = settings.SITE_URL + reverse("signin:link", kwargs={"token": token})
    return IssuedLink(url=url, expires_at=link.expires_at)


def issue_access_code(
    *,
    person: CommunityRecruiter | Candidate,
    organisation: Organisation,
    event: Event | None,
    actor: audit.ActorLike,
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
        audit.record(
            now=now,
            organisation=organisation,
            actor=actor,
            action=AuditAction.ACCESS_CODE_REISSUED if revoked else AuditAction.ACCESS_CODE_ISSUED,
            target=access_code,
            after={"for": audit.person(person), "expires_at": access_code.expires_at.isoformat()},
        )
    return IssuedCode(code=code, expires_at=access_code.expires_at)


@dataclass(frozen=True)
class Credentials:
    """A fresh personal link and access code for one person, for them alone: sent to them, or
    shown once on their own phone when they sign up; never on a page shown to staff."""

    link: IssuedLink
    code: IssuedCode


def issue_credentials(
    *,
    person: CommunityRecruiter | Candidate,
    organisation: Organisation,
    event: Event | None,
    actor: audit.ActorLike,
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
    """A resident who has just signed up, with the code and link they are shown once, and the
    confirmation carrying them (None when they gave neither email nor phone)."""

    recruiter: CommunityRecruiter
    code: IssuedCode
    link: IssuedLink
    confirmation: Message | None = None


def sign_up_with_credentials(
    *, sign_up_link: SignUpLink, details: RecruiterDetails, now: datetime | None = None
) -> SignedUp:
    """A resident joins through the event's shared link and gets their own link and code.

    They are shown them once, and sent them too: by email if they gave an address, else by text
    message. All or nothing: a recruiter is never left without a way back in. Raises
    SignUpClosed (from recruiters.services) once the link is closed, and then nothing is written.
    """
    with transaction.atomic():
        recruiter = sign_up_recruiter(sign_up_link=sign_up_link, details=details, now=now)
        event = recruiter.event
        credentials = issue_credentials(
            person=recruiter,
            organisation=event.organisation,
            event=event,
            actor=recruiter,
            now=now,
        )
        confirmation = None
        if recruiter.email or recruiter.phone:
            confirmation = send_sign_in_message(
                recruiter=recruiter,
                credentials=credentials,
                purpose=Purpose.SIGN_UP_CONFIRMATION,
            )
            audit.record(
                now=now or timezone.now(),
                organisation=event.organisation,
                actor=recruiter,
                action=AuditAction.SIGN_UP_CONFIRMATION_SENT,
                target=recruiter,
                after={"message": confirmation.reference, "channel": confirmation.channel},
            )
    return SignedUp(
        recruiter=recruiter,
        code=credentials.code,
        link=credentials.link,
        confirmation=confirmation,
    )


def send_sign_in_message(
    *,
    recruiter: CommunityRecruiter,
    credentials: Credentials,
    purpose: str,
    email: str | None = None,
    phone: str | None = None,
) -> Message:
    """Write the message carrying a recruiter's new link and code, by email or else by text;
    the link and code are withheld from the stored body and put in only as it leaves."""
    event = recruiter.event
    code = format_access_code(credentials.code.code)
    writer = write_sign_up_confirmation if purpose == Purpose.SIGN_UP_CONFIRMATION else None
    text = (writer or write_sign_in_email)(
        recruiter,
        event,
        sign_in_url=credentials.link.url,
        access_code=code,
        expires_at=credentials.link.expires_at,
    )
    return send_message(
        organisation=event.organisation,
        purpose=purpose,
        recipient=Recipient(
            email=recruiter.email if email is None else email,
            phone=recruiter.phone if phone is None else phone,
            person_kind="recruiter",
            person_id=recruiter.pk,
        ),
        language=message_language(recruiter.preferred_language),
        subject=text.subject,
        body=text.body,
        sms_body=write_sign_in_text_message(
            recruiter, event, sign_in_url=credentials.link.url, access_code=code
        ),
        withheld=(credentials.link.url, code),
    )


class SignInNotSent(Exception):
    """A recruiter's sign-in cannot be sent; the message says why in plain words."""


class ReasonNeeded(SignInNotSent):
    """The recruiter has signed in before: staff must say why they need a new sign-in."""


class NoEmailAddress(SignInNotSent):
    """The recruiter gave no email address to send their sign-in to."""


@dataclass(frozen=True)
class SentSignIn:
    """A new sign-in emailed to a recruiter: where it went (as a hint), and whether it was a
    reissue. It carries no link and no code: staff never see them."""

    recruiter: CommunityRecruiter
    email_hint: str
    reissued: bool
    message_reference: str
    kept_only: bool = False


def send_sign_in_by_email(
    *,
    recruiter: CommunityRecruiter,
    actor: User,
    reason: str = "",
    now: datetime | None = None,
) -> SentSignIn:
    """Email a recruiter a new personal link and access code of their own; staff never see them.

    Whoever holds a sign-in can act as the recruiter, so for one who has already signed in
    (signin.queries.has_signed_in) `reason` is required (else ReasonNeeded); it is kept beside
    the recruiter on the staff list (recruiters.SignInReissue) and in the audit log. The old code
    stops working. The outbox shows staff the email without the link and code (`withheld`).
    Raises NoEmailAddress when the recruiter gave none.
    """
    now = now or timezone.now()
    reason = reason.strip()
    if not recruiter.email:
        raise NoEmailAddress(
            gettext("%(name)s has not given an email address.") % {"name": recruiter.full_name}
        )
    with transaction.atomic():
        # One send at a time per recruiter, so "signed in before" is decided on what is there.
        CommunityRecruiter.objects.select_for_update().filter(pk=recruiter.pk).first()
        reissued = has_signed_in(recruiter)
        if reissued and not reason:
            raise ReasonNeeded(gettext("Enter why they need a new sign-in"))
        event = recruiter.event
        credentials = issue_credentials(
            person=recruiter, organisation=event.organisation, event=event, actor=actor, now=now
        )
        message = send_sign_in_message(
            recruiter=recruiter, credentials=credentials, purpose=Purpose.SIGN_IN, phone=""
        )
        reference = message.reference
        if reissued:
            record_sign_in_reissue(recruiter=recruiter, reason=reason, actor=actor, now=now)
        after: dict[str, object] = {"message": reference, "reissued": reissued}
        if reason:
            after["reason_characters"] = len(reason)
        audit.record(
            now=now,
            organisation=event.organisation,
            actor=actor,
            action=AuditAction.SIGN_IN_EMAILED,
            target=recruiter,
            after=after,
        )
    return SentSignIn(
        recruiter=recruiter,
        email_hint=email_hint(recruiter.email),
        reissued=reissued,
        message_reference=reference,
        kept_only=message.status == Status.KEPT,
    )


@dataclass(frozen=True)
class AddedAtTheDoor:
    """A recruiter added at the door, and their sign-in if it was emailed (None without an
    address: they sign up on their own phone instead, or score on paper)."""

    recruiter: CommunityRecruiter
    sign_in: SentSignIn | None


def add_at_the_door_with_sign_in(
    *, event: Event, details: RecruiterDetails, actor: User, now: datetime | None = None
) -> AddedAtTheDoor:
    """Staff add someone who arrived on the day, and email them their own sign-in if they gave
    an address: both happen, or neither."""
    with transaction.atomic():
        recruiter = add_recruiter_at_the_door(event=event, details=details, actor=actor, now=now)
        sign_in = (
            send_sign_in_by_email(recruiter=recruiter, actor=actor, now=now)
            if recruiter.email
            else None
        )
    return AddedAtTheDoor(recruiter=recruiter, sign_in=sign_in)


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


class ResendRefused(Exception):
    """The message cannot be resent; the message says why in plain words."""


def revoke_sign_ins(*, person: CommunityRecruiter | Candidate, now: datetime) -> int:
    """Stop every unused link and code `person` holds: one may have reached the wrong person."""
    where = _person_filter(person)
    links = SignInLink.objects.filter(used_at__isnull=True, revoked_at__isnull=True, **where)
    codes = AccessCode.objects.filter(revoked_at__isnull=True, **where)
    return links.update(revoked_at=now) + codes.update(revoked_at=now)


def _person_of_message(message: Message) -> CommunityRecruiter | Candidate | None:
    if message.person_id is None or message.organisation_id is None:
        return None
    if message.person_kind == "recruiter":
        return CommunityRecruiter.objects.filter(
            pk=message.person_id, organisation_id=message.organisation_id
        ).first()
    if message.person_kind == "candidate":
        return Candidate.objects.filter(
            pk=message.person_id, organisation_id=message.organisation_id
        ).first()
    return None


def _correct_contact(
    person: CommunityRecruiter | Candidate, *, channel: str, address: str, actor: User
) -> None:
    email = address if channel == Channel.EMAIL else None
    phone = address if channel == Channel.SMS else None
    if isinstance(person, CommunityRecruiter):
        correct_recruiter_contact(recruiter=person, email=email, phone=phone, actor=actor)
        return
    change_candidate(
        candidate=person,
        first_name=person.first_name,
        last_name=person.last_name,
        chosen_name=person.chosen_name,
        email=person.email if email is None else email,
        phone=person.phone if phone is None else phone,
        preferred_language=person.preferred_language,
        actor=actor,
    )


def resend_after_correction(
    *, message: Message, address: str, actor: User, now: datetime | None = None
) -> Message:
    """Staff correct where a failed message went, and it is sent again there, as a new message.

    The person's own email address or phone number is corrected too. A message that carried a
    sign-in gets a new one: every link and code the person held is revoked first, since the
    failed message may have reached someone else. Raises ResendRefused if it was resent already.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if not locked.has_failed or locked.resent_as_id is not None:
            raise ResendRefused(gettext("This message has already been sent again."))
        person = _person_of_message(locked)
        if person is not None:
            _correct_contact(person, channel=locked.channel, address=address, actor=actor)
        secrets: list[str] = []
        needed = count_secrets(locked.body)
        if needed:
            if person is None:
                raise ResendRefused(gettext("The person this message was for has been deleted."))
            revoke_sign_ins(person=person, now=now)
            organisation = person.organisation
            event = person.event if isinstance(person, CommunityRecruiter) else None
            if needed == 1:
                secrets = [
                    issue_sign_in_link(
                        person=person,
                        organisation=organisation,
                        event=event or _candidate_event(person),
                        actor=actor,
                        now=now,
                    ).url
                ]
            else:
                credentials = issue_credentials(
                    person=person, organisation=organisation, event=event, actor=actor, now=now
                )
                secrets = [credentials.link.url, format_access_code(credentials.code.code)]
        again = resend_message(message=locked, to=address, secrets=secrets)
        audit.record(
            now=now,
            organisation=locked.organisation,
            actor=actor,
            action=AuditAction.MESSAGE_RESENT,
            target=person,
            after={
                "message": locked.reference,
                "resent_as": again.reference,
                "channel": locked.channel,
                "new_sign_in": bool(needed),
            },
        )
    return again


def _candidate_event(person: CommunityRecruiter | Candidate) -> Event | None:
    if isinstance(person, Candidate):
        return person.events.order_by("-date").first()
    return person.event


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
        audit.record(
            now=now,
            organisation=link.organisation,
            actor=person,
            action=AuditAction.SIGN_IN_LINK_USED,
            target=link,
        )
    return SignedIn(
        person=person, organisation=link.organisation, event=link.event, credential=link
    )


def use_access_code(*, typed_code: str, ip_address: str, now: datetime | None = None) -> SignedIn:
    """Sign in with an access code, unless its address, or every address, must wait first.

    Guessing is slowed, never refused outright (docs/security-access-codes.md): a try made while
    its place must wait is not checked and not counted, and raises MustWait; any other try is
    checked, and a wrong one may start or lengthen a wait. Deciding, checking and recording
    happen with the gates' rows locked, so tries at the same moment never get past the
    allowance; a try that plainly must wait is answered before anything is locked.
    """
    now = now or timezone.now()
    place = guessing_place(ip_address)
    _refuse_if_plainly_waiting(place, now=now)
    with transaction.atomic():
        everywhere, here = _pass_gates(place, now=now)
        access_code = (
            AccessCode.objects.select_related("recruiter", "candidate", "organisation", "event")
            .filter(secret_hash=hash_secret(normalise_access_code(typed_code)))
            .first()
        )
        refusal = None
        if access_code is None:
            refusal = Refusal.UNKNOWN
        elif access_code.revoked_at is not None:
            refusal = Refusal.REVOKED
        elif access_code.expires_at <= now:
            refusal = Refusal.EXPIRED
        AccessCodeAttempt.objects.create(
            ip_address=place,
            at=now,
            succeeded=refusal is None,
            access_code=access_code if refusal is None else None,
        )
        if refusal is not None or access_code is None:
            _wait_after_wrong_code(everywhere=everywhere, here=here, now=now)
            signed_in = None
        else:
            person = _person_of(access_code)
            audit.record(
                now=now,
                organisation=access_code.organisation,
                actor=person,
                action=AuditAction.ACCESS_CODE_USED,
                target=access_code,
            )
            signed_in = SignedIn(
                person=person,
                organisation=access_code.organisation,
                event=access_code.event,
                credential=access_code,
            )
    # Raised after the transaction, so the wrong try stays counted.
    if signed_in is None:
        raise SignInRefused(refusal or Refusal.UNKNOWN)
    return signed_in


class JoinCodeUnknown(Exception):
    """No sign-up link has the join code that was typed (or it cannot be a join code at all)."""


def find_sign_up_link_by_join_code(
    *, typed_code: str, ip_address: str, now: datetime | None = None
) -> SignUpLink:
    """The sign-up link, open or closed, whose join code was typed (/join/ABCD-2345).

    A wrong join code is a wrong code like any other: it is slowed by the same gates, counted
    against the same allowances (this address's and everyone's) and told the same wait
    (MustWait) as a wrong access code, so a guesser gains nothing by switching between the two,
    and there is one mechanism to reason about (docs/security-access-codes.md). A right one is
    not recorded: it has no access code to earn its address a free mistake. What cannot be a
    code at all (the wrong length, a symbol not in the alphabet) is unknown at once, neither
    looked up nor counted, so whatever wanders under /join/ never slows anyone.
    """
    now = now or timezone.now()
    code = normalise_join_code(typed_code)
    if code is None:
        raise JoinCodeUnknown
    place = guessing_place(ip_address)
    _refuse_if_plainly_waiting(place, now=now)
    with transaction.atomic():
        everywhere, here = _pass_gates(place, now=now)
        sign_up_link = (
            SignUpLink.objects.select_related("event", "event__organisation", "organisation")
            .filter(join_code=code)
            .first()
        )
        if sign_up_link is None:
            AccessCodeAttempt.objects.create(ip_address=place, at=now, succeeded=False)
            _wait_after_wrong_code(everywhere=everywhere, here=here, now=now)
    # Raised after the transaction, so the wrong try stays counted.
    if sign_up_link is None:
        raise JoinCodeUnknown
    return sign_up_link


def _refuse_if_plainly_waiting(place: str, *, now: datetime) -> None:
    """MustWait, before anything is locked, if this place or everyone plainly must wait."""
    opening = dict(
        AccessCodeGate.objects.filter(
            place__in=(AccessCodeGate.EVERYWHERE, place), opens_at__gt=now
        ).values_list("place", "opens_at")
    )
    _refuse_while_waiting(
        everywhere=opening.get(AccessCodeGate.EVERYWHERE), here=opening.get(place), now=now
    )


def _pass_gates(place: str, *, now: datetime) -> tuple[AccessCodeGate, AccessCodeGate]:
    """Everyone's gate and this place's, locked until the caller's transaction ends, or MustWait.

    A try is checked and recorded while they are locked, so tries made at the same moment are
    counted one after another and never checked beyond the allowance.
    """
    # Always this order (everywhere, then the place), so two tries never wait on each other.
    everywhere = _locked_gate(AccessCodeGate.EVERYWHERE)
    here = _locked_gate(place)
    _refuse_while_waiting(everywhere=everywhere.opens_at, here=here.opens_at, now=now)
    return everywhere, here


def guessing_place(ip_address: str) -> str:
    """Where guesses are counted from: the address, but for IPv6 its /64 network.

    One phone or household is given a whole /64, so counting single IPv6 addresses would give
    a guesser millions of fresh places.
    """
    address = ipaddress.ip_address(ip_address)
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False).network_address)
    return str(address)


def _curve(free_wrong_codes: int) -> WaitCurve:
    return WaitCurve(
        free_wrong_codes=free_wrong_codes,
        first_wait_seconds=settings.ACCESS_CODE_FIRST_WAIT_SECONDS,
        longest_wait_seconds=settings.ACCESS_CODE_LONGEST_WAIT_SECONDS,
    )


def _window_start(now: datetime) -> datetime:
    return now - timedelta(minutes=settings.ACCESS_CODE_WINDOW_MINUTES)


def _refuse_while_waiting(
    *, everywhere: datetime | None, here: datetime | None, now: datetime
) -> None:
    """Raise MustWait if either gate opens later than `now`, for as long as the later one."""
    waits = [
        (opens_at, is_everywhere)
        for opens_at, is_everywhere in ((everywhere, True), (here, False))
        if opens_at is not None and opens_at > now
    ]
    if waits:
        opens_at, is_everywhere = max(waits)
        raise MustWait(
            seconds=math.ceil((opens_at - now).total_seconds()), everywhere=is_everywhere
        )


def _locked_gate(place: str) -> AccessCodeGate:
    gate, _ = AccessCodeGate.objects.select_for_update().get_or_create(place=place)
    return gate


def _wait_after_wrong_code(
    *, everywhere: AccessCodeGate, here: AccessCodeGate, now: datetime
) -> None:
    """After a wrong code: wait as the curves say, here and everywhere (gates locked)."""
    recent = AccessCodeAttempt.objects.filter(at__gte=_window_start(now))
    counts = recent.aggregate(
        wrong=Count("pk", filter=Q(succeeded=False)),
        right=Count("access_code", filter=Q(succeeded=True), distinct=True),
        wrong_here=Count("pk", filter=Q(succeeded=False, ip_address=here.place)),
        right_here=Count(
            "access_code", filter=Q(succeeded=True, ip_address=here.place), distinct=True
        ),
    )
    wait_here = _curve(settings.ACCESS_CODE_FREE_WRONG_PER_ADDRESS).wait_after_wrong_code(
        wrong_codes=counts["wrong_here"], right_codes=counts["right_here"]
    )
    if wait_here:
        here.opens_at = now + timedelta(seconds=wait_here)
        here.save(update_fields=["opens_at"])
    wait_everywhere = _curve(settings.ACCESS_CODE_FREE_WRONG_ALL_ADDRESSES).wait_after_wrong_code(
        wrong_codes=counts["wrong"], right_codes=counts["right"]
    )
    if wait_everywhere:
        everywhere.opens_at = now + timedelta(seconds=wait_everywhere)
        everywhere.save(update_fields=["opens_at"])
        _tell_staff_codes_are_slowed(wrong_codes=counts["wrong"], now=now)


def _tell_staff_codes_are_slowed(*, wrong_codes: int, now: datetime) -> None:
    """Every event with codes that still work is told, once per slowdown, and it is audited.

    A wrong code belongs to no event, and answering one event's codes differently from
    another's would tell a guesser which guesses were right; so the wait is for everyone, and
    each event whose codes could be guessed hears of it. Counts only: never a code or an address.
    """
    ends_at = now + timedelta(minutes=settings.ACCESS_CODE_WINDOW_MINUTES)
    live_events = (
        AccessCode.objects.filter(revoked_at__isnull=True, expires_at__gt=now, event__isnull=False)
        .values_list("event_id", flat=True)
        .distinct()
    )
    ongoing = AccessCodeSlowdown.objects.filter(event_id__in=live_events, ends_at__gt=now)
    told = set(ongoing.values_list("event_id", flat=True))
    ongoing.update(ends_at=ends_at, wrong_codes=wrong_codes)
    for event in (
        Event.objects.filter(pk__in=live_events).exclude(pk__in=told).select_related("organisation")
    ):
        slowdown = AccessCodeSlowdown.objects.create(
            event=event, started_at=now, ends_at=ends_at, wrong_codes=wrong_codes
        )
        audit.record(
            now=now,
            organisation=event.organisation,
            actor=audit.SYSTEM,
            action=AuditAction.ACCESS_CODES_SLOWED,
            target=event,
            after={
                "wrong_codes_in_window": wrong_codes,
                "window_minutes": settings.ACCESS_CODE_WINDOW_MINUTES,
                "longest_wait_seconds": settings.ACCESS_CODE_LONGEST_WAIT_SECONDS,
                "slowdown": slowdown.pk,
            },
        )


def forget_old_attempts(*, now: datetime | None = None) -> int:
    """Delete access-code attempts older than a day (or the window, if longer), and waits long
    over: they serve only the slowing of guesses, which looks back one window."""
    now = now or timezone.now()
    kept_from = now - max(timedelta(days=1), timedelta(minutes=settings.ACCESS_CODE_WINDOW_MINUTES))
    with transaction.atomic():
        deleted, _ = AccessCodeAttempt.objects.filter(at__lt=kept_from).delete()
        AccessCodeGate.objects.exclude(place=AccessCodeGate.EVERYWHERE).filter(
            Q(opens_at__isnull=True) | Q(opens_at__lt=kept_from)
        ).delete()
    return deleted


__all__ = [
    "SYSTEM",
    "AddedAtTheDoor",
    "Credentials",
    "IssuedCode",
    "IssuedLink",
    "JoinCodeUnknown",
    "MustWait",
    "NoEmailAddress",
    "ReasonNeeded",
    "Refusal",
    "ResendRefused",
    "SentSignIn",
    "SignInNotSent",
    "SignInRefused",
    "SignedIn",
    "SignedUp",
    "add_at_the_door_with_sign_in",
    "choose_participant_language",
    "find_sign_in_link",
    "find_sign_up_link_by_join_code",
    "forget_old_attempts",
    "guessing_place",
    "invite_candidates_with_sign_in_links",
    "issue_access_code",
    "issue_credentials",
    "issue_sign_in_link",
    "resend_after_correction",
    "revoke_sign_ins",
    "send_sign_in_by_email",
    "sign_up_with_credentials",
    "use_access_code",
    "use_sign_in_link",
]


def choose_participant_language(*, person: CommunityRecruiter | Candidate, language: str) -> None:
    """A signed-in recruiter or candidate chose a language with the switcher: keep it as theirs,
    for their pages after their next sign-in and for every message written to them."""
    if isinstance(person, CommunityRecruiter):
        choose_recruiter_language(recruiter=person, language=language)
    else:
        choose_candidate_language(candidate=person, language=language)
