"""The day's access list and catering list: who may read them, what they show, never kept."""

from __future__ import annotations

import datetime
import subprocess
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.accounts.models import User
from coappoint.events.models import Event, EventFacilitator
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.recruiters.queries import list_access_and_catering
from coappoint.recruiters.views import _precache_urls
from tests.factories import EventFactory, OrganisationFactory, RecruiterFactory, staff_member

pytestmark = pytest.mark.django_db

PAGES = ("access_and_catering", "access_and_catering_pdf")
SECRET_EMAIL = "amina.secret.address@example.com"
SECRET_PHONE = "07700 900461"
SECRET_NEIGHBOURHOOD = "Hiddenvale Estate"


def _url(name: str, event: Event) -> str:
    return reverse(f"recruiters:{name}", args=[event.organisation.slug, event.pk])


def _choose_facilitator(event: Event, user: User) -> None:
    EventFacilitator.objects.create(
        organisation=event.organisation,
        event=event,
        user=user,
        added_at=datetime.datetime.now(tz=datetime.UTC),
    )


def _pdf_text(pdf: bytes) -> str:
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


@pytest.fixture
def event() -> Event:
    return EventFactory.create(
        name="Northfield community recruitment day",
        date=datetime.date(2026, 12, 12),
        venue_name="Northfield Community Centre",
    )


@pytest.fixture
def amina(event: Event) -> CommunityRecruiter:
    return RecruiterFactory.create(
        event=event,
        full_name="Amina Hassan",
        email=SECRET_EMAIL,
        phone=SECRET_PHONE,
        neighbourhood=SECRET_NEIGHBOURHOOD,
        preferred_language="ar",
        access_needs="Step-free access, a chair with arms",
        interpreter_language="ar",
        available_from=datetime.time(10, 0),
        available_until=datetime.time(13, 0),
        dietary_needs="Halal",
    )


@pytest.fixture
def signed_in_as(client: Client, event: Event) -> Callable[..., Client]:
    def sign_in(*roles: Role) -> Client:
        client.force_login(staff_member(event.organisation, *roles))
        return client

    return sign_in


# --- Who may read them ------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_the_programme_manager_reads_the_lists(
    signed_in_as: Callable[..., Client], event: Event, amina: CommunityRecruiter, name: str
) -> None:
    client = signed_in_as(Role.PROGRAMME_MANAGER)

    assert client.get(_url(name, event)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_the_events_chosen_facilitator_reads_the_lists(
    client: Client, event: Event, amina: CommunityRecruiter, name: str
) -> None:
    facilitator = staff_member(event.organisation, Role.FACILITATOR)
    _choose_facilitator(event, facilitator)
    client.force_login(facilitator)

    assert client.get(_url(name, event)).status_code == 200


def test_any_facilitator_reads_the_lists_while_nobody_is_chosen_for_the_event(
    signed_in_as: Callable[..., Client], event: Event
) -> None:
    client = signed_in_as(Role.FACILITATOR)

    assert client.get(_url("access_and_catering", event)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_a_facilitator_of_another_event_is_refused(
    client: Client, event: Event, amina: CommunityRecruiter, name: str
) -> None:
    theirs = staff_member(event.organisation, Role.FACILITATOR)
    _choose_facilitator(EventFactory.create(campaign=event.campaign), theirs)
    _choose_facilitator(event, staff_member(event.organisation, Role.FACILITATOR))
    client.force_login(theirs)

    assert client.get(_url(name, event)).status_code == 403


@pytest.mark.parametrize("role", [Role.INTERVIEW_PANEL, Role.AUDITOR])
@pytest.mark.parametrize("name", PAGES)
def test_the_interview_panel_and_auditors_are_refused(
    signed_in_as: Callable[..., Client],
    event: Event,
    amina: CommunityRecruiter,
    role: Role,
    name: str,
) -> None:
    client = signed_in_as(role)

    assert client.get(_url(name, event)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_staff_of_another_organisation_are_not_told_the_event_exists(
    client: Client, event: Event, amina: CommunityRecruiter, name: str
) -> None:
    client.force_login(staff_member(OrganisationFactory.create(), Role.PROGRAMME_MANAGER))

    assert client.get(_url(name, event)).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_a_recruiter_signed_in_on_their_phone_is_refused(
    client: Client,
    event: Event,
    amina: CommunityRecruiter,
    name: str,
    sign_in_recruiter: Callable[[Client, CommunityRecruiter], None],
) -> None:
    sign_in_recruiter(client, amina)

    assert client.get(_url(name, event)).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_nobody_changes_anything_through_the_lists(
    signed_in_as: Callable[..., Client], event: Event, name: str
) -> None:
    client = signed_in_as(Role.PROGRAMME_MANAGER)

    assert client.post(_url(name, event)).status_code == 405


def test_the_links_to_the_lists_are_shown_only_to_those_who_may_read_them(
    client: Client, event: Event
) -> None:
    address = _url("access_and_catering", event)
    event_page = reverse("events:detail", args=[event.organisation.slug, event.pk])
    recruiters_page = reverse(
        "recruiters:event_recruiters", args=[event.organisation.slug, event.pk]
    )
    facilitator = staff_member(event.organisation, Role.FACILITATOR)
    _choose_facilitator(event, facilitator)
    others = staff_member(event.organisation, Role.FACILITATOR, Role.AUDITOR)

    client.force_login(facilitator)
    assert address in client.get(event_page).content.decode()
    assert address in client.get(recruiters_page).content.decode()
    client.force_login(others)
    assert address not in client.get(event_page).content.decode()
    assert address not in client.get(recruiters_page).content.decode()


# --- What they show -----------------------------------------------------------------------------


def test_the_page_shows_each_need_with_the_name_and_nothing_else_about_the_person(
    signed_in_as: Callable[..., Client], event: Event, amina: CommunityRecruiter
) -> None:
    RecruiterFactory.create(event=event, full_name="Lina Novak", dietary_needs="vegetarian")
    RecruiterFactory.create(event=event, full_name="Sam Okafor", dietary_needs="Vegetarian ")
    RecruiterFactory.create(event=event, full_name="Joe Bloggs")
    client = signed_in_as(Role.PROGRAMME_MANAGER)

    html = client.get(_url("access_and_catering", event)).content.decode()

    text = " ".join(html.split())
    assert "Step-free access, a chair with arms" in text
    assert "Arabic" in text
    assert "10:00 to 13:00" in text
    assert "4 recruiters" in text
    assert "3 with dietary needs: vegetarian (2), Halal (1)" in text
    assert "1 with access needs or an interpreter" in text
    assert "Lina Novak" in text
    assert "Sam Okafor" in text
    # Someone who told us of no need is in neither list.
    assert "Joe Bloggs" not in text
    for secret in (SECRET_EMAIL, SECRET_PHONE, SECRET_NEIGHBOURHOOD, "العربية"):
        assert secret not in html


def test_the_pdf_shows_the_event_and_the_needs_and_nothing_else_about_the_person(
    signed_in_as: Callable[..., Client], event: Event, amina: CommunityRecruiter
) -> None:
    client = signed_in_as(Role.PROGRAMME_MANAGER)

    response = client.get(_url("access_and_catering_pdf", event))

    pdf = response.content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="access-and-catering-event-{event.pk}.pdf"'
    )
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    assert "Northfield community recruitment day" in text
    assert "Saturday 12 December 2026, Northfield Community Centre" in text
    assert "Amina Hassan" in text
    assert "Step-free access, a chair with arms" in text
    assert "Halal" in text
    for secret in (SECRET_EMAIL, SECRET_PHONE, SECRET_NEIGHBOURHOOD, "amina.secret"):
        assert secret not in text
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    assert b"A4" in info


def test_an_event_where_nobody_told_us_of_a_need_says_so(
    signed_in_as: Callable[..., Client], event: Event
) -> None:
    RecruiterFactory.create(event=event, full_name="Joe Bloggs")
    client = signed_in_as(Role.PROGRAMME_MANAGER)

    page = " ".join(client.get(_url("access_and_catering", event)).content.decode().split())
    pdf = _pdf_text(client.get(_url("access_and_catering_pdf", event)).content)

    for text in (page, pdf):
        assert "No one has told us of any access needs." in text
        assert "No one has told us of any dietary needs." in text
        assert "Joe Bloggs" not in text


def test_an_interpreter_alone_puts_a_recruiter_on_the_access_list() -> None:
    recruiter = RecruiterFactory.create(full_name="Dafydd Jones", interpreter_language="bsl")

    lists = list_access_and_catering(recruiter.event)

    assert [need.full_name for need in lists.access] == ["Dafydd Jones"]
    assert lists.access[0].access_needs == ""
    assert lists.catering == ()


def test_another_events_recruiters_are_not_on_the_lists(event: Event) -> None:
    RecruiterFactory.create(
        event=EventFactory.create(campaign=event.campaign), dietary_needs="Vegan"
    )

    lists = list_access_and_catering(event)

    assert lists.recruiter_count == 0
    assert lists.catering == ()


def test_a_recruiters_needs_leave_both_lists_when_their_record_is_deleted(
    signed_in_as: Callable[..., Client], event: Event, amina: CommunityRecruiter
) -> None:
    client = signed_in_as(Role.PROGRAMME_MANAGER)
    assert "Amina Hassan" in client.get(_url("access_and_catering", event)).content.decode()

    amina.delete()

    lists = list_access_and_catering(event)
    assert lists.access == ()
    assert lists.catering == ()
    assert lists.recruiter_count == 0
    assert "Amina Hassan" not in client.get(_url("access_and_catering", event)).content.decode()
    assert "Amina Hassan" not in _pdf_text(
        client.get(_url("access_and_catering_pdf", event)).content
    )


def test_a_recruiter_who_withdrew_leaves_both_lists(
    signed_in_as: Callable[..., Client], event: Event, amina: CommunityRecruiter
) -> None:
    from coappoint.timetables.services import withdraw_recruiter

    client = signed_in_as(Role.PROGRAMME_MANAGER)

    withdraw_recruiter(recruiter=amina, actor=amina)

    assert list_access_and_catering(event).catering == ()
    assert "Amina Hassan" not in client.get(_url("access_and_catering", event)).content.decode()


# --- Never kept -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_the_lists_are_never_kept_by_a_browser_or_the_recruiters_service_worker(
    signed_in_as: Callable[..., Client], event: Event, amina: CommunityRecruiter, name: str
) -> None:
    client = signed_in_as(Role.PROGRAMME_MANAGER)
    address = _url(name, event)

    response = client.get(address)

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives
    assert address not in _precache_urls()
    worker = client.get(reverse("recruiters:service_worker"))
    # The worker keeps only what lies under its own scope, and the lists lie outside it.
    assert not address.startswith(worker["Service-Worker-Allowed"])
    assert address not in worker.content.decode()
