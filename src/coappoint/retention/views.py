"""The page where a programme manager sets how long the organisation keeps each kind of data."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from coappoint.organisations.access import StaffAccess, require_staff
from coappoint.organisations.models import Role
from coappoint.retention.forms import PrivacyContactForm, RetentionPeriodsForm, refusal_for
from coappoint.retention.models import RetentionCategory
from coappoint.retention.queries import get_retention_periods, kept_for_in_words
from coappoint.retention.services import (
    PeriodsRefused,
    set_privacy_contact,
    set_retention_periods,
)

# Auditors read the periods; only programme managers change them.
READ = (Role.PROGRAMME_MANAGER, Role.AUDITOR)
WRITE = (Role.PROGRAMME_MANAGER,)


def _page(
    request: HttpRequest,
    access: StaffAccess,
    *,
    periods_form: RetentionPeriodsForm,
    contact_form: PrivacyContactForm,
    status: int = 200,
) -> HttpResponse:
    periods = get_retention_periods(access.organisation)
    return render(
        request,
        "retention/periods_form.html",
        {
            "access": access,
            "can_change": access.holds(*WRITE),
            "periods_form": periods_form,
            "contact_form": contact_form,
            "kept": [
                (RetentionCategory(category.value).label, kept_for_in_words(category, period))
                for category, period in periods.items()
            ],
        },
        status=status,
    )


def _contact_form(access: StaffAccess) -> PrivacyContactForm:
    return PrivacyContactForm(initial={"email": access.organisation.privacy_contact_email})


@require_http_methods(["GET", "HEAD", "POST"])
def periods(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """Every category's period, in months or days, within its bounds; saved all or none."""
    access = require_staff(request, organisation_slug, READ, write=WRITE)
    form = RetentionPeriodsForm(
        request.POST if request.method == "POST" else None,
        periods=get_retention_periods(access.organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = set_retention_periods(
                organisation=access.organisation, periods=form.periods(), actor=access.user
            )
        except PeriodsRefused as refused:
            for category, refusal in refused.refusals.items():
                form.add_error(category.value, refusal_for(category, str(refusal)))
        else:
            messages.success(
                request,
                gettext("The retention periods are saved.")
                if changed
                else gettext("No period was changed."),
            )
            return redirect("retention:periods", organisation_slug=access.organisation.slug)
    return _page(
        request,
        access,
        periods_form=form,
        contact_form=_contact_form(access),
        status=400 if form.errors else 200,
    )


@require_POST
def privacy_contact(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """Where the privacy notice tells people to ask about their data."""
    access = require_staff(request, organisation_slug, READ, write=WRITE)
    form = PrivacyContactForm(request.POST)
    if form.is_valid():
        set_privacy_contact(
            organisation=access.organisation, email=form.cleaned_data["email"], actor=access.user
        )
        messages.success(request, gettext("The privacy contact is saved."))
        return redirect("retention:periods", organisation_slug=access.organisation.slug)
    return _page(
        request,
        access,
        periods_form=RetentionPeriodsForm(periods=get_retention_periods(access.organisation)),
        contact_form=form,
        status=400,
    )
