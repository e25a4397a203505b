"""A load client that behaves as the pages do: plain asyncio HTTP/1.1, htmx's polling, sealing.

A screen GETs its page, then polls every element with `hx-get` and `hx-trigger="... every Ns"`
(`load` fires once at once) at its interval, as htmx 2 does: the timer runs from each firing,
a firing while a request is out queues one more (htmx's default `last`), a 200 swapped
`outerHTML` replaces the element (its next URL and interval come from the fragment's root, and
its own timer starts), a 200 with `hx-swap="none"` swaps its out-of-band regions (their
`data-live-stamp` inputs are what `hx-include` sends next), 204 and 304 keep everything. It
sends `If-None-Match` with the last ETag and htmx's own headers. gunicorn's sync workers close
every connection, so each request opens one.
"""

from __future__ import annotations

import asyncio
import base64
import html
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from stack import PROXY_HEADERS

TAG = re.compile(
    r"<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>"
)
ATTRIBUTE = re.compile(r"([^\s=>/]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
EVERY = re.compile(r"every\s+(\d+(?:\.\d+)?)(ms|s)")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def tags(text: str) -> list[tuple[str, dict[str, str]]]:
    """Every start tag in `text`, with its attributes unescaped (a tolerant, fast reading)."""
    found = []
    for match in TAG.finditer(text):
        attributes = {}
        for attribute in ATTRIBUTE.finditer(match.group(2)):
            value = next((v for v in attribute.groups()[1:] if v is not None), "")
            attributes[attribute.group(1).lower()] = html.unescape(value)
        found.append((match.group(1).lower(), attributes))
    return found


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Tally:
    """What came back: how many of each answer, bytes, and each request's latency."""

    def __init__(self) -> None:
        self.answers: Counter[str] = Counter()
        self.bytes = 0
        self.latencies: list[float] = []

    def add(self, answer: Answer | None, seconds: float) -> None:
        if answer is None:
            self.answers["error"] += 1
        else:
            status = answer.status
            self.answers[str(status) if status in (200, 204, 304) else "other"] += 1
            self.bytes += len(answer.body)
        self.latencies.append(seconds)


async def http(
    port: int,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes = b"",
    timeout: float = 30.0,
) -> Answer | None:
    """One request on its own connection; None when it failed or timed out."""
    try:
        return await asyncio.wait_for(_exchange(port, method, path, headers, body), timeout)
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
        # IndexError: the connection closed before a status line (a dropped connection).
        return None


async def _exchange(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes
) -> Answer:
    started = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in {**PROXY_HEADERS, **headers}.items()]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        raw = await reader.read(-1)
    finally:
        writer.close()
    head, _, content = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split()[1])
    answer_headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "set-cookie":
            cookie_name, _, rest = value.partition("=")
            cookies[cookie_name] = rest.split(";", 1)[0]
        else:
            answer_headers[name] = value
    if answer_headers.get("transfer-encoding", "").lower() == "chunked":
        content = _unchunk(content)
    return Answer(status, answer_headers, cookies, content, time.monotonic() - started)


def _unchunk(content: bytes) -> bytes:
    out = b""
    while content:
        size_line, _, content = content.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += content[:size]
        content = content[size + 2 :]
    return out


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


@dataclass
class Poller:
    """One element htmx polls."""

    element_id: str
    url: str
    interval: float
    load: bool
    swap: str
    includes_stamps: bool
    timeout: float
    etag: str = ""
    body: str = ""

    @classmethod
    def from_attributes(cls, attributes: dict[str, str]) -> Poller | None:
        trigger = attributes.get("hx-trigger", "")
        every = EVERY.search(trigger)
        if "hx-get" not in attributes or every is None:
            return None
        interval = float(every.group(1)) / (1000 if every.group(2) == "ms" else 1)
        timeout = 30.0
        if attributes.get("hx-request"):
            try:
                timeout = float(json.loads(attributes["hx-request"]).get("timeout", 0)) / 1000
            except ValueError:
                timeout = 30.0
            timeout = timeout or 30.0
        return cls(
            element_id=attributes.get("id", ""),
            url=attributes["hx-get"],
            interval=interval,
            load="load" in [part.strip().split()[0] for part in trigger.split(",") if part.strip()],
            swap=attributes.get("hx-swap", "innerHTML"),
            includes_stamps="data-live-stamp" in attributes.get("hx-include", ""),
            timeout=timeout,
        )


def pollers_in(text: str) -> list[Poller]:
    found = [Poller.from_attributes(attributes) for _, attributes in tags(text)]
    return [poller for poller in found if poller is not None]


def stamps_in(text: str) -> dict[str, str]:
    return {
        attributes["name"]: attributes.get("value", "")
        for tag, attributes in tags(text)
        if tag == "input" and "data-live-stamp" in attributes and "name" in attributes
    }


class Screen:
    """A phone or a screen: a session's cookies, its page, and the polls the page makes."""

    def __init__(self, port: int, cookies: dict[str, str], page: str, tally: Tally) -> None:
        self.port = port
        self.cookies = dict(cookies)
        self.page = page
        self.tally = tally
        self.pollers: list[Poller] = []
        self.stamps: dict[str, str] = {}
        self.page_text = ""
        self.stopping = False
        self.on_answer: list[Any] = []
        self.recording = True
        self.opened = asyncio.Event()

    async def get(
        self, path: str, extra: dict[str, str] | None = None, timeout: float = 30.0
    ) -> Answer | None:
        headers = {"Cookie": cookie_header(self.cookies), **(extra or {})}
        started = time.monotonic()
        answer = await http(self.port, "GET", path, headers, timeout=timeout)
        # Only the polls are tallied: a page opened or reloaded is not what a screen repeats.
        if self.recording and "HX-Request" in headers:
            self.tally.add(answer, time.monotonic() - started)
        if answer is not None:
            self.cookies.update(answer.cookies)
        return answer

    async def post(self, path: str, fields: dict[str, str]) -> Answer | None:
        body = urlencode(fields).encode()
        headers = {
            "Cookie": cookie_header(self.cookies),
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://127.0.0.1:{self.port}",
            "Referer": f"https://127.0.0.1:{self.port}{self.page}",
        }
        answer = await http(self.port, "POST", path, headers, body)
        if answer is not None:
            self.cookies.update(answer.cookies)
        return answer

    async def open(self) -> bool:
        answer = await self.get(self.page)
        if answer is None or answer.status != 200:
            return False
        self.page_text = answer.text
        self.pollers = pollers_in(self.page_text)
        self.stamps = stamps_in(self.page_text)
        self.opened.set()
        return True

    def csrf_token(self) -> str:
        match = CSRF_INPUT.search(self.page_text)
        return match.group(1) if match else ""

    def poll_headers(self, poller: Poller) -> dict[str, str]:
        headers = {
            "HX-Request": "true",
            "HX-Current-URL": f"https://127.0.0.1:{self.port}{self.page}",
        }
        if poller.element_id:
            headers["HX-Target"] = poller.element_id
            headers["HX-Trigger"] = poller.element_id
        if poller.etag:
            headers["If-None-Match"] = poller.etag
        return headers

    def poll_path(self, poller: Poller) -> str:
        if not poller.includes_stamps or not self.stamps:
            return poller.url
        joiner = "&" if "?" in poller.url else "?"
        return poller.url + joiner + urlencode(self.stamps)

    async def poll_once(self, poller: Poller) -> tuple[Answer | None, bool]:
        """One poll; returns the answer and whether the element was replaced."""
        answer = await self.get(
            self.poll_path(poller), self.poll_headers(poller), timeout=poller.timeout
        )
        replaced = False
        if answer is not None:
            if answer.headers.get("etag"):
                poller.etag = answer.headers["etag"]
            if answer.status == 200:
                poller.body = answer.text
                if poller.swap.startswith("outerHTML"):
                    root = next(iter(tags(answer.text)), None)
                    fresh = Poller.from_attributes(root[1]) if root else None
                    if fresh is not None:
                        fresh.etag = poller.etag
                        fresh.body = poller.body
                        poller.__dict__.update(fresh.__dict__)
                    replaced = True
                elif poller.includes_stamps:
                    self.stamps.update(stamps_in(answer.text))
        for callback in self.on_answer:
            callback(self, poller, answer)
        return answer, replaced

    async def run_poller(self, poller: Poller, until: float) -> None:
        loop = asyncio.get_running_loop()
        queued = asyncio.Event()
        in_flight = False
        next_at = loop.time() if poller.load else loop.time() + poller.interval
        while not self.stopping:
            delay = next_at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            if loop.time() >= until or self.stopping:
                return
            if in_flight:
                queued.set()
                next_at += poller.interval
                continue
            in_flight = True
            _, replaced = await self.poll_once(poller)
            in_flight = False
            while queued.is_set() and not replaced and loop.time() < until:
                queued.clear()
                _, replaced = await self.poll_once(poller)
            queued.clear()
            if replaced:
                next_at = loop.time() + poller.interval  # the new element's own timer
            else:
                next_at += poller.interval
                if next_at < loop.time():
                    next_at = loop.time()

    async def run(self, until: float) -> None:
        await asyncio.gather(*(self.run_poller(poller, until) for poller in self.pollers))


# --- Sealing a queued form as offline.js does (Web Crypto there, `cryptography` here) --------

SEAL_VERSION = 1
ITEM_INFO = b"coappoint offline seal: item key v1"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal(seal_key: str, submission: dict[str, Any]) -> str:
    """offline.js's `seal`: ECDH P-256 with a fresh key, HKDF-SHA256, AES-256-GCM."""
    key_id, public_key = seal_key.split(".")
    server = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _unb64(public_key))
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    ephemeral_raw = ephemeral.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    shared = ephemeral.exchange(ec.ECDH(), server)
    item_key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral_raw, info=ITEM_INFO
    ).derive(shared)
    iv = __import__("os").urandom(12)
    ciphertext = AESGCM(item_key).encrypt(
        iv,
        json.dumps(submission, separators=(",", ":")).encode(),
        f"coappoint-seal-v{SEAL_VERSION}|{key_id}".encode(),
    )
    return json.dumps(
        {
            "v": SEAL_VERSION,
            "kid": key_id,
            "epk": _b64(ephemeral_raw),
            "iv": _b64(iv),
            "ct": _b64(ciphertext),
        },
        separators=(",", ":"),
    )


@dataclass
class SheetPhone:
    """What a recruiter's phone needs to send its queued sheets: its session, the page's seal
    key and sealed-item address, a CSRF token, and the sheet form's field names."""

    recruiter_id: int
    cookies: dict[str, str]
    seal_key: str = ""
    sealed_url: str = ""
    csrf_token: str = ""
    criteria_fields: list[str] = field(default_factory=list)
    scale: list[str] = field(default_factory=list)


async def prepare_sheet_phone(port: int, phone: SheetPhone, candidate_id: int) -> bool:
    """Open the sheets list and one sheet (as the phone did before it went offline)."""
    screen = Screen(port, phone.cookies, f"/recruiter/scores/{candidate_id}/", Tally())
    if not await screen.open():
        return False
    phone.cookies = screen.cookies
    phone.csrf_token = screen.csrf_token()
    for tag, attributes in tags(screen.page_text):
        if tag == "script" and "data-offline-seal-key" in attributes:
            phone.seal_key = attributes["data-offline-seal-key"]
            phone.sealed_url = attributes.get("data-offline-sealed-url", "")
        if tag == "input" and attributes.get("name", "").startswith("criterion_"):
            if attributes["name"] not in phone.criteria_fields:
                phone.criteria_fields.append(attributes["name"])
            if attributes.get("value") and attributes["value"] not in phone.scale:
                phone.scale.append(attributes["value"])
    return bool(phone.seal_key and phone.csrf_token and phone.criteria_fields)


def sheet_body(phone: SheetPhone, candidate_id: int, key: str, number: int) -> bytes:
    """The POST offline.js sends for one queued sheet: the sealed form and the page's token."""
    fields = [
        [name, phone.scale[(number + i) % len(phone.scale)]]
        for i, name in enumerate(phone.criteria_fields)
    ]
    fields += [["comfortable", "yes"], ["comment", f"Sheet {number}"], ["idempotency_key", key]]
    sealed = seal(
        phone.seal_key,
        {
            "author": f"recruiter-{phone.recruiter_id}",
            "path": f"/recruiter/scores/{candidate_id}/",
            "fields": fields,
        },
    )
    return urlencode({"csrfmiddlewaretoken": phone.csrf_token, "sealed": sealed}).encode()


def sheet_headers(port: int, phone: SheetPhone) -> dict[str, str]:
    return {
        "Cookie": cookie_header(phone.cookies),
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"https://127.0.0.1:{port}",
        "Referer": f"https://127.0.0.1:{port}/recruiter/scores/",
    }


def sheet_accepted(answer: Answer | None, sheets_url: str) -> bool:
    """Stored, by the view's answers: a 2xx, a 302 to the sheets list, or 409 for a sheet already
    sent with this key (scoring.views.recruiter_sheet)."""
    if answer is None:
        return False
    if 200 <= answer.status < 300 or answer.status == 409:
        return True
    location = urlsplit(answer.headers.get("location", "")).path
    return answer.status == 302 and location == sheets_url
