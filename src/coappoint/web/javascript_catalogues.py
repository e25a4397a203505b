"""The JavaScript translation catalogues as static files: one per language, built with the assets.

offline.js speaks the page's language through Django's JavaScript catalogue (`window.django`).
Served by a view, the catalogue was fetched again, uncompressed, on every page (issue 20); built
into the static files instead (`coappoint manage javascript_catalogues`, run by `make install`),
collectstatic names each by its content and compresses it, whitenoise sends it with a year's
cache, and the recruiter pages' service worker keeps it for offline pages. The file is exactly
what Django's `JavaScriptCatalog` view answers in that language (tests check it), so the
catalogue of a new translation arrives with the next build, as the CSS does.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.i18n import JavaScriptCatalog

FOLDER = "jsi18n"


def catalogue_languages() -> list[str]:
    """Every language the service speaks, English too (its catalogue defines the functions)."""
    return [code for code, _name in settings.LANGUAGES]


def catalogue_static_name(language: str | None = None) -> str:
    """The catalogue's name among the static files, for `language` (default: the active one).

    A language the service does not speak (never the case after LocaleMiddleware) is given the
    default language's catalogue, so a page never names a file the build did not make.
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language not in catalogue_languages():
        language = settings.LANGUAGE_CODE
    return f"{FOLDER}/{language}.js"


def render_catalogue(language: str) -> bytes:
    """What Django's JavaScriptCatalog view answers in `language`."""
    request = HttpRequest()
    request.method = "GET"
    with translation.override(language):
        response = JavaScriptCatalog.as_view()(request)
    assert isinstance(response, HttpResponse)
    return response.content


def write_catalogues(build_folder: Path) -> list[Path]:
    """Write every language's catalogue under `build_folder` (the static files' source)."""
    written = []
    for language in catalogue_languages():
        path = build_folder / catalogue_static_name(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render_catalogue(language))
        written.append(path)
    return written


def build_folder() -> Path:
    """Where the build writes static files from: the first of STATICFILES_DIRS (assets/build)."""
    return Path(settings.STATICFILES_DIRS[0])
