"""The audit page: plain words, names looked up by id, filters, pages, CSV, and who may see it."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.audit.models import AuditEvent
from coappoint.candidates.services import add_candidate, change_candidate
from coappoint.organisations.models import Role
from tests.factories import CampaignFactory, OrganisationFactory, UserFactory, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return CampaignFactory.create()


@pytest.fixture
def manager(campaign):
    user = staff_member(campaign.organisation, Role.PROGRAMME_MANAGER)
    user.full_name = "Helen Morgan"
    user.save()
    return user


@pytest.fixture
def auditor_client(campaign) -> Client:
    client = Client()
    client.force_login(staff_member(campaign.organisation, Role.AUDITOR))
    return client


def _url(campaign, **query: str) -> str:
    url = reverse("audit:list", args=[campaign.organisation.slug])
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def _candidate(campaign, manager, first="Priya", last="Shah"):
    return add_candidate(
        campaign=campaign,
        first_name=first,
        last_name=last,
        email=f"{first.lower()}@example.net",
        actor=manager,
    )


def test_actions_read_in_plain_words_with_names_looked_up(campaign, manager, auditor_client):
    candidate = _candidate(campaign, manager)
    audit.record(
        action=AuditAction.SCORING_CLOSED,
        actor=manager,
        organisation=campaign.organisation,
        now=timezone.now(),
    )

    page = auditor_client.get(_url(campaign)).content.decode()

    assert "Scoring closed with a reason" in page
    assert ">scoring.closed<" not in page  # the code is only the filter's option value
    assert "Candidate added" in page
    assert "Helen Morgan (Member of staff)" in page
    assert "Priya Shah" in page  # the record's name, read from the candidate while it exists
    row = AuditEvent.objects.get(action=AuditAction.CANDIDATE_ADDED)
    assert "Priya" not in str(row.after)
    assert "Helen" not in str(row.after)
    assert candidate.pk


def test_a_deleted_person_reads_as_a_deleted_record(campaign, manager, auditor_client):
    candidate = _candidate(campaign, manager)
    candidate.delete()
    row_ids = set(AuditEvent.objects.values_list("pk", flat=True))

    page = auditor_client.get(_url(campaign)).content.decode()

    assert "Deleted record" in page
    assert "Priya" not in page
    assert set(AuditEvent.objects.values_list("pk", flat=True)) == row_ids


def test_values_before_and_after_are_shown_private_ones_withheld(campaign, manager, auditor_client):
    candidate = _candidate(campaign, manager)
    change_candidate(
        candidate=candidate,
        first_name="Priya",
        last_name="Shah-Khan",
        chosen_name="",
        email=candidate.email,
        phone="",
        preferred_language="cy",
        actor=manager,
    )

    row = AuditEvent.objects.get(action=AuditAction.CANDIDATE_CHANGED)
    assert row.before == {"last_name": audit.WITHHELD, "preferred_language": ""}
    assert row.after == {"last_name": audit.WITHHELD, "preferred_language": "cy"}
    page = auditor_client.get(_url(campaign, action=AuditAction.CANDIDATE_CHANGED)).content
    assert b"Withheld" in page
    assert b"<dt>preferred_language</dt><dd>cy</dd>" in page


def test_filters_by_action_person_record_and_dates(campaign, manager, auditor_client):
    priya = _candidate(campaign, manager)
    _candidate(campaign, manager, first="Sam", last="Baker")
    other = staff_member(campaign.organisation, Role.PROGRAMME_MANAGER)
    old = audit.record(
        action=AuditAction.DEMO_LOADED,
        actor=other,
        organisation=campaign.organisation,
        now=timezone.now() - datetime.timedelta(days=10),
    )

    by_action = auditor_client.get(_url(campaign, action=AuditAction.DEMO_LOADED)).context
    assert [row.event.pk for row in by_action["rows"]] == [old.pk]

    by_person = auditor_client.get(_url(campaign, person=f"staff:{manager.pk}")).context
    assert {row.event.action for row in by_person["rows"]} == {AuditAction.CANDIDATE_ADDED}
    assert len(by_person["rows"]) == 2

    page = auditor_client.get(_url(campaign)).content.decode()
    record = f"campaigns.Candidate:{priya.pk}"
    assert f'href="?record={record.replace(":", "%3A")}"' in page
    history = auditor_client.get(_url(campaign, record=record))
    assert [row.event.target_id for row in history.context["rows"]] == [str(priya.pk)]
    assert "Showing the history of Priya Shah" in history.content.decode()

    today = timezone.now().date().isoformat()
    recent = auditor_client.get(_url(campaign, since=today, until=today)).context
    assert old.pk not in [row.event.pk for row in recent["rows"]]
    assert len(recent["rows"]) == 2


def test_a_date_that_is_not_one_is_explained(campaign, auditor_client):
    response = auditor_client.get(_url(campaign, since="31 February"))

    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the first day as a date, for example 2026-11-27" in page
    assert 'value="31 February"' in page


def test_the_log_comes_in_pages_that_keep_the_filters(campaign, auditor_client):
    for _ in range(51):
        audit.record(
            action=AuditAction.DEMO_LOADED,
            actor=audit.SYSTEM,
            organisation=campaign.organisation,
            now=timezone.now(),
        )

    first = auditor_client.get(_url(campaign, action=AuditAction.DEMO_LOADED))
    assert len(first.context["rows"]) == 50
    assert "action=demo.loaded&amp;page=2" in first.content.decode()
    second = auditor_client.get(_url(campaign, action=AuditAction.DEMO_LOADED, page="2"))
    assert len(second.context["rows"]) == 1


def test_the_csv_holds_the_filtered_rows_in_words_and_no_formula(campaign, manager, auditor_client):
    _candidate(campaign, manager, first="=HYPERLINK", last="x")
    audit.record(
        action=AuditAction.DEMO_LOADED,
        actor=audit.SYSTEM,
        organisation=campaign.organisation,
        now=timezone.now(),
    )

    response = auditor_client.get(_url(campaign, action=AuditAction.CANDIDATE_ADDED, format="csv"))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["When (UTC)", "Who", "What", "Record", "Before", "After"]
    assert len(rows) == 2
    assert rows[1][1] == "Helen Morgan (Member of staff)"
    assert rows[1][2] == "Candidate added"
    assert rows[1][3] == "'=HYPERLINK x"


def test_only_managers_and_auditors_of_the_organisation_see_the_log(campaign, manager):
    client = Client()
    for role, status in (
        (Role.PROGRAMME_MANAGER, 200),
        (Role.AUDITOR, 200),
        (Role.FACILITATOR, 403),
        (Role.INTERVIEW_PANEL, 403),
    ):
        client.force_login(staff_member(campaign.organisation, role))
        assert client.get(_url(campaign)).status_code == status, role
        assert client.get(_url(campaign, format="csv")).status_code == status, role


def test_a_manager_of_another_organisation_is_refused(campaign, manager):
    _candidate(campaign, manager)
    elsewhere = staff_member(OrganisationFactory.create(), Role.PROGRAMME_MANAGER)
    client = Client()
    client.force_login(elsewhere)

    for query in ({}, {"format": "csv"}):
        response = client.get(_url(campaign, **query))
        assert response.status_code in (403, 404)
        assert b"Priya" not in response.content


def test_a_signed_in_person_without_a_membership_is_refused(campaign):
    client = Client()
    client.force_login(UserFactory.create())
    assert client.get(_url(campaign)).status_code in (403, 404)
