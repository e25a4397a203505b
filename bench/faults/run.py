"""Fault benchmark: every sheet of a 10 x 40 event sent through a lossy proxy and two restarts.

Run with `.venv/bin/python bench/faults/run.py` (about 3 minutes; `--quick` shortens the day).
A private PostgreSQL 15 cluster with fsync on, gunicorn (5 sync workers, production settings),
and in front of it a local proxy that drops 10% of connections mid-request: half before the
whole request reaches the app (it never sees it), half after the app has it but before its
answer reaches the phone (stored, but the phone does not know). 50 phones: the event's 40
recruiters, and a second phone for 10 of them that sends the same queue with the same keys.
Each phone queues a sheet after each of its conversations and sends its queue in order as
offline.js does (sealed, to the sealed-item address, with the page's CSRF token), keeping an
item until the server answers it and trying again after a failure (every second here; offline.js
waits 30 s or the `online` event). The app server is restarted twice meanwhile (a graceful stop,
as a deploy does, and a new start). Then it counts what the database holds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "load"))

import stack
from client import SheetPhone, http, prepare_sheet_phone, sheet_accepted, sheet_body, sheet_headers

DROP_SHARE = 0.10
RETRY_SECONDS = 1.0


class LossyProxy:
    """127.0.0.1:port -> the app; drops a share of connections in the middle of a request."""

    def __init__(self, upstream_port: int, *, drop_share: float, seed: int) -> None:
        self.upstream_port = upstream_port
        self.drop_share = drop_share
        self.random = random.Random(seed)
        self.port = stack.free_port()
        self.connections = 0
        self.dropped_before = 0
        self.dropped_after = 0
        self.upstream_refused = 0
        self.server: asyncio.Server | None = None
        self.handlers: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            for handler in self.handlers:
                handler.cancel()
            await asyncio.gather(*self.handlers, return_exceptions=True)
            await self.server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        task = asyncio.current_task()
        if task is not None:
            self.handlers.add(task)
            task.add_done_callback(self.handlers.discard)
        fate = self.random.random()
        try:
            try:
                up_reader, up_writer = await asyncio.open_connection(
                    "127.0.0.1", self.upstream_port
                )
            except OSError:
                self.upstream_refused += 1  # the app server is down: the phone sees a reset
                return
            try:
                request = await _read_request(reader)
                if fate < self.drop_share / 2:
                    # Cut in the middle of the request: the app never gets all of it.
                    up_writer.write(request[: max(1, len(request) // 2)])
                    await up_writer.drain()
                    self.dropped_before += 1
                    return
                up_writer.write(request)
                await up_writer.drain()
                answer = await up_reader.read(-1)
                if fate < self.drop_share:
                    self.dropped_after += 1  # the app answered; the phone never hears it
                    return
                writer.write(answer)
                await writer.drain()
            finally:
                up_writer.close()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


async def _read_request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    body = await reader.readexactly(length) if length else b""
    return head + body


@dataclass
class Item:
    """One queued sheet on one phone: sealed once, with its idempotency key."""

    candidate_id: int
    key: str
    queued_at: float
    body: bytes = b""
    acknowledged_at: float | None = None
    attempts: int = 0
    refused_status: int | None = None


@dataclass
class Phone:
    sheet_phone: SheetPhone
    second: bool
    items: list[Item] = field(default_factory=list)


async def phone_life(
    phone: Phone, port: int, sheets_url: str, start: float, deadline: float
) -> None:
    """Queue each sheet when its conversation ends; send the queue in order, keep on failure."""
    loop = asyncio.get_running_loop()
    headers = sheet_headers(port, phone.sheet_phone)
    for item in phone.items:
        next_try = item.queued_at
        while True:
            wait = start + next_try - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if loop.time() > deadline:
                return
            item.attempts += 1
            answer = await http(
                port, "POST", phone.sheet_phone.sealed_url, headers, item.body, timeout=10
            )
            if sheet_accepted(answer, sheets_url):
                item.acknowledged_at = loop.time() - start
                break
            if answer is not None and 400 <= answer.status < 500:
                item.refused_status = answer.status  # kept on the phone to fix: not resent
                break
            # Offline, a reset or a 5xx: the item waits, and the rest wait behind it.
            next_try = loop.time() - start + RETRY_SECONDS


@dataclass
class Restart:
    stopped_at: float  # asked to stop (SIGTERM)
    down_at: float  # its workers had finished and it had exited
    ready_at: float  # the new server answered


async def restarts(
    server: stack.AppServer, at: list[float], start: float, log: list[Restart]
) -> None:
    loop = asyncio.get_running_loop()
    for moment in at:
        await asyncio.sleep(max(0.0, start + moment - loop.time()))
        stopped = loop.time() - start
        stack.log(f"restarting the app server at {stopped:.1f} s")
        await asyncio.to_thread(server.stop)
        down = loop.time() - start
        await asyncio.to_thread(server.start)
        log.append(Restart(stopped_at=stopped, down_at=down, ready_at=loop.time() - start))


async def the_day(
    *, app_port: int, server: stack.AppServer, seed: dict[str, Any], options: argparse.Namespace
) -> tuple[list[Phone], list[Restart], LossyProxy, float]:
    event = seed["scoring"][0]
    owed: dict[int, list[int]] = {}
    for recruiter_id, candidate_id in event["owed"]:
        owed.setdefault(recruiter_id, []).append(candidate_id)
    rng = random.Random(20)
    phones: list[Phone] = []
    first_phones: dict[int, Phone] = {}
    sessions = [(r, False) for r in event["recruiters"]] + [
        (r, True) for r in event["second_phones"]
    ]
    for recruiter, second in sessions:
        sheet_phone = SheetPhone(recruiter["id"], recruiter["cookies"])
        candidates = owed.get(recruiter["id"], [])
        if not candidates or not await prepare_sheet_phone(app_port, sheet_phone, candidates[0]):
            raise RuntimeError(f"phone of recruiter {recruiter['id']} could not open its sheets")
        phone = Phone(sheet_phone, second)
        spacing = options.day_seconds / max(len(candidates), 1)
        for position, candidate_id in enumerate(candidates):
            if second:
                # The same queue, the same keys: a second phone re-sending what the first holds.
                key = first_phones[recruiter["id"]].items[position].key
                due = first_phones[recruiter["id"]].items[position].queued_at + rng.uniform(0, 2)
            else:
                key = str(uuid.uuid4())
                due = (position + 1) * spacing + rng.uniform(-spacing / 3, spacing / 3)
            item = Item(candidate_id=candidate_id, key=key, queued_at=max(0.0, due))
            item.body = sheet_body(sheet_phone, candidate_id, key, position)
            phone.items.append(item)
        phones.append(phone)
        if not second:
            first_phones[recruiter["id"]] = phone
    proxy = LossyProxy(app_port, drop_share=DROP_SHARE, seed=7)
    await proxy.start()
    loop = asyncio.get_running_loop()
    start = loop.time()
    deadline = start + options.day_seconds + options.drain_seconds
    restart_log: list[Restart] = []
    moments = [options.day_seconds * 0.3, options.day_seconds * 0.65]
    await asyncio.gather(
        restarts(server, moments, start, restart_log),
        *(phone_life(phone, proxy.port, seed["sheets_url"], start, deadline) for phone in phones),
    )
    elapsed = loop.time() - start
    await proxy.stop()
    return phones, restart_log, proxy, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a 30 s day instead of 90 s")
    parser.add_argument("--day-seconds", type=float, default=90.0)
    parser.add_argument("--drain-seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=5)
    options = parser.parse_args()
    if options.quick:
        options.day_seconds = 30.0
    started = time.monotonic()
    cluster = stack.PostgresCluster(fsync=True).start()
    work = stack.work_directory("coappoint-bench-faults.")
    environment = stack.app_environment(cluster.url, work)
    stack.log(f"PostgreSQL {cluster.version()} (fsync on) on port {cluster.port}; migrating")
    stack.prepare_app(environment)
    stack.log("seeding a 10 x 40 event with scoring open")
    seed_file = work / "seed.json"
    stack.run_script(
        environment,
        stack.BENCH_LOAD / "seed.py",
        "--live",
        "0",
        "--scoring",
        "1",
        "--second-phones",
        "10",
        "--out",
        str(seed_file),
    )
    seed: dict[str, Any] = json.loads(seed_file.read_text())
    server = stack.AppServer(environment, workers=options.workers).start()
    stack.log(f"gunicorn on port {server.port}; the day starts")
    phones, restart_log, proxy, elapsed = asyncio.run(
        the_day(app_port=server.port, server=server, seed=seed, options=options)
    )
    report(cluster, seed, phones, restart_log, proxy, elapsed, time.monotonic() - started)
    server.stop()
    return 0


def report(
    cluster: stack.PostgresCluster,
    seed: dict[str, Any],
    phones: list[Phone],
    restart_log: list[Restart],
    proxy: LossyProxy,
    elapsed: float,
    total: float,
) -> None:
    event = seed["scoring"][0]
    owed = {(r, c) for r, c in event["owed"]}
    event_id = int(event["event_id"])
    columns = "idempotency_key, recruiter_id, candidate_id"
    sql = f"SELECT {columns} FROM scoring_scoresheet WHERE event_id = {event_id}"  # noqa: S608
    rows = cluster.psql(sql).splitlines()
    stored_pairs: dict[tuple[int, int], int] = {}
    stored_keys: dict[str, int] = {}
    for row in rows:
        key, recruiter, candidate = row.split("|")
        stored_pairs[(int(recruiter), int(candidate))] = (
            stored_pairs.get((int(recruiter), int(candidate)), 0) + 1
        )
        stored_keys[key] = stored_keys.get(key, 0) + 1
    our_keys = {item.key for phone in phones for item in phone.items}
    items = [item for phone in phones for item in phone.items]
    first_items = [item for phone in phones if not phone.second for item in phone.items]
    lost = len(owed - set(stored_pairs))
    duplicated = sum(count - 1 for count in stored_pairs.values()) + sum(
        1 for key in stored_keys if key not in our_keys
    )
    acknowledged = sum(1 for item in items if item.acknowledged_at is not None)
    refused = [item.refused_status for item in items if item.refused_status is not None]
    attempts = sum(item.attempts for item in items)
    print(
        f"\nFaults, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL "
        f"{cluster.version()} (fsync on), gunicorn 5 sync workers; {total / 60:.1f} minutes in "
        "all; "
        f"load average at the end {' '.join(Path('/proc/loadavg').read_text().split()[:3])}."
    )
    print(
        f"\n50 phones (40 recruiters, and a second phone for 10 of them re-sending the same queue "
        f"with the same keys), {len(owed)} sheets owed; a proxy dropping {DROP_SHARE:.0%} of "
        f"connections mid-request; two restarts; retry every {RETRY_SECONDS:g} s.\n"
    )
    print(
        "| sent (sheets, of them re-sent by second phones) | POSTs tried | acknowledged on the "
        "phone | refused (4xx) | stored | lost | duplicated | goal |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    met = lost == 0 and duplicated == 0 and len(stored_pairs) == len(owed)
    print(
        f"| {len(first_items)} ({len(items) - len(first_items)}) | {attempts} | {acknowledged} of "
        f"{len(items)} | {len(refused)}{' ' + str(sorted(set(refused))) if refused else ''} | "
        f"{len(stored_pairs)} of {len(owed)} | {lost} | {duplicated} | "
        f"{'met' if met else 'NOT MET'} (all stored, 0 lost, 0 duplicated) |"
    )
    print(
        f"\nProxy: {proxy.connections} connections, dropped {proxy.dropped_before} before the app "
        f"had the request and {proxy.dropped_after} after it answered; {proxy.upstream_refused} "
        f"found the app server down. The day took {elapsed:.1f} s.\n"
    )
    print(
        "| restart | asked to stop at s | stopped at s | serving again at s | not serving s "
        "| drained at s | drain s |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for number, restart in enumerate(restart_log, start=1):
        # Drained: every sheet queued before the server was back has reached a phone's answer.
        waiting = [item for item in items if item.queued_at <= restart.ready_at]
        unanswered = [
            item for item in waiting if item.acknowledged_at is None and item.refused_status is None
        ]
        drained = max((item.acknowledged_at or 0.0 for item in waiting), default=restart.ready_at)
        drain = "never" if unanswered else f"{max(0.0, drained - restart.ready_at):.1f}"
        print(
            f"| {number} | {restart.stopped_at:.1f} | {restart.down_at:.1f} | "
            f"{restart.ready_at:.1f} | "
            f"{restart.ready_at - restart.stopped_at:.1f} | {drained:.1f} | {drain} |"
        )


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
