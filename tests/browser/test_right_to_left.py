"""Right to left is right: in Arabic each radio and checkbox sits beside its label on the right,
as in English it sits beside it on the left; screenshots of both are kept as test artefacts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect

from coappoint.recruiters.services import publish_candidate_list
from coappoint.scoring.services import start_scoring
from coappoint.signin.services import SYSTEM, issue_access_code
from tests.browser.conftest import assert_accessible
from tests.scoring.conftest import Day, make_day

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = ViewportSize(width=320, height=640)
ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artefacts"
# How far a control's mark may sit from its label's text: GOV.UK's label padding is 15 px.
MOST_GAP_PX = 20

# The box of each radio ring or checkbox (drawn by the label's ::before) and of its label's text.
MEASURE = """() => [...document.querySelectorAll('.govuk-radios__item, .govuk-checkboxes__item')]
  .map((item) => {
    const label = item.querySelector('label');
    const mark = getComputedStyle(label, '::before');
    const box = item.getBoundingClientRect();
    const width = parseFloat(mark.width);
    const left = mark.left === 'auto'
      ? box.right - parseFloat(mark.right) - width
      : box.left + parseFloat(mark.left);
    const text = document.createRange();
    text.selectNodeContents(label);
    const words = text.getBoundingClientRect();
    return {label: label.innerText.trim(), markLeft: left, markRight: left + width,
            textLeft: words.left, textRight: words.right};
  })"""


def _phone(browser: Browser, live_server_url: str, day: Day, language: str) -> Page:
    # Amina chose this language when she signed up: signing in shows her pages in it.
    day.amina.preferred_language = language
    day.amina.save()
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server_url}])
    phone = context.new_page()
    code = issue_access_code(
        person=day.amina, organisation=day.amina.organisation, event=day.event, actor=SYSTEM
    ).code
    phone.goto(live_server_url + "/sign-in/code/")
    phone.locator("#id_code").fill(code)
    phone.locator("main button.govuk-button").click()
    expect(phone.locator("h1")).to_contain_text(day.amina.full_name)
    return phone


def _controls(page: Page, name: str) -> list[dict[str, Any]]:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)
    controls: list[dict[str, Any]] = page.evaluate(MEASURE)
    assert controls, f"{name}: no radios or checkboxes to measure"
    return controls


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_radio_and_checkbox_sits_beside_its_label_on_the_reading_side(
    browser: Browser, live_server: Any, language: str
) -> None:
    day = make_day()
    publish_candidate_list(event=day.event, actor=day.facilitator)
    start_scoring(event=day.event, actor=day.facilitator, now=timezone.now())
    phone = _phone(browser, live_server.url, day, language)
    expect(phone.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")

    pages = {
        "score-sheet": f"/recruiter/scores/{day.sam.pk}/",
        "candidates-you-know": "/recruiter/candidates-you-know/",
    }
    for name, address in pages.items():
        phone.goto(live_server.url + address)
        assert_accessible(phone)
        for control in _controls(phone, f"{name}-{language}"):
            if language == "ar":
                gap = control["markLeft"] - control["textRight"]  # the mark is to the right
            else:
                gap = control["textLeft"] - control["markRight"]  # the mark is to the left
            assert 0 <= gap <= MOST_GAP_PX, (name, language, control)
    phone.context.close()
