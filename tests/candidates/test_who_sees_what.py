"""Adjustments and equality totals by the product's "who may see what" table, for each role and
for people holding several: who scores in the campaign is a fact (events.scorers), not a role."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.candidates.access import (
    EVERYTHING,
    WHAT_THE_DAY_NEEDS,
    WHAT_THE_INTERVIEW_NEEDS,
    adjustments_shown_to,
    may_see_equality_data,
)
from coappoint.candidates.models import AdjustmentRequest
from coappoint.events.models import EventFacilitator
from coappoint.events.services import FacilitatorsRefused, set_event_facilitators
from coappoint.organisations.models import Role
from coappoint.signin.services import SYSTEM, issue_sign_in_link
from tests.factories import (
    AdjustmentRequestFactory,
    CampaignFactory,
    CandidateFactory,
    EqualityMonitoringFactory,
    EventFactory,
    OrganisationFactory,
    PanelMemberFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db

INTERPRETER = "British Sign Language"
FOR_THE_INTERVIEW = "The questions in writing, please"
IN_THEIR_OWN_WORDS = "Step-free access because of my condition"


@pytest.fixture
def event():
    event = EventFactory.create()
    grace = CandidateFactory.create(campaign=event.campaign, first_name="Grace")
    AdjustmentRequestFactory.create(
        candidate=grace,
        interpreter_language="bsl",
        interview_needs=FOR_THE_INTERVIEW,
        needs=IN_THEIR_OWN_WORDS,
    )
    return event


def _url(name: str, campaign, organisation=None) -> str:
    return reverse(
        f"candidates:{name}", args=[(organisation or campaign.organisation).slug, campaign.pk]
    )


def _seat_on_panel(campaign, user) -> None:
    PanelMemberFactory.create(campaign=campaign, user=user)


def _choose_facilitator(event, user) -> None:
    EventFacilitator.objects.create(
        organisation=event.organisation, event=event, user=user, added_at=timezone.now()
    )


def _adjustments(client: Client, event) -> tuple[int, str]:
    response = client.get(_url("adjustments", event.campaign))
    return response.status_code, unescape(response.content.decode())


def _sees(html: str) -> tuple[bool, bool, bool]:
    return (INTERPRETER in html, FOR_THE_INTERVIEW in html, IN_THEIR_OWN_WORDS in html)


# --- Adjustments: each role alone ---------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PROGRAMME_MANAGER, Role.AUDITOR])
def test_a_manager_or_auditor_who_does_not_score_reads_adjustments_in_full(
    client: Client, event, role
) -> None:
    user = staff_member(event.organisation, role)
    client.force_login(user)
    status, html = _adjustments(client, event)
    assert status == 200
    assert _sees(html) == (True, True, True)
    assert adjustments_shown_to(user, event.campaign) == EVERYTHING


def test_an_auditor_reads_adjustments_but_the_page_takes_no_post(client: Client, event) -> None:
    client.force_login(staff_member(event.organisation, Role.AUDITOR))
    response = client.post(_url("adjustments", event.campaign), {"needs": "changed"})
    assert response.status_code == 405
    assert AdjustmentRequest.objects.get().needs == IN_THEIR_OWN_WORDS


def test_a_facilitator_of_the_event_sees_only_what_the_day_needs(client: Client, event) -> None:
    chosen = staff_member(event.organisation, Role.FACILITATOR)
    _choose_facilitator(event, chosen)
    client.force_login(chosen)
    status, html = _adjustments(client, event)
    assert status == 200
    assert _sees(html) == (True, False, False)
    assert "Grace" in html


def test_a_facilitator_not_chosen_for_any_of_the_campaigns_events_is_refused(
    client: Client, event
) -> None:
    _choose_facilitator(event, staff_member(event.organisation, Role.FACILITATOR))
    elsewhere = EventFactory.create(
        organisation=event.organisation,
        campaign=CampaignFactory.create(vacancy=event.campaign.vacancy),
    )
    other = staff_member(event.organisation, Role.FACILITATOR)
    _choose_facilitator(elsewhere, other)  # they facilitate another campaign's day
    client.force_login(other)
    assert _adjustments(client, event)[0] == 403
    assert adjustments_shown_to(other, event.campaign) is None


def test_a_facilitator_of_a_campaign_with_no_event_yet_is_refused(client: Client) -> None:
    campaign = CampaignFactory.create()
    client.force_login(staff_member(campaign.organisation, Role.FACILITATOR))
    assert client.get(_url("adjustments", campaign)).status_code == 403


def test_a_panel_member_sees_what_the_interview_needs_and_not_the_rest(
    client: Client, event
) -> None:
    ann = staff_member(event.organisation, Role.INTERVIEW_PANEL)
    _seat_on_panel(event.campaign, ann)
    client.force_login(ann)
    status, html = _adjustments(client, event)
    assert status == 200
    assert _sees(html) == (True, True, False)
    assert adjustments_shown_to(ann, event.campaign) == WHAT_THE_INTERVIEW_NEEDS


def test_a_panel_member_of_another_campaign_is_refused(client: Client, event) -> None:
    cara = staff_member(event.organisation, Role.INTERVIEW_PANEL)
    _seat_on_panel(CampaignFactory.create(vacancy=event.campaign.vacancy), cara)
    client.force_login(cara)
    assert _adjustments(client, event)[0] == 403


def test_adjustments_of_another_organisation_are_not_found(client: Client, event) -> None:
    client.force_login(staff_member(OrganisationFactory.create(), *Role))
    assert _adjustments(client, event)[0] == 404


# --- Adjustments: several roles at once -----------------------------------------------------


def test_a_manager_on_the_panel_sees_what_the_interview_needs_no_more(
    client: Client, event
) -> None:
    user = staff_member(event.organisation, Role.PROGRAMME_MANAGER, Role.INTERVIEW_PANEL)
    _seat_on_panel(event.campaign, user)
    client.force_login(user)
    assert _sees(_adjustments(client, event)[1]) == (True, True, False)


def test_an_auditor_who_facilitates_the_day_sees_what_the_day_needs_no_more(
    client: Client, event
) -> None:
    user = staff_member(event.organisation, Role.AUDITOR, Role.FACILITATOR)
    _choose_facilitator(event, user)
    client.force_login(user)
    assert _sees(_adjustments(client, event)[1]) == (True, False, False)
    assert adjustments_shown_to(user, event.campaign) == WHAT_THE_DAY_NEEDS


def test_a_facilitator_on_the_panel_sees_what_the_interview_and_the_day_need(
    client: Client, event
) -> None:
    user = staff_member(event.organisation, Role.FACILITATOR, Role.INTERVIEW_PANEL)
    _seat_on_panel(event.campaign, user)
    client.force_login(user)
    assert _sees(_adjustments(client, event)[1]) == (True, True, False)


def test_a_manager_holding_scoring_roles_but_no_seat_here_reads_in_full(
    client: Client, event
) -> None:
    """The roles alone no longer count once the seats are filled by others."""
    user = staff_member(
        event.organisation, Role.PROGRAMME_MANAGER, Role.INTERVIEW_PANEL, Role.FACILITATOR
    )
    _seat_on_panel(event.campaign, staff_member(event.organisation, Role.INTERVIEW_PANEL))
    _choose_facilitator(event, staff_member(event.organisation, Role.FACILITATOR))
    client.force_login(user)
    assert _sees(_adjustments(client, event)[1]) == (True, True, True)


def test_a_candidate_asking_only_for_what_a_reader_may_not_see_is_not_listed(
    client: Client, event
) -> None:
    AdjustmentRequestFactory.create(
        candidate=CandidateFactory.create(campaign=event.campaign, first_name="Jon"),
        needs="Regular breaks",
    )
    ann = staff_member(event.organisation, Role.INTERVIEW_PANEL)
    _seat_on_panel(event.campaign, ann)
    client.force_login(ann)
    html = _adjustments(client, event)[1]
    assert "Jon" not in html
    assert "Regular breaks" not in html


# --- Equality totals ------------------------------------------------------------------------


def _answered(event, count: int, age_band: str) -> None:
    for _ in range(count):
        EqualityMonitoringFactory.create(
            candidate=CandidateFactory.create(campaign=event.campaign), age_band=age_band
        )


def test_an_auditor_who_does_not_score_sees_the_totals_with_small_numbers_hidden(
    client: Client, event
) -> None:
    _answered(event, 9, "25_34")
    _answered(event, 2, "35_44")
    auditor = staff_member(event.organisation, Role.AUDITOR)
    client.force_login(auditor)

    response = client.get(_url("equality", event.campaign))

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "About 10 candidates have answered" in html  # 11, rounded to the nearest 5
    assert "fewer than 5" in html
    assert ">2<" not in html
    assert ">9<" not in html
    assert ">11<" not in html
    assert (
        _url("equality", event.campaign)
        in client.get(_url("list", event.campaign)).content.decode()
    )


def test_an_auditor_sees_no_totals_before_ten_have_answered(client: Client, event) -> None:
    _answered(event, 6, "25_34")
    client.force_login(staff_member(event.organisation, Role.AUDITOR))
    html = unescape(client.get(_url("equality", event.campaign)).content.decode())
    assert "no totals are shown yet" in html


@pytest.mark.parametrize("overseer", [Role.PROGRAMME_MANAGER, Role.AUDITOR])
@pytest.mark.parametrize("seat", ["panel", "facilitator"])
def test_anyone_with_a_seat_in_the_campaign_is_refused_its_equality_totals(
    client: Client, event, overseer, seat
) -> None:
    if seat == "panel":
        user = staff_member(event.organisation, overseer, Role.INTERVIEW_PANEL)
        _seat_on_panel(event.campaign, user)
    else:
        user = staff_member(event.organisation, overseer, Role.FACILITATOR)
        _choose_facilitator(event, user)
    client.force_login(user)
    assert not may_see_equality_data(user, event.campaign)
    assert client.get(_url("equality", event.campaign)).status_code == 403
    assert (
        _url("equality", event.campaign)
        not in client.get(_url("list", event.campaign)).content.decode()
    )


def test_a_seat_in_another_campaign_does_not_bar_this_ones_totals(client: Client, event) -> None:
    user = staff_member(
        event.organisation, Role.PROGRAMME_MANAGER, Role.INTERVIEW_PANEL, Role.FACILITATOR
    )
    other = EventFactory.create(
        organisation=event.organisation,
        campaign=CampaignFactory.create(vacancy=event.campaign.vacancy),
    )
    _seat_on_panel(other.campaign, user)
    _choose_facilitator(other, user)
    _seat_on_panel(event.campaign, staff_member(event.organisation, Role.INTERVIEW_PANEL))
    _choose_facilitator(event, staff_member(event.organisation, Role.FACILITATOR))
    client.force_login(user)
    assert client.get(_url("equality", event.campaign)).status_code == 200
    assert client.get(_url("equality", other.campaign)).status_code == 403


def test_a_manager_who_facilitated_the_day_stays_refused_after_it(client: Client, event) -> None:
    """Facilitators cannot be taken off once the day has come (events.services), so a manager
    who ran the day cannot take themselves off it to read the totals."""
    event.date = timezone.localdate() - datetime.timedelta(days=1)
    event.save()
    user = staff_member(event.organisation, Role.PROGRAMME_MANAGER, Role.FACILITATOR)
    _choose_facilitator(event, user)
    _seat_on_panel(event.campaign, staff_member(event.organisation, Role.INTERVIEW_PANEL))
    with pytest.raises(FacilitatorsRefused):
        set_event_facilitators(
            event=event,
            facilitators=[staff_member(event.organisation, Role.FACILITATOR)],
            actor=user,
        )
    client.force_login(user)
    assert client.get(_url("equality", event.campaign)).status_code == 403


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.INTERVIEW_PANEL])
def test_a_scorer_without_an_overseeing_role_is_refused_the_totals(
    client: Client, event, role
) -> None:
    user = staff_member(event.organisation, role)
    if role == Role.INTERVIEW_PANEL:
        _seat_on_panel(event.campaign, user)
    client.force_login(user)
    assert client.get(_url("equality", event.campaign)).status_code == 403


def test_an_auditor_of_another_organisation_gets_not_found(client: Client, event) -> None:
    client.force_login(staff_member(OrganisationFactory.create(), Role.AUDITOR))
    assert client.get(_url("equality", event.campaign)).status_code == 404


# --- The candidate's own page ----------------------------------------------------------------


def test_a_candidate_writes_what_the_interview_panel_should_know(event) -> None:
    candidate = CandidateFactory.create(campaign=event.campaign, first_name="Hana")
    event.candidates.add(candidate)
    link = issue_sign_in_link(
        person=candidate, organisation=event.organisation, event=event, actor=SYSTEM
    )
    client = Client()
    client.post("/" + link.url.split("/", 3)[3])
    page = unescape(client.get(reverse("candidates:my_adjustments")).content.decode())
    assert "The interview panel reads this" in page

    client.post(
        reverse("candidates:my_adjustments"),
        {"interpreter_language": "", "interview_needs": "Extra time", "needs": "A quiet room"},
    )

    request = AdjustmentRequest.objects.get(candidate=candidate)
    assert (request.interview_needs, request.needs) == ("Extra time", "A quiet room")
    again = client.get(reverse("candidates:my_adjustments")).content.decode()
    assert "Extra time</textarea>" in again
