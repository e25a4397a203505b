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


# Each tick's number on a dot plot, and each header of the table of counts beneath it, by point.
PLOT_GEOMETRY = """() => {
  const plot = document.querySelector('svg.app-dot-plot');
  const numbers = [...plot.querySelectorAll('text[font-weight=bold]')].map((text) => {
    const box = text.getBoundingClientRect();
    return {point: text.textContent.trim(), centre: box.left + box.width / 2};
  });
  const region = plot.closest('[id^=quality-]');
  const headers = [...region.querySelectorAll('thead th')].map((cell) => {
    const box = cell.getBoundingClientRect();
    return {point: cell.textContent.trim().split(' ')[0], centre: box.left + box.width / 2};
  });
  return {numbers, headers};
}"""

# Each candidate's name on the outcome chart, and the grey track its bar is drawn on.
CHART_GEOMETRY = """() => [...document.querySelectorAll('.app-outcome-chart__name')].map((name) => {
    const track = name.nextElementSibling.getBoundingClientRect();
    const words = name.getBoundingClientRect();
    return {name: name.textContent, nameLeft: words.left, nameRight: words.right,
            barLeft: track.left, barRight: track.right};
  })"""


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_dot_plot_runs_the_way_its_table_of_counts_reads(
    browser: Browser, live_server: Any, language: str
) -> None:
    """Right to left, the table of counts reads from the right, so the dot plot above it runs
    from the right too: the lowest score on the right in Arabic, on the left in English."""
    from tests.deliberation.conftest import make_scored_day

    day = make_scored_day()
    phone = _phone(browser, live_server.url, day, language)
    phone.goto(live_server.url + "/recruiter/deliberation/")
    # The spread is a summary first; each candidate's dot plots are on their own page.
    phone.locator("dl a").first.click()
    expect(phone.locator("svg.app-dot-plot").first).to_be_visible()
    assert_accessible(phone)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTEFACTS / f"dot-plot-{language}.png"), full_page=True)
    geometry = phone.evaluate(PLOT_GEOMETRY)
    for kind in ("numbers", "headers"):
        across = [item["centre"] for item in geometry[kind]]
        points = [item["point"] for item in geometry[kind]]
        assert points == ["1", "2", "3", "4", "5"], (kind, points)
        reading_order = sorted(across, reverse=language == "ar")
        assert across == reading_order, (kind, language, geometry[kind])
    phone.context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_outcome_chart_puts_names_on_the_reading_side_of_their_bars(
    browser: Browser, live_server: Any, language: str
) -> None:
    from tests.decisions.conftest import make_ready
    from tests.factories import STAFF_PASSWORD

    ready = make_ready()
    context = browser.new_context()
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/sign-in/")
    page.locator("input[type=email]").fill(ready.manager.email)
    page.locator("input[type=password]").fill(STAFF_PASSWORD)
    page.locator("main button.govuk-button").click()
    page.goto(live_server.url + ready.url("decisions:outcome"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator("svg.app-outcome-chart")).to_be_visible()
    assert_accessible(page)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("svg.app-outcome-chart").screenshot(
        path=str(ARTEFACTS / f"outcome-chart-{language}.png")
    )
    rows = page.evaluate(CHART_GEOMETRY)
    assert len(rows) == 2
    for row in rows:
        if language == "ar":
            gap = row["nameLeft"] - row["barRight"]  # the name is right of its bar
        else:
            gap = row["barLeft"] - row["nameRight"]  # the name is left of its bar
        assert 0 <= gap <= MOST_GAP_PX, (language, row)
    # The printed record, drawn by WeasyPrint, is kept to look at as well.
    href = page.locator("a[href$='.pdf']").first.get_attribute("href")
    assert href is not None
    record = page.request.get(live_server.url + href)
    assert record.ok
    (ARTEFACTS / f"decision-record-{language}.pdf").write_bytes(record.body())
    context.close()
