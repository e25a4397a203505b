"""The event plan: a new day gets the usual agenda, and its times always add up."""

from __future__ import annotations

import datetime
import itertools
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.events.forms import parse_interpreters
from coappoint.events.models import AgendaBlock, AgendaBlockKind, Event, Meetings
from coappoint.events.services import EventPlan, create_event
from coappoint.organisations.models import Role
from tests.factories import (
    CampaignFactory,
    EventFactory,
    OrganisationFactory,
    RecruiterFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db

PLAN_FORM = {
    "name": "Northfield community recruitment day",
    "date": "12/12/2026",
    "venue_name": "Northfield Community Centre",
    "venue_address": "1 High Street\nNorthfield",
    "access_information": "Step-free entrance",
    "tables": "3",
    "interpreters": "Arabic: 1\nBritish Sign Language: 2",
    "conversation_minutes": "10",
    "most_conversations_in_a_row": "3",
    "meetings": "all",
    "recruiters_per_candidate": "",
}


def _signed_in(client: Client, organisation, *roles: Role) -> Client:
    user = staff_member(organisation, *roles)
    client.force_login(user)
    return client


def _planned_event(organisation=None) -> Event:
    campaign = CampaignFactory.create(**({"organisation": organisation} if organisation else {}))
    if organisation is not None:
        campaign.vacancy.organisation = organisation
    user = staff_member(campaign.organisation, Role.PROGRAMME_MANAGER)
    return create_event(
        organisation=campaign.organisation,
        campaign=campaign,
        actor=user,
        plan=EventPlan(
            name="Day",
            date=datetime.date(2026, 12, 12),
            venue_name="Hall",
            venue_address="1 High Street",
            access_information="",
            tables=2,
            interpreters={},
            conversation_minutes=10,
            most_conversations_in_a_row=3,
            meetings=Meetings.ALL,
            recruiters_per_candidate=None,
        ),
    )


def _agenda_post(event: Event, **changes: str) -> dict[str, str]:
    data = {"day_starts_at": "10:00", "new_title": "", "new_minutes": "", "new_order": ""}
    for number, block in enumerate(event.agenda.order_by("position"), start=1):
        data[f"block_{block.pk}_title"] = block.title
        data[f"block_{block.pk}_minutes"] = str(block.duration_minutes)
        data[f"block_{block.pk}_order"] = str(number)
    data.update(changes)
    return data


def _times_add_up(event: Event) -> bool:
    blocks = list(AgendaBlock.objects.filter(event=event).order_by("position"))
    day = datetime.date(2026, 1, 1)
    return all(
        datetime.datetime.combine(day, later.starts_at)
        == datetime.datetime.combine(day, earlier.starts_at)
        + datetime.timedelta(minutes=earlier.duration_minutes)
        for earlier, later in itertools.pairwise(blocks)
    )


def test_creating_an_event_prefills_the_agenda_of_the_day(client: Client) -> None:
    campaign = CampaignFactory.create()
    _signed_in(client, campaign.organisation, Role.PROGRAMME_MANAGER)

    response = client.post(
        reverse("events:event_new", args=[campaign.organisation.slug]),
        {**PLAN_FORM, "campaign": str(campaign.pk)},
    )

    event = Event.objects.get(campaign=campaign)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "events:detail", args=[campaign.organisation.slug, event.pk]
    )
    assert event.interpreters == {"ar": 1, "bsl": 2}
    assert [block.kind for block in event.agenda.order_by("position")] == [
        AgendaBlockKind.WELCOME,
        AgendaBlockKind.ROLE_PURPOSE,
        AgendaBlockKind.EQUAL_OPPORTUNITIES,
        AgendaBlockKind.QUALITIES,
        AgendaBlockKind.MINGLING,
        AgendaBlockKind.CONVERSATIONS,
        AgendaBlockKind.DELIBERATION,
    ]
    assert event.agenda.order_by("position").first().starts_at == datetime.time(10, 0)  # type: ignore[union-attr]
    assert _times_add_up(event)
    assert AuditEvent.objects.filter(action="event.created", target_id=str(event.pk)).exists()


def test_the_event_page_shows_the_plan_and_its_links(client: Client) -> None:
    event = _planned_event()
    event.interpreters = {"ar": 1}
    event.save()
    _signed_in(client, event.organisation, Role.FACILITATOR)
    html = client.get(reverse("events:detail", args=[event.organisation.slug, event.pk]))
    # The lead includes events/_plan_links.html on the event page; until then render it here.
    from django.template.loader import render_to_string

    part = render_to_string(
        "events/_plan_links.html",
        {"event": event, "access": html.context["access"]},
    )
    assert "1 Arabic interpreter" in part
    assert reverse("events:agenda_change", args=[event.organisation.slug, event.pk]) in part
    assert reverse("timetables:timetable", args=[event.organisation.slug, event.pk]) in part


def test_a_new_event_form_rejects_a_wrong_date_and_keeps_what_was_typed(client: Client) -> None:
    campaign = CampaignFactory.create()
    _signed_in(client, campaign.organisation, Role.PROGRAMME_MANAGER)

    response = client.post(
        reverse("events:event_new", args=[campaign.organisation.slug]),
        {**PLAN_FORM, "campaign": str(campaign.pk), "date": "31/02/2026", "tables": "0"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Enter the date as day, month and year" in html
    assert "Enter the number of tables as a whole number from 1 to 50" in html
    assert 'value="Northfield Community Centre"' in html
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Arabic: 1\nbsl: 2\n\n", {"ar": 1, "bsl": 2}),
        ("british sign language : 1", {"bsl": 1}),
        ("Polish: 0", {}),
        ("", {}),
    ],
)
def test_interpreters_are_read_one_line_per_language(typed: str, expected: dict[str, int]) -> None:
    assert parse_interpreters(typed) == expected


def test_bad_interpreter_lines_are_named_by_line_number(client: Client) -> None:
    event = _planned_event()
    _signed_in(client, event.organisation, Role.PROGRAMME_MANAGER)

    response = client.post(
        reverse("events:event_plan_change", args=[event.organisation.slug, event.pk]),
        {**PLAN_FORM, "interpreters": "Arabic: 1\nKlingon: 2\nUrdu two\nArabic: 1\nPolish: -1"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert 'Line 2: "Klingon" is not a language we know' in unescape(html)
    assert "Line 3: write the language, a colon and the number of interpreters" in html
    assert "Line 4: Arabic is given twice" in html
    assert "Line 5: enter the number of Polish interpreters as a whole number" in html
    event.refresh_from_db()
    assert event.interpreters == {}


def test_each_candidate_meets_k_needs_the_number(client: Client) -> None:
    event = _planned_event()
    _signed_in(client, event.organisation, Role.PROGRAMME_MANAGER)
    url = reverse("events:event_plan_change", args=[event.organisation.slug, event.pk])

    refused = client.post(url, {**PLAN_FORM, "meetings": "per_candidate"})
    saved = client.post(
        url, {**PLAN_FORM, "meetings": "per_candidate", "recruiters_per_candidate": "4"}
    )

    assert refused.status_code == 400
    assert "Enter how many recruiters each candidate meets" in refused.content.decode()
    assert saved.status_code == 302
    event.refresh_from_db()
    assert (event.meetings, event.recruiters_per_candidate) == (Meetings.PER_CANDIDATE, 4)
    assert event.tables == 3
    assert AuditEvent.objects.filter(action="event.plan_changed").exists()


def test_changing_the_agenda_moves_adds_and_removes_blocks_and_times_add_up(
    client: Client,
) -> None:
    event = _planned_event()
    _signed_in(client, event.organisation, Role.FACILITATOR)
    blocks = list(event.agenda.order_by("position"))
    welcome, purpose = blocks[0], blocks[1]

    response = client.post(
        reverse("events:agenda_change", args=[event.organisation.slug, event.pk]),
        _agenda_post(
            event,
            day_starts_at="9:30",
            **{
                f"block_{welcome.pk}_minutes": "45",
                f"block_{purpose.pk}_order": "9",
                f"block_{blocks[2].pk}_remove": "on",
                "new_title": "Break",
                "new_minutes": "15",
                "new_order": "2",
            },
        ),
    )

    assert response.status_code == 302
    agenda = list(AgendaBlock.objects.filter(event=event).order_by("position"))
    assert [block.title for block in agenda] == [
        "Welcome and food",
        "Break",
        "Qualities and local insights",
        "Mingling with the candidates",
        "One-to-one conversations",
        "Scoring and deliberation",
        "The purpose of the role",
    ]
    assert [block.starts_at.strftime("%H:%M") for block in agenda[:3]] == [
        "09:30",
        "10:15",
        "10:30",
    ]
    assert _times_add_up(event)
    assert AuditEvent.objects.filter(action="event.agenda_changed").exists()


def test_agenda_errors_name_the_block_and_nothing_changes(client: Client) -> None:
    event = _planned_event()
    _signed_in(client, event.organisation, Role.PROGRAMME_MANAGER)
    blocks = list(event.agenda.order_by("position"))
    conversations = next(b for b in blocks if b.kind == AgendaBlockKind.CONVERSATIONS)

    response = client.post(
        reverse("events:agenda_change", args=[event.organisation.slug, event.pk]),
        _agenda_post(
            event,
            **{
                f"block_{blocks[4].pk}_minutes": "ten",
                f"block_{blocks[1].pk}_title": "",
                f"block_{conversations.pk}_minutes": "5",
                "new_minutes": "20",
            },
        ),
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter the minutes for block 5 (Mingling with the candidates)" in html
    assert "Enter a title for block 2" in html
    assert "Block 6 (One-to-one conversations) must last at least 10 minutes" in html
    assert "Enter a title for the new block" in html
    assert 'value="ten"' in html
    assert [b.duration_minutes for b in event.agenda.order_by("position")] == [
        b.duration_minutes for b in blocks
    ]


def test_an_agenda_past_midnight_is_refused(client: Client) -> None:
    event = _planned_event()
    _signed_in(client, event.organisation, Role.PROGRAMME_MANAGER)

    response = client.post(
        reverse("events:agenda_change", args=[event.organisation.slug, event.pk]),
        _agenda_post(event, day_starts_at="22:00"),
    )

    assert response.status_code == 400
    assert "The agenda ends after midnight" in response.content.decode()


def test_the_conversations_block_cannot_be_removed(client: Client) -> None:
    event = _planned_event()
    _signed_in(client, event.organisation, Role.PROGRAMME_MANAGER)
    conversations = event.agenda.get(kind=AgendaBlockKind.CONVERSATIONS)

    client.post(
        reverse("events:agenda_change", args=[event.organisation.slug, event.pk]),
        _agenda_post(event, **{f"block_{conversations.pk}_remove": "on"}),
    )

    assert event.agenda.filter(kind=AgendaBlockKind.CONVERSATIONS).exists()


@pytest.mark.parametrize("name", ["events:event_plan_change", "events:agenda_change"])
def test_another_organisations_event_plan_is_not_found(client: Client, name: str) -> None:
    event = _planned_event()
    _signed_in(client, OrganisationFactory.create(), Role.PROGRAMME_MANAGER)
    assert client.get(reverse(name, args=[event.organisation.slug, event.pk])).status_code == 404


def test_an_event_of_another_organisation_is_not_found_under_ones_own(client: Client) -> None:
    event = _planned_event()
    mine = OrganisationFactory.create()
    _signed_in(client, mine, Role.PROGRAMME_MANAGER)
    url = reverse("events:agenda_change", args=[mine.slug, event.pk])
    assert client.get(url).status_code == 404


def test_a_campaign_of_another_organisation_cannot_be_chosen(client: Client) -> None:
    mine = CampaignFactory.create()
    theirs = CampaignFactory.create()
    _signed_in(client, mine.organisation, Role.PROGRAMME_MANAGER)

    response = client.post(
        reverse("events:event_new", args=[mine.organisation.slug]),
        {**PLAN_FORM, "campaign": str(theirs.pk)},
    )

    assert response.status_code == 400
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "name", ["events:event_new", "events:event_plan_change", "events:agenda_change"]
)
def test_an_auditor_cannot_change_the_plan(client: Client, name: str) -> None:
    event = _planned_event()
    _signed_in(client, event.organisation, Role.AUDITOR)
    args = (
        [event.organisation.slug]
        if name == "events:event_new"
        else [
            event.organisation.slug,
            event.pk,
        ]
    )
    assert client.post(reverse(name, args=args), PLAN_FORM).status_code == 403


def test_a_recruiter_cannot_reach_the_plan_pages(client: Client) -> None:
    recruiter = RecruiterFactory.create(event=EventFactory.create())
    from coappoint.signin.services import SYSTEM, issue_access_code

    code = issue_access_code(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    ).code
    client.post(reverse("signin:code"), {"code": code})
    url = reverse("events:agenda_change", args=[recruiter.organisation.slug, recruiter.event.pk])
    assert client.get(url).status_code == 404


# --- The number of rounds, set in the event plan (issue 18) ------------------------------------


def _conversations_block(event: Event) -> AgendaBlock:
    return event.agenda.get(kind=AgendaBlockKind.CONVERSATIONS)


def test_the_plan_shows_the_rounds_the_conversations_block_holds(client: Client) -> None:
    event = _planned_event()
    _signed_in(client, event.organisation, Role.PROGRAMME_MANAGER)

    html = client.get(
        reverse("events:event_plan_change", args=[event.organisation.slug, event.pk])
    ).content.decode()

    assert "Number of rounds (optional)" in html
    assert re.search(r'<input[^>]*name="rounds"[^>]*value="9"', html)


def test_setting_the_rounds_makes_the_block_that_long_and_the_day_follows(
    client: Client,
) -> None:
    event = _planned_event()
    _signed_in(client, event.organisation, Role.PROGRAMME_MANAGER)
    deliberation_before = event.agenda.get(kind=AgendaBlockKind.DELIBERATION).starts_at

    response = client.post(
        reverse("events:event_plan_change", args=[event.organisation.slug, event.pk]),
        {**PLAN_FORM, "rounds": "12"},
    )

    assert response.status_code == 302
    assert _conversations_block(event).duration_minutes == 120
    deliberation = event.agenda.get(kind=AgendaBlockKind.DELIBERATION)
    assert deliberation_before == datetime.time(13, 35)
    assert deliberation.starts_at == datetime.time(14, 5)
    audit = AuditEvent.objects.filter(action="event.plan_changed").latest("pk")
    assert audit.after is not None
    assert [block["duration_minutes"] for block in audit.after["agenda"]][5] == 120


def test_the_rounds_left_as_shown_keep_the_block_when_the_minutes_change(
    client: Client,
) -> None:
    event = _planned_event()
    _signed_in(client, event.organisation, Role.PROGRAMME_MANAGER)

    client.post(
        reverse("events:event_plan_change", args=[event.organisation.slug, event.pk]),
        {**PLAN_FORM, "conversation_minutes": "15", "rounds": "9"},
    )

    assert _conversations_block(event).duration_minutes == 90


def test_rounds_and_new_minutes_together_give_the_block_their_product(client: Client) -> None:
    event = _planned_event()
    _signed_in(client, event.organisation, Role.PROGRAMME_MANAGER)

    client.post(
        reverse("events:event_plan_change", args=[event.organisation.slug, event.pk]),
        {**PLAN_FORM, "conversation_minutes": "15", "rounds": "6"},
    )

    assert _conversations_block(event).duration_minutes == 90
    client.post(
        reverse("events:event_plan_change", args=[event.organisation.slug, event.pk]),
        {**PLAN_FORM, "conversation_minutes": "15", "rounds": "8"},
    )
    assert _conversations_block(event).duration_minutes == 120


@pytest.mark.parametrize(
    ("rounds", "message"),
    [
        ("0", "Enter the number of rounds as a whole number from 1 to 100"),
        ("many", "Enter the number of rounds as a whole number from 1 to 100"),
        ("99", "99 rounds of 10 minutes would run the agenda past midnight. Enter fewer rounds"),
    ],
)
def test_a_wrong_number_of_rounds_is_refused_in_the_error_summary(
    client: Client, rounds: str, message: str
) -> None:
    event = _planned_event()
    _signed_in(client, event.organisation, Role.PROGRAMME_MANAGER)

    response = client.post(
        reverse("events:event_plan_change", args=[event.organisation.slug, event.pk]),
        {**PLAN_FORM, "rounds": rounds},
    )

    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert f'<a href="#id_rounds">{message}</a>' in html
    assert _conversations_block(event).duration_minutes == 90
    assert event.agenda.get(kind=AgendaBlockKind.DELIBERATION).starts_at == datetime.time(13, 35)
