"""The throwaway stack both benchmarks run on: a private PostgreSQL 15 cluster and gunicorn.

Everything listens on 127.0.0.1 at a free port, lives in a temporary directory and is stopped
on exit (atexit, and on SIGINT/SIGTERM): a system cluster is never touched. As root, the
cluster runs as the `postgres` user, as `.ci/run` does.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[2]
BENCH_LOAD = Path(__file__).resolve().parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
SETTINGS = "bench_settings"
TRIVIAL_PATH = "/bench/trivial/"
# Every request says it came through the TLS proxy in front of the app servers, as production
# does (SECURE_PROXY_SSL_HEADER): no redirect to HTTPS, secure cookies and CSRF origins hold.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}

_cleanups: list[tuple[str, object]] = []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresCluster:
    """A private cluster: initdb in a temporary directory, trust auth, 127.0.0.1 only."""

    def __init__(self, *, fsync: bool, max_connections: int = 200) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="coappoint-bench-pg."))
        self.data = self.directory / "data"
        self.port = free_port()
        self.fsync = fsync
        self.max_connections = max_connections
        self.started = False

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/coappoint"

    def start(self) -> PostgresCluster:
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        _register(self.stop)
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        durability = (
            "-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
            if self.fsync
            else "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            f"-c max_connections={self.max_connections} {durability}"
        )
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.directory / "log"),
                    "-w",
                    "-o",
                    options,
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.started = True
        self.psql("CREATE DATABASE coappoint", database="postgres")
        return self

    def psql(self, sql: str, *, database: str = "coappoint") -> str:
        """One statement's result, unaligned, tuples only."""
        result = subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "psql"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-U",
                    "postgres",
                    "-d",
                    database,
                    "-At",
                    "-c",
                    sql,
                ]
            ),
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip()

    def backend_pids(self) -> list[int]:
        """The server processes serving client connections now (for their CPU time)."""
        rows = self.psql(
            "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend'"
            " AND pid <> pg_backend_pid()"
        )
        return [int(row) for row in rows.split() if row.strip()]

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def version(self) -> str:
        return self.psql("SHOW server_version", database="postgres")

    def stop(self) -> None:
        if self.started:
            subprocess.run(
                _as_postgres(
                    [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]
                ),
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.started = False
        shutil.rmtree(self.directory, ignore_errors=True)


def work_directory(prefix: str) -> Path:
    """A temporary directory for one run (static files, logs, the seed), removed on exit."""
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    _register(lambda: shutil.rmtree(directory, ignore_errors=True))
    return directory


def app_environment(database_url: str, work: Path) -> dict[str, str]:
    """Production settings (DEBUG off) against the throwaway database, plus the trivial page."""
    environment = dict(os.environ)
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "PYTHONPATH": os.pathsep.join([str(BENCH_LOAD), str(ROOT / "src")]),
            "DJANGO_SECRET_KEY": _secret_key(work),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "DATABASE_CONN_MAX_AGE": "600",
            "COAPPOINT_NOTIFY_BACKEND": "outbox",
            "COAPPOINT_STATIC_ROOT": str(work / "static"),
            "COAPPOINT_DATA_DIR": str(work / "var"),
            "LOG_LEVEL": "WARNING",
        }
    )
    return environment


def _secret_key(work: Path) -> str:
    """One strong key per run, kept in the run's directory: every server start (the restarts of
    bench/faults too) and the seeding process sign and seal with the same one."""
    kept = work / "secret-key"
    if not kept.exists():
        kept.write_text(secrets.token_urlsafe(50))
    return kept.read_text()


def manage(environment: dict[str, str], *arguments: str) -> None:
    subprocess.run(
        [str(PYTHON), "-m", "django", *arguments],
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )


def run_script(environment: dict[str, str], script: Path, *arguments: str) -> None:
    """A Python script of the benchmarks in the app's environment (seeding)."""
    subprocess.run([str(PYTHON), str(script), *arguments], env=environment, check=True, cwd=ROOT)


class AppServer:
    """gunicorn serving coappoint.wsgi with sync workers on 127.0.0.1."""

    def __init__(self, environment: dict[str, str], *, workers: int = 5, port: int = 0) -> None:
        self.environment = environment
        self.workers = workers
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = Path(environment["COAPPOINT_DATA_DIR"]) / "gunicorn.log"

    def start(self) -> AppServer:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as output:
            self.process = subprocess.Popen(
                [
                    str(GUNICORN),
                    "coappoint.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--worker-class",
                    "sync",
                    "--backlog",
                    "2048",
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "10",
                ],
                env=self.environment,
                cwd=ROOT,
                stdout=output,
                stderr=output,
            )
        _register(self.stop)
        self._wait_until_ready()
        return self

    def _wait_until_ready(self, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{TRIVIAL_PATH}", headers=PROXY_HEADERS
        )
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{self._log_tail()}")
            with (
                contextlib.suppress(OSError, urllib.error.URLError),
                urllib.request.urlopen(request, timeout=2) as response,  # noqa: S310 (http only)
            ):
                if response.status == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer within {seconds} s:\n{self._log_tail()}")

    def _log_tail(self) -> str:
        """The end of gunicorn's log (the run's directory goes when the benchmark ends)."""
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-30:])
        except OSError:
            return "(no log)"

    def pids(self) -> list[int]:
        """The master and its workers (for their CPU time)."""
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            workers = [int(pid) for pid in children.read_text().split()]
        except OSError:
            workers = []
        return [self.process.pid, *workers]

    def stop(self) -> None:
        """A graceful stop, as a deploy does (SIGTERM: workers finish what they hold)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def prepare_app(environment: dict[str, str]) -> None:
    """Migrations and static files (collected first, as a deploy does)."""
    manage(environment, "migrate", "--no-input")
    manage(environment, "collectstatic", "--no-input")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes and their waited-for children, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime, cutime, cstime are fields 14-17 of stat; after the name, 12-15 here.
        total += sum(int(value) for value in fields[11:15])
    return total / ticks


def _register(cleanup: object) -> None:
    if not _cleanups:
        atexit.register(_run_cleanups)
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, _on_signal)
    _cleanups.append(("", cleanup))


def _run_cleanups() -> None:
    while _cleanups:
        _, cleanup = _cleanups.pop()
        with contextlib.suppress(Exception):
            cleanup()  # type: ignore[operator]


def _on_signal(signum: int, frame: FrameType | None) -> None:
    _run_cleanups()
    sys.exit(128 + signum)
