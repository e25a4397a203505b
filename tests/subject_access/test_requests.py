"""Staff start a subject-access request, check identity, see the deadline; only the right people."""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.audit.actions import AuditAction
from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Candidate
from coappoint.notify.models import Message, OutboxMessage
from coappoint.organisations.models import Role
from coappoint.subject_access.models import IdentityCheck, State, SubjectAccessRequest
from coappoint.subject_access.services import (
    SubjectAccessRefused,
    record_identity_check,
    record_rectification,
    send_equality_answers_link,
    start_request,
)
from tests.factories import (
    AdjustmentRequestFactory,
    CandidateFactory,
    EqualityMonitoringFactory,
    OrganisationFactory,
    RecruiterFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate() -> Candidate:
    return CandidateFactory.create(
        first_name="Yasmin", last_name="Okafor", email="yasmin@example.net"
    )


def _started(candidate: Candidate, *, checked: bool = True) -> SubjectAccessRequest:
    manager = staff_member(candidate.organisation, Role.PROGRAMME_MANAGER)
    request = start_request(
        organisation=candidate.organisation,
        person=candidate,
        received_on=timezone.localdate(),
        actor=manager,
    )
    if checked:
        request = record_identity_check(
            request=request, method=IdentityCheck.CONTACT_DETAILS_WE_HOLD, note="", actor=manager
        )
    return request


def _url(name: str, request: SubjectAccessRequest) -> str:
    return reverse(f"subject_access:{name}", args=[request.organisation.slug, request.pk])


def test_a_programme_manager_finds_a_candidate_by_name_and_starts_a_request(
    client: Client, candidate: Candidate
) -> None:
    manager = staff_member(candidate.organisation, Role.PROGRAMME_MANAGER)
    client.force_login(manager)
    start = reverse("subject_access:start", args=[candidate.organisation.slug])

    found = client.get(start, {"q": "yasmin ok"})
    assert "Yasmin Okafor" in found.content.decode()

    response = client.post(
        start + "?q=yasmin",
        {"person": f"candidate-{candidate.pk}", "received_on": "31/01/2026"},
    )

    request = SubjectAccessRequest.objects.get()
    assert response.status_code == 302
    assert (request.person_kind, request.person_id) == ("candidate", candidate.pk)
    assert request.due_on == datetime.date(2026, 2, 28)
    assert request.state == State.OPEN
    row = AuditEvent.objects.get(action=AuditAction.SUBJECT_ACCESS_STARTED)
    assert "Yasmin" not in json.dumps(row.after)


def test_a_request_cannot_have_reached_us_tomorrow(client: Client, candidate: Candidate) -> None:
    client.force_login(staff_member(candidate.organisation, Role.PROGRAMME_MANAGER))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(
        reverse("subject_access:start", args=[candidate.organisation.slug]) + "?q=yasmin",
        {"person": f"candidate-{candidate.pk}", "received_on": tomorrow.strftime("%d/%m/%Y")},
    )

    assert response.status_code == 400
    assert "must be today or earlier" in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()


def test_searching_for_nobody_says_so_and_another_organisations_people_are_not_found(
    client: Client, candidate: Candidate
) -> None:
    other = OrganisationFactory.create()
    client.force_login(staff_member(other, Role.PROGRAMME_MANAGER))

    response = client.get(reverse("subject_access:start", args=[other.slug]), {"q": "Yasmin"})

    assert "Okafor" not in response.content.decode()
    assert "Nobody in this organisation" in response.content.decode()


def test_the_list_shows_days_left_and_an_overdue_request_as_overdue(
    client: Client, candidate: Candidate
) -> None:
    manager = staff_member(candidate.organisation, Role.PROGRAMME_MANAGER)
    start_request(
        organisation=candidate.organisation,
        person=candidate,
        received_on=timezone.localdate() - datetime.timedelta(days=40),
        actor=manager,
    )
    recruiter = RecruiterFactory.create(organisation=candidate.organisation)
    start_request(
        organisation=candidate.organisation,
        person=recruiter,
        received_on=timezone.localdate(),
        actor=manager,
    )
    client.force_login(manager)

    text = client.get(
        reverse("subject_access:list", args=[candidate.organisation.slug])
    ).content.decode()

    assert "Overdue by" in text
    assert "days left" in text


def test_the_bundle_cannot_be_assembled_before_the_identity_check(
    client: Client, candidate: Candidate
) -> None:
    request = _started(candidate, checked=False)
    client.force_login(staff_member(candidate.organisation, Role.PROGRAMME_MANAGER))

    response = client.post(_url("bundle", request))

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(
        action=AuditAction.SUBJECT_ACCESS_BUNDLE_ASSEMBLED
    ).exists()


def test_another_identity_check_needs_a_note_saying_how(candidate: Candidate) -> None:
    request = _started(candidate, checked=False)
    with pytest.raises(SubjectAccessRefused):
        record_identity_check(
            request=request,
            method=IdentityCheck.OTHER,
            note=" ",
            actor=staff_member(candidate.organisation, Role.PROGRAMME_MANAGER),
        )


def test_the_bundle_is_a_zip_never_kept_with_json_and_pdf_and_no_equality_answers(
    client: Client, candidate: Candidate
) -> None:
    AdjustmentRequestFactory.create(candidate=candidate, needs="A quiet room to wait in")
    EqualityMonitoringFactory.create(candidate=candidate, religion="buddhist")
    request = _started(candidate)
    client.force_login(staff_member(candidate.organisation, Role.PROGRAMME_MANAGER))

    response = client.post(_url("bundle", request))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["subject-access.json", "subject-access.pdf"]
    document = json.loads(archive.read("subject-access.json"))
    assert "A quiet room to wait in" in json.dumps(document)
    assert "Buddhist" not in json.dumps(document)
    assert "buddhist" not in json.dumps(document)
    assert archive.read("subject-access.pdf").startswith(b"%PDF")
    request.refresh_from_db()
    assert request.state == State.BUNDLE_SENT


def test_the_equality_link_goes_to_the_candidate_alone_and_shows_their_answers_once(
    client: Client, candidate: Candidate, django_capture_on_commit_callbacks: Any
) -> None:
    EqualityMonitoringFactory.create(candidate=candidate, religion="buddhist")
    request = _started(candidate)
    manager = staff_member(candidate.organisation, Role.PROGRAMME_MANAGER)

    with django_capture_on_commit_callbacks(execute=True):
        message = send_equality_answers_link(request=request, person=candidate, actor=manager)

    assert message.to == "yasmin@example.net"
    assert "/subject-access/your-equality-answers/" not in Message.objects.get().body
    sent = OutboxMessage.objects.get()
    assert sent.recipient == "yasmin@example.net"
    found = re.search(r"https?://[^/\s]+(/subject-access/your-equality-answers/\S+/)", sent.body)
    assert found is not None
    path = found.group(1)
    assert "Buddhist" not in client.get(path).content.decode()
    shown = client.post(path)
    assert shown.status_code == 200
    assert "Buddhist" in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    assert client.post(path).status_code == 410
    assert AuditEvent.objects.filter(
        action=AuditAction.SUBJECT_ACCESS_EQUALITY_ANSWERS_SHOWN
    ).exists()


def test_no_staff_page_holds_the_equality_answers(client: Client, candidate: Candidate) -> None:
    EqualityMonitoringFactory.create(candidate=candidate, religion="buddhist")
    request = _started(candidate)
    manager = staff_member(candidate.organisation, Role.PROGRAMME_MANAGER)
    send_equality_answers_link(request=request, person=candidate, actor=manager)
    client.force_login(manager)

    for name in ("detail", "rectify", "erase", "identity_check"):
        assert "Buddhist" not in client.get(_url(name, request)).content.decode()


def test_a_correction_is_recorded_beside_the_request_and_audited_without_its_words(
    client: Client, candidate: Candidate
) -> None:
    request = _started(candidate)
    manager = staff_member(candidate.organisation, Role.PROGRAMME_MANAGER)
    client.force_login(manager)
    page = client.get(_url("rectify", request)).content.decode()
    assert (
        reverse(
            "candidates:change",
            args=[candidate.organisation.slug, candidate.campaign_id, candidate.pk],
        )
        in page
    )

    response = client.post(_url("rectify", request), {"note": "Phone number corrected"})

    assert response.status_code == 302
    assert request.rectifications.get().note == "Phone number corrected"
    row = AuditEvent.objects.get(action=AuditAction.SUBJECT_ACCESS_RECTIFIED)
    assert "Phone number" not in json.dumps(row.after)


def test_a_correction_needs_words(candidate: Candidate) -> None:
    with pytest.raises(SubjectAccessRefused):
        record_rectification(
            request=_started(candidate),
            note="",
            actor=staff_member(candidate.organisation, Role.PROGRAMME_MANAGER),
        )


def test_the_erasure_page_explains_the_decision_record_exception(
    client: Client, candidate: Candidate
) -> None:
    request = _started(candidate)
    client.force_login(staff_member(candidate.organisation, Role.PROGRAMME_MANAGER))

    text = client.get(_url("erase", request)).content.decode()

    assert "decision record" in text
    assert "pseudonym" in text


def test_erasing_anonymises_the_candidate_and_closes_the_request(
    client: Client, candidate: Candidate
) -> None:
    request = _started(candidate)
    client.force_login(staff_member(candidate.organisation, Role.PROGRAMME_MANAGER))

    response = client.post(_url("erase", request), {"reason": "They asked us to", "confirm": "on"})

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert "Yasmin" not in candidate.full_name
    assert candidate.email == ""
    request.refresh_from_db()
    assert request.state == State.CLOSED
    # Staff's reason is kept with the request; the audit row points to it, never copies it.
    assert request.erasure_reason == "They asked us to"
    row = AuditEvent.objects.get(action=AuditAction.SUBJECT_ACCESS_ERASED)
    assert "They asked us to" not in str(row.after)


def test_erasing_needs_a_reason_and_the_confirmation(client: Client, candidate: Candidate) -> None:
    request = _started(candidate)
    client.force_login(staff_member(candidate.organisation, Role.PROGRAMME_MANAGER))

    response = client.post(_url("erase", request), {"reason": ""})

    assert response.status_code == 400
    assert "Confirm that you understand" in response.content.decode()


def test_an_auditor_reads_requests_but_changes_nothing(
    client: Client, candidate: Candidate
) -> None:
    request = _started(candidate)
    client.force_login(staff_member(candidate.organisation, Role.AUDITOR))

    assert client.get(_url("detail", request)).status_code == 200
    assert (
        client.get(reverse("subject_access:list", args=[candidate.organisation.slug])).status_code
        == 200
    )
    assert client.post(_url("bundle", request)).status_code == 403
    assert client.post(_url("close", request)).status_code == 403
    assert client.get(_url("erase", request)).status_code == 403
    assert client.get(_url("identity_check", request)).status_code == 403
    assert (
        client.get(reverse("subject_access:start", args=[candidate.organisation.slug])).status_code
        == 403
    )


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.INTERVIEW_PANEL])
def test_facilitators_and_panel_members_are_refused(
    client: Client, candidate: Candidate, role: Role
) -> None:
    request = _started(candidate)
    client.force_login(staff_member(candidate.organisation, role))

    assert client.get(_url("detail", request)).status_code == 403
    assert (
        client.get(reverse("subject_access:list", args=[candidate.organisation.slug])).status_code
        == 403
    )
    assert client.post(_url("bundle", request)).status_code == 403


def test_another_organisations_staff_are_told_the_request_does_not_exist(
    client: Client, candidate: Candidate
) -> None:
    request = _started(candidate)
    client.force_login(staff_member(OrganisationFactory.create(), Role.PROGRAMME_MANAGER))

    assert client.get(_url("detail", request)).status_code == 404
    assert client.post(_url("bundle", request)).status_code == 404


def test_a_request_in_another_organisation_is_not_found_from_ones_own(
    client: Client, candidate: Candidate
) -> None:
    request = _started(candidate)
    other = OrganisationFactory.create()
    client.force_login(staff_member(other, Role.PROGRAMME_MANAGER))

    url = reverse("subject_access:detail", args=[other.slug, request.pk])

    assert client.get(url).status_code == 404


def test_a_signed_in_recruiter_is_refused(
    client: Client, candidate: Candidate, sign_in_recruiter: Callable[[Client, object], None]
) -> None:
    request = _started(candidate)
    recruiter = RecruiterFactory.create(organisation=candidate.organisation)
    sign_in_recruiter(client, recruiter)

    assert client.get(_url("detail", request)).status_code == 404
    assert client.post(_url("bundle", request)).status_code == 404


def test_a_signed_in_candidate_is_refused(client: Client, candidate: Candidate) -> None:
    from coappoint.audit.services import SYSTEM
    from coappoint.signin.services import issue_access_code
    from tests.factories import EventFactory

    request = _started(candidate)
    event = EventFactory.create(organisation=candidate.organisation, campaign=candidate.campaign)
    event.candidates.add(candidate)
    code = issue_access_code(
        person=candidate, organisation=candidate.organisation, event=event, actor=SYSTEM
    ).code
    client.post(reverse("signin:code"), {"code": code})

    assert client.get(_url("detail", request)).status_code == 404
    assert client.post(_url("bundle", request)).status_code == 404
