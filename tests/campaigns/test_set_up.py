"""A programme manager adds a programme, an area, a vacancy and a campaign, with GOV.UK errors."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Campaign, Vacancy
from coappoint.organisations.models import Area, Programme, Role
from tests.factories import AreaFactory, OrganisationFactory, ProgrammeFactory, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory.create(slug="harbourside")


@pytest.fixture
def manager(client: Client, organisation):
    user = staff_member(organisation, Role.PROGRAMME_MANAGER)
    client.force_login(user)
    return user


def _url(name: str, organisation, *args: object) -> str:
    return reverse(f"campaigns:{name}", args=[organisation.slug, *args])


def test_a_programme_is_added_with_one_council_per_line(
    client: Client, organisation, manager
) -> None:
    response = client.post(
        _url("programme_create", organisation),
        {
            "name": "Harbourside Local Area Coordination",
            "councils_served": "Harbourside Borough Council\n\n  Westbay Council  \n",
        },
    )

    assert response.status_code == 302
    programme = Programme.objects.get(organisation=organisation)
    assert programme.councils_served == ["Harbourside Borough Council", "Westbay Council"]
    audit = AuditEvent.objects.get(action="programme.created")
    assert (audit.actor_kind, audit.actor_id) == ("staff", manager.pk)
    assert (audit.after or {})["councils_served"] == [
        "Harbourside Borough Council",
        "Westbay Council",
    ]


def test_a_programme_without_a_name_or_councils_shows_both_errors_and_keeps_what_was_typed(
    client: Client, organisation, manager
) -> None:
    response = client.post(
        _url("programme_create", organisation), {"name": "", "councils_served": "Westbay\nwestbay"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Add a programme" in html
    assert "There is a problem" in html
    assert 'href="#id_name"' in html
    assert "Enter the name of the programme" in html
    assert "Westbay is listed twice. List each council once" in html
    assert "Westbay\nwestbay</textarea>" in html
    assert not Programme.objects.exists()


def test_an_area_is_added_to_a_programme(client: Client, organisation, manager) -> None:
    programme = ProgrammeFactory.create(organisation=organisation)

    response = client.post(
        _url("area_create", organisation), {"programme": programme.pk, "name": "Northfield"}
    )

    assert response.status_code == 302
    assert Area.objects.get(organisation=organisation).programme == programme
    assert AuditEvent.objects.filter(action="area.created").count() == 1


def test_an_area_must_name_a_programme_of_this_organisation(
    client: Client, organisation, manager
) -> None:
    theirs = ProgrammeFactory.create()

    response = client.post(
        _url("area_create", organisation), {"programme": theirs.pk, "name": "Northfield"}
    )

    assert response.status_code == 400
    assert "Choose the programme the area is in" in response.content.decode()
    assert not Area.objects.exists()


def test_a_vacancy_belongs_to_its_areas_programme(client: Client, organisation, manager) -> None:
    area = AreaFactory.create(programme__organisation=organisation, name="Northfield")

    response = client.post(
        _url("vacancy_create", organisation),
        {"title": "Local Area Coordinator, Northfield", "area": area.pk},
    )

    vacancy = Vacancy.objects.get(organisation=organisation)
    assert vacancy.programme == area.programme
    # Next comes the campaign for that vacancy, already chosen.
    assert response.status_code == 302
    assert response["Location"] == _url("create", organisation) + f"?vacancy={vacancy.pk}"
    page = client.get(response["Location"]).content.decode()
    assert f'value="{vacancy.pk}" checked' in page


def test_a_vacancy_without_a_title_or_area_says_what_to_enter(
    client: Client, organisation, manager
) -> None:
    AreaFactory.create(programme__organisation=organisation)
    AreaFactory.create(programme__organisation=organisation, name="Docks")

    response = client.post(_url("vacancy_create", organisation), {"title": " "})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter the job title" in html
    assert "Choose the area the coordinator will serve" in html


def test_a_campaign_is_started_for_a_vacancy_and_opens_its_task_list(
    client: Client, organisation, manager
) -> None:
    area = AreaFactory.create(programme__organisation=organisation)
    vacancy = Vacancy.objects.create(
        organisation=organisation, programme=area.programme, area=area, title="Coordinator"
    )

    response = client.post(
        _url("create", organisation), {"vacancy": vacancy.pk, "name": "Winter 2026"}
    )

    campaign = Campaign.objects.get(organisation=organisation)
    assert response.status_code == 302
    assert response["Location"] == _url("detail", organisation, campaign.pk)
    task_list = client.get(response["Location"]).content.decode()
    assert "Stages, weights and scales" in task_list
    assert "Not yet started" in task_list
    assert "Cannot start yet" in task_list
    assert AuditEvent.objects.filter(action="campaign.created", target_id=str(campaign.pk)).exists()


def test_a_campaign_without_a_name_keeps_the_chosen_vacancy(
    client: Client, organisation, manager
) -> None:
    area = AreaFactory.create(programme__organisation=organisation)
    vacancy = Vacancy.objects.create(
        organisation=organisation, programme=area.programme, area=area, title="Coordinator"
    )

    response = client.post(_url("create", organisation), {"vacancy": vacancy.pk, "name": ""})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter the name of the campaign" in html
    assert f'value="{vacancy.pk}" checked' in html


def test_the_campaigns_page_offers_only_the_next_step_that_can_be_taken(
    client: Client, organisation, manager
) -> None:
    empty = client.get(_url("list", organisation)).content.decode()
    assert ">Add a programme</a>" in empty
    assert ">Add an area</a>" not in empty
    assert "Add a vacancy before you start a campaign" in empty

    ProgrammeFactory.create(organisation=organisation)
    with_programme = client.get(_url("list", organisation)).content.decode()
    assert ">Add an area</a>" in with_programme
    assert ">Add a vacancy</a>" not in with_programme
