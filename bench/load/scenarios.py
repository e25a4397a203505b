"""What the load benchmark sends: each poll kind in its steady state, new sheets, live events.

The requests for wrk are taken from real screens: each opens its page and polls until its
answer no longer changes, and the request it would send next (URL, stamps, ETag, headers) is
the "unchanged" poll. A "changed" now-and-next is the same request naming a digest the panel
no longer has, without an ETag. The live events are simulated here, in asyncio.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import statistics
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from client import (
    Answer,
    Poller,
    Screen,
    SheetPhone,
    Tally,
    prepare_sheet_phone,
    sheet_body,
    sheet_headers,
    stamps_in,
    tags,
)
from wrk import Request

RECRUITER_PAGE = "/recruiter/conversations/"
ROUND = re.compile(r"Round (\d+) of \d+")
STALE_SHOWN = re.compile(r"([?&]shown=)[^&]*")


def event_pages(event: dict[str, Any]) -> dict[str, str]:
    base = f"/o/{event['slug']}/events/{event['event_id']}/"
    return {
        "big_screen": base + "big-screen/",
        "run": base + "run/",
        "board": base + "co-design/board/",
    }


def poll_request(screen: Screen, poller: Poller) -> Request:
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in screen.cookies.items())}
    headers.update(screen.poll_headers(poller))
    return Request("GET", screen.poll_path(poller), headers)


async def steady(screen: Screen, poller: Poller, tries: int = 3) -> None:
    """Poll until the answer stops changing (a 204/304), or `tries` times."""
    for _ in range(tries):
        answer, _ = await screen.poll_once(poller)
        if answer is None or answer.status in (204, 304):
            return


async def _bounded(coroutines: list[Any], limit: int = 8) -> list[Any]:
    gate = asyncio.Semaphore(limit)

    async def one(coroutine: Any) -> Any:
        async with gate:
            return await coroutine

    return await asyncio.gather(*(one(c) for c in coroutines))


@dataclass
class PollRequests:
    """The requests of each kind of poll, one per screen, in their steady state."""

    kinds: dict[str, list[Request]] = field(default_factory=dict)


async def poll_requests(port: int, seed: dict[str, Any], phones_per_kind: int) -> PollRequests:
    found = PollRequests()
    live = seed["live"]
    phones = [recruiter["cookies"] for event in live for recruiter in event["recruiters"]][
        :phones_per_kind
    ]

    async def phone(cookies: dict[str, str]) -> tuple[Request, Request, Request] | None:
        screen = Screen(port, cookies, RECRUITER_PAGE, Tally())
        if not await screen.open():
            return None
        by_id = {poller.element_id: poller for poller in screen.pollers}
        now_next, nudges = by_id["now-next"], by_id["nudges"]
        await steady(screen, now_next)
        await steady(screen, nudges)
        unchanged = poll_request(screen, now_next)
        changed = Request(
            "GET",
            STALE_SHOWN.sub(r"\g<1>0000000000000000", unchanged.path),
            {k: v for k, v in unchanged.headers.items() if k != "If-None-Match"},
        )
        return unchanged, changed, poll_request(screen, nudges)

    results = [r for r in await _bounded([phone(c) for c in phones]) if r is not None]
    found.kinds["now-next, unchanged"] = [r[0] for r in results]
    found.kinds["nudges, unchanged"] = [r[2] for r in results]
    found.kinds["now-next, changed"] = [r[1] for r in results]

    async def staff(event: dict[str, Any], page: str, who: str, element: str) -> Request | None:
        screen = Screen(port, event[who], event_pages(event)[page], Tally())
        if not await screen.open():
            return None
        poller = next(p for p in screen.pollers if p.element_id == element)
        await steady(screen, poller)
        return poll_request(screen, poller)

    for kind, page, who, element in (
        ("big screen, unchanged", "big_screen", "screen", "big-screen-live"),
        ("co-design board, unchanged", "board", "screen", "board-live"),
        ("facilitator's run page", "run", "facilitator", "run-live"),
    ):
        requests = await _bounded([staff(event, page, who, element) for event in live])
        found.kinds[kind] = [r for r in requests if r is not None]
    return found


@dataclass
class Sheets:
    """Sealed sheets to send, each to a pair still owed, and the keys they carry."""

    requests: list[Request]
    keys: list[str]
    prepared_phones: int


async def sheet_requests(port: int, seed: dict[str, Any]) -> Sheets:
    requests: list[Request] = []
    keys: list[str] = []
    phones: list[tuple[SheetPhone, list[int]]] = []
    for event in seed["scoring"]:
        owed: dict[int, list[int]] = {}
        for recruiter_id, candidate_id in event["owed"]:
            owed.setdefault(recruiter_id, []).append(candidate_id)
        for recruiter in event["recruiters"]:
            if owed.get(recruiter["id"]):
                phones.append(
                    (SheetPhone(recruiter["id"], recruiter["cookies"]), owed[recruiter["id"]])
                )
    prepared = await _bounded(
        [prepare_sheet_phone(port, phone, candidates[0]) for phone, candidates in phones]
    )
    ready = [pair for pair, ok in zip(phones, prepared, strict=True) if ok]
    # Interleaved by recruiter, so neighbouring requests are different events and phones.
    longest = max((len(candidates) for _, candidates in ready), default=0)
    number = 0
    for position in range(longest):
        for phone, candidates in ready:
            if position < len(candidates):
                key = str(uuid.uuid4())
                body = sheet_body(phone, candidates[position], key, number)
                requests.append(
                    Request("POST", phone.sealed_url, sheet_headers(port, phone), body.decode())
                )
                keys.append(key)
                number += 1
    return Sheets(requests=requests, keys=keys, prepared_phones=len(ready))


# --- Many live events at once ------------------------------------------------------------


@dataclass
class StepResult:
    events: int
    seconds: float
    requests: int
    per_second: float
    per_event_per_second: float
    p50_ms: float
    p99_ms: float
    answers: dict[str, int]
    bytes: int
    told_p99_s: float
    told_max_s: float
    not_told: int
    screens: int
    client_cpu_seconds: float
    moved: int

    @property
    def held(self) -> bool:
        return (
            self.p99_ms <= 250
            and self.moved == self.events
            and self.not_told == 0
            and self.told_max_s <= 2.0
        )


class LiveEvent:
    """Forty phones, a big screen and the facilitator's run page of one event."""

    def __init__(self, port: int, event: dict[str, Any], tally: Tally) -> None:
        pages = event_pages(event)
        self.phones = [
            Screen(port, recruiter["cookies"], RECRUITER_PAGE, tally)
            for recruiter in event["recruiters"]
        ]
        self.big_screen = Screen(port, event["screen"], pages["big_screen"], tally)
        self.facilitator = Screen(port, event["facilitator"], pages["run"], tally)
        self.sent_at: float | None = None
        self.changed_at: float | None = None
        self.new_round: int | None = None
        self.moved = False
        self.told: dict[int, float] = {}
        for screen in [*self.phones, self.big_screen]:
            screen.on_answer.append(self._heard)

    @property
    def screens(self) -> list[Screen]:
        return [*self.phones, self.big_screen, self.facilitator]

    def _heard(self, screen: Screen, poller: Poller, answer: Answer | None) -> None:
        if self.sent_at is None or answer is None or answer.status != 200:
            return
        if id(screen) in self.told or poller.element_id == "nudges":
            return
        match = ROUND.search(answer.text)
        if match and int(match.group(1)) == self.new_round:
            # Heard before the facilitator's own answer came back counts as at once.
            self.told[id(screen)] = time.monotonic()

    async def move_to_next_round(self) -> bool:
        """Press "Next round" on the run page: its form, with its CSRF token; then the page."""
        screen = self.facilitator
        action, fields = "", {}
        current = ""
        for tag, attributes in tags(screen.page_text):
            if tag == "form":
                current = attributes.get("action", "")
            elif tag == "input" and current.endswith("/rotation/next/") and "name" in attributes:
                action = current
                fields[attributes["name"]] = attributes.get("value", "")
        if not action:
            return False
        round_index = int(fields.get("round", "0"))
        self.new_round = round_index + 2  # shown counting from 1
        self.sent_at = time.monotonic()
        answer = await screen.post(action, fields)
        if answer is None or answer.status != 302:
            self.sent_at = None
            return False
        self.changed_at = time.monotonic()
        self.moved = True
        page = await screen.get(screen.page)
        if page is not None and page.status == 200:
            screen.page_text = page.text
            screen.stamps.update(stamps_in(page.text))
        return True


async def run_step(
    port: int, seed: dict[str, Any], events: int, *, warm_up: float, seconds: float
) -> StepResult:
    tally = Tally()
    live = [LiveEvent(port, event, tally) for event in seed["live"][:events]]
    # The run pages and big screens are open before the phones arrive, as on the day.
    screens = [screen for event in live for screen in event.screens[::-1]]
    screens.sort(key=lambda screen: screen.page == RECRUITER_PAGE)
    loop = asyncio.get_running_loop()
    start = loop.time()
    until = start + warm_up + seconds
    cpu_before = time.process_time()

    async def screen_life(screen: Screen, delay: float) -> None:
        screen.recording = False
        await asyncio.sleep(delay)
        if await screen.open():
            await screen.run(until)

    async def recorder() -> None:
        await asyncio.sleep(warm_up)
        tally.answers.clear()
        tally.latencies.clear()
        tally.bytes = 0
        for screen in screens:
            screen.recording = True

    async def changes() -> None:
        # Each facilitator presses "Next round" a third into the run, spread over half a second.
        presses = []
        for index, event in enumerate(live):
            at = start + warm_up + seconds / 3 + index * 0.5 / len(live)
            await asyncio.sleep(max(0.0, at - loop.time()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.facilitator.opened.wait(), until - loop.time())
            presses.append(asyncio.ensure_future(event.move_to_next_round()))
        await asyncio.gather(*presses)

    spread = max(1.0, warm_up - 1.0)
    await asyncio.gather(
        recorder(),
        changes(),
        *(
            screen_life(screen, spread * index / len(screens))
            for index, screen in enumerate(screens)
        ),
    )
    cpu = time.process_time() - cpu_before
    told = [
        max(0.0, at - event.changed_at)
        for event in live
        if event.changed_at is not None
        for at in event.told.values()
    ]
    expected = sum(len(event.phones) + 1 for event in live)
    moved = sum(1 for event in live if event.moved)
    latencies = sorted(tally.latencies)
    requests = len(latencies)
    return StepResult(
        events=events,
        seconds=seconds,
        requests=requests,
        per_second=requests / seconds,
        per_event_per_second=requests / seconds / events,
        p50_ms=1000 * statistics.median(latencies) if latencies else 0.0,
        p99_ms=1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
        if latencies
        else 0.0,
        answers=dict(tally.answers),
        bytes=tally.bytes,
        told_p99_s=sorted(told)[min(len(told) - 1, int(0.99 * len(told)))] if told else 0.0,
        told_max_s=max(told, default=0.0),
        not_told=expected - len(told),
        screens=len(screens),
        client_cpu_seconds=cpu,
        moved=moved,
    )
