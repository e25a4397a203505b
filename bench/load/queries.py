"""Why a request costs what it does: SQL queries and in-process time of each kind, one event.

Run by bench/load/run.py in its own process (Django set up against the benchmark's database,
after seeding): each kind of request the load benchmark sends is made 20 times in process with
django.test.Client, and the median time and the queries of the last one are printed as JSON.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import uuid
from typing import Any
from urllib.parse import urlencode

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPEATS = 20


def measure(client: Client, path: str, headers: dict[str, str]) -> dict[str, Any]:
    times = []
    status = 0
    queries: list[str] = []
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, headers=headers, secure=True)
            times.append(time.perf_counter() - started)
        status = response.status_code
        queries = [query["sql"] for query in captured.captured_queries]
    return {
        "status": status,
        "ms": 1000 * statistics.median(times),
        "queries": len(queries),
        "writes": sum(
            1 for sql in queries if sql.split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
        ),
    }


def main() -> None:
    with open(sys.argv[1]) as seed_file:
        seed = json.load(seed_file)
    event = seed["live"][0]
    base = f"/o/{event['slug']}/events/{event['event_id']}/"
    phone = Client(SERVER_NAME="127.0.0.1")
    for name, value in event["recruiters"][0]["cookies"].items():
        phone.cookies[name] = value
    screen = Client(SERVER_NAME="127.0.0.1")
    for name, value in event["screen"].items():
        screen.cookies[name] = value
    facilitator = Client(SERVER_NAME="127.0.0.1")
    for name, value in event["facilitator"].items():
        facilitator.cookies[name] = value
    htmx = {"HX-Request": "true"}
    anonymous = Client(SERVER_NAME="127.0.0.1")

    def unchanged(client: Client, path: str) -> str:
        """The poll the screen sends once its answer stops changing: with the stamp it was given
        (the `shown` that assets/js/polls.js sends from `data-shown`)."""
        answer = client.get(path, headers=htmx, secure=True)
        return f"{path}?{urlencode({'shown': answer.get('Coappoint-Shown', '')})}"

    kinds = {
        "trivial page": (anonymous, "/bench/trivial/", {}),
        "now-next, unchanged": (phone, unchanged(phone, "/recruiter/now-next/"), htmx),
        "nudges, unchanged": (phone, unchanged(phone, "/recruiter/nudges/"), htmx),
        "big screen": (screen, unchanged(screen, base + "big-screen/live/"), htmx),
        "facilitator's run page poll": (
            facilitator,
            unchanged(facilitator, base + "run/live/"),
            htmx,
        ),
        "co-design board": (screen, unchanged(screen, base + "co-design/board/live/"), htmx),
        # A stamp the panel no longer has: drawn again in full.
        "now-next, changed": (phone, f"/recruiter/now-next/?shown={uuid.uuid4().hex[:16]}", htmx),
    }
    results = {kind: measure(*arguments) for kind, arguments in kinds.items()}
    if seed["scoring"]:
        results["new score sheet (POST)"] = measure_sheets(seed["scoring"][-1])
    print(json.dumps(results))


def measure_sheets(event: dict[str, Any]) -> dict[str, Any]:
    """New sheets as offline.js sends them, to pairs still owed (the last scoring event's)."""
    from client import SheetPhone, sheet_body  # the load client's sealing

    from coappoint.recruiters.sealing import current_seal_key

    times = []
    queries: list[str] = []
    status = 0
    owed = list(event["owed"])[-REPEATS:]
    cookies = {recruiter["id"]: recruiter["cookies"] for recruiter in event["recruiters"]}
    for number, (recruiter_id, candidate_id) in enumerate(owed):
        client = Client(SERVER_NAME="127.0.0.1")
        for name, value in cookies[recruiter_id].items():
            client.cookies[name] = value
        form = client.get(f"/recruiter/scores/{candidate_id}/", secure=True).content.decode()
        fields = sorted({part.split('"', 1)[0] for part in form.split('name="criterion_')[1:]})
        phone = SheetPhone(
            recruiter_id,
            cookies[recruiter_id],
            seal_key=current_seal_key().for_the_page,
            csrf_token="unchecked-in-process",  # noqa: S106 (the test client skips CSRF)
            criteria_fields=[f"criterion_{field}" for field in fields],
            scale=["1", "2", "3", "4", "5"],
        )
        body = sheet_body(phone, candidate_id, str(uuid.uuid4()), number)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(
                "/recruiter/sealed/",
                body,
                content_type="application/x-www-form-urlencoded",
                secure=True,
            )
            times.append(time.perf_counter() - started)
        status = response.status_code
        queries = [query["sql"] for query in captured.captured_queries]
    return {
        "status": status,
        "ms": 1000 * statistics.median(times),
        "queries": len(queries),
        "writes": sum(
            1 for sql in queries if sql.split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
        ),
    }


if __name__ == "__main__":
    main()
