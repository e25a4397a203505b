"""The start page (which sends each person to their own home), staff home, and statements."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coappoint.accounts.models import User
from coappoint.organisations.access import require_staff
from coappoint.organisations.models import Role
from coappoint.organisations.queries import list_organisations_for_user
from coappoint.pages.queries import get_staff_home


def home(request: HttpRequest) -> HttpResponse:
    """Send each person to their own home page; strangers see how to sign in."""
    participant = getattr(request, "participant", None)
    if participant is not None:
        return redirect(
            "recruiters:home" if participant.kind == "recruiter" else "events:candidate_home"
        )
    user = request.user
    if isinstance(user, User) and user.is_authenticated:
        organisations = list(list_organisations_for_user(user))
        if len(organisations) == 1:
            return redirect("pages:organisation_home", organisation_slug=organisations[0].slug)
        return render(request, "pages/choose_organisation.html", {"organisations": organisations})
    return render(request, "pages/start.html")


def organisation_home(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    access = require_staff(request, organisation_slug, Role)
    return render(
        request,
        "pages/organisation_home.html",
        {"access": access, "home": get_staff_home(access), "roles": sorted(access.roles)},
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")
