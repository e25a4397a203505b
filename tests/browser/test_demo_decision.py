"""The demo event from the end of scoring to a locked decision, its exports and "you said, we did".

Scoring, the consensus and the interview panel are done through their services (other browser
tests walk those pages); the programme manager then uses the browser for the outcome, the
decision, its three exports and the messages to recruiters.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from coappoint.accounts.models import User
from coappoint.cli import main as coappoint
from coappoint.codesign.queries import get_locked_criteria
from coappoint.decisions.models import Decision
from coappoint.deliberation.services import record_consensus
from coappoint.events.models import Event
from coappoint.interviews.services import (
    Answer,
    add_question,
    declare_conflicts,
    record_agreed_scores,
    set_panel,
    submit_panel_sheet,
)
from coappoint.notify.models import OutboxMessage
from coappoint.scoring.models import Comfortable
from coappoint.scoring.queries import is_revealed
from coappoint.scoring.services import SheetAnswers, start_scoring, submit_score_sheet
from coappoint.timetables.models import Timetable
from tests.browser.conftest import assert_accessible
from tests.factories import conversation_slots

pytestmark = pytest.mark.django_db(transaction=True)

# How the demo's candidates do, by first and last name: private score, consensus, interview.
PERFORMANCE = {
    ("Priya", "Shah"): (5, 5, 8),
    ("Sam", "Adeyemi"): (4, 4, 9),
    ("Sam", "Baker"): (3, 3, 5),
}


def _score_the_demo_day(event: Event, manager: User, facilitator: User, panel: User) -> None:
    campaign = event.campaign
    start_scoring(event=event, actor=facilitator)
    criteria = list(get_locked_criteria(event).criteria.all())  # type: ignore[union-attr]
    candidates = {c.pk: c for c in event.candidates.all()}
    recruiters = {r.pk: r for r in event.recruiters.all()}
    timetable = Timetable.objects.filter(event=event).order_by("-version").first()
    assert timetable is not None
    for slot in conversation_slots(timetable):
        for conversation in slot:
            candidate = candidates[conversation["candidate"]]
            private, _consensus, _interview = PERFORMANCE[
                (candidate.first_name, candidate.last_name)
            ]
            submit_score_sheet(
                recruiter=recruiters[conversation["recruiter"]],
                candidate=candidate,
                answers=SheetAnswers(
                    scores={criterion.pk: private for criterion in criteria},
                    comfortable=Comfortable.YES,
                    comment="Asked people about themselves and listened.",
                ),
                idempotency_key=uuid.uuid4(),
            )
    assert is_revealed(event)
    for candidate in candidates.values():
        _private, consensus, _interview = PERFORMANCE[(candidate.first_name, candidate.last_name)]
        record_consensus(
            event=event,
            candidate=candidate,
            quality=None,
            consensus_score=consensus,
            rationale="The group agreed after discussing where it differed.",
            dissent="",
            dissent_reason="",
            actor=facilitator,
        )
    questions = [
        add_question(campaign=campaign, text=text, guidance="", actor=manager)
        for text in ("Tell us about a time you built trust quickly.", "How would you start?")
    ]
    set_panel(campaign=campaign, members=[panel], actor=manager)
    declare_conflicts(campaign=campaign, user=panel, known={}, candidates=candidates.values())
    for candidate in candidates.values():
        *_, interview = PERFORMANCE[(candidate.first_name, candidate.last_name)]
        answers = {question.pk: Answer(value=interview) for question in questions}
        submit_panel_sheet(
            campaign=campaign,
            user=panel,
            candidate=candidate,
            answers=answers,
            idempotency_key=uuid.uuid4(),
        )
    for candidate in candidates.values():
        *_, interview = PERFORMANCE[(candidate.first_name, candidate.last_name)]
        record_agreed_scores(
            campaign=campaign,
            candidate=candidate,
            answers={question.pk: Answer(value=interview, note="Clear") for question in questions},
            reason="",
            actor=panel,
        )


def test_the_demo_event_goes_from_the_end_of_scoring_to_a_locked_decision(
    browser: Browser, live_server, settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DEMO_MODE = True
    settings.SITE_URL = live_server.url
    call_command("demo")
    event = Event.objects.get()
    manager = User.objects.get(email="helen.morgan@harbourside.example")
    facilitator = User.objects.get(email="dev.patel@harbourside.example")
    panel = User.objects.get(email="grace.okafor@harbourside.example")
    _score_the_demo_day(event, manager, facilitator, panel)

    from coappoint.demo.services import issue_demo_links

    link = next(link for link in issue_demo_links() if link.role == "programme_manager")
    page = browser.new_page()
    page.goto(link.url)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Northfield coordinator, winter 2026").click()
    assert_accessible(page)
    page.get_by_role("link", name="Outcome and decision").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcome")
    expect(page.get_by_role("img", name="Combined percent per candidate")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record the decision").click()
    page.get_by_label("Priya Shah").check()
    page.get_by_label("Reasons for the decision").fill("Highest combined score; trusted locally.")
    page.get_by_role("button", name="Record and lock the decision").click()
    expect(page.get_by_text("The decision is recorded and locked.")).to_be_visible()
    assert_accessible(page)
    decision = Decision.objects.get()
    assert decision.appointed is not None
    assert decision.appointed.first_name == "Priya"

    downloads = {}
    for name, content_type in (
        ("Decision record (PDF, A4)", "application/pdf"),
        (
            "Decision record (spreadsheet)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("Decision record (JSON, to recompute with coappoint outcome)", "application/json"),
    ):
        href = page.get_by_role("link", name=name).get_attribute("href")
        assert href is not None
        response = page.request.get(live_server.url + href)
        assert response.ok
        assert response.headers["content-type"] == content_type
        downloads[content_type] = response.body()
    assert downloads["application/pdf"].startswith(b"%PDF")

    # Anyone can recompute the decision from its exported record.
    record_file = tmp_path / "decision-record.json"
    record_file.write_bytes(downloads["application/json"])
    capsys.readouterr()
    assert coappoint(["outcome", str(record_file)]) == 0
    assert json.loads(capsys.readouterr().out) == decision.outcome

    # You said, we did: the English message approved and sent to every recruiter.
    page.get_by_role("link", name="Back to the campaign").first.click()
    page.get_by_role("link", name="Closing the loop: you said, we did; feedback; thanks").click()
    page.get_by_role("link", name="English", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve this message").click()
    page.get_by_role("link", name="Send the approved messages").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send 10 messages").click()
    expect(
        page.get_by_text("10 messages to community recruiters were kept in the outbox")
    ).to_be_visible()
    assert OutboxMessage.objects.filter(recipient__endswith="@example.net").count() == 10
