"""Browser tests: Playwright drives Debian's Chromium; every page visited is checked with axe."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tests.factories import STAFF_PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM must still be allowed here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE_SOURCE = (Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NARROWEST_PHONE_PX = 320
# What Chromium says when a script's page was navigated away from while the script ran.
LEFT_PAGE_ERRORS = ("Execution context was destroyed", "reading 'documentElement'")
# What a person would wait for on a busy phone: Playwright's 5 seconds is too short for a 2-core
# machine running two test workers, each with its own browser and server.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, with the flags that keep it off this machine's closed network."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


def _run_axe(page: Page) -> dict[str, Any]:
    """axe's results for the page once it has loaded.

    A click that navigates returns before the next page arrives, and axe started on the page
    being left loses its document part way: then it waits for the new page and runs again.
    """

    def run() -> dict[str, Any]:
        page.wait_for_load_state("load")
        page.evaluate(AXE_SOURCE)
        result: dict[str, Any] = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return result

    for _ in range(2):
        try:
            return run()
        except PlaywrightError as error:
            if not any(lost in error.message for lost in LEFT_PAGE_ERRORS):
                raise
    return run()


def evaluate_when_loaded(page: Page, expression: str) -> Any:
    """`page.evaluate(expression)` on the page once it has loaded; if a click's navigation
    replaces the document under it, wait for the new page and evaluate there."""
    for _ in range(2):
        page.wait_for_load_state("load")
        try:
            return page.evaluate(expression)
        except PlaywrightError as error:
            if not any(lost in error.message for lost in LEFT_PAGE_ERRORS):
                raise
    page.wait_for_load_state("load")
    return page.evaluate(expression)


def assert_accessible(page: Page, inspector: Page | None = None) -> None:
    """No axe violation (WCAG 2.2 AA rules), and no sideways scrolling at 320 px wide.

    axe is injected with page.evaluate because the Content-Security-Policy blocks script tags.
    A page with JavaScript switched off cannot run axe, so pass `inspector`, a page with
    JavaScript on: the markup the no-JavaScript page shows is checked there instead.
    """
    if inspector is not None:
        origin = "/".join(page.url.split("/")[:3])
        inspector.goto(origin + "/accessibility/")
        inspector.set_content(page.content(), wait_until="load")
        page = inspector
    result = _run_axe(page)
    violations = [
        f"{violation['id']}: {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in result["violations"]
    ]
    assert violations == [], f"axe found problems on {page.url}:\n" + "\n".join(violations)

    viewport = page.viewport_size
    page.set_viewport_size({"width": NARROWEST_PHONE_PX, "height": 640})
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if viewport is not None:
        page.set_viewport_size(viewport)
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 320 px wide"


def in_language(language: str, english: str) -> str:
    """`english` as the service says it in `language` (its translation in the catalogue)."""
    with translation.override(language):
        return gettext(english)


def signed_in_staff(browser: Browser, live_server_url: str, user: Any, **context: Any) -> Page:
    """A new browser context signed in as a staff member with a password (no second factor).

    It waits for the signed-in page itself, not for the "Sign out" button to be visible: at
    320 px with JavaScript on, the service navigation folds that button behind "Menu".
    """
    page = browser.new_context(**context).new_page()
    page.goto(live_server_url + "/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out", include_hidden=True).first).to_be_attached()
    return page


def run_task_worker_until_idle() -> None:
    """Run the database task worker, as `make run` and a server's worker process do, until no
    task is ready; in a thread of its own, with its own database connection. Tests that use it
    switch the tasks backend to the database one (the settings' immediate backend runs a task
    inside the request that queues it)."""
    from django.db import connections
    from django_tasks_db.management.commands.db_worker import Worker

    failures: list[BaseException] = []

    def work() -> None:
        try:
            Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id="browser-test",
                excluded_queue_names=[],
            ).run()
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, name="task-worker")
    thread.start()
    thread.join(timeout=300)
    assert not thread.is_alive(), "the task worker did not finish within 5 minutes"
    assert not failures, failures


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
