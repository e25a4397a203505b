"""The page where a programme manager sets how long the organisation keeps each kind of data."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Organisation, Role
from coappoint.retention.queries import get_retention_periods
from coappoint.rules.retention import DEFAULT_PERIODS, Category, Period
from tests.factories import OrganisationFactory, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation() -> Organisation:
    return OrganisationFactory.create()


def _url(organisation: Organisation) -> str:
    return reverse("retention:periods", args=[organisation.slug])


def _contact_url(organisation: Organisation) -> str:
    return reverse("retention:privacy_contact", args=[organisation.slug])


def _as(client: Client, organisation: Organisation, *roles: Role) -> Client:
    client.force_login(staff_member(organisation, *roles))
    return client


def _all_defaults(**changes: int | str) -> dict[str, int | str]:
    """The form as it comes, every category at its default, with `changes` typed in."""
    posted: dict[str, int | str] = {
        category.value: period.months or period.days for category, period in DEFAULT_PERIODS.items()
    }
    posted.update(changes)
    return posted


def test_a_programme_manager_sees_every_category_in_months_or_days(
    client: Client, organisation: Organisation
) -> None:
    response = _as(client, organisation, Role.PROGRAMME_MANAGER).get(_url(organisation))

    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    for category in Category:
        assert f'name="{category.value}"' in text
    assert "A number of months, from 1 month to 2 years, counted after the decision." in text
    assert "A number of days, from 7 days to 365 days, counted after the attempt." in text
    assert "A number of months, from 6 years to 15 years, counted after the action." in text


def test_a_programme_manager_sets_periods_and_each_change_is_audited(
    client: Client, organisation: Organisation
) -> None:
    client = _as(client, organisation, Role.PROGRAMME_MANAGER)

    response = client.post(
        _url(organisation),
        _all_defaults(unsuccessful_candidates=3, sign_in_attempts=14),
    )

    assert response.status_code == 302
    assert response["Location"] == _url(organisation)
    periods = get_retention_periods(organisation)
    assert periods[Category.UNSUCCESSFUL_CANDIDATES] == Period(months=3)
    assert periods[Category.SIGN_IN_ATTEMPTS] == Period(days=14)
    assert periods[Category.AUDIT_LOG] == DEFAULT_PERIODS[Category.AUDIT_LOG]
    audited = AuditEvent.objects.filter(
        action="retention.period_changed", organisation=organisation
    )
    assert sorted((row.after or {})["category"] for row in audited) == [
        "sign_in_attempts",
        "unsuccessful_candidates",
    ]
    assert "The retention periods are saved." in client.get(_url(organisation)).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        (
            "unsuccessful_candidates",
            60,
            "Choose a period from 1 month to 2 years for “Unsuccessful candidates' records",
        ),
        ("unsuccessful_candidates", 0, "Choose a period from 1 month to 2 years"),
        (
            "audit_log",
            12,
            "Choose a period from 6 years to 15 years for “The audit log (ids and counts, never",
        ),
        (
            "sign_in_attempts",
            3,
            "Choose a period from 7 days to 365 days for “Sign-in attempts with their IP addresses",
        ),
    ],
)
def test_a_period_outside_its_bounds_is_refused_naming_the_field_and_the_bounds(
    client: Client, organisation: Organisation, field: str, value: int, says: str
) -> None:
    client = _as(client, organisation, Role.PROGRAMME_MANAGER)

    response = client.post(_url(organisation), _all_defaults(**{field: value}))

    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert says in text
    assert f'href="#id_{field}"' in text  # the error summary links to the field
    assert get_retention_periods(organisation) == DEFAULT_PERIODS
    assert not AuditEvent.objects.filter(action="retention.period_changed").exists()


def test_one_refused_period_saves_none_of_the_others(
    client: Client, organisation: Organisation
) -> None:
    client = _as(client, organisation, Role.PROGRAMME_MANAGER)

    response = client.post(
        _url(organisation), _all_defaults(unsuccessful_candidates=3, recruiters=99)
    )

    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "Choose a period from 1 month to 3 years for “Community recruiters'" in text
    assert get_retention_periods(organisation) == DEFAULT_PERIODS


def test_a_period_that_is_not_a_whole_number_is_refused_naming_the_field(
    client: Client, organisation: Organisation
) -> None:
    client = _as(client, organisation, Role.PROGRAMME_MANAGER)

    response = client.post(
        _url(organisation), _all_defaults(message_bodies="ninety", recruiters="")
    )

    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "Enter a whole number of days for “The words of messages sent”" in text
    assert "Enter a whole number of months for “Community recruiters'" in text


def test_an_auditor_reads_the_periods_but_cannot_change_them(
    client: Client, organisation: Organisation
) -> None:
    client = _as(client, organisation, Role.AUDITOR)

    page = client.get(_url(organisation))

    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert "6 months after the decision" in text
    assert 'name="unsuccessful_candidates"' not in text
    assert (
        client.post(_url(organisation), _all_defaults(unsuccessful_candidates=3)).status_code == 403
    )
    assert client.post(_contact_url(organisation), {"email": "a@example.org"}).status_code == 403
    assert get_retention_periods(organisation) == DEFAULT_PERIODS


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.INTERVIEW_PANEL])
def test_other_roles_cannot_open_the_periods_page(
    client: Client, organisation: Organisation, role: Role
) -> None:
    client = _as(client, organisation, role)

    assert client.get(_url(organisation)).status_code == 403
    assert (
        client.post(_url(organisation), _all_defaults(unsuccessful_candidates=3)).status_code == 403
    )


def test_another_organisations_periods_page_is_not_found(
    client: Client, organisation: Organisation
) -> None:
    client = _as(client, OrganisationFactory.create(), Role.PROGRAMME_MANAGER)

    assert client.get(_url(organisation)).status_code == 404
    assert (
        client.post(_url(organisation), _all_defaults(unsuccessful_candidates=3)).status_code == 404
    )
    assert client.post(_contact_url(organisation), {"email": "a@example.org"}).status_code == 404
    assert get_retention_periods(organisation) == DEFAULT_PERIODS


def test_someone_not_signed_in_is_not_shown_the_periods_page(
    client: Client, organisation: Organisation
) -> None:
    assert client.get(_url(organisation)).status_code == 404


def test_a_programme_manager_sets_the_privacy_contact_audited_without_the_address(
    client: Client, organisation: Organisation
) -> None:
    client = _as(client, organisation, Role.PROGRAMME_MANAGER)

    response = client.post(_contact_url(organisation), {"email": "dpo@harbourside.gov.uk"})

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.privacy_contact_email == "dpo@harbourside.gov.uk"
    row = AuditEvent.objects.get(action="retention.privacy_contact_changed")
    assert row.after == {"set": True}
    assert "dpo@" not in str(row.before) + str(row.after)

    client.post(_contact_url(organisation), {"email": ""})
    organisation.refresh_from_db()
    assert organisation.privacy_contact_email == ""


def test_a_privacy_contact_that_is_not_an_email_address_is_refused(
    client: Client, organisation: Organisation
) -> None:
    client = _as(client, organisation, Role.PROGRAMME_MANAGER)

    response = client.post(_contact_url(organisation), {"email": "not an address"})

    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.privacy_contact_email == ""
