"""The programme manager chooses who facilitates an event on the event page; facilitating is
scoring in the campaign, so nobody can be taken off once the day has come."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.audit.models import AuditEvent
from coappoint.events.models import EventFacilitator
from coappoint.events.queries import list_event_facilitators
from coappoint.events.services import FacilitatorsRefused, set_event_facilitators
from coappoint.organisations.models import Role
from tests.factories import EventFactory, OrganisationFactory, RecruiterFactory, staff_member

pytestmark = pytest.mark.django_db

NOON = datetime.time(12, 0)


@pytest.fixture
def event():
    """A day three weeks off, whatever the date the tests run on."""
    return EventFactory.create(date=timezone.localdate() + datetime.timedelta(days=21))


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, NOON))


def _url(event, name: str = "events:facilitators_change", organisation=None) -> str:
    return reverse(name, args=[(organisation or event.organisation).slug, event.pk])


def test_the_programme_manager_chooses_the_facilitators_and_the_audit_log_says_so(
    client: Client, event
) -> None:
    manager = staff_member(event.organisation, Role.PROGRAMME_MANAGER)
    dana = staff_member(event.organisation, Role.FACILITATOR)
    dana.full_name = "Dana Facilitator"
    dana.save()
    staff_member(event.organisation, Role.FACILITATOR)
    client.force_login(manager)

    page = unescape(client.get(_url(event)).content.decode())
    assert "Dana Facilitator" in page
    response = client.post(_url(event), {"facilitators": [dana.pk]})

    assert response["Location"] == _url(event, "events:detail")
    assert list_event_facilitators(event) == [dana]
    audit = AuditEvent.objects.get(action="event.facilitators_changed")
    assert (audit.actor_kind, audit.actor_id, audit.before, audit.after) == (
        "staff",
        manager.pk,
        {"facilitators": []},
        {"facilitators": [dana.pk]},
    )
    detail = unescape(client.get(_url(event, "events:detail")).content.decode())
    assert "Dana Facilitator" in detail
    assert "Not chosen yet" not in detail


def test_the_event_page_says_every_facilitator_counts_until_one_is_chosen(
    client: Client, event
) -> None:
    client.force_login(staff_member(event.organisation, Role.AUDITOR))
    detail = unescape(client.get(_url(event, "events:detail")).content.decode())
    assert "Not chosen yet: everyone who holds the facilitator role counts" in detail
    assert _url(event) not in detail  # only the programme manager chooses


def test_only_holders_of_the_facilitator_role_can_be_chosen(client: Client, event) -> None:
    manager = staff_member(event.organisation, Role.PROGRAMME_MANAGER)
    panel_member = staff_member(event.organisation, Role.INTERVIEW_PANEL)
    client.force_login(manager)

    response = client.post(_url(event), {"facilitators": [panel_member.pk]})

    assert response.status_code == 400
    assert "Select only people who hold the facilitator role" in unescape(response.content.decode())
    with pytest.raises(FacilitatorsRefused):
        set_event_facilitators(event=event, facilitators=[panel_member], actor=manager)
    assert not EventFacilitator.objects.exists()


def test_choosing_nobody_gives_the_event_back_to_every_facilitator(event) -> None:
    manager = staff_member(event.organisation, Role.PROGRAMME_MANAGER)
    dana = staff_member(event.organisation, Role.FACILITATOR)
    set_event_facilitators(event=event, facilitators=[dana], actor=manager)
    assert set_event_facilitators(event=event, facilitators=[], actor=manager) == []
    assert AuditEvent.objects.filter(action="event.facilitators_changed").count() == 2


def test_from_the_day_on_nobody_can_be_taken_off_but_facilitators_can_be_added(event) -> None:
    manager = staff_member(event.organisation, Role.PROGRAMME_MANAGER)
    dana = staff_member(event.organisation, Role.FACILITATOR)
    eli = staff_member(event.organisation, Role.FACILITATOR)
    set_event_facilitators(event=event, facilitators=[dana], actor=manager)
    on_the_day = _at(event.date)

    with pytest.raises(FacilitatorsRefused, match="cannot be taken off"):
        set_event_facilitators(event=event, facilitators=[eli], actor=manager, now=on_the_day)
    with pytest.raises(FacilitatorsRefused, match="cannot be taken off"):
        set_event_facilitators(
            event=event, facilitators=[], actor=manager, now=on_the_day + datetime.timedelta(9)
        )
    assert list_event_facilitators(event) == [dana]

    set_event_facilitators(event=event, facilitators=[dana, eli], actor=manager, now=on_the_day)
    assert {user.pk for user in list_event_facilitators(event)} == {dana.pk, eli.pk}


def test_a_day_that_came_with_nobody_chosen_keeps_every_facilitator(event) -> None:
    manager = staff_member(event.organisation, Role.PROGRAMME_MANAGER)
    dana = staff_member(event.organisation, Role.FACILITATOR)
    with pytest.raises(FacilitatorsRefused, match="can no longer be chosen"):
        set_event_facilitators(event=event, facilitators=[dana], actor=manager, now=_at(event.date))
    assert not EventFacilitator.objects.exists()
    assert not AuditEvent.objects.filter(action="event.facilitators_changed").exists()


def test_the_refusal_is_shown_in_the_error_summary(client: Client) -> None:
    event = EventFactory.create(date=timezone.localdate() - datetime.timedelta(days=1))
    dana = staff_member(event.organisation, Role.FACILITATOR)
    client.force_login(staff_member(event.organisation, Role.PROGRAMME_MANAGER))

    response = client.post(_url(event), {"facilitators": [dana.pk]})

    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert "can no longer be chosen" in html


def test_another_organisation_gets_not_found(client: Client, event) -> None:
    elsewhere = OrganisationFactory.create()
    client.force_login(staff_member(elsewhere, *Role))
    assert client.get(_url(event)).status_code == 404
    assert client.post(_url(event), {"facilitators": []}).status_code == 404
    assert client.get(_url(event, organisation=elsewhere)).status_code == 404


@pytest.mark.parametrize("roles", [(Role.FACILITATOR,), (Role.AUDITOR,), (Role.INTERVIEW_PANEL,)])
def test_only_the_programme_manager_chooses_the_facilitators(client: Client, event, roles) -> None:
    user = staff_member(event.organisation, *roles)
    client.force_login(user)
    assert client.get(_url(event)).status_code == 403
    assert client.post(_url(event), {"facilitators": []}).status_code == 403
    if Role.FACILITATOR in roles:
        # A facilitator cannot choose themselves, to take the day from the others.
        assert client.post(_url(event), {"facilitators": [user.pk]}).status_code == 403
    assert not EventFacilitator.objects.exists()


def test_a_recruiter_cannot_reach_the_facilitators_page(client: Client, sign_in_recruiter) -> None:
    recruiter = RecruiterFactory.create()
    sign_in_recruiter(client, recruiter)
    assert client.get(_url(recruiter.event)).status_code == 404
