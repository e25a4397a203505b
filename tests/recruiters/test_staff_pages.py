"""Staff pages about an event's recruiters: list, add at the door, sign-up link, poster, thanks."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter, JoinedBy, SignUpLink, ThanksRecord
from tests.factories import (
    CandidateFactory,
    ConflictFactory,
    EventFactory,
    OrganisationFactory,
    RecruiterFactory,
    SignUpLinkFactory,
    ThanksRecordFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db


def _event_url(name: str, event, *args: object) -> str:
    return reverse(f"recruiters:{name}", args=[event.organisation.slug, event.pk, *args])


@pytest.fixture
def event():
    return EventFactory.create(name="Northfield community recruitment day")


@pytest.fixture
def facilitator_client(client: Client, event) -> Client:
    client.force_login(staff_member(event.organisation, Role.FACILITATOR))
    return client


def test_the_list_shows_each_recruiters_progress(facilitator_client: Client, event) -> None:
    now = datetime.datetime.now(tz=datetime.UTC)
    amina = RecruiterFactory.create(
        event=event,
        full_name="Amina Hassan",
        interpreter_language="ar",
        joined_by=JoinedBy.SIGN_UP_LINK,
        confidentiality_acknowledged_at=now,
        conflicts_declared_at=now,
    )
    sam = CandidateFactory.create(campaign=event.campaign, first_name="Sam", last_name="Ali")
    ConflictFactory.create(recruiter=amina, candidate=sam, how_they_know="Neighbour")
    ThanksRecordFactory.create(recruiter=amina, amount_pence=2500)
    RecruiterFactory.create(event=event, full_name="Lina Novak")

    html = facilitator_client.get(_event_url("event_recruiters", event)).content.decode()

    assert "2 recruiters" in html
    assert "Signed up by link" in html
    assert "Arabic" in html
    assert "Neighbour" in html
    assert "Voucher £25: offered" in html
    assert "Not said yet" in html
    assert "Add a recruiter at the door" in html
    assert _event_url("sign_up_link", event) in html
    assert _event_url("publish_candidates", event) in html


def test_a_facilitator_adds_a_recruiter_at_the_door_with_only_a_name(
    facilitator_client: Client, event
) -> None:
    response = facilitator_client.post(
        _event_url("add_at_the_door", event), {"full_name": "Rob Jones", "interpreter_needed": "no"}
    )

    recruiter = CommunityRecruiter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "signin:recruiter_credentials", args=[event.organisation.slug, event.pk, recruiter.pk]
    )
    assert (recruiter.full_name, recruiter.event, recruiter.joined_by) == (
        "Rob Jones",
        event,
        JoinedBy.AT_THE_DOOR,
    )
    assert AuditEvent.objects.filter(action="recruiter.added_at_the_door").exists()


def test_adding_at_the_door_without_a_name_says_what_to_do(
    facilitator_client: Client, event
) -> None:
    response = facilitator_client.post(
        _event_url("add_at_the_door", event), {"full_name": "", "neighbourhood": "Eastfield"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_full_name"' in html
    assert "Enter the recruiter&#39;s full name" in html
    assert 'value="Eastfield"' in html
    assert not CommunityRecruiter.objects.exists()


def test_opening_closing_and_reopening_the_sign_up_link(facilitator_client: Client, event) -> None:
    url = _event_url("sign_up_link", event)

    facilitator_client.post(url, {"action": "open"})
    link = SignUpLink.objects.get()
    sign_up_url = reverse("recruiters:sign_up", args=[link.slug])
    page = facilitator_client.get(url).content.decode()
    assert sign_up_url in page
    assert "data:image/svg+xml" in page  # the QR code
    assert len(link.slug) >= 32
    assert Client().get(sign_up_url).status_code == 200

    facilitator_client.post(url, {"action": "close"})
    closed = Client().get(sign_up_url)
    assert closed.status_code == 410
    assert "Sign-up for this event has closed" in closed.content.decode()

    facilitator_client.post(url, {"action": "open"})
    assert SignUpLink.objects.get().slug == link.slug  # posters on the wall work again
    assert Client().get(sign_up_url).status_code == 200
    assert list(
        AuditEvent.objects.filter(action__startswith="sign_up_link.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["sign_up_link.opened", "sign_up_link.closed", "sign_up_link.reopened"]


def test_the_poster_is_an_a4_pdf_with_the_event_and_plain_words(
    facilitator_client: Client, event
) -> None:
    SignUpLinkFactory.create(event=event)

    response = facilitator_client.get(_event_url("sign_up_poster", event))

    pdf = response.content
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(text.split())
    assert "Help choose your Local Area Coordinator" in text
    assert "Community Centre" in text
    assert "Scan the code with your phone" in text
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    assert b"A4" in info
    assert b"Pages:           1" in info


def test_there_is_no_poster_while_sign_up_is_closed(facilitator_client: Client, event) -> None:
    SignUpLinkFactory.create(event=event, closed_at=datetime.datetime.now(tz=datetime.UTC))
    assert facilitator_client.get(_event_url("sign_up_poster", event)).status_code == 404


def test_thanks_are_recorded_and_updated_per_kind(facilitator_client: Client, event) -> None:
    recruiter = RecruiterFactory.create(event=event)
    url = _event_url("recruiter_thanks", event, recruiter.pk)

    first = facilitator_client.post(url, {"kind": "voucher", "amount": "£25", "status": "offered"})
    facilitator_client.post(
        url, {"kind": "voucher", "amount": "25", "status": "declined", "note": "Benefits"}
    )
    facilitator_client.post(url, {"kind": "expenses", "amount": "12.50", "status": "accepted"})

    assert first.status_code == 302
    records = {record.kind: record for record in ThanksRecord.objects.all()}
    assert (records["voucher"].amount_pence, records["voucher"].status) == (2500, "declined")
    assert records["voucher"].note == "Benefits"
    assert (records["expenses"].amount_pence, records["expenses"].status) == (1250, "accepted")
    updated = AuditEvent.objects.filter(action="thanks.recorded").order_by("pk")[1]
    assert updated.before is not None
    assert updated.after is not None
    assert (updated.before["status"], updated.after["status"]) == ("offered", "declined")


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"amount": "", "status": "offered"}, "kind", "Select what was offered"),
        ({"kind": "payment", "amount": "lots", "status": "offered"}, "amount", "Enter the amount"),
        ({"kind": "payment", "amount": "1.234", "status": "offered"}, "amount", "like 25 or 12.50"),
        ({"kind": "payment", "amount": "10"}, "status", "Select whether it was offered"),
    ],
)
def test_wrong_thanks_answers_say_what_to_do(
    facilitator_client: Client, event, answers: dict[str, str], field: str, message: str
) -> None:
    recruiter = RecruiterFactory.create(event=event)

    response = facilitator_client.post(_event_url("recruiter_thanks", event, recruiter.pk), answers)

    assert response.status_code == 400
    assert f'href="#id_{field}"' in response.content.decode()
    assert message in response.content.decode()
    assert not ThanksRecord.objects.exists()


def test_the_recruiter_sees_their_thanks_with_a_note_about_benefits_advice(
    client: Client, sign_in_recruiter
) -> None:
    record = ThanksRecordFactory.create(amount_pence=1250, kind="payment")
    sign_in_recruiter(client, record.recruiter)

    html = client.get(reverse("recruiters:home")).content.decode()

    assert "Payment: £12.50" in html
    assert "Payments can affect some benefits" in html
    assert "Citizens Advice" in html


# --- Who may do what -------------------------------------------------------------------------

STAFF_PAGES = ["event_recruiters", "add_at_the_door", "sign_up_link", "publish_candidates"]


@pytest.mark.parametrize("page", [*STAFF_PAGES, "sign_up_poster", "recruiter_thanks"])
def test_another_organisations_staff_get_not_found(client: Client, event, page: str) -> None:
    SignUpLinkFactory.create(event=event)
    recruiter = RecruiterFactory.create(event=event)
    stranger = staff_member(OrganisationFactory.create(), Role.PROGRAMME_MANAGER)
    client.force_login(stranger)
    args = (recruiter.pk,) if page == "recruiter_thanks" else ()

    assert client.get(_event_url(page, event, *args)).status_code == 404


def test_an_event_of_another_organisation_is_not_found_under_ones_own(client: Client) -> None:
    own = OrganisationFactory.create()
    other_event = EventFactory.create()
    client.force_login(staff_member(own, Role.PROGRAMME_MANAGER))

    url = reverse("recruiters:event_recruiters", args=[own.slug, other_event.pk])

    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("page", "data"),
    [
        ("add_at_the_door", {"full_name": "Rob Jones"}),
        ("sign_up_link", {"action": "open"}),
        ("publish_candidates", {}),
        ("recruiter_thanks", {"kind": "voucher", "status": "offered"}),
    ],
)
def test_an_auditor_may_look_but_never_change(
    client: Client, event, page: str, data: dict[str, str]
) -> None:
    event.candidates.add(CandidateFactory.create(campaign=event.campaign))
    recruiter = RecruiterFactory.create(event=event)
    client.force_login(staff_member(event.organisation, Role.AUDITOR))
    args = (recruiter.pk,) if page == "recruiter_thanks" else ()

    assert client.get(_event_url("event_recruiters", event)).status_code == 200
    assert client.post(_event_url(page, event, *args), data).status_code == 403
    assert CommunityRecruiter.objects.count() == 1
    assert not SignUpLink.objects.exists()
    assert not ThanksRecord.objects.exists()


def test_the_auditor_sees_no_buttons_that_change_things(client: Client, event) -> None:
    client.force_login(staff_member(event.organisation, Role.AUDITOR))
    html = client.get(_event_url("event_recruiters", event)).content.decode()
    assert "Add a recruiter at the door" not in html
    assert "Open sign-up" not in client.get(_event_url("sign_up_link", event)).content.decode()


def test_an_interview_panel_member_is_refused(client: Client, event) -> None:
    client.force_login(staff_member(event.organisation, Role.INTERVIEW_PANEL))
    assert client.get(_event_url("event_recruiters", event)).status_code == 403


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_a_recruiter_cannot_reach_staff_pages(
    client: Client, sign_in_recruiter, event, page: str
) -> None:
    sign_in_recruiter(client, RecruiterFactory.create(event=event))
    assert client.get(_event_url(page, event)).status_code == 404
    if page != "event_recruiters":
        assert client.post(_event_url(page, event), {"action": "open"}).status_code == 404
