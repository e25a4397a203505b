"""No web request imports OR-Tools (issue 17): its import alone takes half a second on an idle
machine and over two on a busy one. Only the task worker solves; the request re-plans in pure
Python. Checked in a fresh interpreter, since this test run has imported it already."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import importlib, pkgutil, sys
import django
django.setup()
import coappoint
from django.core.management import call_command
from django.test import Client, override_settings
from django.test.utils import setup_test_environment
from django.urls import reverse

call_command("migrate", verbosity=0)
views = [
    module.name
    for module in pkgutil.walk_packages(coappoint.__path__, "coappoint.")
    if module.name.endswith(".views")
]
for name in views:
    importlib.import_module(name)
importlib.import_module("coappoint.urls")
assert "ortools" not in " ".join(sys.modules), "importing the views imported OR-Tools"

from tests.factories import make_day_with_timetable
from coappoint.timetables.services import start_rotation
from coappoint.timetables.models import Timetable
from coappoint.jobs.models import Job

setup_test_environment()
day = make_day_with_timetable()  # no side constraint binds: planned without the solver
assert "ortools" not in " ".join(sys.modules), "the exact plan imported OR-Tools"
start_rotation(event=day.event, actor=day.facilitator)
client = Client()
client.force_login(day.facilitator)
address = reverse(
    "facilitation:record_attendance",
    args=[day.event.organisation.slug, day.event.pk, "early-leaver"],
)
backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
with override_settings(TASKS=backend):  # as in production: the request only queues the task
    answer = client.post(
        address,
        {
            "early-leaver-person": f"recruiter-{day.recruiters['amina'].pk}",
            "early-leaver-round_index": "0",
        },
    )
assert answer.status_code == 302, answer.content.decode()[:2000]
assert Timetable.objects.filter(event=day.event).count() == 2, "no re-plan was kept"
print(len(views), "ortools" in " ".join(sys.modules))
"""


@pytest.mark.django_db
def test_no_view_module_and_no_re_plan_request_imports_or_tools() -> None:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coappoint.settings.test",
        "DATABASE_URL": "sqlite://:memory:",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}",
    }
    answer = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=environment,
    )
    assert answer.returncode == 0, answer.stderr[-3000:]
    view_count, imported = answer.stdout.split()
    assert int(view_count) >= 10
    assert imported == "False"
