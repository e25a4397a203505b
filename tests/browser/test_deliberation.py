"""Deliberation after a scored day: the facilitator's screen in order of disagreement, a
consensus that needs a rationale, and the anonymised spread on a recruiter's phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, ViewportSize, expect

from coappoint.deliberation.models import Consensus
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.browser.conftest import assert_accessible
from tests.deliberation.conftest import make_scored_day
from tests.factories import STAFF_PASSWORD

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
    expect(facilitator.locator("#discussion-order li")).to_have_text(["Sam", "Priya"])
    expect(
        facilitator.get_by_role("img", name="Kindness for Sam: scores 1, 3, 5; median 3")
    ).to_be_visible()
    expect(facilitator.get_by_text("Only 2 candidates were scored.", exact=False)).to_be_visible()
    for name in ("Amina", "Bob Jones", "Chen Wei"):
        assert name not in facilitator.content()
    assert_accessible(facilitator)

    # The campaign asks for a score per quality as well: chosen before the first consensus.
    facilitator.get_by_role("link", name="Change how the group records its consensus").click()
    assert_accessible(facilitator)
    facilitator.get_by_label("Agree a score for each quality as well as the overall score").check()
    facilitator.get_by_role("button", name="Save").click()
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
        "The group's score is 1.8 points above the average of private scores, more than the "
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
    expect(
        phone.get_by_role("img", name="Kindness for Sam: scores 1, 3, 5; median 3")
    ).to_be_visible()
    expect(phone.get_by_text("Sam helped a resident", exact=False)).to_be_visible()
    for name in ("Amina", "Chen Wei"):
        assert name not in phone.content()
    assert_accessible(phone)
