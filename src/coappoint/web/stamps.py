"""Version stamps for the live screens' polls: "nothing changed" decided before loading anything.

A screen polls every second or few (a recruiter's now and next and nudges, the big screen, the
co-design board, the facilitator's screen). Most polls find nothing new. Each poll view is marked
with `live_poll(versions=...)`, a function that reads, in one query, the small counters the
services bump when what the screen shows changes (`Event.screens_version` and the others), and
whether the poller's session is still alive. The page carries the stamp of what it shows:

    <subject>.<valid until>.<mac>.<shown>

- `subject` is whose screen it is (the recruiter, or the event for staff screens);
- `valid until` is when the staff session that drew it ends by being idle (0: no end), so a
  screen left alone still times out (coappoint.staff.middleware answers the next full poll);
- `mac` an HMAC, under the service's secret key, of the poll's kind, the subject, that time, the
  counters, the page's language and the session, so a stamp cannot be made up or carried to
  another screen or browser;
- `shown` a digest of what was drawn, so a redraw that would show the same thing is skipped.

`LivePollMiddleware` sits before anything loads the session: when a poll's stamp (its `shown`
parameter, or `If-None-Match`) still matches the counters, it answers 204 (or 304) at once,
with no Set-Cookie and no session read or written. Otherwise the view runs as usual and hands
the page a fresh stamp (`issue_stamp`, read before the content, so a change made while the page
is drawn is seen by the next poll). A stamp whose counters moved but whose drawing is the same is
renewed without a redraw: 204 with the new stamp in `Coappoint-Shown` (assets/js/polls.js).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.signals import setting_changed
from django.db import connection
from django.db.models import Model
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.translation import get_language

from coappoint.web.sessions import poll

View = TypeVar("View", bound=Callable[..., object])

LIVE_POLL_ATTRIBUTE = "coappoint_live_poll"
SHOWN_HEADER = "Coappoint-Shown"
UNCHANGED_CACHE_CONTROL = "private, no-cache"
# A drawing holds names (and a recruiter's own day): no browser or proxy keeps a copy of it.
DRAWING_CACHE_CONTROL = "no-store, private"
# Where a poll's template puts its own stamp (`data-shown="{{ poll_stamp }}"`); `answer_poll`
# puts the real one there once the digest of the rest is known.
STAMP_PLACEHOLDER = "coappoint-poll-stamp"

# (subject, the session key or "") -> the counters, or None when the subject is gone or the
# session is not alive (then the view decides, as for any request).
Versions = Callable[[int, str], Sequence[object] | None]
# Where the middleware leaves the counters it read, so the view that runs after it does not
# read them again: (kind, subject, session key, counters).
READ_ATTRIBUTE = "coappoint_live_counters"
# The URL's keyword arguments -> the subject, for screens whose subject is in the address.
SubjectFromUrl = Callable[[dict[str, Any]], int | None]


def event_in_url(kwargs: dict[str, Any]) -> int | None:
    """The subject of a staff screen's poll: the event in its address."""
    event_id = kwargs.get("event_id")
    return event_id if isinstance(event_id, int) else None


@dataclass(frozen=True)
class LivePoll:
    kind: str
    versions: Versions
    subject_from_url: SubjectFromUrl | None = None


@dataclass(frozen=True)
class Stamp:
    subject: int
    valid_until: int
    mac: str
    shown: str

    def __str__(self) -> str:
        return f"{self.subject}.{self.valid_until}.{self.mac}.{self.shown}"


def live_poll(
    *, kind: str, versions: Versions, subject_from_url: SubjectFromUrl | None = None
) -> Callable[[View], View]:
    """Mark a view as a live screen's poll (which is a `web.sessions.poll` too)."""

    def mark(view: View) -> View:
        setattr(view, LIVE_POLL_ATTRIBUTE, LivePoll(kind, versions, subject_from_url))
        return poll(view)

    return mark


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    column = getattr(field, "column", None)
    assert isinstance(column, str)
    return connection.ops.quote_name(column)


def read_counters(
    model: type[Model],
    fields: Sequence[str],
    row_id: int,
    session_key: str,
    *,
    through: str = "",
    through_fields: Sequence[str] = (),
) -> tuple[int, ...] | None:
    """The counter `fields` of one `model` row (and `through_fields` of the row its foreign key
    `through` points to), and whether the session `session_key` is alive, in one query; None when
    the row is gone or the session is not.

    Plain SQL, not the ORM: a poll that finds nothing new is the service's commonest request, and
    building this query through the ORM cost more than running it (bench/load).
    """
    quote = connection.ops.quote_name
    selected = [f"t.{_column(model, name)}" for name in fields]
    join = ""
    if through:
        other = model._meta.get_field(through).related_model
        assert isinstance(other, type)
        assert issubclass(other, Model)
        selected += [f"j.{_column(other, name)}" for name in through_fields]
        join = f" JOIN {quote(other._meta.db_table)} j ON j.id = t.{_column(model, through)}"
    # Every name comes from the models and is quoted; every value is a parameter.
    sql = (
        f"SELECT {', '.join(selected)}, EXISTS (SELECT 1 FROM {quote(Session._meta.db_table)} s "  # noqa: S608
        f"WHERE s.session_key = %s AND s.expire_date > %s) FROM {quote(model._meta.db_table)} t"
        f"{join} WHERE t.id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [session_key or "-", timezone.now(), row_id])
        row = cursor.fetchone()
    if row is None or not row[-1]:
        return None
    return tuple(int(value) for value in row[:-1])


def _mac(
    kind: str, subject: int, valid_until: int, versions: Sequence[object], session_key: str
) -> str:
    language = get_language()
    message = "|".join(
        [kind, str(subject), str(valid_until), repr(tuple(versions)), language, session_key]
    )
    key = f"coappoint.web.stamps:{settings.SECRET_KEY}".encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:20]


def parse_stamp(text: str) -> Stamp | None:
    # A compressed answer's ETag comes back weak (W/"..."): the stamp inside is the same.
    parts = text.strip().removeprefix("W/").strip('"').split(".")
    if len(parts) != 4 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    subject, valid_until, mac, shown = parts
    if len(subject) > 18 or len(valid_until) > 12:
        return None
    return Stamp(int(subject), int(valid_until), mac, shown)


def shown_digest(html: str) -> str:
    """A short digest of what a poll drew."""
    return hashlib.sha256(html.encode()).hexdigest()[:16]


def _session_key(request: HttpRequest) -> str:
    return str(request.COOKIES.get(settings.SESSION_COOKIE_NAME, ""))


def _live_poll_of(view: Callable[..., object]) -> LivePoll:
    live = getattr(view, LIVE_POLL_ATTRIBUTE, None)
    if not isinstance(live, LivePoll):
        raise TypeError(f"{view!r} is not marked with live_poll")
    return live


@dataclass(frozen=True)
class IssuedStamp:
    """The stamp a poll's answer carries, before its `shown` digest is known."""

    subject: int
    valid_until: int
    mac: str
    # The counters it covers, as read (empty when the subject or the session is gone): what
    # the view draws may be remembered under them (web.memo).
    versions: tuple[object, ...] = ()

    def with_shown(self, shown: str) -> Stamp:
        return Stamp(self.subject, self.valid_until, self.mac, shown)


def issue_stamp(
    request: HttpRequest, view: Callable[..., object], *, subject: int, valid_until: int = 0
) -> IssuedStamp:
    """The counters of `view`'s screen for `subject`, read now, signed; call it before reading
    what the screen shows."""
    live = _live_poll_of(view)
    session_key = _session_key(request)
    read = getattr(request, READ_ATTRIBUTE, None)
    if read is not None and read[:3] == (live.kind, subject, session_key):
        versions = read[3] or ()  # read by the middleware, before this view loaded anything
    else:
        versions = live.versions(subject, session_key) or ()
    return IssuedStamp(
        subject,
        valid_until,
        _mac(live.kind, subject, valid_until, versions, session_key),
        tuple(versions),
    )


def shown_stamp(request: HttpRequest) -> Stamp | None:
    """The stamp the poller sent back: its `shown` parameter, else `If-None-Match`."""
    return parse_stamp(request.GET.get("shown", "")) or parse_stamp(
        request.headers.get("If-None-Match", "")
    )


def unchanged(stamp: Stamp, *, not_modified: bool = False) -> HttpResponse:
    """Nothing to redraw: 204 (or 304 to a conditional request), carrying the stamp to keep."""
    response = with_stamp(HttpResponse(status=304 if not_modified else 204), stamp)
    response["Cache-Control"] = UNCHANGED_CACHE_CONTROL
    return response


def answer_poll(request: HttpRequest, issued: IssuedStamp, html: str) -> HttpResponse:
    """The poll's answer: the drawing (with STAMP_PLACEHOLDER where its stamp goes) and its new
    stamp, or 204 with the new stamp when it draws what is already shown."""
    stamp = issued.with_shown(shown_digest(html))
    sent = shown_stamp(request)
    if sent is not None and sent.shown == stamp.shown and sent.subject == stamp.subject:
        return unchanged(stamp)
    return with_stamp(HttpResponse(html.replace(STAMP_PLACEHOLDER, str(stamp))), stamp)


def with_stamp(response: HttpResponse, stamp: Stamp) -> HttpResponse:
    """A poll's new drawing, with the stamp of it for the next poll to send back."""
    response["ETag"] = f'"{stamp}"'
    response[SHOWN_HEADER] = str(stamp)
    response["Cache-Control"] = DRAWING_CACHE_CONTROL
    return response


def still_current(request: HttpRequest, live: LivePoll, kwargs: dict[str, Any]) -> Stamp | None:
    """The stamp the poller sent, when nothing it covers has changed since; else None."""
    sent = shown_stamp(request)
    if sent is None:
        return None
    if sent.valid_until and sent.valid_until <= time.time():
        return None
    if live.subject_from_url is not None and live.subject_from_url(kwargs) != sent.subject:
        return None
    session_key = _session_key(request)
    versions = live.versions(sent.subject, session_key)
    setattr(request, READ_ATTRIBUTE, (live.kind, sent.subject, session_key, versions))
    if versions is None:
        return None
    expected = _mac(live.kind, sent.subject, sent.valid_until, versions, session_key)
    return sent if hmac.compare_digest(expected, sent.mac) else None


@functools.lru_cache(maxsize=4096)
def live_poll_at(
    urlconf: str | None, path: str
) -> tuple[LivePoll, tuple[tuple[str, Any], ...]] | None:
    """The live poll a path leads to, with its URL's keyword arguments; None when it leads to
    anything else.

    Remembered per path: resolving walked about a hundred patterns, a fifth of an unchanged
    poll's time in process (bench/load). The URLs never change while the service runs; a test
    that changes them changes the URLconf, which is part of the key (or clears the cache).
    """
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    live = getattr(match.func, LIVE_POLL_ATTRIBUTE, None)
    if not isinstance(live, LivePoll):
        return None
    return live, tuple(sorted(match.kwargs.items()))


@receiver(setting_changed)
def _forget_resolved_paths(*, setting: str, **kwargs: object) -> None:
    if setting == "ROOT_URLCONF":
        live_poll_at.cache_clear()


class LivePollMiddleware:
    """Answers an unchanged live poll before the session, the user or the view is loaded.

    Placed after LocaleMiddleware (the stamp covers the page's language) and before anything
    that reads the session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "GET" and (
            "shown" in request.GET or "If-None-Match" in request.headers
        ):
            answer = self._unchanged(request)
            if answer is not None:
                return answer
        return self.get_response(request)

    @staticmethod
    def _unchanged(request: HttpRequest) -> HttpResponse | None:
        found = live_poll_at(get_urlconf(), request.path_info)
        if found is None:
            return None
        live, kwargs = found
        stamp = still_current(request, live, dict(kwargs))
        if stamp is None:
            return None
        return unchanged(stamp, not_modified="shown" not in request.GET)
