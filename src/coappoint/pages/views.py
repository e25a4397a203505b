"""The start page (which sends each person to their own home), staff home, and statements."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from coappoint.accounts.models import User
from coappoint.organisations.access import require_staff
from coappoint.organisations.models import Organisation, Role
from coappoint.organisations.queries import list_organisations_for_user
from coappoint.pages.queries import (
    get_privacy_notice,
    get_readers_organisation,
    get_staff_home,
    list_translation_reviews,
    list_unreviewed_messages,
)


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
    """The reader's organisation's notice when it is known, else the service's defaults."""
    return render(
        request,
        "pages/privacy.html",
        {"notice": get_privacy_notice(get_readers_organisation(request))},
    )


def organisation_privacy(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """One organisation's notice, for anyone: linked from the pages its people arrive at."""
    organisation = get_object_or_404(Organisation, slug=organisation_slug)
    return render(request, "pages/privacy.html", {"notice": get_privacy_notice(organisation)})


@require_GET
def translations(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """Every language the service offers, and how much of its text a fluent speaker reviewed."""
    access = require_staff(request, organisation_slug, Role)
    return render(
        request,
        "pages/translation_list.html",
        {"access": access, "reviews": list_translation_reviews()},
    )


UNREVIEWED_PER_PAGE = 200


@require_GET
def translation_review(request: HttpRequest, organisation_slug: str, language: str) -> HttpResponse:
    """One language's text not yet reviewed by a fluent speaker: English beside the draft."""
    access = require_staff(request, organisation_slug, Role)
    review = next((item for item in list_translation_reviews() if item.code == language), None)
    if review is None:
        raise Http404
    page = Paginator(list_unreviewed_messages(language), UNREVIEWED_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "pages/translation_review.html",
        {"access": access, "review": review, "page": page},
    )
