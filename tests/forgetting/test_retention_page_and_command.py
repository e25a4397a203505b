"""The retention page (programme managers and auditors of the organisation only) and
`coappoint retention`."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.campaigns.models import Candidate
from coappoint.cli import main
from coappoint.forgetting.models import RetentionRun
from coappoint.organisations.models import Role
from tests.factories import CandidateFactory, OrganisationFactory, staff_member
from tests.forgetting.conftest import decide, snapshot

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(organisation) -> str:
    return reverse("forgetting:retention_preview", args=[organisation.slug])


@pytest.mark.parametrize("role", [Role.PROGRAMME_MANAGER, Role.AUDITOR])
def test_programme_managers_and_auditors_see_what_goes_when_in_words(role) -> None:
    candidate = CandidateFactory.create()
    decide(candidate.campaign, at=timezone.now() - datetime.timedelta(days=10))
    organisation = candidate.organisation

    response = _client(staff_member(organisation, role)).get(_url(organisation))

    assert response.status_code == 200
    page = response.content.decode()
    assert "6 months after the decision" in page
    assert "30 days after the attempt" in page
    assert "Retention has not run yet" in page
    rows = {row["category"]: row["planned"] for row in response.context["rows"]}
    planned = rows["Unsuccessful candidates' records: details, adjustments, feedback and messages"]
    assert (planned.due, planned.kept) == (0, 1)


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.INTERVIEW_PANEL])
def test_other_roles_are_refused_the_retention_page(role) -> None:
    organisation = OrganisationFactory.create()
    response = _client(staff_member(organisation, role)).get(_url(organisation))
    assert response.status_code == 403


def test_staff_of_another_organisation_and_people_signed_out_get_not_found() -> None:
    organisation = OrganisationFactory.create()
    other = staff_member(OrganisationFactory.create(), Role.PROGRAMME_MANAGER)
    assert _client(other).get(_url(organisation)).status_code == 404
    assert Client().get(_url(organisation)).status_code == 404


def test_the_organisation_home_links_the_page_for_managers_and_auditors_only() -> None:
    organisation = OrganisationFactory.create()
    home = reverse("pages:organisation_home", args=[organisation.slug])
    for role, linked in ((Role.AUDITOR, True), (Role.FACILITATOR, False)):
        page = _client(staff_member(organisation, role)).get(home).content.decode()
        assert (_url(organisation) in page) is linked


def test_the_page_shows_the_last_run() -> None:
    organisation = OrganisationFactory.create()
    assert main(["retention", "--as-of", "2030-05-01", "--apply"]) == 0
    page = _client(staff_member(organisation, Role.AUDITOR)).get(_url(organisation))
    assert "as of 1 May 2030" in page.content.decode()


def test_a_date_in_another_format_is_refused_naming_the_format(capsys) -> None:
    before = snapshot()
    assert main(["retention", "--as-of", "01/05/2030", "--apply"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert snapshot() == before


def test_applying_prints_the_counts_and_records_the_run(capsys) -> None:
    candidate = CandidateFactory.create()
    decide(candidate.campaign, at=timezone.make_aware(datetime.datetime(2029, 1, 1)))

    assert main(["retention", "--as-of", "2029-07-01", "--apply"]) == 0

    out = capsys.readouterr().out
    assert "unsuccessful_candidates: 1 removed" in out
    assert candidate.email not in out
    assert Candidate.objects.get(pk=candidate.pk).email == ""
    run = RetentionRun.objects.get()
    assert run.applied
    assert run.as_of == timezone.make_aware(datetime.datetime(2029, 7, 1))
    assert run.counts["unsuccessful_candidates"] == 1


def test_the_preview_prints_what_would_go_and_changes_nothing(capsys) -> None:
    candidate = CandidateFactory.create()
    decide(candidate.campaign, at=timezone.make_aware(datetime.datetime(2029, 1, 1)))
    before = snapshot()

    assert main(["retention", "--as-of", "2029-06-30"]) == 0

    assert snapshot() == before
    out = capsys.readouterr().out
    assert (
        "unsuccessful_candidates (6 months after the decision): 0 to go, 1 kept, "
        "the next on 2029-07-01"
    ) in out
