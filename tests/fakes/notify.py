"""A fake GOV.UK Notify: a real HTTP server on 127.0.0.1 speaking the parts of the v2 API the
project uses, driven through the official client by `GOVUK_NOTIFY_BASE_URL`.

Shapes follow alphagov/notifications-api (app/v2/notifications/create_response.py,
Notification.serialize_with_cost_data in app/models.py, the delivery-status callback in
app/celery/service_callback_tasks.py; compared field by field on 2026-12-02): POST
/v2/notifications/{email,sms} answers 201 with `id`, `reference`, `content`, `template`, `uri`;
GET /v2/notifications?reference= answers {"notifications": [...], "links": {...}}; GET
/v2/notifications/{id} one notification; errors are {"status_code", "errors": [{"error",
"message"}]}. Each request's JWT is checked (HS256, `iss` the service id) as Notify does.

Faults are scripted per send: `fail_next("500" | "429" | "timeout")`. A "timeout" keeps the
message (as a Notify that answered too late would) and answers after the client gave up.
Addresses in `permanent_failures` are accepted and then reported undeliverable.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import requests

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"coappoint_test-{SERVICE_ID}-{SECRET}"


@dataclass
class Notification:
    id: str
    type: str
    to: str
    template_id: str
    personalisation: dict[str, Any]
    reference: str | None
    status: str
    created_at: str

    def as_json(self, base_url: str) -> dict[str, Any]:
        body = str(self.personalisation.get("body", ""))
        return {
            "id": self.id,
            "reference": self.reference,
            "email_address": self.to if self.type == "email" else None,
            "phone_number": self.to if self.type == "sms" else None,
            **{f"line_{n}": None for n in range(1, 7)},
            "postcode": None,
            "type": self.type,
            "status": self.status,
            "template": {
                "id": self.template_id,
                "version": 1,
                "uri": f"{base_url}/v2/template/{self.template_id}/version/1",
            },
            "body": body,
            "subject": self.personalisation.get("subject") if self.type == "email" else None,
            "created_at": self.created_at,
            "created_by_name": None,
            "sent_at": self.created_at,
            "completed_at": None,
            "scheduled_for": None,
            "postage": None,
            "one_click_unsubscribe_url": None,
            # serialize_with_cost_data adds these; an SMS's cost is ready once it is delivered.
            "cost_details": {},
            "cost_in_pounds": 0.0,
            "is_cost_data_ready": True,
        }


@dataclass
class FakeNotify:
    base_url: str = ""
    notifications: list[Notification] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)
    permanent_failures: set[str] = field(default_factory=set)
    # Each recipient's first send fails with this fault (then succeeds), if set.
    first_attempt_fault: str | None = None
    timeout_seconds: float = 2.0
    requests_seen: list[tuple[str, str]] = field(default_factory=list)
    _tried: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, *faults: str) -> None:
        with self.lock:
            self.faults.extend(faults)

    def sent_to(self, to: str) -> list[Notification]:
        with self.lock:
            return [n for n in self.notifications if n.to == to]

    def _next_fault(self, to: str) -> str | None:
        with self.lock:
            if self.faults:
                return self.faults.pop(0)
            if self.first_attempt_fault and to not in self._tried:
                self._tried.add(to)
                return self.first_attempt_fault
            self._tried.add(to)
            return None

    def post_receipts(self, url: str, token: str) -> None:
        """Send Notify's delivery receipt for every message, as its callback would."""
        for notification in list(self.notifications):
            requests.post(
                url,
                json={
                    "id": notification.id,
                    "reference": notification.reference,
                    "to": notification.to,
                    "status": notification.status,
                    "created_at": notification.created_at,
                    "completed_at": notification.created_at,
                    "sent_at": notification.created_at,
                    "notification_type": notification.type,
                    "template_id": notification.template_id,
                    "template_version": 1,
                },
                headers={"Authorization": f"Bearer {token}"},
                timeout=5,
            ).raise_for_status()


def _handler(fake: FakeNotify) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

        def _answer(self, status: int, document: dict[str, Any]) -> None:
            payload = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            try:
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped waiting (a scripted timeout)

        def _error(self, status: int, error: str, message: str) -> None:
            self._answer(
                status, {"status_code": status, "errors": [{"error": error, "message": message}]}
            )

        def _authorised(self) -> bool:
            header = self.headers.get("Authorization", "")
            try:
                claims = jwt.decode(
                    header.removeprefix("Bearer "),
                    SECRET,
                    algorithms=["HS256"],
                    options={"require": ["iss", "iat"]},
                )
            except jwt.PyJWTError as error:
                self._error(403, "AuthError", f"Invalid token: {error}")
                return False
            if claims["iss"] != SERVICE_ID:
                self._error(403, "AuthError", "Invalid token: service not found")
                return False
            return True

        def do_POST(self) -> None:
            fake.requests_seen.append(("POST", self.path))
            length = int(self.headers.get("Content-Length", "0"))
            document = json.loads(self.rfile.read(length) or b"{}")
            if not self._authorised():
                return
            kind = {"/v2/notifications/email": "email", "/v2/notifications/sms": "sms"}.get(
                self.path
            )
            if kind is None:
                self._error(404, "BadRequestError", "Not found")
                return
            to = document.get("email_address" if kind == "email" else "phone_number", "")
            if not to or not document.get("template_id"):
                self._error(400, "ValidationError", "email_address is a required property")
                return
            fault = fake._next_fault(to)
            if fault == "500":
                self._error(500, "Exception", "Internal server error")
                return
            if fault == "429":
                self._error(
                    429,
                    "RateLimitError",
                    "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
                )
                return
            notification = Notification(
                id=str(uuid.uuid4()),
                type=kind,
                to=to,
                template_id=document["template_id"],
                personalisation=document.get("personalisation") or {},
                reference=document.get("reference"),
                status="permanent-failure" if to in fake.permanent_failures else "delivered",
                created_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            )
            with fake.lock:
                fake.notifications.append(notification)
            if fault == "timeout":
                # Notify took it but answers after the client has stopped waiting.
                time.sleep(fake.timeout_seconds)
            uri = f"{fake.base_url}/v2/notifications/{notification.id}"
            content: dict[str, Any] = {"body": notification.personalisation.get("body", "")}
            if kind == "email":
                content |= {
                    "subject": notification.personalisation.get("subject", ""),
                    "from_email": "coappoint@notifications.service.gov.uk",
                    "one_click_unsubscribe_url": None,
                }
            else:
                content["from_number"] = "GOVUK"
            self._answer(
                201,
                {
                    "id": notification.id,
                    "reference": notification.reference,
                    "content": content,
                    "uri": uri,
                    "template": {
                        "id": notification.template_id,
                        "version": 1,
                        "uri": f"{fake.base_url}/services/{SERVICE_ID}/templates/"
                        f"{notification.template_id}",
                    },
                    "scheduled_for": None,
                },
            )

        def do_GET(self) -> None:
            fake.requests_seen.append(("GET", self.path))
            if not self._authorised():
                return
            url = urlparse(self.path)
            if url.path == "/v2/notifications":
                reference = parse_qs(url.query).get("reference", [None])[0]
                with fake.lock:
                    found = [
                        n.as_json(fake.base_url)
                        for n in reversed(fake.notifications)
                        if reference is None or n.reference == reference
                    ]
                self._answer(
                    200,
                    {
                        "notifications": found,
                        "links": {"current": f"{fake.base_url}/v2/notifications"},
                    },
                )
                return
            if url.path.startswith("/v2/notifications/"):
                wanted = url.path.rsplit("/", 1)[-1]
                with fake.lock:
                    match = [n for n in fake.notifications if n.id == wanted]
                if match:
                    self._answer(200, match[0].as_json(fake.base_url))
                else:
                    self._error(404, "NoResultFound", "No result found")
                return
            self._error(404, "BadRequestError", "Not found")

    return Handler


def running_fake_notify() -> Iterator[FakeNotify]:
    """Start a fake Notify on a free port of 127.0.0.1; stop it when the caller is done."""
    fake = FakeNotify()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
