"""Every change to a subject-access request, each writing its audit row (ids and counts only)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.campaigns.models import Candidate
from coappoint.candidates.models import EqualityAnswers, EqualityMonitoring
from coappoint.forgetting.services import ERASURE, forget_candidate, forget_recruiter
from coappoint.notify.models import Message, Purpose
from coappoint.notify.services import NoWayToReach, Recipient, send_message
from coappoint.organisations.models import Organisation
from coappoint.panels.models import RecruiterEqualityMonitoring
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.rules.subject_access import check_received_on, due_on
from coappoint.subject_access.bundle import Document
from coappoint.subject_access.models import (
    EqualityAnswersLink,
    IdentityCheck,
    PersonKind,
    Rectification,
    State,
    SubjectAccessRequest,
)
from coappoint.subject_access.queries import Person
from coappoint.web.languages import message_language

# Long enough to read an email that arrives late; short, because the link shows special data.
EQUALITY_LINK_DAYS = 7


class SubjectAccessRefused(Exception):
    """A step that cannot be taken; the message says why in plain words."""


def _kind(person: Person) -> PersonKind:
    return PersonKind.CANDIDATE if isinstance(person, Candidate) else PersonKind.RECRUITER


def start_request(
    *,
    organisation: Organisation,
    person: Person,
    received_on: datetime.date,
    actor: User,
    now: datetime.datetime | None = None,
) -> SubjectAccessRequest:
    """A new request from `person`, received on `received_on` (not after today), due a calendar
    month later (rules.subject_access.due_on)."""
    now = now or timezone.now()
    if person.organisation_id != organisation.pk:
        raise SubjectAccessRefused(gettext("Choose someone in this organisation"))
    check_received_on(received_on, today=timezone.localdate(now))
    with transaction.atomic():
        request = SubjectAccessRequest.objects.create(
            organisation=organisation,
            person_kind=_kind(person),
            person_id=person.pk,
            received_on=received_on,
            due_on=due_on(received_on),
            created_at=now,
            created_by=actor,
        )
        audit.record(
            action=AuditAction.SUBJECT_ACCESS_STARTED,
            actor=actor,
            organisation=organisation,
            now=now,
            target=request,
            after={
                "person": audit.person(person),
                "received_on": received_on.isoformat(),
                "due_on": request.due_on.isoformat(),
            },
        )
    return request


def record_identity_check(
    *,
    request: SubjectAccessRequest,
    method: str,
    note: str,
    actor: User,
    now: datetime.datetime | None = None,
) -> SubjectAccessRequest:
    """How staff made sure the request came from the person it is about."""
    now = now or timezone.now()
    method = IdentityCheck(method)
    note = note.strip()
    if method == IdentityCheck.OTHER and not note:
        raise SubjectAccessRefused(gettext("Say how you checked who they are"))
    with transaction.atomic():
        locked = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
        before = {"identity_check": locked.identity_check}
        locked.identity_check = method
        locked.identity_note = note
        locked.identity_checked_at = now
        locked.identity_checked_by = actor
        locked.save(
            update_fields=[
                "identity_check",
                "identity_note",
                "identity_checked_at",
                "identity_checked_by",
            ]
        )
        audit.record(
            action=AuditAction.SUBJECT_ACCESS_IDENTITY_CHECKED,
            actor=actor,
            organisation=locked.organisation,
            now=now,
            target=locked,
            before=before,
            after={"identity_check": method.value, "note_characters": len(note)},
        )
    return locked


def _require_open_and_checked(request: SubjectAccessRequest) -> None:
    if request.state == State.CLOSED:
        raise SubjectAccessRefused(gettext("This request is closed"))
    if not request.identity_checked:
        raise SubjectAccessRefused(
            gettext("Record how you checked who they are before you send them anything")
        )


def record_bundle_assembled(
    *,
    request: SubjectAccessRequest,
    document: Document,
    actor: User,
    now: datetime.datetime | None = None,
) -> SubjectAccessRequest:
    """Note that the bundle was made and handed to staff to send: how many rows of each kind."""
    now = now or timezone.now()
    _require_open_and_checked(request)
    with transaction.atomic():
        locked = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
        locked.bundle_assembled_at = now
        locked.state = State.BUNDLE_SENT
        locked.save(update_fields=["bundle_assembled_at", "state"])
        audit.record(
            action=AuditAction.SUBJECT_ACCESS_BUNDLE_ASSEMBLED,
            actor=actor,
            organisation=locked.organisation,
            now=now,
            target=locked,
            after={"rows": {section.key: len(section.rows) for section in document.sections}},
        )
    return locked


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class EqualityLinkText:
    subject: str
    body: str
    sms_body: str


def _equality_link_text(
    person: Candidate | CommunityRecruiter, url: str, expires: datetime.datetime
) -> EqualityLinkText:
    words = {
        "name": person.called if isinstance(person, Candidate) else person.full_name,
        "url": url,
        "expires": timezone.localtime(expires).strftime("%d/%m/%Y"),
    }
    return EqualityLinkText(
        subject=gettext("Your equality-monitoring answers"),
        body=gettext(
            "Dear %(name)s,\n\nYou asked to see what we hold about you. Your answers to the "
            "equality-monitoring questions are only for you to see, so they are not in the "
            "bundle staff send you. Open this link to see them (it works once, until "
            "%(expires)s):\n\n%(url)s\n\nIf you did not ask, you can ignore this message."
        )
        % words,
        sms_body=gettext(
            "Your equality-monitoring answers, for you only (works once, until %(expires)s): "
            "%(url)s"
        )
        % words,
    )


def send_equality_answers_link(
    *,
    request: SubjectAccessRequest,
    person: Candidate | CommunityRecruiter,
    actor: User,
    now: datetime.datetime | None = None,
) -> Message:
    """Send the candidate or recruiter (both may answer the equality questions, the same ones),
    by email or else text, a one-use link to their own equality answers.

    Staff never see the link (it is withheld from the stored message) nor the answers. Raises
    SubjectAccessRefused when the request is about someone else, its identity check is not
    recorded, or the candidate gave no email address or phone number.
    """
    now = now or timezone.now()
    _require_open_and_checked(request)
    kind = PersonKind.CANDIDATE if isinstance(person, Candidate) else PersonKind.RECRUITER
    if request.person_kind != kind or request.person_id != person.pk:
        raise SubjectAccessRefused(gettext("The request is about someone else"))
    token = secrets.token_urlsafe(32)
    url = settings.SITE_URL + reverse("subject_access:equality_answers", kwargs={"token": token})
    language = message_language(person.preferred_language)
    with transaction.atomic():
        link = EqualityAnswersLink.objects.create(
            organisation=request.organisation,
            request=request,
            secret_hash=_hash(token),
            sent_at=now,
            expires_at=now + datetime.timedelta(days=EQUALITY_LINK_DAYS),
        )
        with translation.override(language):
            text = _equality_link_text(person, url, link.expires_at)
        try:
            message = send_message(
                organisation=request.organisation,
                purpose=Purpose.SUBJECT_ACCESS,
                recipient=Recipient(
                    email=person.email,
                    phone=person.phone,
                    person_kind=kind,
                    person_id=person.pk,
                ),
                language=language,
                subject=text.subject,
                body=text.body,
                sms_body=text.sms_body,
                withheld=(url,),
            )
        except NoWayToReach as error:
            raise SubjectAccessRefused(
                gettext("They gave no email address or phone number to send the link to")
            ) from error
        audit.record(
            action=AuditAction.SUBJECT_ACCESS_EQUALITY_LINK_SENT,
            actor=actor,
            organisation=request.organisation,
            now=now,
            target=request,
            after={"link": link.pk, "message": message.reference},
        )
    return message


class EqualityLinkRefused(Exception):
    """The link is unknown, used, or expired."""


def find_equality_answers_link(*, token: str, now: datetime.datetime) -> EqualityAnswersLink:
    link = (
        EqualityAnswersLink.objects.filter(secret_hash=_hash(token))
        .select_related("request", "organisation")
        .first()
    )
    if link is None or link.used_at is not None or link.expires_at <= now:
        raise EqualityLinkRefused
    return link


def open_equality_answers(
    *, token: str, now: datetime.datetime | None = None
) -> tuple[Candidate | CommunityRecruiter, EqualityAnswers | None]:
    """Use up the link: the candidate or recruiter and their answers (None if they gave none),
    shown once."""
    now = now or timezone.now()
    with transaction.atomic():
        link = find_equality_answers_link(token=token, now=now)
        locked = EqualityAnswersLink.objects.select_for_update().get(pk=link.pk)
        if locked.used_at is not None:
            raise EqualityLinkRefused
        locked.used_at = now
        locked.save(update_fields=["used_at"])
        person: Candidate | CommunityRecruiter
        answers: EqualityAnswers | None
        if link.request.person_kind == PersonKind.RECRUITER:
            person = CommunityRecruiter.objects.get(pk=link.request.person_id)
            answers = RecruiterEqualityMonitoring.objects.filter(recruiter=person).first()
        else:
            person = Candidate.objects.get(pk=link.request.person_id)
            answers = EqualityMonitoring.objects.filter(candidate=person).first()
        audit.record(
            action=AuditAction.SUBJECT_ACCESS_EQUALITY_ANSWERS_SHOWN,
            actor=person,
            organisation=link.organisation,
            now=now,
            target=link.request,
            after={"link": link.pk},
        )
    return person, answers


def record_rectification(
    *,
    request: SubjectAccessRequest,
    note: str,
    actor: User,
    now: datetime.datetime | None = None,
) -> Rectification:
    """What staff corrected at the person's request, kept beside the request."""
    now = now or timezone.now()
    note = note.strip()
    if not note:
        raise SubjectAccessRefused(gettext("Enter what you corrected"))
    if request.state == State.CLOSED:
        raise SubjectAccessRefused(gettext("This request is closed"))
    with transaction.atomic():
        rectification = Rectification.objects.create(
            organisation=request.organisation,
            request=request,
            note=note,
            recorded_at=now,
            recorded_by=actor,
        )
        audit.record(
            action=AuditAction.SUBJECT_ACCESS_RECTIFIED,
            actor=actor,
            organisation=request.organisation,
            now=now,
            target=request,
            after={
                "rectification": rectification.pk,
                "note": audit.text_on(rectification, "note"),
            },
        )
    return rectification


def _forget(*, person: Person, now: datetime.datetime) -> None:
    """Erasure is the retention's forgetting, the one mechanism: the person anonymised in
    place, the decision record kept for its period with their name out of it."""
    # The person's row says why it was forgotten in one word; the staff member's words are
    # kept on the request (`erasure_reason`).
    if isinstance(person, CommunityRecruiter):
        forget_recruiter(recruiter=person, now=now, reason=ERASURE)
    else:
        forget_candidate(candidate=person, now=now, reason=ERASURE)


def erase_personal_data(
    *,
    request: SubjectAccessRequest,
    person: Person,
    reason: str,
    actor: User,
    now: datetime.datetime | None = None,
) -> SubjectAccessRequest:
    """Erase the person's personal data at their request (anonymised in place; the decision
    record is kept for its period, pseudonymised) and close the request."""
    now = now or timezone.now()
    _require_open_and_checked(request)
    if request.person_kind != _kind(person) or request.person_id != person.pk:
        raise SubjectAccessRefused(gettext("This request is about someone else"))
    with transaction.atomic():
        _forget(person=person, now=now)
        locked = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
        locked.state = State.CLOSED
        locked.completed_at = now
        locked.erasure_reason = reason.strip()
        locked.save(update_fields=["state", "completed_at", "erasure_reason"])
        audit.record(
            action=AuditAction.SUBJECT_ACCESS_ERASED,
            actor=actor,
            organisation=locked.organisation,
            now=now,
            target=locked,
            after={
                "person": {"kind": locked.person_kind, "id": locked.person_id},
                "reason": audit.text_on(locked, "erasure_reason"),
            },
        )
    return locked


def close_request(
    *, request: SubjectAccessRequest, actor: User, now: datetime.datetime | None = None
) -> SubjectAccessRequest:
    """The request is answered: nothing more to send, correct or erase."""
    now = now or timezone.now()
    if request.state == State.CLOSED:
        raise SubjectAccessRefused(gettext("This request is closed"))
    with transaction.atomic():
        locked = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
        before = {"state": locked.state}
        locked.state = State.CLOSED
        locked.completed_at = now
        locked.save(update_fields=["state", "completed_at"])
        audit.record(
            action=AuditAction.SUBJECT_ACCESS_CLOSED,
            actor=actor,
            organisation=locked.organisation,
            now=now,
            target=locked,
            before=before,
            after={"state": locked.state},
        )
    return locked
