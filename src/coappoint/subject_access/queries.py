"""Reads for subject-access requests: the list with its deadlines, and finding the person."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from coappoint.campaigns.models import Candidate
from coappoint.organisations.models import Organisation
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.rules.subject_access import DaysLeft, days_left
from coappoint.subject_access.models import PersonKind, SubjectAccessRequest

Person = Candidate | CommunityRecruiter

# Enough to pick the right person from; a longer list means the search should be narrower.
MOST_PEOPLE_FOUND = 25


@dataclass(frozen=True)
class FoundPerson:
    """Someone a request could be about, as staff see them when starting one."""

    kind: str
    pk: int
    name: str
    email: str
    where: str  # the campaign (candidate) or the event (recruiter) they belong to


def find_people(organisation: Organisation, text: str) -> list[FoundPerson]:
    """The organisation's candidates and recruiters whose name or email holds `text`."""
    text = text.strip()
    if not text:
        return []
    found: list[FoundPerson] = []
    words = text.split()
    candidate_filter = Q()
    for word in words:
        candidate_filter &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(chosen_name__icontains=word)
            | Q(email__icontains=word)
        )
    for candidate in Candidate.objects.filter(candidate_filter, organisation=organisation)[
        :MOST_PEOPLE_FOUND
    ].select_related("campaign"):
        found.append(
            FoundPerson(
                kind=PersonKind.CANDIDATE,
                pk=candidate.pk,
                name=candidate.full_name,
                email=candidate.email,
                where=candidate.campaign.name,
            )
        )
    recruiter_filter = Q()
    for word in words:
        recruiter_filter &= Q(full_name__icontains=word) | Q(email__icontains=word)
    for recruiter in CommunityRecruiter.objects.filter(
        recruiter_filter, organisation=organisation
    ).select_related("event")[:MOST_PEOPLE_FOUND]:
        found.append(
            FoundPerson(
                kind=PersonKind.RECRUITER,
                pk=recruiter.pk,
                name=recruiter.full_name,
                email=recruiter.email,
                where=recruiter.event.name,
            )
        )
    return found


def get_person(organisation: Organisation, kind: str, pk: int) -> Person | None:
    """The organisation's candidate or recruiter of that kind and id, or None."""
    if kind == PersonKind.CANDIDATE:
        return (
            Candidate.objects.filter(organisation=organisation, pk=pk)
            .select_related("campaign")
            .first()
        )
    if kind == PersonKind.RECRUITER:
        return (
            CommunityRecruiter.objects.filter(organisation=organisation, pk=pk)
            .select_related("event")
            .first()
        )
    return None


def person_of(request: SubjectAccessRequest) -> Person | None:
    """Whom the request is about (None if their row has gone)."""
    return get_person(request.organisation, request.person_kind, request.person_id)


def person_name(person: Person | None) -> str:
    if person is None:
        return ""
    return person.full_name


@dataclass(frozen=True)
class ListedRequest:
    request: SubjectAccessRequest
    person_name: str
    left: DaysLeft


def list_requests(organisation: Organisation, *, today: datetime.date) -> list[ListedRequest]:
    """The organisation's requests, soonest due first, with the days left (or overdue)."""
    requests = list(
        SubjectAccessRequest.objects.filter(organisation=organisation).select_related(
            "organisation"
        )
    )
    candidates = {
        c.pk: c
        for c in Candidate.objects.filter(
            organisation=organisation,
            pk__in=[r.person_id for r in requests if r.person_kind == PersonKind.CANDIDATE],
        )
    }
    recruiters = {
        r.pk: r
        for r in CommunityRecruiter.objects.filter(
            organisation=organisation,
            pk__in=[r.person_id for r in requests if r.person_kind == PersonKind.RECRUITER],
        )
    }
    listed = []
    for request in requests:
        people: dict[int, Candidate] | dict[int, CommunityRecruiter] = (
            candidates if request.person_kind == PersonKind.CANDIDATE else recruiters
        )
        listed.append(
            ListedRequest(
                request=request,
                person_name=person_name(people.get(request.person_id)),
                left=days_left(request.due_on, today=today),
            )
        )
    return listed


def get_request(organisation: Organisation, request_id: int) -> SubjectAccessRequest | None:
    return (
        SubjectAccessRequest.objects.filter(organisation=organisation, pk=request_id)
        .select_related("organisation", "identity_checked_by")
        .first()
    )
