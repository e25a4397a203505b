"""A fake mail server: aiosmtpd on 127.0.0.1 keeping every message it takes.

`refuse_next(code)` makes the next message's DATA fail with that SMTP reply (451 temporary,
550 permanent) so the project's retry and give-up paths meet a real server.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class FakeSmtp:
    host: str = "127.0.0.1"
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    refusals: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refuse_next(self, *codes: int) -> None:
        with self.lock:
            self.refusals.extend(codes)

    def sent_to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if address in str(m["To"])]

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            if self.refusals:
                code = self.refusals.pop(0)
                return f"{code} Try again later" if code < 500 else f"{code} Mailbox unavailable"
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            self.messages.append(message)
        return "250 OK"


def running_fake_smtp() -> Iterator[FakeSmtp]:
    fake = FakeSmtp()
    # aiosmtpd checks its server by connecting to the port it was given, so it needs a real one.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        fake.port = probe.getsockname()[1]
    controller = Controller(fake, hostname="127.0.0.1", port=fake.port)
    controller.start()
    try:
        yield fake
    finally:
        controller.stop()
