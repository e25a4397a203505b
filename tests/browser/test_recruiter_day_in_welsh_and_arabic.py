"""A resident signs up in Welsh, and another in Arabic, on a 320 px phone, and walks the
recruiter's day: no English shows on any page but people's names, the event's and the council's
names, and the language switcher; each page says its language and direction, and axe is clean."""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.translation import pgettext
from django.utils.translation.trans_real import DjangoTranslation
from playwright.sync_api import Browser, Page, expect

from coappoint.codesign.models import CriteriaVersion, Criterion, Proposal
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.recruiters.services import send_nudge
from coappoint.scoring.models import Comfortable
from coappoint.scoring.services import SheetAnswers, start_scoring, submit_score_sheet
from tests.browser.conftest import NARROWEST_PHONE_PX, assert_accessible, in_language
from tests.browser.no_english import english_on_page
from tests.factories import (
    AgendaBlockFactory,
    CandidateFactory,
    CandidateListPublicationFactory,
    EventFactory,
    SignUpLinkFactory,
    StageFactory,
    TimetableFactory,
    lock_rules,
    meet,
    staff_member,
)

pytestmark = pytest.mark.django_db(transaction=True)

ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artefacts"

# What the group wrote about the qualities, in the language of the day: the service's own words
# are what must be translated, what people write is shown as they wrote it.
QUALITIES = {
    "cy": [
        ("Caredigrwydd", "Yn gynnes gyda phawb."),
        ("Gwrando", "Yn gofyn am bobl ac yn gadael iddyn nhw orffen."),
    ],
    "ar": [
        ("اللطف", "ودود مع الجميع."),
        ("الإصغاء", "يسأل عن الناس ويتركهم يكملون كلامهم."),
    ],
}
LANGUAGE_NAMES = {"cy": "Cymraeg", "ar": "العربية"}
RESIDENT = {"cy": "Gwen Morgan", "ar": "Layla Haddad"}


class Walk:
    """One phone walking the day in one language, noting the English it sees on each page."""

    def __init__(self, page: Page, language: str, names: list[str]) -> None:
        self.page = page
        self.language = language
        self.names = names
        self.origin = ""
        self.leaks: list[str] = []
        self.pages = 0

    def say(self, english: str, context: str | None = None) -> str:
        if context is None:
            return in_language(self.language, english)
        with translation.override(self.language):
            return pgettext(context, english)

    def script_says(self, singular: str, plural: str, count: int = 1) -> str:
        """What the page's script says, from the JavaScript catalogue."""
        words = DjangoTranslation(self.language, domain="djangojs").ngettext(
            singular, plural, count
        )
        return words % {"count": count}

    def check(self, what: str) -> None:
        """The page is in the language, reads in its direction, has no English and passes axe."""
        html = self.page.locator("html")
        expect(html).to_have_attribute("lang", self.language)
        expect(html).to_have_attribute("dir", "rtl" if self.language == "ar" else "ltr")
        self.leaks += [
            f"{what} ({self.page.url}): {leak}"
            for leak in english_on_page(self.page, self.language, self.names)
        ]
        self.pages += 1
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        (ARTEFACTS / f"english-{self.language}.txt").write_text("\n".join(self.leaks))
        assert_accessible(self.page)

    def click(self, role: str, english: str, what: str, context: str | None = None) -> None:
        self.page.get_by_role(role, name=self.say(english, context), exact=True).click()  # type: ignore[arg-type]
        self.check(what)

    def heading(self, english: str, **placeholders: str) -> None:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(
            self.say(english) % placeholders if placeholders else self.say(english)
        )


def _event(language: str) -> dict[str, Any]:
    event = EventFactory.create(
        name="Northfield", venue_name="Canolfan Northfield" if language == "cy" else "Northfield"
    )
    StageFactory.create(campaign=event.campaign)
    sam = CandidateFactory.create(campaign=event.campaign, first_name="Sam", last_name="Adeyemi")
    priya = CandidateFactory.create(campaign=event.campaign, first_name="Priya", last_name="Shah")
    event.candidates.add(sam, priya)
    CandidateListPublicationFactory.create(event=event)
    AgendaBlockFactory.create(
        event=event, title="Croeso" if language == "cy" else "ترحيب", starts_at=datetime.time(10)
    )
    version = CriteriaVersion.objects.create(organisation=event.organisation, event=event, number=1)
    for position, (name, good) in enumerate(QUALITIES[language], start=1):
        Criterion.objects.create(
            organisation=event.organisation,
            version=version,
            position=position,
            name=name,
            what_good_looks_like=good,
        )
    link = SignUpLinkFactory.create(event=event)
    return {"event": event, "sam": sam, "priya": priya, "link": link}


def _sign_up(walk: Walk, sign_up_url: str) -> str:
    page = walk.page
    page.goto(sign_up_url)
    # The resident arrives in English and chooses their language with the switcher.
    page.locator(f".app-language-switcher__form:has(input[value={walk.language}]) button").click()
    walk.heading("Help choose your Local Area Coordinator")
    walk.check("sign-up")

    walk.click("button", "Sign up", "sign-up, nothing filled in")
    expect(page.locator(".govuk-error-summary")).to_be_visible()

    page.get_by_label(walk.say("Full name")).fill(RESIDENT[walk.language])
    page.get_by_label(walk.say("Which neighbourhood do you live in?")).fill("Northfield")
    page.get_by_label(walk.say("Phone number")).fill("07700 900 982")
    page.get_by_label(LANGUAGE_NAMES[walk.language], exact=True).check()
    page.get_by_role(
        "group", name=walk.say("Do you need an interpreter to talk with the candidates?")
    ).get_by_label(walk.say("No", "answer to: do you need an interpreter?")).check()
    page.get_by_label(walk.say("From"), exact=True).fill("10:00")
    walk.click("button", "Sign up", "signed up")
    code = page.locator("#access-code").inner_text().replace(" ", "")
    assert len(code) == 8
    return code


def _before_the_day(walk: Walk) -> None:
    walk.click("link", "Continue to your page", "the recruiter's page")
    walk.heading("Hello, %(name)s", name=RESIDENT[walk.language])
    walk.click("link", "Read and agree to the confidentiality agreement", "confidentiality")
    walk.page.get_by_role("button", name=walk.say("Continue"), exact=True).click()
    expect(walk.page.locator(".govuk-error-summary")).to_be_visible()
    walk.check("confidentiality, not agreed")
    walk.page.get_by_label(
        walk.say("I agree to keep what I hear about the candidates confidential")
    ).check()
    walk.click("button", "Continue", "the recruiter's page, agreed")
    walk.click("link", "Read the equal opportunities briefing", "equal opportunities")
    walk.page.get_by_label(
        walk.say("I have read and understood the equal opportunities briefing")
    ).check()
    walk.click("button", "Continue", "the recruiter's page, briefed")
    walk.click("link", "Tell us if you know any of the candidates", "candidates you know")
    walk.page.get_by_label("Sam", exact=True).check()
    walk.page.get_by_label(walk.say("How do you know %(name)s? (optional)") % {"name": "Sam"}).fill(
        "Cymydog" if walk.language == "cy" else "جار"
    )
    walk.click("button", "Save", "candidates you know, saved")
    walk.page.goto(walk.page.url.split("/recruiter")[0] + "/recruiter/")
    walk.check("the recruiter's page, all done")
    _suggest_a_quality_offline(walk)
    for address, what in (
        ("/recruiter/your-sign-in-code/", "your sign-in code"),
        ("/recruiter/scores/", "score sheets before scoring"),
        ("/recruiter/deliberation/", "the group's scores before the reveal"),
        ("/recruiter/co-design/", "qualities and local insights"),
        ("/recruiter/notes/", "mingling notes"),
        ("/recruiter/nudges/", "messages from the facilitator"),
        ("/recruiter/offline/", "offline"),
    ):
        walk.page.goto(walk.origin + address)
        walk.check(what)


def _suggest_a_quality_offline(walk: Walk) -> None:
    """A quality proposed with no connection waits on the phone, in the page's language."""
    walk.page.goto(walk.origin + "/recruiter/co-design/quality/")
    walk.check("propose a quality")
    walk.page.context.set_offline(True)
    walk.page.locator("textarea").fill("Amynedd" if walk.language == "cy" else "الصبر")
    walk.page.get_by_role("button", name=walk.say("Send"), exact=True).click()
    status = walk.page.get_by_role("status")
    expect(status).to_contain_text(
        walk.script_says(
            "%(count)s suggestion waiting to send", "%(count)s suggestions waiting to send"
        )
    )
    walk.check("propose a quality, waiting to send")
    walk.page.context.set_offline(False)
    expect(status).to_contain_text(
        walk.script_says("%(count)s suggestion sent", "%(count)s suggestions sent")
    )
    walk.check("propose a quality, sent")
    assert (
        Proposal.objects.filter(proposed_by_recruiter__full_name=RESIDENT[walk.language]).count()
        == 1
    )


def _sign_in_again(walk: Walk, code: str) -> None:
    walk.page.goto(walk.origin + "/recruiter/")
    walk.click("button", "Sign out", "signed out")
    walk.page.goto(walk.origin + "/sign-in/code/")
    walk.check("sign in with a code")
    walk.click("button", "Sign in", "sign in, no code")
    walk.page.get_by_label(walk.say("Access code")).fill(code)
    walk.click("button", "Sign in", "signed in again")
    walk.heading("Hello, %(name)s", name=RESIDENT[walk.language])


def _score(walk: Walk, name: str, first: str, second: str) -> None:
    walk.page.get_by_role("link", name=walk.say("Score %(name)s") % {"name": name}).click()
    walk.check(f"score sheet for {name}")
    quality, other = (quality for quality, _good in QUALITIES[walk.language])
    walk.page.get_by_role("group", name=quality).get_by_label(first, exact=True).check()
    walk.click("button", "Send my score sheet", f"score sheet for {name}, incomplete")
    expect(walk.page.locator(".govuk-error-summary")).to_be_visible()
    # The wifi drops as she sends it: the phone keeps it, says so, and sends it when it can.
    walk.page.context.set_offline(True)
    walk.page.get_by_role("group", name=other).get_by_label(second, exact=True).check()
    walk.page.locator("input[name=comfortable]").first.check()
    walk.page.get_by_role("button", name=walk.say("Send my score sheet"), exact=True).click()
    status = walk.page.get_by_role("status")
    expect(status).to_contain_text(
        walk.script_says(
            "%(count)s score sheet waiting to send", "%(count)s score sheets waiting to send"
        )
    )
    walk.check(f"score sheet for {name}, waiting to send")
    walk.page.context.set_offline(False)
    expect(status).to_contain_text(
        walk.script_says("%(count)s score sheet sent", "%(count)s score sheets sent")
    )
    walk.check(f"score sheet for {name}, sent")


def _the_day(
    walk: Walk,
    event: Any,
    people: tuple[CommunityRecruiter, CommunityRecruiter, Any],
    facilitator: Any,
) -> None:
    resident, bob, sam = people
    walk.page.goto(walk.origin + "/recruiter/check-in/")
    walk.check("check in")
    walk.click("button", "Check in", "checked in")
    walk.click("button", "Confirm", "confirm the day, nothing ticked")
    expect(walk.page.locator(".govuk-error-summary")).to_be_visible()
    walk.page.locator("input[name=keeps_confidential]").check()
    walk.page.locator("input[name=conflicts_right]").check()
    walk.click("button", "Confirm", "the day confirmed")
    expect(walk.page.locator("#day-confirmed")).to_be_visible()
    # The facilitator sends her a message: it shows on her next page, in her words.
    send_nudge(
        recruiter=resident,
        message="Dewch at fwrdd 1, os gwelwch yn dda."
        if walk.language == "cy"
        else "تفضلوا إلى الطاولة 1.",
        actor=facilitator,
    )
    walk.page.goto(walk.origin + "/recruiter/conversations/")
    walk.check("your conversations, with a message from the facilitator")
    walk.page.goto(walk.origin + "/recruiter/nudges/")
    walk.check("messages from the facilitator")
    walk.page.goto(walk.origin + "/recruiter/scores/")
    walk.check("score sheets")
    labels = [
        f"{point} – {walk.say(label, 'score on the scale')}"
        for point, label in ((4, "Good"), (3, "Some"), (2, "A little"), (5, "Strong"))
    ]
    _score(walk, "Priya", labels[0], labels[1])
    walk.page.goto(walk.origin + "/recruiter/scores/")
    walk.check("score sheets, all sent")
    walk.click("link", "Priya", "a sent score sheet")
    # Bob sends his sheet for Sam, the last one: the scores are revealed to the group.
    criteria = list(Criterion.objects.filter(version__event=event).order_by("position"))
    submit_score_sheet(
        recruiter=bob,
        candidate=sam,
        answers=SheetAnswers(
            scores={criteria[0].pk: 2, criteria[1].pk: 5}, comfortable=Comfortable.YES, comment=""
        ),
        idempotency_key=uuid.uuid4(),
    )
    walk.page.goto(walk.origin + "/recruiter/deliberation/")
    walk.check("the group's scores")
    # A summary first, then one candidate at a time: two qualities each.
    candidates = walk.page.locator("#candidates a")
    expect(candidates).to_have_count(2)
    for index in range(2):
        candidates.nth(index).click()
        walk.check(f"the group's scores for candidate {index + 1}")
        expect(walk.page.locator("svg.app-dot-plot")).to_have_count(2)
        walk.page.go_back()


@pytest.mark.parametrize("language", ["cy", "ar"])
def test_a_resident_signs_up_and_walks_the_day_seeing_no_english(
    browser: Browser, live_server: Any, language: str
) -> None:
    made = _event(language)
    event = made["event"]
    names = [
        RESIDENT[language],
        "Sam",
        "Adeyemi",
        "Priya",
        "Shah",
        event.name,
        event.venue_name,
        event.organisation.name,
    ]
    context = browser.new_context(viewport={"width": NARROWEST_PHONE_PX, "height": 640})
    walk = Walk(context.new_page(), language, names)
    walk.origin = live_server.url

    code = _sign_up(walk, live_server.url + f"/sign-up/{made['link'].slug}/")
    _before_the_day(walk)
    _sign_in_again(walk, code)

    # The facilitator makes the timetable (she talks with Priya, and not with Sam, whom she
    # knows) and starts scoring.
    resident = CommunityRecruiter.objects.get(full_name=RESIDENT[language])
    assert resident.preferred_language == language
    bob = CommunityRecruiter.objects.create(
        organisation=event.organisation, event=event, full_name="Bob Jones"
    )
    TimetableFactory.create(
        event=event,
        version=1,
        starts_at=datetime.time(12, 0),
        conversations=[[meet(made["priya"], resident, 1), meet(made["sam"], bob, 2)]],
    )
    walk.names.append("Bob Jones")
    facilitator = staff_member(event.organisation, Role.FACILITATOR)
    lock_rules(event.campaign)
    start_scoring(event=event, actor=facilitator, now=timezone.now())
    _the_day(walk, event, (resident, bob, made["sam"]), facilitator)

    context.close()
    assert walk.leaks == [], f"English on {walk.pages} pages in {language}:\n" + "\n".join(
        walk.leaks
    )
