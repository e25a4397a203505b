"""An organisation's retention periods: the defaults until it sets one, within the bounds."""

from __future__ import annotations

import pytest

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Role
from coappoint.retention.queries import get_retention_periods, kept_for_in_words
from coappoint.retention.services import PeriodRefused, set_retention_period
from coappoint.rules.retention import DEFAULT_PERIODS, Category, Period
from tests.factories import OrganisationFactory, staff_member

pytestmark = pytest.mark.django_db


def test_an_organisation_keeps_the_defaults_until_it_sets_a_period() -> None:
    organisation = OrganisationFactory.create()
    other = OrganisationFactory.create()
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)

    set_retention_period(
        organisation=organisation,
        category=Category.UNSUCCESSFUL_CANDIDATES,
        period=Period(months=3),
        actor=manager,
    )

    assert get_retention_periods(organisation)[Category.UNSUCCESSFUL_CANDIDATES] == Period(months=3)
    assert get_retention_periods(other) == DEFAULT_PERIODS
    assert get_retention_periods(None) == DEFAULT_PERIODS
    row = AuditEvent.objects.get(action="retention.period_changed")
    assert row.after == {"category": "unsuccessful_candidates", "months": 3, "days": 0}


@pytest.mark.parametrize(
    ("category", "period"),
    [
        (Category.AUDIT_LOG, Period(months=12)),
        (Category.UNSUCCESSFUL_CANDIDATES, Period(months=60)),
        (Category.SIGN_IN_ATTEMPTS, Period(months=1)),
    ],
)
def test_a_period_outside_the_categorys_bounds_is_refused_saying_what_is_allowed(
    category: Category, period: Period
) -> None:
    organisation = OrganisationFactory.create()

    with pytest.raises(PeriodRefused, match="Choose a period from"):
        set_retention_period(
            organisation=organisation,
            category=category,
            period=period,
            actor=staff_member(organisation, Role.PROGRAMME_MANAGER),
        )

    assert get_retention_periods(organisation) == DEFAULT_PERIODS


def test_periods_are_said_in_words() -> None:
    assert kept_for_in_words(Category.UNSUCCESSFUL_CANDIDATES, Period(months=6)) == (
        "6 months after the decision"
    )
    assert kept_for_in_words(Category.AUDIT_LOG, Period(months=72)) == "6 years after the action"
    assert kept_for_in_words(Category.SIGN_IN_ATTEMPTS, Period(days=30)) == (
        "30 days after the attempt"
    )
