"""Deliberation after a scored day: the facilitator's screen in order of disagreement, a
consensus that needs a rationale, and the anonymised spread on a recruiter's phone."""

from __future__ import annotations

import datetime
import uuid

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from coappoint.campaigns.models import Candidate
from coappoint.codesign.models import CriteriaVersion, Criterion
from coappoint.deliberation.models import Consensus
from coappoint.events.models import Event
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.scoring.models import Comfortable
from coappoint.scoring.services import SheetAnswers, start_scoring, submit_score_sheet
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.browser.conftest import assert_accessible
from tests.deliberation.conftest import make_scored_day
from tests.factories import (
    STAFF_PASSWORD,
    CandidateFactory,
    EventFactory,
    RecruiterFactory,
    StageFactory,
    TimetableFactory,
    lock_rules,
    meet,
    staff_member,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = ViewportSize(width=320, height=640)


def test_the_facilitator_records_a_consensus_and_recruiters_see_the_spread(
    browser: Browser, live_server
) -> None:
    day = make_scored_day()
    facilitator = browser.new_page()
    facilitator.goto(live_server.url + "/sign-in/")
    facilitator.get_by_label("Email address").fill(day.facilitator.email)
    facilitator.get_by_label("Password").fill(STAFF_PASSWORD)
    facilitator.get_by_role("button", name="Sign in").click()

    facilitator.goto(live_server.url + day.url("deliberation:screen"))
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Deliberation")
    expect(facilitator.locator("#discussion-order tbody th")).to_have_text(["Sam", "Priya"])
    expect(facilitator.get_by_text("Only 2 candidates were scored.", exact=False)).to_be_visible()
    for name in ("Amina", "Bob Jones", "Chen Wei"):
        assert name not in facilitator.content()
    assert_accessible(facilitator)
    # Each candidate's dots are on their own page (issue 20).
    facilitator.locator("#discussion-order").get_by_role("link", name="Sam").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Sam")
    expect(
        facilitator.get_by_role("img", name="Kindness for Sam: scores 1, 3, 5; median 3")
    ).to_be_visible()
    for name in ("Amina", "Bob Jones", "Chen Wei"):
        assert name not in facilitator.content()
    assert_accessible(facilitator)
    facilitator.get_by_role("link", name="Back to deliberation").click()

    # The campaign asks for a score per quality as well: chosen before the first consensus.
    facilitator.get_by_role("link", name="Change how the group records its consensus").click()
    assert_accessible(facilitator)
    facilitator.get_by_label("Agree a score for each quality as well as the overall score").check()
    facilitator.get_by_role("button", name="Save").click()
    facilitator.locator("#discussion-order").get_by_role("link", name="Sam").click()
    expect(
        facilitator.get_by_role("link", name="Record the group's score on Kindness for Sam")
    ).to_be_visible()
    assert_accessible(facilitator)

    facilitator.get_by_role("link", name="Record the group's score for Sam").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("The group's score for Sam")
    expect(facilitator.locator("#private-mean")).to_contain_text(
        "The average of the 6 private scores is 3.2."
    )
    assert_accessible(facilitator)
    facilitator.get_by_label("5 – Strong").check()
    facilitator.get_by_role("button", name="Record the group's score").click()
    message = (
        "The group's score is 1.8 points above the average of private scores, at or above the "
        "1-point threshold: explain why in the rationale"
    )
    expect(facilitator.get_by_role("link", name=message)).to_be_visible()
    expect(facilitator).to_have_title(
        "Error: The group's score for Sam – Northfield day – Community recruitment"
    )
    assert_accessible(facilitator)
    assert not Consensus.objects.exists()

    facilitator.get_by_label("Rationale").fill(
        "Sam helped a resident who speaks little English join in; the group agreed this "
        "outweighs one low score."
    )
    facilitator.get_by_role("button", name="Record the group's score").click()
    expect(facilitator.get_by_text("The group's score for Sam is recorded.")).to_be_visible()
    expect(facilitator.locator(f"#candidate-{day.sam.pk}")).to_contain_text("5 – Strong")
    assert_accessible(facilitator)
    assert Consensus.objects.get().consensus_score == 5

    code = issue_access_code(
        person=day.bob, organisation=day.bob.organisation, event=day.event, actor=SYSTEM
    ).code
    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(live_server.url + "/sign-in/code/")
    phone.get_by_label("Access code").fill(code)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(day.bob.full_name)
    phone.goto(live_server.url + "/recruiter/deliberation/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("The group's scores")
    expect(phone.locator("#candidates")).to_contain_text("5 – Strong")
    assert_accessible(phone)
    phone.locator("#candidates").get_by_role("link", name="Sam").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sam")
    expect(
        phone.get_by_role("img", name="Kindness for Sam: scores 1, 3, 5; median 3")
    ).to_be_visible()
    expect(phone.get_by_text("Sam helped a resident", exact=False)).to_be_visible()
    for name in ("Amina", "Chen Wei"):
        assert name not in phone.content()
    assert_accessible(phone)


CANDIDATES = (("Sam", "Adeyemi"), ("Priya", "Shah"), ("Tom", "Baker"), ("Grace", "Okafor"))
QUALITIES = ("Kindness", "Listening", "Knows the area", "Works with others")
RECRUITERS = 12


def _a_full_day_scored() -> tuple[Event, list[CommunityRecruiter], list[Candidate]]:
    """A day the size of a real one: 4 candidates, 12 recruiters, 4 qualities; every recruiter
    talks with every candidate (4 tables, 12 rounds) and sends every sheet."""
    event = EventFactory.create(name="Eastfield day")
    StageFactory.create(campaign=event.campaign)
    lock_rules(event.campaign)
    candidates = [
        CandidateFactory.create(campaign=event.campaign, first_name=first, last_name=last)
        for first, last in CANDIDATES
    ]
    event.candidates.add(*candidates)
    recruiters = [
        RecruiterFactory.create(event=event, full_name=f"Recruiter {number}")
        for number in range(1, RECRUITERS + 1)
    ]
    version = CriteriaVersion.objects.create(organisation=event.organisation, event=event, number=1)
    qualities = [
        Criterion.objects.create(
            organisation=event.organisation,
            version=version,
            position=position,
            name=name,
            what_good_looks_like="What the group agreed good looks like.",
        )
        for position, name in enumerate(QUALITIES, start=1)
    ]
    rounds = [
        [
            meet(candidate, recruiters[(round_index + 3 * table) % RECRUITERS], table + 1)
            for table, candidate in enumerate(candidates)
        ]
        for round_index in range(RECRUITERS)
    ]
    TimetableFactory.create(
        event=event,
        version=1,
        starts_at=datetime.time(12, 0),
        input={"tables": len(candidates)},
        conversations=rounds,
        output={"lower_bound": RECRUITERS, "optimal": True, "moved": 0, "unmet": []},
    )
    start_scoring(event=event, actor=staff_member(event.organisation, Role.FACILITATOR))
    for r, recruiter in enumerate(recruiters):
        for c, candidate in enumerate(candidates):
            submit_score_sheet(
                recruiter=recruiter,
                candidate=candidate,
                answers=SheetAnswers(
                    scores={q.pk: 1 + (r + c + i) % 5 for i, q in enumerate(qualities)},
                    comfortable=Comfortable.YES,
                    comment="",
                ),
                idempotency_key=uuid.uuid4(),
            )
    return event, recruiters, candidates


def _height(page: Page) -> int:
    height: int = page.evaluate("() => document.documentElement.scrollHeight")
    return height


def test_on_a_phone_the_spread_is_a_summary_first_then_one_candidate_at_a_time(
    browser: Browser, live_server
) -> None:
    event, recruiters, candidates = _a_full_day_scored()
    code = issue_access_code(
        person=recruiters[0], organisation=event.organisation, event=event, actor=SYSTEM
    ).code
    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(live_server.url + "/sign-in/code/")
    phone.get_by_label("Access code").fill(code)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(recruiters[0].full_name)

    phone.goto(live_server.url + "/recruiter/deliberation/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("The group's scores")
    summary = phone.locator("#candidates")
    expect(summary.get_by_role("link")).to_have_count(len(candidates))
    # All candidates on one page measured 11,537 px here. The summary is about two screens:
    # a row per candidate (about 100 px at 320 px wide) beside the header and footer (600 px).
    assert _height(phone) <= 1_500
    assert_accessible(phone)

    names = []
    summary.get_by_role("link").first.click()
    for position in range(1, len(candidates) + 1):
        expect(phone.locator(".govuk-caption-l")).to_have_text(
            f"The group's scores: candidate {position} of {len(candidates)}"
        )
        name = phone.get_by_role("heading", level=1).inner_text()
        names.append(name)
        expect(phone.get_by_role("img", name=f"Kindness for {name}", exact=False)).to_be_visible()
        # One candidate: a quality's dot plot, counts and words take about 850 px at 320 px
        # (3,450 px in all for four), whatever the number of candidates or recruiters.
        assert _height(phone) <= 1_000 * len(QUALITIES)
        assert_accessible(phone)
        if position < len(candidates):
            phone.get_by_role("link", name="Next candidate:", exact=False).click()
    assert sorted(names) == sorted(first for first, _ in CANDIDATES)  # every one reachable
    phone.get_by_role("link", name="All the candidates").first.click()
    expect(phone.locator("#candidates")).to_be_visible()
    phone.context.close()
