"""The formal interview: the programme manager sets two questions and a panel of two; each
member declares conflicts (one knows a candidate) and scores on their own; the manager sees
only who is pending until the last sheet; then the panel agrees its scores per question."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from coappoint.accounts.models import User
from coappoint.campaigns.models import Stage
from coappoint.interviews.models import AgreedInterviewScore
from coappoint.interviews.queries import list_agreed_scores
from coappoint.organisations.models import Role
from tests.browser.conftest import assert_accessible, signed_in_staff
from tests.factories import (
    AdjustmentRequestFactory,
    CampaignFactory,
    CandidateFactory,
    StageFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db(transaction=True)

LABELS = ["Poor", "Weak", "Adequate", "Good", "Excellent"]
TEAMWORK = "Tell us about working with a community group."
WORRIED = "What would you do if you were worried about someone?"


def _named(user: User, name: str) -> User:
    user.full_name = name
    user.save()
    return user


def _add_question(page: Page, text: str, guidance: str) -> None:
    page.get_by_role("button", name="Add a question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a question")
    assert_accessible(page)
    page.get_by_label("Question", exact=True).fill(text)
    page.get_by_label("What a good answer covers (optional)").fill(guidance)
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_text("The question is saved.")).to_be_visible()
    assert_accessible(page)


def _score(page: Page, candidate: str, teamwork: str, worried: str, note: str) -> None:
    page.get_by_role("link", name=f"Score {candidate}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Score {candidate}")
    assert_accessible(page)
    page.get_by_role("group", name=f"Question 1: {TEAMWORK}").get_by_label(teamwork).check()
    page.get_by_label("Notes on question 1 (optional)").fill(note)
    page.get_by_role("group", name=f"Question 2: {WORRIED}").get_by_label(worried).check()
    page.get_by_role("button", name="Send my score sheet").click()
    expect(page.get_by_text(f"Your score sheet for {candidate} is sent")).to_be_visible()
    assert_accessible(page)


def test_a_panel_declares_conflicts_scores_privately_and_agrees_scores_per_question(
    browser: Browser, live_server
) -> None:
    campaign = CampaignFactory.create(name="Northfield coordinator")
    organisation = campaign.organisation
    StageFactory.create(campaign=campaign, kind=Stage.Kind.COMMUNITY, position=1)
    StageFactory.create(
        campaign=campaign, kind=Stage.Kind.INTERVIEW, position=2, point_labels=LABELS
    )
    sam = CandidateFactory.create(campaign=campaign, first_name="Sam", last_name="Adeyemi")
    AdjustmentRequestFactory.create(candidate=sam, interview_needs="Extra time to answer")
    CandidateFactory.create(campaign=campaign, first_name="Priya", last_name="Shah")
    manager = _named(staff_member(organisation, Role.PROGRAMME_MANAGER), "Mo Manager")
    ann = _named(staff_member(organisation, Role.INTERVIEW_PANEL), "Ann Panel")
    ben = _named(staff_member(organisation, Role.INTERVIEW_PANEL), "Ben Panel")
    overview = f"/o/{organisation.slug}/campaigns/{campaign.pk}/interview/"

    # The programme manager sets two questions and the panel.
    pm = signed_in_staff(browser, live_server.url, manager)
    pm.goto(live_server.url + overview)
    expect(pm.get_by_role("heading", level=1)).to_have_text("Formal interview")
    assert_accessible(pm)
    pm.get_by_role("link", name="Change questions").click()
    expect(pm.get_by_role("heading", level=1)).to_have_text("Interview questions")
    assert_accessible(pm)
    _add_question(pm, WORRIED, "Safeguarding first; tells their manager.")
    _add_question(pm, TEAMWORK, "Listening first; sharing credit.")
    pm.get_by_role("button", name="Move up question 2").click()
    expect(pm.locator("#questions li").first).to_contain_text(TEAMWORK)
    assert_accessible(pm)
    pm.get_by_role("link", name="Back to the formal interview").click()
    pm.get_by_role("link", name="Change panel").click()
    expect(pm.get_by_role("heading", level=1)).to_have_text("Choose the interview panel")
    assert_accessible(pm)
    pm.get_by_label("Ann Panel").check()
    pm.get_by_label("Ben Panel").check()
    pm.get_by_role("button", name="Save the panel").click()
    expect(pm.get_by_text("The interview panel is saved.")).to_be_visible()
    expect(pm.locator("#panel-members")).to_contain_text("Ann Panel")
    assert_accessible(pm)

    # Ann knows Sam: she declares it, and scores Priya only.
    ann_page = signed_in_staff(browser, live_server.url, ann)
    ann_page.goto(live_server.url + overview)
    assert_accessible(ann_page)
    ann_page.get_by_role("button", name="Declare any conflict of interest").click()
    expect(ann_page.get_by_role("heading", level=1)).to_have_text(
        "Do you know any of the candidates?"
    )
    assert_accessible(ann_page)
    ann_page.get_by_role("group", name="Do you know Sam Adeyemi?").get_by_label("Yes").check()
    ann_page.get_by_role("group", name="Do you know Priya Shah?").get_by_label("No").check()
    ann_page.get_by_role("button", name="Record my answers").click()
    expect(ann_page.get_by_text("Enter how you know Sam Adeyemi").first).to_be_visible()
    assert_accessible(ann_page)
    ann_page.get_by_label("If you know Sam Adeyemi, how do you know them?").fill(
        "We were neighbours."
    )
    ann_page.get_by_role("button", name="Record my answers").click()
    expect(ann_page.get_by_text("Your conflicts of interest are recorded.")).to_be_visible()
    expect(ann_page.locator("#own-sheets")).to_contain_text("You know them")
    assert_accessible(ann_page)
    # The panel reads how to contact the candidates and what their interview needs.
    ann_page.get_by_role(
        "link", name="Candidates to interview: contact details and what the interview needs"
    ).click()
    expect(ann_page.get_by_role("heading", level=1)).to_have_text("Candidates to interview")
    expect(ann_page.get_by_role("cell", name=sam.email)).to_be_visible()
    expect(ann_page.get_by_role("cell", name="Extra time to answer")).to_be_visible()
    assert_accessible(ann_page)
    ann_page.get_by_role("link", name="Back to the formal interview").click()
    _score(ann_page, "Priya Shah", "4 – Good", "3 – Adequate", "ANN-NOTE warm and clear")

    # Ben knows nobody; he scores Sam, and Priya is still to come.
    ben_page = signed_in_staff(browser, live_server.url, ben)
    ben_page.goto(live_server.url + overview)
    ben_page.get_by_role("button", name="Declare any conflict of interest").click()
    ben_page.get_by_role("group", name="Do you know Sam Adeyemi?").get_by_label("No").check()
    ben_page.get_by_role("group", name="Do you know Priya Shah?").get_by_label("No").check()
    ben_page.get_by_role("button", name="Record my answers").click()
    expect(ben_page.get_by_text("Your conflicts of interest are recorded.")).to_be_visible()
    _score(ben_page, "Sam Adeyemi", "5 – Excellent", "2 – Weak", "BEN-NOTE on Sam")

    # Before Ben's last sheet: the manager sees who is pending, by name, and no value.
    pm.goto(live_server.url + overview)
    pending = pm.locator("#pending").inner_text()
    assert "Ben Panel" in pending
    assert "Priya Shah" in pending
    assert "Ann Panel" not in pending
    expect(pm.locator("#conflicts")).to_contain_text("We were neighbours.")
    content = pm.content()
    for words in ("ANN-NOTE", "BEN-NOTE", "Excellent", "Adequate", "– Good"):
        assert words not in content
    assert_accessible(pm)
    pm.goto(live_server.url + overview + "scores/")
    expect(pm.get_by_role("heading", level=1)).to_have_text(
        "The panel's scores are hidden until the reveal"
    )
    assert "ANN-NOTE" not in pm.content()
    assert_accessible(pm)
    ben_page.goto(live_server.url + overview + "scores/")
    assert "ANN-NOTE" not in ben_page.content()
    assert_accessible(ben_page)
    ben_page.goto(live_server.url + overview)

    # Ben's last sheet reveals the panel's scores.
    _score(ben_page, "Priya Shah", "3 – Adequate", "3 – Adequate", "BEN-NOTE on Priya")
    expect(ben_page.get_by_text("Every score sheet is in.")).to_be_visible()
    ben_page.get_by_role("link", name="See the panel's scores and agreed scores").click()
    expect(ben_page.get_by_role("heading", level=1)).to_have_text("The panel's scores")
    expect(ben_page.get_by_text("ANN-NOTE warm and clear")).to_be_visible()
    assert_accessible(ben_page)

    # The panel agrees its score per question for Sam.
    ben_page.get_by_role("link", name="Record the panel's agreed scores for Sam Adeyemi").click()
    expect(ben_page.get_by_role("heading", level=1)).to_have_text(
        "The panel's agreed scores for Sam Adeyemi"
    )
    assert_accessible(ben_page)
    ben_page.get_by_role("group", name="The panel's agreed score for question 1").get_by_label(
        "4 – Good"
    ).check()
    ben_page.get_by_label("The panel's reasons for question 1 (optional)").fill(
        "Strong example, a little vague on outcomes."
    )
    ben_page.get_by_role("group", name="The panel's agreed score for question 2").get_by_label(
        "3 – Adequate"
    ).check()
    ben_page.get_by_role("button", name="Save the agreed scores").click()
    expect(
        ben_page.get_by_text("The panel's agreed scores for Sam Adeyemi are recorded.")
    ).to_be_visible()
    assert_accessible(ben_page)
    assert AgreedInterviewScore.objects.filter(candidate=sam).count() == 2
    assert list_agreed_scores(campaign) == {sam.pk: [4, 3]}

    pm.goto(live_server.url + overview + "scores/")
    expect(pm.get_by_text("Strong example, a little vague on outcomes.")).to_be_visible()
    assert_accessible(pm)
