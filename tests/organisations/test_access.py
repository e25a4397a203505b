"""require_staff: `read` roles may GET, anything else needs a `write` role; 404 for strangers."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse

from coappoint.organisations.access import require_staff
from coappoint.organisations.models import Role
from coappoint.timetables.models import Timetable
from tests.factories import EventFactory, OrganisationFactory, staff_member

pytestmark = pytest.mark.django_db

READ = (Role.PROGRAMME_MANAGER, Role.AUDITOR)
WRITE = (Role.PROGRAMME_MANAGER,)


def _request(method: str, user):
    request = RequestFactory().generic(method, "/")
    request.user = user
    return request


def test_an_auditor_may_read_but_is_refused_a_post_with_403_through_write() -> None:
    organisation = OrganisationFactory.create()
    auditor = staff_member(organisation, Role.AUDITOR)

    for method in ("GET", "HEAD"):
        access = require_staff(_request(method, auditor), organisation.slug, READ, write=WRITE)
        assert access.organisation == organisation
        assert access.roles == {Role.AUDITOR}
    with pytest.raises(PermissionDenied):
        require_staff(_request("POST", auditor), organisation.slug, READ, write=WRITE)


def test_a_write_role_may_post_and_without_write_the_read_roles_may() -> None:
    organisation = OrganisationFactory.create()
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    auditor = staff_member(organisation, Role.AUDITOR)

    require_staff(_request("POST", manager), organisation.slug, READ, write=WRITE)
    require_staff(_request("POST", auditor), organisation.slug, READ)
    with pytest.raises(PermissionDenied):
        require_staff(_request("POST", auditor), organisation.slug, WRITE)
    with pytest.raises(PermissionDenied):
        require_staff(_request("GET", auditor), organisation.slug, WRITE, write=READ)


def test_a_member_of_another_organisation_gets_404_whatever_the_method() -> None:
    ours, theirs = OrganisationFactory.create(), OrganisationFactory.create()
    stranger = staff_member(theirs, *Role)

    for method in ("GET", "POST"):
        with pytest.raises(Http404):
            require_staff(_request(method, stranger), ours.slug, READ, write=WRITE)


def test_an_auditor_opens_the_timetable_page_but_cannot_make_a_timetable(client: Client) -> None:
    event = EventFactory.create()
    url = reverse("timetables:timetable", args=[event.organisation.slug, event.pk])
    client.force_login(staff_member(event.organisation, Role.AUDITOR))

    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 403
    assert not Timetable.objects.filter(event=event).exists()
