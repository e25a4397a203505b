"""`make run`'s two processes: the web server and the task worker, started and stopped together.

Ctrl+C (SIGINT) or SIGTERM stops both, each once and gracefully (the worker finishes the task it
is running); if either exits by itself, the other is stopped and this exits with its code, so a
worker that cannot start is never left unnoticed behind a working web server.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from types import FrameType

# How long each process may take to stop before it is killed: the worker finishes its task.
GRACE_SECONDS = 30.0
POLL_SECONDS = 0.2
PR_SET_PDEATHSIG = 1


def commands(*, host: str, port: int, interval: float) -> dict[str, list[str]]:
    manage = [sys.executable, "-m", "coappoint", "manage"]
    return {
        "web": [*manage, "runserver", f"{host}:{port}", "--noreload"],
        # Every queue, so tasks on a queue of their own are run too; no reloader (its child
        # would not get our signals), no random start-up delay (there is no herd of one).
        "worker": [
            *manage,
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            str(interval),
            "--no-reload",
            "--no-startup-delay",
        ],
    }


def _die_with_parent() -> None:
    """In the child: be sent SIGTERM if this supervisor dies, even by SIGKILL (Linux only)."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _start(command: list[str]) -> subprocess.Popen[bytes]:
    # A process group of its own: Ctrl+C in the terminal reaches only this supervisor, which
    # stops each process once. (A second SIGINT makes the worker abandon its task.)
    return subprocess.Popen(command, process_group=0, preexec_fn=_die_with_parent)  # noqa: S603


def _stop(processes: dict[str, subprocess.Popen[bytes]]) -> None:
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for process in processes.values():
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--interval", type=float, default=1.0, help="Seconds the idle worker waits between looks."
    )
    arguments = parser.parse_args(argv)

    received: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    processes: dict[str, subprocess.Popen[bytes]] = {}
    for name, command in commands(
        host=arguments.host, port=arguments.port, interval=arguments.interval
    ).items():
        processes[name] = _start(command)
    print(
        "run_with_worker: "
        + " and ".join(f"{name} (pid {process.pid})" for name, process in processes.items())
        + " started",
        flush=True,
    )
    exited: str | None = None
    while not received and exited is None:
        exited = next((name for name, p in processes.items() if p.poll() is not None), None)
        if exited is None:
            time.sleep(POLL_SECONDS)
    if exited is not None:
        print(f"run_with_worker: the {exited} stopped; stopping the rest.", file=sys.stderr)
    else:
        print("run_with_worker: stopping the web server and the worker.", flush=True)
    _stop(processes)
    if exited is None:
        return 0
    return processes[exited].returncode or 1


if __name__ == "__main__":
    sys.exit(main())
