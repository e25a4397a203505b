"""Benchmark: the bytes a community recruiter's phone fetches, first page and later pages (#20).

Loads the demo into a throwaway SQLite database, signs a demo recruiter in with an access code
(as at the door) and, in process with Django's test client, fetches their home page the way a
phone would: the page, then every stylesheet, script and image it names, the modules those
scripts import, and what the recruiter pages' service worker fetches on its first visit (the
worker itself, the catalogue and files it keeps that the page did not load, and the offline
page). Later pages are their HTML only, everything else being cached. "Transferred" is the body
as sent to a browser that accepts gzip: the page as the middleware sends it, a static file as its
`.gz` twin that whitenoise serves (gzip level 9, as whitenoise makes it); headers are left out.

Run: `.venv/bin/python bench/phone_bytes/run.py` (or `make bench`); prints a Markdown table.
Counts nothing twice: a file the page loaded is in the browser's cache when the worker asks.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath
from typing import Any
from urllib.parse import urljoin, urlsplit

FIRST_PAGE_BUDGET = 60_000
LATER_PAGE_BUDGET = 8_000
# One demo recruiter who reads each language; Arabic's catalogue is the largest.
LANGUAGES = ("ar", "cy", "en")

# A recruiter's pages on the day, after the first (and a score sheet of someone they met).
LATER_PAGES = (
    "recruiters:home",
    "recruiters:your_details",
    "recruiters:confidentiality",
    "recruiters:candidates_you_know",
    "recruiters:check_in",
    "codesign:recruiter_codesign",
    "codesign:notes",
    "scoring:recruiter_sheets",
)


@dataclass(frozen=True)
class Fetched:
    what: str
    uncompressed: int
    transferred: int


class _Assets(HTMLParser):
    """The stylesheets, scripts and images a page names, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and (found.get("rel") or "") in {"stylesheet", "icon", "modulepreload"}:
            self.urls.append(found.get("href") or "")
        elif tag in {"script", "img"} and found.get("src"):
            self.urls.append(found["src"] or "")


IMPORT = re.compile(r"""(?:import|from)\s*["']([^"']+\.js)["']""")


def _static_file(url: str) -> bytes:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    path = urlsplit(url).path.removeprefix(settings.STATIC_URL)
    found = finders.find(path)
    if found is None:
        raise SystemExit(f"{url} is named by a page but is not a static file")
    return Path(str(found)).read_bytes()


def _gzipped_size(body: bytes) -> int:
    """What whitenoise sends of a static file: its .gz twin, which it keeps only when that is at
    most 95% of the file (whitenoise.compress.Compressor.is_compressed_effectively)."""
    compressed = len(gzip.compress(body, compresslevel=9, mtime=0))
    return compressed if compressed <= len(body) * 0.95 else len(body)


def _short(url: str) -> str:
    return re.sub(r"\.[0-9a-f]{12}\.", ".", urlsplit(url).path)


def _body(response: Any) -> bytes:
    body: bytes = response.content
    return gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body


def _visit(recruiter: Any) -> tuple[list[Fetched], list[Fetched]]:
    """What `recruiter`'s phone fetches for their first page (its parts, then the sum) and for
    each later page (the page and whatever it names outside /static/, which no cache keeps)."""
    from django.test import Client
    from django.urls import reverse

    from coappoint.audit import services as audit
    from coappoint.signin.services import issue_access_code

    phone = Client(HTTP_ACCEPT_ENCODING="gzip, deflate")
    code = issue_access_code(
        person=recruiter,
        organisation=recruiter.organisation,
        event=recruiter.event,
        actor=audit.SYSTEM,
    ).code
    signed_in = phone.post(reverse("signin:code"), {"code": code})
    assert signed_in.status_code == 302, signed_in.status_code

    def fetch(url: str, client: Client = phone) -> tuple[Fetched, bytes]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        plain = _body(response)
        return Fetched(_short(url), len(plain), len(response.content)), plain

    cached: set[str] = set()  # static files: kept by the browser once fetched

    def static(url: str, into: list[Fetched]) -> None:
        key = _short(url)
        if key in cached:
            return
        cached.add(key)
        body = _static_file(url)
        into.append(Fetched(key, len(body), _gzipped_size(body)))
        if key.endswith(".js"):
            for imported in IMPORT.findall(body.decode()):
                static(normpath(urljoin(url, imported)), into)

    def page_with_parts(url: str, into: list[Fetched]) -> None:
        fetched, html = fetch(url)
        into.append(fetched)
        parser = _Assets()
        parser.feed(html.decode())
        for named in parser.urls:
            if named.startswith("/static/"):
                static(named, into)
            else:
                into.append(fetch(named)[0])

    first: list[Fetched] = []
    page_with_parts(reverse("recruiters:home"), first)
    # offline.js registers the worker on recruiter pages; it then keeps what it lists.
    worker, script = fetch(reverse("recruiters:service_worker"))
    first.append(worker)
    listed = re.search(r"const PRECACHE_URLS = (\[.*?\]);", script.decode())
    assert listed is not None
    offline_url = reverse("recruiters:offline")
    for url in json.loads(listed.group(1)):
        if url.startswith("/static/"):
            static(url, first)
        else:
            # Fetched again by the worker: pages are not in the browser's cache.
            client = Client(HTTP_ACCEPT_ENCODING="gzip, deflate") if url == offline_url else phone
            fetched = fetch(url, client)[0]
            first.append(
                Fetched(f"{fetched.what} (the worker)", fetched.uncompressed, fetched.transferred)
            )
    first.append(
        Fetched(
            "in all",
            sum(fetched.uncompressed for fetched in first),
            sum(fetched.transferred for fetched in first),
        )
    )
    sheets = fetch(reverse("scoring:recruiter_sheets"))[1].decode()
    sheet = re.search(r'href="(/recruiter/scores/\d+/)"', sheets)
    assert sheet is not None, "the recruiter meets nobody"
    later_urls = [reverse(name) for name in LATER_PAGES] + [sheet.group(1)]
    later: list[Fetched] = []
    for url in later_urls:
        parts: list[Fetched] = []
        page_with_parts(url, parts)
        what = " + ".join(part.what for part in parts)
        later.append(
            Fetched(
                what,
                sum(part.uncompressed for part in parts),
                sum(part.transferred for part in parts),
            )
        )
    return first, later


def main() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="coappoint-phone-bytes-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "coappoint.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    os.environ["COAPPOINT_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from coappoint.demo.services import load_demo
    from coappoint.events.models import Event
    from coappoint.organisations.models import Membership, Role
    from coappoint.scoring.services import start_scoring

    setup_test_environment()
    call_command("migrate", verbosity=0)
    organisation = load_demo()
    event = Event.objects.filter(organisation=organisation).order_by("date").first()
    assert event is not None

    # Scoring open, so the recruiter has score sheets to fill in.
    facilitator = Membership.objects.filter(
        organisation=organisation, role=Role.FACILITATOR
    ).first()
    assert facilitator is not None
    start_scoring(event=event, actor=facilitator.user, now=timezone.now())

    rows = ["| page | bytes uncompressed | bytes transferred | budget | met |"]
    rows.append("| --- | --- | --- | --- | --- |")
    for language in LANGUAGES:
        recruiter = event.recruiters.filter(preferred_language=language).order_by("full_name")[0]
        first, later = _visit(recruiter)
        for fetched in first[:-1] if language == LANGUAGES[0] else []:
            rows.append(
                f"| first page ({language}): {fetched.what} | {fetched.uncompressed:,} | "
                f"{fetched.transferred:,} |  |  |"
            )
        total = first[-1]
        met = "yes" if total.transferred <= FIRST_PAGE_BUDGET else "no"
        rows.append(
            f"| **first page ({language}), in all** | {total.uncompressed:,} | "
            f"{total.transferred:,} | {FIRST_PAGE_BUDGET:,} | {met} |"
        )
        for fetched in later:
            met = "yes" if fetched.transferred <= LATER_PAGE_BUDGET else "no"
            rows.append(
                f"| later page ({language}): {fetched.what} | {fetched.uncompressed:,} | "
                f"{fetched.transferred:,} | {LATER_PAGE_BUDGET:,} | {met} |"
            )
    print("\n".join(rows))


if __name__ == "__main__":
    main()
