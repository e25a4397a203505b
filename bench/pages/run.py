"""Benchmark: the size and speed of every staff and recruiter page of a 10 x 40 event.

Seeds one event of 10 candidates and 40 recruiters (all meet all, five qualities) through the
project's services, in a throwaway SQLite database: a timetable, mingling notes, every score
sheet sent and the scores revealed, the group's consensus recorded for half the candidates
(overall and per quality). Then it fetches, in process with Django's test client, every page
whose address takes the event or its campaign (and the recruiter's pages), as the first of the
programme manager, facilitator and auditor who may see it, and prints, for each HTML page,
its size as the server sends it (uncompressed), its gzip size (for information), the best of
five times in process (wall clock, and the process's CPU time, which a busy machine disturbs
less), and the budget: 100 KB for every page, 40 ms for the deliberation screen. Every page is
measured twice: during scoring (a tenth of the sheets sent: the conversations list at its
longest) and at deliberation.

`--baseline REF` first runs the same measurement, in a subprocess, on the `src/` of the git
revision REF (for example `main`), so "before" and "after" come from one run on one machine.

Run: `.venv/bin/python bench/pages/run.py [--baseline main]` (about a minute; progress on
stderr).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = 10
RECRUITERS = 40
QUALITIES = (
    "Kindness to everyone",
    "Listens and lets people finish",
    "Builds trust quickly",
    "Knows the neighbourhood",
    "Connects people with each other",
)
PAGE_BUDGET_BYTES = 100 * 1024
TIME_BUDGETS_MS = {"deliberation:screen": 40.0}
REPEATS = 5
# Addresses that are not pages: files, scripts and machine endpoints.
NOT_PAGES = (".pdf", ".csv", ".json", ".xlsx", ".zip", ".js", ".ics")
FIRST_NAMES = (
    "Aaliyah", "Olu", "Bethan", "Chidi", "Dafydd", "Eleni", "Farah", "Gwen", "Hamza", "Ifan",
    "Jia", "Kofi", "Lowri", "Mehmet", "Nia", "Oren", "Parveen", "Rhys", "Siân", "Tariq",
)  # fmt: skip
LAST_NAMES = (
    "Adeyemi", "Baker", "Chowdhury", "Davies", "Evans", "Fernandes", "Griffiths", "Hassan",
    "Iqbal", "Jones", "Kowalski", "Lewis", "Morgan", "Nowak", "Owen", "Patel", "Quinn",
)  # fmt: skip


@dataclass
class Row:
    moment: str
    page: str
    name: str
    who: str
    status: int
    size_bytes: int
    gzip_bytes: int
    best_ms: float
    best_cpu_ms: float


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _set_up_django(folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "coappoint.settings.test"
    os.environ["COAPPOINT_DATA_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    sys.path.insert(1, str(ROOT))  # tests.factories
    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)


def _name(rng: random.Random, number: int) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), f"{rng.choice(LAST_NAMES)}-{number}"


class Day:
    """The 10 x 40 event, built through the services as on the day, one moment at a time."""

    def __init__(self) -> None:
        from tests.factories import StageFactory, make_day_without_timetable, staff_member

        from coappoint.codesign.services import (
            CriterionWording,
            ObservationNote,
            record_observation,
            word_criteria,
        )
        from coappoint.organisations.models import Role
        from coappoint.timetables.services import make_timetable

        self.rng = random.Random(20)  # a fixed seed: the same event every run
        day = make_day_without_timetable(
            CANDIDATES,
            candidates_named=tuple(_name(self.rng, n) for n in range(CANDIDATES)),
            recruiters_named=tuple(" ".join(_name(self.rng, n)) for n in range(RECRUITERS)),
        )
        self.event, self.facilitator = day.event, day.facilitator
        organisation = self.event.organisation
        StageFactory.create(campaign=self.event.campaign)
        self.manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
        self.auditor = staff_member(organisation, Role.AUDITOR)
        self.criteria = word_criteria(
            event=self.event,
            criteria=[
                CriterionWording(name=name, what_good_looks_like=f"What good looks like: {name}.")
                for name in QUALITIES
            ],
            actor=self.facilitator,
        )
        self.timetable = make_timetable(event=self.event, actor=self.facilitator)
        # From the database: the day's dictionaries are keyed by first name, which repeat here.
        self.candidates = list(self.event.candidates.order_by("pk"))
        self.recruiters = list(self.event.recruiters.order_by("pk"))
        for recruiter in self.recruiters:  # two mingling notes each
            for candidate in self.rng.sample(self.candidates, 2):
                record_observation(
                    recruiter=recruiter,
                    candidate=candidate,
                    note=ObservationNote(
                        curiosity="Asked the people at the table about their week.",
                        manner="Warm, and let the quieter ones speak first.",
                    ),
                    idempotency_key=uuid.UUID(int=self.rng.getrandbits(128)),
                )
        self.unsent = list(self.timetable.conversations.order_by("round", "table"))

    def start_scoring(self, share_sent: float) -> None:
        """Scoring open, with the first `share_sent` of the conversations' sheets sent."""
        from django.utils import timezone

        from coappoint.scoring.services import start_scoring

        start_scoring(event=self.event, actor=self.facilitator, now=timezone.now())
        self._send(int(len(self.unsent) * share_sent))

    def _send(self, count: int) -> None:
        from coappoint.scoring.models import Comfortable
        from coappoint.scoring.services import SheetAnswers, submit_score_sheet

        criterion_ids = list(self.criteria.criteria.values_list("pk", flat=True))
        candidates = {c.pk: c for c in self.candidates}
        recruiters = {r.pk: r for r in self.recruiters}
        sending, self.unsent = self.unsent[:count], self.unsent[count:]
        for conversation in sending:
            centre = 2 + conversation.candidate_id % 3  # each candidate their own level
            submit_score_sheet(
                recruiter=recruiters[conversation.recruiter_id],
                candidate=candidates[conversation.candidate_id],
                answers=SheetAnswers(
                    scores={
                        pk: max(1, min(5, centre + self.rng.choice((-2, -1, 0, 0, 1, 1, 2))))
                        for pk in criterion_ids
                    },
                    comfortable=self.rng.choice(list(Comfortable)),
                    comment="",
                ),
                idempotency_key=uuid.UUID(int=self.rng.getrandbits(128)),
            )

    def deliberate(self) -> None:
        """Every sheet sent and revealed; the group's scores for half the candidates."""
        from coappoint.deliberation.services import record_consensus, save_deliberation_settings
        from coappoint.scoring.queries import is_revealed
        from coappoint.scoring.services import close_scoring

        self._send(len(self.unsent))
        if not is_revealed(self.event):
            close_scoring(event=self.event, reason="Time is up.", actor=self.facilitator)
        save_deliberation_settings(
            event=self.event, consensus_per_quality=True, actor=self.facilitator
        )
        for candidate in self.candidates[: CANDIDATES // 2]:
            for quality in (None, *self.criteria.criteria.all()):
                record_consensus(
                    event=self.event,
                    candidate=candidate,
                    quality=quality,
                    consensus_score=3,
                    rationale="The group talked it through and agreed.",
                    dissent="",
                    dissent_reason="",
                    actor=self.facilitator,
                )

    def kwargs(self) -> dict[str, Any]:
        return {
            "organisation_slug": self.event.organisation.slug,
            "event_id": self.event.pk,
            "campaign_id": self.event.campaign_id,
            "candidate_id": self.candidates[0].pk,
            "criterion_id": self.criteria.criteria.order_by("position")[0].pk,
            "recruiter_id": self.recruiters[0].pk,
        }


def _patterns() -> list[tuple[str, str, list[str]]]:
    """(name, route, its keyword arguments) for every named address of the site."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[tuple[str, str, list[str]]] = []

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                keywords = list(pattern.pattern.regex.groupindex)
                found.append((namespace + pattern.name, route, keywords))

    walk(get_resolver().url_patterns, "", "")
    return found


def _measure(day: Day, moment: str) -> list[Row]:
    from django.test import Client
    from django.urls import reverse

    from coappoint.signin.services import SYSTEM, issue_access_code

    staff = []
    for who, user in (
        ("manager", day.manager),
        ("facilitator", day.facilitator),
        ("auditor", day.auditor),
    ):
        client = Client()
        client.force_login(user)
        staff.append((who, client))
    recruiter = day.recruiters[0]
    recruiter_client = Client()
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    ).code
    assert recruiter_client.post(reverse("signin:code"), {"code": code}).status_code == 302
    kwargs = day.kwargs()
    rows = []
    for name, route, keywords in _patterns():
        if route.startswith("support/") or route.endswith(NOT_PAGES):
            continue
        for_staff = "event_id" in keywords or "campaign_id" in keywords
        if not (for_staff or route.startswith("recruiter/")):
            continue
        if not set(keywords) <= set(kwargs):
            _log(f"skipped {name}: needs {sorted(set(keywords) - set(kwargs))}")
            continue
        url = reverse(name, kwargs={key: kwargs[key] for key in keywords})
        clients = staff if for_staff else [("recruiter", recruiter_client)]
        for who, client in clients:  # noqa: B007 (the last one tried is reported)
            response = client.get(url)
            if response.status_code not in (403, 404):
                break
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        body = response.content
        times, cpu_times = [], []
        for _ in range(REPEATS):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - started_cpu) * 1000)
        rows.append(
            Row(
                moment=moment,
                page=url,
                name=name,
                who=who,
                status=response.status_code,
                size_bytes=len(body),
                gzip_bytes=len(gzip.compress(body)),
                best_ms=min(times),
                best_cpu_ms=min(cpu_times),
            )
        )
        _log(f"{moment}, {name}: {len(body)} bytes, {min(times):.0f} ms")
    return rows


def _own_measurement() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="coappoint-bench-pages-") as folder:
        _set_up_django(Path(folder))
        # Refusals (403, 404) are expected while looking for who may see a page.
        logging.getLogger("django.request").setLevel(logging.CRITICAL)
        started = time.perf_counter()
        day = Day()
        day.start_scoring(share_sent=0.1)
        _log(f"seeded in {time.perf_counter() - started:.1f} s")
        rows = _measure(day, "scoring")
        day.deliberate()
        return rows + _measure(day, "deliberation")


def _baseline(ref: str) -> dict[tuple[str, str], Row]:
    """The same measurement on `ref`'s src/, in a subprocess so its modules are its own."""
    with tempfile.TemporaryDirectory(prefix="coappoint-bench-baseline-") as folder:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "src"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        # Compiled translations are not in git; English pages do not need them.
        environment = {**os.environ, "PYTHONPATH": str(Path(folder) / "src")}
        output = subprocess.run(
            [sys.executable, __file__, "--json"],
            env=environment,
            check=True,
            stdout=subprocess.PIPE,
        ).stdout
    return {(row["moment"], row["name"]): Row(**row) for row in json.loads(output)}


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def _table(rows: list[Row], before: dict[tuple[str, str], Row] | None) -> list[str]:
    lines = []
    head = ["moment", "page", "seen as", "bytes", "gzip bytes", "ms in process (best of 5)"]
    head += ["CPU ms", "budget", "met"]
    if before is not None:
        head[3:3] = ["bytes before"]
        head[6:6] = ["ms before"]
        head[8:8] = ["CPU ms before"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + " --- |" * len(head))
    for row in rows:
        budget_ms = TIME_BUDGETS_MS.get(row.name)
        fast = budget_ms is None or row.best_ms <= budget_ms
        met = row.size_bytes <= PAGE_BUDGET_BYTES and fast
        budget = "100 KB" + (f", {budget_ms:.0f} ms" if budget_ms else "")
        status = "" if row.status == 200 else f" ({row.status})"
        cells = [
            row.moment,
            f"`{row.name}`{status}",
            row.who,
            _kb(row.size_bytes),
            _kb(row.gzip_bytes),
            f"{row.best_ms:.0f}",
            f"{row.best_cpu_ms:.0f}",
            budget,
            "yes" if met else "**no**",
        ]
        if before is not None:
            old = before.get((row.moment, row.name))
            cells[3:3] = [_kb(old.size_bytes) if old else ""]
            cells[6:6] = [f"{old.best_ms:.0f}" if old else ""]
            cells[8:8] = [f"{old.best_cpu_ms:.0f}" if old else ""]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", metavar="REF", help="measure REF's src/ first")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    before = None
    if arguments.baseline:
        _log(f"== baseline: {arguments.baseline}")
        before = _baseline(arguments.baseline)
        _log("== this tree")
    rows = _own_measurement()
    if arguments.json:
        print(json.dumps([asdict(row) for row in rows]))
        return 0
    print("\n".join(_table(rows, before)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
