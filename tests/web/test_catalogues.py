"""Nothing ships half-translated: every catalogue holds every string of the source, each one
translated, with its placeholders, and two different English strings never share a translation
unless they mean the same (how "Sign up" translated as "Sign out" would have been caught)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils.translation import override as language_override
from django.views.i18n import JavaScriptCatalog

from coappoint.web.catalogues import (
    DOMAINS,
    Catalogue,
    parse_catalogue,
    read_catalogue,
    translated_languages,
)
from coappoint.web.javascript_catalogues import catalogue_languages, catalogue_static_name

# Distinct English strings that truly mean the same in a language (capitals aside, which are
# compared case-blind): each entry names the language and the English strings.
TRUE_SYNONYMS = {
    ("cy", frozenset({"Place", "Rank"})),  # both "position in a ranking": Safle
}
# English alone chooses "a" or "an" before the name of a language.
A_OR_AN = re.compile(r"\b(a|an) (?=%\(language\)s)")

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{\{ ?[a-z_.]+ ?\}\}|\{[a-z_]+\}")

CATALOGUES = [(language, domain) for language in translated_languages() for domain in DOMAINS]


@pytest.fixture(scope="module", params=CATALOGUES, ids=lambda pair: "-".join(pair))
def catalogue(request: pytest.FixtureRequest) -> Catalogue:
    language, domain = request.param
    return read_catalogue(language, domain)


def test_every_message_is_translated_and_none_is_fuzzy(catalogue: Catalogue) -> None:
    missing = [message.english for message in catalogue.untranslated]
    assert not missing, f"{catalogue.language} {catalogue.domain}: not translated: {missing[:20]}"


def test_every_catalogue_says_whether_a_fluent_speaker_reviewed_it(catalogue: Catalogue) -> None:
    assert catalogue.header.get("X-Review-Status")


def test_a_translation_uses_only_the_placeholders_of_its_english(catalogue: Catalogue) -> None:
    for message in catalogue.messages:
        english = set(PLACEHOLDER.findall(message.english)) | set(
            PLACEHOLDER.findall(message.english_plural or "")
        )
        for translation in message.translations:
            unknown = set(PLACEHOLDER.findall(translation)) - english
            assert not unknown, (catalogue.language, message.english, unknown)


def _meaning(english: str) -> str:
    return A_OR_AN.sub("", english).casefold()


def test_different_english_never_shares_one_translation(catalogue: Catalogue) -> None:
    by_translation: dict[str, set[str]] = defaultdict(set)
    for message in catalogue.messages:
        if message.translations and message.translations[0]:
            by_translation[message.translations[0]].add(message.english)
    shared = {
        translation: sorted(english)
        for translation, english in by_translation.items()
        if len({_meaning(text) for text in english}) > 1
        and (catalogue.language, frozenset(english)) not in TRUE_SYNONYMS
    }
    assert not shared, f"{catalogue.language}: one translation for different English: {shared}"


def test_the_catalogues_hold_every_string_the_source_marks(tmp_path: Path) -> None:
    """Extract the messages afresh from a copy of the source and compare: a string marked for
    translation but missing from a catalogue (`make messages` not run) would show in English."""
    package = Path(settings.LOCALE_PATHS[0]).parent
    copy = tmp_path / "coappoint"
    shutil.copytree(
        package,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "migrations", "*.mo", "*.pyc"),
    )
    assets = package.parents[1] / "assets" / "js"
    shutil.copytree(assets, tmp_path / "assets" / "js")
    before = {pair: read_catalogue(*pair) for pair in CATALOGUES}
    django_admin = str(Path(sys.executable).with_name("django-admin"))
    common = ["--settings=coappoint.settings.test", f"--pythonpath={tmp_path}", "--no-obsolete"]
    languages = [argument for code in translated_languages() for argument in ("-l", code)]
    subprocess.run(
        [django_admin, "makemessages", *common, *languages, "--ignore=assets/*"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            django_admin,
            "makemessages",
            "-d",
            "djangojs",
            *common,
            *languages,
            "--ignore=coappoint/*",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    for language, domain in CATALOGUES:
        assert before[(language, domain)] == read_catalogue(language, domain), (
            "wrote to the real one"
        )
        fresh_path = copy / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
        fresh = parse_catalogue(
            fresh_path.read_text(encoding="utf-8"), language=language, domain=domain
        )
        committed = read_catalogue(language, domain)
        known = {(message.context, message.english) for message in committed.messages}
        new = [
            message.english
            for message in fresh.messages
            if (message.context, message.english) not in known
        ]
        assert not new, f"run `make messages` and translate: {language} {domain}: {new[:20]}"


# --- The JavaScript catalogues, built as static files (issue 20) ------------------------------


@pytest.mark.parametrize("language", catalogue_languages())
def test_the_built_javascript_catalogue_of_each_language_is_what_django_serves(
    language: str,
) -> None:
    built = finders.find(catalogue_static_name(language))
    assert built is not None, "run `make install` to build the JavaScript catalogues"
    request = HttpRequest()
    request.method = "GET"
    with language_override(language):
        served = JavaScriptCatalog.as_view()(request)

    assert isinstance(served, HttpResponse)
    assert Path(str(built)).read_bytes() == served.content


def test_a_translated_javascript_catalogue_holds_its_translations() -> None:
    for language in translated_languages():
        catalogue = read_catalogue(language, "djangojs")
        built = finders.find(catalogue_static_name(language))
        assert built is not None
        text = Path(str(built)).read_text(encoding="utf-8")
        translated = [message for message in catalogue.messages if message.translated]
        assert translated
        for message in translated:
            assert json.dumps(message.translations[0])[1:-1] in text, (language, message.english)


def test_a_page_names_the_catalogue_of_its_own_language(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"

    html = client.get(reverse("pages:accessibility")).content.decode()

    assert f'<script src="/static/{catalogue_static_name("cy")}"></script>' in html
    assert "/static/jsi18n/cy.js" in html
