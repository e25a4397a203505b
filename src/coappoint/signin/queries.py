"""Reads about signing in: whether a recruiter has signed in, who opened a session, and whether
access codes are being slowed for everyone.

None of these returns a link or a code: only their hashes are stored, and no page shown to staff
holds another person's usable sign-in (shared/PRODUCT.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Candidate
from coappoint.events.models import Event
from coappoint.organisations.models import Organisation
from coappoint.recruiters.models import CommunityRecruiter, JoinedBy, SignInReissue
from coappoint.recruiters.queries import list_sign_in_reissues
from coappoint.signin.models import AccessCode, AccessCodeSlowdown, SignInLink


def has_signed_in(recruiter: CommunityRecruiter) -> bool:
    """Whether the recruiter has ever been signed in to the service, by anyone's doing.

    Signing up on the event's link signs them in on that phone; a personal link keeps when it
    was used; an access code works until it expires or is reissued, so its uses are read from
    the audit rows `signin.services.use_access_code` writes.
    """
    if recruiter.joined_by == JoinedBy.SIGN_UP_LINK:
        return True
    if SignInLink.objects.filter(recruiter=recruiter, used_at__isnull=False).exists():
        return True
    code_ids = [
        str(pk)
        for pk in AccessCode.objects.filter(recruiter=recruiter).values_list("pk", flat=True)
    ]
    return AuditEvent.objects.filter(
        organisation_id=recruiter.organisation_id,
        action="access_code.used",
        target_type=AccessCode._meta.label,
        target_id__in=code_ids,
    ).exists()


def was_issued_by_staff(
    person: CommunityRecruiter | Candidate, credential: SignInLink | AccessCode | None
) -> bool:
    """Whether the link or code that just signed `person` in was issued by a staff member.

    Both doors name the credential they used; without one, it was the person's one live access
    code: issuing a code revokes every other, and a revoked code signs nobody in.
    """
    if credential is not None:
        return credential.issued_by_staff
    live = AccessCode.objects.filter(revoked_at__isnull=True, issued_by_staff=True)
    if isinstance(person, CommunityRecruiter):
        return live.filter(recruiter=person).exists()
    return live.filter(candidate=person).exists()


def email_hint(email: str) -> str:
    """Enough of an address for staff to check it is the one the person gave: "a•••@example.org"."""
    if "@" not in email:
        return ""
    local, domain = email.rsplit("@", 1)
    return f"{local[:1]}•••@{domain}"


@dataclass(frozen=True)
class RecruiterSignIn:
    """What the staff sign-in page says about one recruiter, with no link or code in it."""

    recruiter: CommunityRecruiter
    has_signed_in: bool
    email_hint: str
    reissues: tuple[SignInReissue, ...]


def get_recruiter_sign_in(recruiter: CommunityRecruiter) -> RecruiterSignIn:
    return RecruiterSignIn(
        recruiter=recruiter,
        has_signed_in=has_signed_in(recruiter),
        email_hint=email_hint(recruiter.email),
        reissues=tuple(list_sign_in_reissues(recruiter)),
    )


@dataclass(frozen=True)
class SlowedCodes:
    """What an event's staff are told while access codes are slowed for everyone."""

    since: datetime
    until: datetime
    wrong_codes: int
    longest_wait_minutes: int


def get_slowed_codes(event: Event, *, now: datetime | None = None) -> SlowedCodes | None:
    """The slowdown of access codes going on now that the event's staff should know of, if any.

    `event` must already be one the reader may see (its organisation checked by the caller).
    """
    now = now or timezone.now()
    slowdown = (
        AccessCodeSlowdown.objects.filter(event=event, ends_at__gt=now)
        .order_by("-started_at")
        .first()
    )
    if slowdown is None:
        return None
    return SlowedCodes(
        since=slowdown.started_at,
        until=slowdown.ends_at,
        wrong_codes=slowdown.wrong_codes,
        longest_wait_minutes=math.ceil(settings.ACCESS_CODE_LONGEST_WAIT_SECONDS / 60),
    )


def name_message_people(
    organisation: Organisation, people: Iterable[tuple[str, int | None]]
) -> dict[tuple[str, int | None], str]:
    """Each (person_kind, person_id) of a message, as staff know the person: their name."""
    wanted = set(people)
    recruiter_ids = [pk for kind, pk in wanted if kind == "recruiter" and pk is not None]
    candidate_ids = [pk for kind, pk in wanted if kind == "candidate" and pk is not None]
    names: dict[tuple[str, int | None], str] = {}
    for recruiter in CommunityRecruiter.objects.filter(
        organisation=organisation, pk__in=recruiter_ids
    ):
        names[("recruiter", recruiter.pk)] = recruiter.full_name
    for candidate in Candidate.objects.filter(organisation=organisation, pk__in=candidate_ids):
        names[("candidate", candidate.pk)] = str(candidate)
    return names
