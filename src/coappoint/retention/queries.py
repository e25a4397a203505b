"""Reads of an organisation's retention periods."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from coappoint.organisations.models import Organisation
from coappoint.retention.models import COUNTED_FROM_WORDS, RetentionPeriod
from coappoint.rules.retention import DEFAULT_PERIODS, RULES, Category, Period


def get_retention_periods(organisation: Organisation | None) -> dict[Category, Period]:
    """Every category's period for `organisation`: the one it set, else the default.

    With no organisation (a page read by someone outside every organisation) the defaults.
    """
    periods = dict(DEFAULT_PERIODS)
    if organisation is None:
        return periods
    for row in RetentionPeriod.objects.filter(organisation=organisation):
        periods[Category(row.category)] = Period(months=row.months, days=row.days)
    return periods


def period_in_words(period: Period) -> str:
    """ "6 months", "30 days", "6 years" (whole years of months said as years)."""
    if period.months and period.months % 12 == 0:
        years = period.months // 12
        return ngettext("%(count)s year", "%(count)s years", years) % {"count": years}
    if period.months:
        return ngettext("%(count)s month", "%(count)s months", period.months) % {
            "count": period.months
        }
    return ngettext("%(count)s day", "%(count)s days", period.days) % {"count": period.days}


def kept_for_in_words(category: Category, period: Period) -> str:
    """ "6 months after the decision": how long, counted from when."""
    return gettext("%(period)s %(counted_from)s") % {
        "period": period_in_words(period),
        "counted_from": COUNTED_FROM_WORDS[RULES[category].counted_from],
    }
