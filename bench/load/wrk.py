"""Run wrk (/usr/bin/wrk) over a list of requests and read what it measured.

Each request of the list is one a page really sends (its path, cookies, htmx headers, body);
wrk's threads take them in turn, each thread its own share. With `once`, no request is sent
twice: a thread whose share is used up sends the trivial page once (its "ok" is not counted)
and stops, and `ran_out` says so. Otherwise the list is taken round and round. Answers are
counted by status in Lua.
"""

from __future__ import annotations

import json
import resource
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from stack import PROXY_HEADERS

WRK = "/usr/bin/wrk"
THREADS = 2

LUA = r"""
local requests = {
%(requests)s
}
local threads = {}
local thread_count = %(threads)d
local once = %(once)s

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  wrapped = 0
  fillers = 0
  s200, s204, s304, s2xx, s302, s409, s4xx, s5xx, sother = 0, 0, 0, 0, 0, 0, 0, 0, 0
end

function request()
  local index = id + counter * thread_count
  counter = counter + 1
  if index >= #requests then
    wrapped = 1
    if once then
      return wrk.format("GET", "/bench/trivial/", {["X-Forwarded-Proto"]="https"})
    end
    index = index %% #requests
  end
  local r = requests[index + 1]
  return wrk.format(r[1], r[2], r[3], r[4])
end

function response(status, headers, body)
  if once and body == "ok" then
    fillers = fillers + 1
    wrk.thread:stop()
  elseif status == 200 then s200 = s200 + 1
  elseif status == 204 then s204 = s204 + 1
  elseif status == 304 then s304 = s304 + 1
  elseif status == 302 then s302 = s302 + 1
  elseif status == 409 then s409 = s409 + 1
  elseif status >= 200 and status < 300 then s2xx = s2xx + 1
  elseif status >= 500 then s5xx = s5xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  else sother = sother + 1 end
end

function done(summary, latency, requests_)
  local totals = {s200=0, s204=0, s304=0, s2xx=0, s302=0, s409=0, s4xx=0, s5xx=0, sother=0,
                  wrapped=0, fillers=0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, "p50_us": %%d, "p99_us": %%d, ' ..
    '"max_us": %%d, "connect_errors": %%d, "read_errors": %%d, "write_errors": %%d, ' ..
    '"timeouts": %%d, "s200": %%d, "s204": %%d, "s304": %%d, "s2xx": %%d, "s302": %%d, ' ..
    '"s409": %%d, "s4xx": %%d, "s5xx": %%d, "sother": %%d, "wrapped": %%d, "fillers": %%d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.timeout,
    totals.s200, totals.s204, totals.s304, totals.s2xx, totals.s302, totals.s409,
    totals.s4xx, totals.s5xx, totals.sother, totals.wrapped, totals.fillers))
end
"""


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str = ""


@dataclass
class Measured:
    """One wrk run: req/s, latencies in ms, answers by status, bytes, the client's CPU."""

    requests: int
    seconds: float
    bytes: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    answers: dict[str, int]
    ran_out: bool
    client_cpu_seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _lua_string(text: str) -> str:
    return json.dumps(text)  # JSON's escapes are Lua's for these (ASCII) strings


def _lua_request(request: Request) -> str:
    headers = {**PROXY_HEADERS, **request.headers}
    pairs = ", ".join(f"[{_lua_string(k)}]={_lua_string(v)}" for k, v in headers.items())
    body = _lua_string(request.body) if request.body else "nil"
    return f"{{{_lua_string(request.method)}, {_lua_string(request.path)}, {{{pairs}}}, {body}}},"


def run_wrk(
    port: int,
    requests: list[Request],
    *,
    seconds: float,
    connections: int,
    once: bool = False,
) -> Measured:
    """wrk with `connections` connections for `seconds` over `requests`, in turn."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            LUA
            % {
                "requests": "\n".join(map(_lua_request, requests)),
                "threads": THREADS,
                "once": "true" if once else "false",
            }
        )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        process = subprocess.Popen(
            [
                WRK,
                f"-t{THREADS}",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        output, errors = process.communicate()
    finally:
        Path(script.name).unlink(missing_ok=True)
    line = next((x for x in output.splitlines() if x.startswith("WRK-JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk said nothing measurable:\n{output}\n{errors}")
    data = json.loads(line.removeprefix("WRK-JSON "))
    answers = {
        name.removeprefix("s"): data[name]
        for name in ("s200", "s204", "s304", "s2xx", "s302", "s409", "s4xx", "s5xx", "sother")
        if data[name]
    }
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(
        requests=data["requests"] - data["fillers"],
        seconds=data["duration_us"] / 1e6,
        bytes=data["bytes"],
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        errors=data["connect_errors"]
        + data["read_errors"]
        + data["write_errors"]
        + data["timeouts"],
        answers=answers,
        ran_out=bool(data["wrapped"]),
        client_cpu_seconds=cpu,
    )
