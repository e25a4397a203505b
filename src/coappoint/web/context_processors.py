"""What the page layout needs on every page: service name, council, languages, who is signed in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi, get_language_info, gettext


def layout(request: HttpRequest) -> dict[str, Any]:
    """Context for templates/layouts/base.html."""
    current = get_language() or settings.LANGUAGE_CODE
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "bidi": info["bidi"],
                "current": code == current,
            }
        )
    return {
        "layout_service_navigation": _service_navigation(request),
        "layout_organisation": getattr(request, "organisation", None),
        "layout_languages": languages,
        "layout_direction": "rtl" if get_language_bidi() else "ltr",
        "layout_language_code": current,
        "demo_mode": settings.DEMO_MODE,
        "layout_service_owner": settings.SERVICE_OWNER or gettext("Your council"),
        "layout_source_url": settings.SOURCE_URL,
    }


def _service_navigation(request: HttpRequest) -> dict[str, Any]:
    """Service name and the links a signed-in person needs, with a sign-out button (a POST)."""
    items: list[dict[str, Any]] = []
    signed_in = bool(getattr(request, "participant", None)) or request.user.is_authenticated
    if signed_in:
        home_url = reverse("pages:home")
        items.append(
            {"href": home_url, "text": gettext("Home"), "active": request.path == home_url}
        )
    if request.user.is_authenticated:
        account_url = reverse("staff:account")
        items.append(
            {
                "href": account_url,
                "text": gettext("Your account"),
                "active": request.path == account_url,
            }
        )
    params: dict[str, Any] = {
        "serviceName": gettext("Community recruitment"),
        "serviceUrl": reverse("pages:home"),
        "navigation": items,
        "navigationLabel": gettext("Menu"),
        "menuButtonText": gettext("Menu"),
        "ariaLabel": gettext("Service information"),
    }
    if signed_in:
        # Rendered without the request: with it, this context processor would run again.
        params["slots"] = {
            "navigationEnd": render_to_string(
                "layouts/sign_out.html", {"csrf_token": get_token(request)}
            )
        }
    return params
