"""Which of the service's languages to speak to a person in: the one they chose.

Recruiters choose a language when they sign up (a code, or another language's name as they
typed it); candidates by the language switcher while signed in, or staff for them. Pages they
open after signing in, and every message written to them, are in that language when the service
speaks it, and in English otherwise (with an interpreter arranged for the day).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse

# How people sometimes type a service language's name instead of choosing its code.
LANGUAGE_ALIASES = {
    "english": "en",
    "welsh": "cy",
    "cymraeg": "cy",
    "arabic": "ar",
    "العربية": "ar",
}


def service_languages() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def service_language(preferred: str) -> str | None:
    """The service language a person chose, from its code or its name as typed; else None."""
    typed = preferred.strip()
    if typed in service_languages():
        return typed
    return LANGUAGE_ALIASES.get(typed.casefold())


def message_language(preferred: str) -> str:
    """The language to write to a person in: the one they chose, else the service's default."""
    return service_language(preferred) or settings.LANGUAGE_CODE


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Set the browser's language to `language` from now on (as the language switcher does)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
