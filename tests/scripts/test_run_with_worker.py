"""`make run` serves and runs queued tasks: the web server and the worker start together, and
Ctrl+C stops both.

Runs scripts/run_with_worker.py, as `make run` does, against a database of its own, and proves
the worker (not the command that queued them) sent two queued messages. Every wait polls for
its condition with a generous deadline: CI machines are busy.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from tests.fakes.notify import API_KEY, FakeNotify, running_fake_notify

pytestmark = pytest.mark.processes

PROJECT = Path(__file__).resolve().parents[2]
DEADLINE_SECONDS = 180.0
T = TypeVar("T")


def _wait_for(what: str, probe: Callable[[], T | None], deadline: float = DEADLINE_SECONDS) -> T:
    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        value = probe()
        if value is not None and value is not False:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting {deadline:.0f} s for {what}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has ended: it is only waiting to be reaped.
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(") ", 1)[-1].startswith("Z"))


@pytest.fixture
def notify() -> Iterator[FakeNotify]:
    yield from running_fake_notify()


@pytest.fixture
def environment(tmp_path: Path, notify: FakeNotify) -> dict[str, str]:
    database = tmp_path / "coappoint.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "COAPPOINT_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="coappoint.settings.development",
        DATABASE_URL=f"sqlite:///{database}",
        COAPPOINT_DATA_DIR=str(tmp_path),
        # Messages kept in the outbox never reach a task: send them, to a fake Notify.
        COAPPOINT_NOTIFY_BACKEND="govuk",
        GOVUK_NOTIFY_API_KEY=API_KEY,
        GOVUK_NOTIFY_EMAIL_TEMPLATE_ID="b3c4d5e6-0000-4000-8000-00000000e1a1",
        GOVUK_NOTIFY_SMS_TEMPLATE_ID="b3c4d5e6-0000-4000-8000-0000000005a5",
        GOVUK_NOTIFY_BASE_URL=notify.base_url,
        PYTHONUNBUFFERED="1",
    )
    return env


def _coappoint(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coappoint", *arguments],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=DEADLINE_SECONDS,
        check=False,
    )


@pytest.fixture
def running(
    environment: dict[str, str], tmp_path: Path
) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    migrated = _coappoint(environment, "manage", "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr
    assert _coappoint(environment, "housekeeping").returncode == 0
    port = _free_port()
    log = tmp_path / "run.log"
    with log.open("wb") as output:
        supervisor = subprocess.Popen(
            [
                sys.executable,
                "scripts/run_with_worker.py",
                "--port",
                str(port),
                "--interval",
                "0.2",
            ],
            env=environment,
            cwd=PROJECT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield supervisor, port, log
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()


def _health(port: int) -> tuple[int, dict[str, str]] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def test_make_run_serves_pages_runs_a_queued_task_and_stops_both_on_ctrl_c(
    running: tuple[subprocess.Popen[bytes], int, Path],
    environment: dict[str, str],
    notify: FakeNotify,
    tmp_path: Path,
) -> None:
    supervisor, port, log = running
    started = _wait_for(
        "the supervisor to start both",
        lambda: re.search(r"web \(pid (\d+)\) and worker \(pid (\d+)\)", log.read_text()),
    )
    web, worker = int(started[1]), int(started[2])

    assert _wait_for("the web server to answer", lambda: _health(port)) == (200, {"status": "ok"})

    # Queue two messages; the command sends them itself only if no worker has within the wait,
    # so a wait longer than the deadline leaves them to the worker.
    checked = _coappoint(
        environment,
        "notify", "check", "--email", "amina@example.com", "--phone", "07700900123",
        "--wait-for-worker", str(DEADLINE_SECONDS * 2), "--timeout", str(DEADLINE_SECONDS),
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr

    with sqlite3.connect(tmp_path / "coappoint.sqlite3") as database:
        statuses = database.execute("SELECT status FROM notify_message").fetchall()
        tasks = database.execute(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
        ).fetchall()
    assert statuses == [("sending",), ("sending",)]  # Notify took them
    assert len(notify.sent_to("amina@example.com")) == 1
    assert [status for status, _ in tasks] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert all(json.loads(worker_ids) for _, worker_ids in tasks)  # run by the worker

    supervisor.send_signal(signal.SIGINT)

    assert _wait_for("the supervisor to stop", lambda: supervisor.poll() is not None)
    assert supervisor.returncode == 0
    _wait_for("the web server and worker to end", lambda: not (_alive(web) or _alive(worker)))


def test_if_the_worker_dies_the_web_server_is_stopped_too(
    running: tuple[subprocess.Popen[bytes], int, Path],
) -> None:
    supervisor, port, log = running
    started = _wait_for(
        "the supervisor to start both",
        lambda: re.search(r"web \(pid (\d+)\) and worker \(pid (\d+)\)", log.read_text()),
    )
    web, worker = int(started[1]), int(started[2])
    _wait_for("the web server to answer", lambda: _health(port))

    os.kill(worker, signal.SIGKILL)

    assert _wait_for("the supervisor to stop", lambda: supervisor.poll() is not None)
    assert supervisor.returncode != 0
    _wait_for("the web server to end", lambda: not _alive(web))
