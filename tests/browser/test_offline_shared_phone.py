"""A shared phone keeps nothing the next person can read: the attack, replayed in the browser.

A recruiter queues a score sheet while the server cannot be reached, then signs out (or simply
hands the phone over and the next recruiter signs in). Whatever the phone keeps, localStorage,
IndexedDB and the service worker's caches, is read the way an attacker with the phone would read
it, and must not hold the comment or the scores in readable form. The sheet still arrives,
exactly once, for its author, when she signs in again. A sent sheet's page is never kept:
reloaded offline, it is the offline page.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from coappoint.recruiters.models import CommunityRecruiter
from coappoint.scoring.models import ScoreSheet
from coappoint.scoring.services import start_scoring
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.browser.conftest import NARROWEST_PHONE_PX, assert_accessible
from tests.scoring.conftest import Day, make_day

pytestmark = pytest.mark.django_db(transaction=True)

SECRET_COMMENT = "Interrupted Nadia twice; kind to the caretaker"
PAGE_IS_KEPT = """async () => {
  const cache = await caches.open("coappoint-recruiter-pages");
  return Boolean(await cache.match(location.href));
}"""
# Everything the phone keeps for this site that a script (or a person with the phone) can read.
EVERYTHING_KEPT = """async () => {
  const kept = { localStorage: {}, sessionStorage: {}, indexedDB: {}, caches: {} };
  const stores = [["localStorage", localStorage], ["sessionStorage", sessionStorage]];
  for (const [name, store] of stores) {
    for (let i = 0; i < store.length; i++) {
      kept[name][store.key(i)] = store.getItem(store.key(i));
    }
  }
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => {
      const opening = indexedDB.open(name);
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
    kept.indexedDB[name] = {};
    for (const storeName of db.objectStoreNames) {
      kept.indexedDB[name][storeName] = await new Promise((resolve) => {
        const reading = db.transaction(storeName).objectStore(storeName).getAll();
        reading.onsuccess = () => resolve(JSON.stringify(reading.result));
      });
    }
    db.close();
  }
  for (const cacheName of await caches.keys()) {
    const cache = await caches.open(cacheName);
    kept.caches[cacheName] = {};
    for (const request of await cache.keys()) {
      kept.caches[cacheName][request.url] = await (await cache.match(request)).text();
    }
  }
  return kept;
}"""
QUEUE = """() => JSON.parse(localStorage.getItem("coappoint-offline-queue") || "[]")"""
# Set by offline.js only once the previous person's kept pages are gone.
PREVIOUS_PERSON_FORGOTTEN = """() => {
  const script = document.querySelector("script[data-offline-author]");
  const tag = script.dataset.offlineAuthor.split(" ")[0] || document.body.dataset.participant;
  return localStorage.getItem("coappoint-offline-participant") === tag;
}"""


def _phone(browser: Browser) -> BrowserContext:
    return browser.new_context(viewport={"width": NARROWEST_PHONE_PX, "height": 640})


def _sign_in(phone: Page, base_url: str, recruiter: CommunityRecruiter) -> None:
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    ).code
    phone.goto(base_url + "/sign-in/code/")
    assert_accessible(phone)
    phone.get_by_label("Access code").fill(code)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Hello, {recruiter.full_name}")
    assert_accessible(phone)


def _open_sams_sheet(phone: Page) -> None:
    phone.get_by_role("link", name="Score the candidates you talked with").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your score sheets")
    assert_accessible(phone)
    phone.get_by_role("link", name="Score Sam").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Score Sam")
    phone.evaluate("async () => { await navigator.serviceWorker.ready; }")
    phone.wait_for_function(PAGE_IS_KEPT)
    assert_accessible(phone)


def _fill_and_send(phone: Page) -> None:
    phone.get_by_role("group", name="Kindness").get_by_label("4 – Good").check()
    phone.get_by_role("group", name="Listening").get_by_label("3 – Some").check()
    phone.get_by_label("Yes", exact=True).check()
    phone.get_by_label("Comment (optional)").fill(SECRET_COMMENT)
    phone.get_by_role("button", name="Send my score sheet").click()


def _queue_while_the_server_is_unreachable(phone: Page, context: BrowserContext) -> None:
    """The phone has wifi, but the hall's connection to the server drops as she sends."""
    context.route("**/recruiter/sealed/", lambda route: route.abort("connectionrefused"))
    _fill_and_send(phone)
    expect(phone.get_by_role("status")).to_contain_text("1 score sheet waiting to send")
    expect(phone.locator("#sheet-done")).to_contain_text("Saved on this phone")
    expect(phone.get_by_role("button", name="Send my score sheet")).to_be_hidden()
    assert_accessible(phone)
    assert not ScoreSheet.objects.exists()


def _assert_nothing_readable(kept: dict[str, Any], day: Day) -> None:
    everything = repr(kept)
    assert SECRET_COMMENT not in everything
    assert "Interrupted" not in everything
    # Neither a form field with its score ("criterion_7=4", ["criterion_7","4"]) nor the
    # plain-text fields an older queue kept.
    for criterion in (day.kindness, day.listening):
        assert not re.search(rf"criterion_{criterion.pk}\W{{0,4}}[34]", everything)
    assert '"fields"' not in everything
    # The sealed item stays to be delivered: its key, kind and author's tag, and sealed text.
    queue = kept["localStorage"]["coappoint-offline-queue"]
    assert '"sealed"' in queue
    assert "recruiter-" not in queue
    assert f"/recruiter/scores/{day.sam.pk}/" not in queue


def _assert_sheet_arrives_once_for(phone: Page, day: Day) -> None:
    expect(phone.get_by_role("status")).to_contain_text("1 score sheet sent")
    expect(phone.get_by_role("status")).not_to_contain_text("waiting to send")
    assert_accessible(phone)
    phone.reload()  # a page load sends the queue again: nothing is left to send twice
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hello, Amina Hassan")
    assert phone.evaluate(QUEUE) == []
    sheet = ScoreSheet.objects.get()
    assert (sheet.recruiter, sheet.candidate, sheet.comment) == (day.amina, day.sam, SECRET_COMMENT)
    assert sorted(score.value for score in sheet.scores.all()) == [3, 4]


def _started_day() -> Day:
    day = make_day()
    start_scoring(event=day.event, actor=day.facilitator)
    return day


def test_a_sheet_queued_before_signing_out_leaves_nothing_readable_and_arrives_once_for_its_author(
    browser: Browser, live_server
) -> None:
    day = _started_day()
    context = _phone(browser)
    phone = context.new_page()
    _sign_in(phone, live_server.url, day.amina)
    _open_sams_sheet(phone)
    _queue_while_the_server_is_unreachable(phone, context)

    phone.get_by_role("button", name="Sign out").click()
    expect(phone.get_by_role("heading", level=1)).not_to_have_text("Hello, Amina Hassan")
    expect(phone.get_by_role("status")).not_to_contain_text("waiting to send")
    assert_accessible(phone)
    kept = phone.evaluate(EVERYTHING_KEPT)
    _assert_nothing_readable(kept, day)
    assert "coappoint-recruiter-pages" not in kept["caches"]  # the kept pages went with her

    context.unroute("**/recruiter/sealed/")
    _sign_in(phone, live_server.url, day.amina)
    _assert_sheet_arrives_once_for(phone, day)
    context.close()


def test_a_sheet_queued_on_a_phone_handed_over_unsigned_out_is_not_shown_or_sent_for_the_next_one(
    browser: Browser, live_server
) -> None:
    day = _started_day()
    context = _phone(browser)
    phone = context.new_page()
    _sign_in(phone, live_server.url, day.amina)
    _open_sams_sheet(phone)
    _queue_while_the_server_is_unreachable(phone, context)

    _sign_in(phone, live_server.url, day.bob)  # Amina's session ends as Bob's starts
    phone.wait_for_function(PREVIOUS_PERSON_FORGOTTEN)
    context.unroute("**/recruiter/sealed/")  # the connection is back
    expect(phone.get_by_role("status")).not_to_contain_text("score sheet")
    kept = phone.evaluate(EVERYTHING_KEPT)
    _assert_nothing_readable(kept, day)
    amina_pages = [
        url
        for url in kept["caches"].get("coappoint-recruiter-pages", {})
        if f"/recruiter/scores/{day.sam.pk}/" in url
    ]
    assert amina_pages == []

    # Bob's session sending her sealed sheet on purpose: refused, not taken as his.
    answer = phone.evaluate(
        """async () => {
          const [item] = JSON.parse(localStorage.getItem("coappoint-offline-queue"));
          const token = document.querySelector('input[name="csrfmiddlewaretoken"]').value;
          const response = await fetch("/recruiter/sealed/", {
            method: "POST",
            body: new URLSearchParams({ csrfmiddlewaretoken: token, sealed: item.sealed }),
          });
          return response.status;
        }"""
    )
    assert answer == 403
    phone.reload()  # Bob's page loads and sends his own queue: hers is not his to send
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hello, Bob Jones")
    expect(phone.get_by_role("status")).not_to_contain_text("score sheet")
    assert_accessible(phone)
    assert len(phone.evaluate(QUEUE)) == 1
    assert not ScoreSheet.objects.exists()

    _sign_in(phone, live_server.url, day.amina)
    _assert_sheet_arrives_once_for(phone, day)
    context.close()


def test_a_sent_sheet_is_never_kept_and_reloaded_offline_shows_the_offline_page(
    browser: Browser, live_server
) -> None:
    day = _started_day()
    context = _phone(browser)
    phone = context.new_page()
    _sign_in(phone, live_server.url, day.amina)
    _open_sams_sheet(phone)
    _fill_and_send(phone)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your score sheets")
    assert_accessible(phone)
    assert ScoreSheet.objects.get().comment == SECRET_COMMENT

    with phone.expect_response(lambda response: "/recruiter/scores/" in response.url) as sent:
        phone.get_by_role("link", name="Sam").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your score sheet for Sam")
    expect(phone.get_by_text(SECRET_COMMENT)).to_be_visible()
    assert "no-store" in sent.value.headers["cache-control"]
    assert_accessible(phone)
    assert SECRET_COMMENT not in repr(phone.evaluate(EVERYTHING_KEPT)["caches"])

    context.set_offline(True)
    response = phone.reload()
    assert response is not None
    assert response.headers.get("x-coappoint-kept-copy") == "1"
    expect(phone.get_by_role("heading", level=1)).to_have_text("You are offline")
    expect(phone.get_by_text(SECRET_COMMENT)).to_have_count(0)
    assert SECRET_COMMENT not in phone.content()
    assert_accessible(phone)
    context.close()


def test_a_plain_sheet_an_older_queue_left_is_sealed_in_place_and_delivered_only_for_its_author(
    browser: Browser, live_server
) -> None:
    day = _started_day()
    context = _phone(browser)
    phone = context.new_page()
    _sign_in(phone, live_server.url, day.bob)
    # What the queue kept before sealing: Amina's sheet in plain text, tagged with her id.
    phone.evaluate(
        """([url, fields, participant]) => localStorage.setItem("coappoint-offline-queue",
          JSON.stringify([{ key: crypto.randomUUID(), kind: "score sheet", kindPlural: "", url,
            fields, pageUrl: url, participant, queuedAt: new Date().toISOString(),
            state: "waiting" }]))""",
        [
            f"{live_server.url}/recruiter/scores/{day.sam.pk}/",
            [[name, value] for name, value in day.answers(comment=SECRET_COMMENT).items()]
            + [["idempotency_key", "5b0c2f8e-2d7a-4a47-9a53-0d1c1f3e9b11"]],
            f"recruiter-{day.amina.pk}",
        ],
    )

    # Bob's next page seals it where it waits and offers it; the server says it is not his.
    with phone.expect_response("**/recruiter/sealed/") as offered:
        phone.reload()
    assert offered.value.status == 403
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hello, Bob Jones")
    expect(phone.get_by_role("status")).not_to_contain_text("score sheet")
    assert_accessible(phone)
    _assert_nothing_readable(phone.evaluate(EVERYTHING_KEPT), day)
    assert not ScoreSheet.objects.exists()

    _sign_in(phone, live_server.url, day.amina)
    _assert_sheet_arrives_once_for(phone, day)
    context.close()
