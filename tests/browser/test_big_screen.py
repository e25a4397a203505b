"""The day from the front of the room: the big screen, two recruiters' phones, the co-design board.

The test moves the rotation on by writing the `Rotation` row and moving the screens' counter (as
the facilitator's controls do), and the board through co-design's services, and expects every
screen to follow without being reloaded. The screens ask every second; how
soon a change shows on a busy machine is a speed target, so the test allows a few polls.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from coappoint.codesign.models import Proposal, ProposalKind
from coappoint.codesign.services import make_proposal, merge_proposals, open_voting, place_dots
from coappoint.events.models import Event
from coappoint.events.services import bump_live_versions
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.signin.services import SYSTEM, issue_access_code
from coappoint.timetables.models import Rotation
from tests.browser.conftest import assert_accessible
from tests.factories import (
    STAFF_PASSWORD,
    CandidateFactory,
    EventFactory,
    Meeting,
    RecruiterFactory,
    TimetableFactory,
    meet,
    staff_member,
)
from tests.timetables.test_screens import make_day

pytestmark = [
    pytest.mark.django_db(transaction=True),
]

PROJECTOR: ViewportSize = {"width": 1280, "height": 720}
PHONE: ViewportSize = {"width": 320, "height": 640}
A_FEW_POLLS_MS = 10_000  # the screens poll every second; a loaded test machine is slower


NewContext = Callable[..., BrowserContext]


@pytest.fixture
def new_context(browser: Browser, live_server: Any) -> Iterator[NewContext]:
    """Browser contexts closed before the live server stops, so no poll outlives the test."""
    opened: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(**options)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()


def _rotate(event: Event, current_round: int, *, started_seconds_ago: float = 0) -> None:
    Rotation.objects.update_or_create(
        event=event,
        defaults={
            "organisation": event.organisation,
            "state": Rotation.State.RUNNING,
            "current_round": current_round,
            "round_started_at": timezone.now() - datetime.timedelta(seconds=started_seconds_ago),
            "paused_at": None,
        },
    )
    bump_live_versions(event_id=event.pk, screens=True)  # as the rotation's services do


def _projector(new_context: NewContext, origin: str, event: Event, **options: Any) -> Page:
    """A projector's browser with the facilitator signed in."""
    facilitator = staff_member(event.organisation, Role.FACILITATOR)
    page = new_context(viewport=PROJECTOR, **options).new_page()
    page.goto(origin + "/sign-in/")
    page.get_by_label("Email address").fill(facilitator.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def _big_screen(page: Page, origin: str, event: Event) -> None:
    page.goto(f"{origin}/o/{event.organisation.slug}/events/{event.pk}/big-screen/")
    assert_accessible(page)


def _phone(new_context: NewContext, origin: str, recruiter: CommunityRecruiter) -> Page:
    """A recruiter's phone, signed in with an access code, on their conversations page."""
    page = new_context(viewport=PHONE).new_page()
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    ).code
    page.goto(origin + "/sign-in/code/")
    page.get_by_label("Access code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    page.goto(origin + "/recruiter/conversations/")
    assert_accessible(page)
    return page


def _seconds_shown(page: Page) -> int:
    minutes, seconds = page.locator("[data-seconds-left]").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def _wait_for_the_countdown_to_pass(page: Page, seconds: int) -> None:
    """Wait until the countdown shows less than `seconds`: it ticks in the page, between polls."""
    page.wait_for_function(
        """(before) => {
            const [m, s] = document.querySelector("[data-seconds-left]").innerText.split(":");
            return Number(m) * 60 + Number(s) < before;
        }""",
        arg=seconds,
    )


def _now(page: Page) -> Any:
    return page.locator(".govuk-summary-list__row").filter(has_text="Now")


def test_every_screen_follows_the_new_round_without_a_reload(
    new_context: NewContext, live_server
) -> None:
    day = make_day()
    origin = live_server.url
    screen = _projector(new_context, origin, day.event)
    _big_screen(screen, origin, day.event)
    expect(screen.locator(".app-big-screen__round")).to_have_text("The conversations start soon")
    amina = _phone(new_context, origin, day.recruiters["amina"])
    bea = _phone(new_context, origin, day.recruiters["bea"])
    expect(amina.get_by_text("The conversations have not started yet.")).to_be_visible()

    _rotate(day.event, 0)
    expect(screen.locator(".app-big-screen__round")).to_have_text(
        "Round 1 of 3", timeout=A_FEW_POLLS_MS
    )
    expect(_now(amina)).to_contain_text("Sam, table 1", timeout=A_FEW_POLLS_MS)
    expect(_now(bea)).to_contain_text("Priya, table 2", timeout=A_FEW_POLLS_MS)
    assert_accessible(screen)
    assert_accessible(amina)

    _rotate(day.event, 1)
    expect(screen.locator(".app-big-screen__round")).to_have_text(
        "Round 2 of 3", timeout=A_FEW_POLLS_MS
    )
    expect(_now(amina)).to_contain_text(
        "Tom, table 3, with an Arabic interpreter", timeout=A_FEW_POLLS_MS
    )
    expect(_now(bea)).to_contain_text("Rest", timeout=A_FEW_POLLS_MS)
    expect(bea.get_by_text("Your next conversation")).to_be_visible()
    expect(screen.get_by_role("table", name="Who is at which table")).to_contain_text("Tom")
    assert_accessible(bea)

    # The countdown ticks down between polls.
    _wait_for_the_countdown_to_pass(screen, _seconds_shown(screen))


def _font_px(page: Page, selector: str) -> float:
    return float(
        page.evaluate(
            "(selector) => parseFloat(getComputedStyle(document.querySelector(selector)).fontSize)",
            selector,
        )
    )


def test_the_big_screen_is_readable_at_1280_by_720_and_fits_on_the_screen(
    new_context: NewContext, live_server
) -> None:
    """Five tables, long names and interpreters: still large type, and nothing off screen."""
    event = EventFactory.create(name="Northfield and Southmead recruitment day")
    names = ("Christopher", "Alexandra", "Maximilian", "Georgiana", "Bartholomew")
    candidates = [
        CandidateFactory.create(campaign=event.campaign, first_name=name, last_name="Fitzgerald")
        for name in names
    ]
    event.candidates.add(*candidates)
    recruiters = [
        RecruiterFactory.create(event=event, full_name=f"{name}a Montgomery") for name in names
    ]

    def slot(shift: int) -> list[Meeting]:
        return [
            meet(
                candidates[(index + shift) % 5],
                recruiter,
                index + 1,
                *(["bsl"] if index % 2 else []),
            )
            for index, recruiter in enumerate(recruiters)
        ]

    TimetableFactory.create(
        event=event,
        conversations=[slot(shift) for shift in range(5)],
        output={"lower_bound": 5, "optimal": True, "moved": 0, "unmet": []},
    )
    _rotate(event, 2, started_seconds_ago=100)
    origin = live_server.url
    screen = _projector(new_context, origin, event)
    _big_screen(screen, origin, event)
    expect(screen.locator(".app-big-screen__round")).to_have_text("Round 3 of 5")

    assert _font_px(screen, ".app-big-screen__round") >= 48
    assert _font_px(screen, "[data-seconds-left]") >= 48
    for cell in (".app-big-screen__tables td", ".app-big-screen__tables tbody th"):
        assert _font_px(screen, cell) >= 32
    overflow = screen.evaluate(
        "() => [document.documentElement.scrollWidth - window.innerWidth,"
        " document.documentElement.scrollHeight - window.innerHeight]"
    )
    assert overflow[0] <= 0, f"the big screen is {overflow[0]}px too wide at 1280 x 720"
    assert overflow[1] <= 0, f"the big screen is {overflow[1]}px too tall at 1280 x 720"


def test_when_the_connection_drops_the_big_screen_keeps_its_last_state_and_keeps_counting(
    new_context: NewContext, live_server
) -> None:
    day = make_day()
    _rotate(day.event, 0, started_seconds_ago=30)
    origin = live_server.url
    screen = _projector(new_context, origin, day.event)
    _big_screen(screen, origin, day.event)
    expect(screen.locator(".app-big-screen__round")).to_have_text("Round 1 of 3")
    reconnecting = screen.get_by_text("Reconnecting…")
    expect(reconnecting).to_be_hidden()

    context: BrowserContext = screen.context
    context.set_offline(True)
    expect(reconnecting).to_be_visible(timeout=A_FEW_POLLS_MS)
    _wait_for_the_countdown_to_pass(screen, _seconds_shown(screen))
    expect(screen.locator(".app-big-screen__round")).to_have_text("Round 1 of 3")
    expect(screen.get_by_role("table", name="Who is at which table")).to_contain_text("Amina H.")
    assert_accessible(screen)

    _rotate(day.event, 1)
    context.set_offline(False)
    expect(screen.locator(".app-big-screen__round")).to_have_text(
        "Round 2 of 3", timeout=A_FEW_POLLS_MS
    )
    expect(reconnecting).to_be_hidden()


def test_at_the_end_of_a_round_the_screen_says_move_on_and_flashes_unless_motion_is_reduced(
    new_context: NewContext, live_server
) -> None:
    day = make_day()
    _rotate(day.event, 0, started_seconds_ago=10 * 60 - 2)
    origin = live_server.url
    for reduced_motion, expected_animation in (
        ("no-preference", "app-big-screen-flash"),
        ("reduce", "none"),
    ):
        screen = _projector(new_context, origin, day.event, reduced_motion=reduced_motion)
        _big_screen(screen, origin, day.event)
        sound = screen.get_by_role("button", name="Turn on the sound")
        sound.click()
        expect(screen.get_by_role("button", name="Sound is on")).to_have_attribute(
            "aria-pressed", "true"
        )
        move = screen.get_by_text("Time to move to your next table")
        expect(move).to_be_visible(timeout=A_FEW_POLLS_MS)
        expect(screen.locator("body")).to_have_attribute("data-cued-round", "1-0")
        # The flash lasts a few seconds from the cue; a busy machine may read the style after it
        # has ended, so the style is read with the flash's class on, as the cue puts it.
        animation = screen.evaluate(
            """() => {
                const body = document.body;
                const hadFlash = body.classList.contains("app-big-screen--flash");
                body.classList.add("app-big-screen--flash");
                const main = document.querySelector(".app-big-screen__main");
                const name = getComputedStyle(main).animationName;
                if (!hadFlash) body.classList.remove("app-big-screen--flash");
                return name;
            }"""
        )
        assert animation == expected_animation
        assert_accessible(screen)


def test_the_co_design_board_shows_proposals_merges_and_dots_as_they_happen(
    new_context: NewContext, live_server
) -> None:
    event = EventFactory.create(name="Northfield day")
    amina = RecruiterFactory.create(event=event, full_name="Amina Hassan")
    origin = live_server.url
    board = _projector(new_context, origin, event)
    board.goto(f"{origin}/o/{event.organisation.slug}/events/{event.pk}/co-design/board/")
    assert_accessible(board)
    qualities = board.get_by_role("region", name="Qualities, newest first")
    expect(qualities).to_contain_text("None yet.")

    facilitator = staff_member(event.organisation, Role.FACILITATOR)

    def propose(text: str, **by: Any) -> Proposal:
        return make_proposal(
            event=event,
            kind=ProposalKind.QUALITY,
            text=text,
            idempotency_key=uuid.uuid4(),
            **(by or {"staff": facilitator}),
        )

    listener = propose("Good listener", recruiter=amina)
    expect(qualities).to_contain_text("Good listener", timeout=A_FEW_POLLS_MS)
    duplicate = propose("Listens well")
    propose("Knows the area")
    expect(qualities.get_by_role("listitem").first).to_contain_text(
        "Knows the area", timeout=A_FEW_POLLS_MS
    )
    merge_proposals(event=event, keep=listener, duplicates=[duplicate], actor=facilitator)
    expect(qualities.locator(".app-board__merged")).to_have_text(
        "Listens well", timeout=A_FEW_POLLS_MS
    )
    assert_accessible(board)

    vote = open_voting(event=event, dots_per_recruiter=3, actor=facilitator)
    place_dots(vote=vote, recruiter=amina, dots={listener.pk: 3})
    results = board.get_by_role("table", name="Dots for each quality, most first")
    expect(results.locator("tbody tr").first).to_contain_text(
        "Good listener 3", timeout=A_FEW_POLLS_MS
    )
    expect(board.get_by_text("1 of 1 recruiters have placed dots.")).to_be_visible()
    expect(board.locator("main")).not_to_contain_text("Amina")
    assert_accessible(board)


def test_without_javascript_a_phone_shows_the_new_round_after_refresh(
    new_context: NewContext, live_server
) -> None:
    day = make_day()
    _rotate(day.event, 0)
    origin = live_server.url
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    inspector = new_context(viewport=PHONE).new_page()
    recruiter = day.recruiters["amina"]
    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    ).code
    page.goto(origin + "/sign-in/code/")
    page.get_by_label("Access code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.goto(origin + "/recruiter/conversations/")
    assert_accessible(page, inspector)
    expect(_now(page)).to_contain_text("Sam, table 1")
    _rotate(day.event, 1)
    page.get_by_role("link", name="Refresh").click()
    expect(_now(page)).to_contain_text("Tom, table 3, with an Arabic interpreter")
    assert_accessible(page, inspector)
