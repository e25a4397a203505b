"""Reads about recruiters: staff reads always within one organisation."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from coappoint.campaigns.models import Candidate
from coappoint.events.models import Event, interpreter_language_name
from coappoint.events.queries import list_candidate_display_names
from coappoint.organisations.models import Organisation
from coappoint.recruiters.models import (
    CandidateListPublication,
    CommunityRecruiter,
    ConflictOfInterest,
    SignInReissue,
    SignUpLink,
    ThanksRecord,
)
from coappoint.rules.catering import NeedCount, tally_needs
from coappoint.web.stamps import read_counters


def get_open_or_closed_sign_up_link(slug: str) -> SignUpLink | None:
    """The sign-up link with this slug, whoever opens it (it is public, on a poster)."""
    return (
        SignUpLink.objects.select_related("event", "event__organisation", "organisation")
        .filter(slug=slug)
        .first()
    )


def get_sign_up_link(event: Event) -> SignUpLink | None:
    return SignUpLink.objects.filter(event=event).first()


def get_candidate_list_publication(event: Event) -> CandidateListPublication | None:
    return (
        CandidateListPublication.objects.select_related("published_by").filter(event=event).first()
    )


def list_published_candidates(event: Event) -> list[tuple[Candidate, str]] | None:
    """The display names recruiters may see, or None while the list is not published."""
    if not CandidateListPublication.objects.filter(event=event).exists():
        return None
    return list_candidate_display_names(event)


def list_event_recruiters(organisation: Organisation, event: Event) -> QuerySet[CommunityRecruiter]:
    """The event's recruiters with whom they know, their thanks and any sign-in reissued by
    staff (newest first), for the staff list."""
    return CommunityRecruiter.objects.filter(
        organisation=organisation, event=event
    ).prefetch_related(
        Prefetch(
            "conflicts",
            queryset=ConflictOfInterest.objects.select_related("candidate").order_by("pk"),
        ),
        Prefetch("thanks", queryset=ThanksRecord.objects.order_by("kind")),
        Prefetch("sign_in_reissues", queryset=_reissues()),
    )


def _reissues() -> QuerySet[SignInReissue]:
    return SignInReissue.objects.select_related("reissued_by").order_by("-reissued_at", "-pk")


def list_sign_in_reissues(recruiter: CommunityRecruiter) -> QuerySet[SignInReissue]:
    """When staff gave this recruiter a new sign-in after they had signed in, who and why."""
    return _reissues().filter(organisation=recruiter.organisation, recruiter=recruiter)


def get_recruiter(
    organisation: Organisation, event: Event, recruiter_id: int
) -> CommunityRecruiter | None:
    return (
        CommunityRecruiter.objects.select_related("event")
        .filter(organisation=organisation, event=event, pk=recruiter_id)
        .first()
    )


def list_thanks(recruiter: CommunityRecruiter) -> QuerySet[ThanksRecord]:
    return ThanksRecord.objects.filter(recruiter=recruiter).order_by("kind")


def get_known_candidates(recruiter: CommunityRecruiter) -> dict[int, str]:
    """Candidate id → how the recruiter knows them, as declared so far."""
    return dict(recruiter.conflicts.values_list("candidate_id", "how_they_know"))


def list_check_ins(organisation: Organisation, event: Event) -> QuerySet[CommunityRecruiter]:
    """The event's recruiters for the facilitator's list of who has arrived and confirmed."""
    return CommunityRecruiter.objects.filter(organisation=organisation, event=event).order_by(
        "full_name", "pk"
    )


@dataclass(frozen=True)
class AccessNeed:
    """What the room team needs to find and help one recruiter: no contact details."""

    full_name: str
    access_needs: str
    interpreter_language_name: str
    # Empty when they are there all day.
    available_from: datetime.time | None
    available_until: datetime.time | None


@dataclass(frozen=True)
class DietaryNeed:
    full_name: str
    dietary_needs: str


@dataclass(frozen=True)
class AccessAndCatering:
    """The day's access list and catering list: only recruiters who told us of a need."""

    recruiter_count: int
    access: tuple[AccessNeed, ...]
    catering: tuple[DietaryNeed, ...]
    dietary_counts: tuple[NeedCount, ...]


def list_access_and_catering(event: Event) -> AccessAndCatering:
    """The event's access and catering lists, from one query of the fields they show.

    Only names, needs, the interpreter's language and when they are there are read, so no page
    or PDF built from this can show an email, a phone number or anything else. Which
    recruiters count (those of the event who have not withdrawn) is decided here and nowhere
    else.
    """
    rows = (
        CommunityRecruiter.objects.filter(
            organisation=event.organisation,
            event=event,
            withdrawn_at__isnull=True,
            reserve_since__isnull=True,
        )
        .order_by("full_name", "pk")
        .values_list(
            "full_name",
            "access_needs",
            "interpreter_language",
            "available_from",
            "available_until",
            "dietary_needs",
        )
    )
    access: list[AccessNeed] = []
    catering: list[DietaryNeed] = []
    count = 0
    for full_name, access_needs, interpreter, available_from, available_until, dietary in rows:
        count += 1
        if access_needs.strip() or interpreter:
            access.append(
                AccessNeed(
                    full_name=full_name,
                    access_needs=access_needs.strip(),
                    interpreter_language_name=(
                        interpreter_language_name(interpreter) if interpreter else ""
                    ),
                    available_from=available_from,
                    available_until=available_until,
                )
            )
        if dietary.strip():
            catering.append(DietaryNeed(full_name=full_name, dietary_needs=dietary.strip()))
    return AccessAndCatering(
        recruiter_count=count,
        access=tuple(access),
        catering=tuple(catering),
        dietary_counts=tally_needs(need.dietary_needs for need in catering),
    )


def recruiter_poll_versions(
    recruiter_id: int, session_key: str, *, with_screens: bool
) -> tuple[int, ...] | None:
    """The counters of what a recruiter's phone shows (web.stamps), in one query: their own, and
    the event's screens' when `with_screens`; None when they are gone or the session is not."""
    return read_counters(
        CommunityRecruiter,
        ["phone_version"],
        recruiter_id,
        session_key,
        through="event" if with_screens else "",
        through_fields=["screens_version"] if with_screens else [],
    )
