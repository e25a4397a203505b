"""The panel's pages: figures, the draw, the report; and who is refused them."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coappoint.audit.actions import ActorKind, AuditAction
from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Campaign
from coappoint.candidates.models import EQUALITY_QUESTIONS, PREFER_NOT_TO_SAY
from coappoint.candidates.services import record_equality_monitoring
from coappoint.organisations.models import Role
from coappoint.panels.models import AreaFigure, PanelDraw, RecruiterEqualityMonitoring
from coappoint.signin.services import SYSTEM, issue_sign_in_link
from tests.factories import (
    CandidateFactory,
    EventFactory,
    RecruiterFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db


def _url(name: str, event, *more: int) -> str:
    return reverse(f"panels:{name}", args=[event.organisation.slug, event.pk, *more])


def _report_url(campaign: Campaign, csv: bool = False) -> str:
    name = "campaign_report_csv" if csv else "campaign_report"
    return reverse(f"panels:{name}", args=[campaign.organisation.slug, campaign.pk])


def _text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def manager_client(client: Client, manager) -> Client:
    client.force_login(manager)
    return client


def _recruiter_client(recruiter) -> Client:
    link = issue_sign_in_link(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    )
    client = Client()
    client.post("/" + link.url.split("/", 3)[3])
    return client


def test_a_manager_enters_the_wards_figures_on_the_page(manager_client, event) -> None:
    response = manager_client.post(
        _url("figures", event),
        {"sex__female": "5200", "sex__male": "4800", "age_band__65_plus": ""},
    )
    assert response.status_code == 302
    assert dict(AreaFigure.objects.values_list("answer", "people").filter(question="sex")) == {
        "female": 5200,
        "male": 4800,
    }
    page = _text(manager_client.get(_url("panel", event)))
    assert "What is your sex?" in page  # the draw balances it
    assert "What is your age?" not in page.split("The draw balances:")[1].split("</ul>")[0]


def test_a_figure_that_is_not_a_number_is_refused_with_an_error_summary(
    manager_client, event
) -> None:
    response = manager_client.post(_url("figures", event), {"sex__female": "lots"})
    assert response.status_code == 400
    page = _text(response)
    assert "govuk-error-summary" in page
    assert "Enter the number of people as a whole number" in page
    assert not AreaFigure.objects.exists()


def test_a_file_of_figures_with_problems_saves_nothing_and_names_each_line(
    manager_client, event, ward
) -> None:
    upload = SimpleUploadedFile(
        "ward.csv", b"question,answer,people\nsex,female,5200\nsex,alien,3\nage_band,65_plus,x\n"
    )
    response = manager_client.post(_url("figures_import", event), {"file": upload})
    assert response.status_code == 400
    page = _text(response)
    assert "Line 3: “alien” is not one of the question's answers" in page
    assert "Line 4: the number of people must be a whole number, not “x”" in page
    # The ward's figures are as they were: all or nothing.
    assert AreaFigure.objects.get(question="age_band", answer="65_plus").people == 2500


def test_a_clean_file_of_figures_replaces_the_areas_figures(manager_client, event, ward) -> None:
    upload = SimpleUploadedFile("ward.csv", b"question,answer,people\nsex,female,51\nsex,male,49\n")
    response = manager_client.post(_url("figures_import", event), {"file": upload})
    assert response.status_code == 302
    assert AreaFigure.objects.count() == 2


def test_a_manager_draws_the_panel_and_sees_each_quota_met_but_no_counts(
    manager_client, event, ward, thirty_volunteers
) -> None:
    response = manager_client.post(
        _url("draw", event), {"places": "12", "prefer_not_to_say": "own_category", "tolerance": "0"}
    )
    assert response.status_code == 302
    page = _text(manager_client.get(_url("panel", event)))
    main = page.split('id="main-content"')[1]
    quotas = main.split('id="quotas-caption"')[1].split("</table>")[0]
    assert quotas.count(">Met<") == 10
    assert "Not met" not in quotas
    # The quota column says how many places the quota allows, never how many gave the answer.
    assert "how many of the panel the quota allows, never how many of the panel gave" in main
    # Chances, rounded to one place, highest first, and never beside a name.
    chances = main.split('id="chances">')[1].split("</p>")[0]
    assert re.fullmatch(r"(\d+\.\d%, )*\d+\.\d%", chances)
    volunteers = main.split('id="volunteers-caption"')[1].split("</table>")[0]
    assert "%" not in volunteers
    draw = PanelDraw.objects.get()
    assert f'id="seed">{draw.seed}<' in main
    assert main.count(">On the panel<") == 12
    assert main.count(">Reserve<") == 18


def test_an_impossible_quota_is_refused_on_the_page_naming_the_category(
    manager_client, event, ward, volunteer
) -> None:
    for index in range(20):
        volunteer(event, sex=("female", "male")[index % 2], age_band="25_34")
    response = manager_client.post(
        _url("draw", event), {"places": "12", "prefer_not_to_say": "own_category", "tolerance": "0"}
    )
    assert response.status_code == 400
    page = _text(response)
    summary = page.split("govuk-error-summary")[1].split("</div>")[0]
    assert "“65 or over” (What is your age?)" in page
    assert "These quotas cannot be met" in page
    assert "govuk-error-summary" in page
    assert summary
    assert not PanelDraw.objects.exists()


def test_a_reserve_is_called_from_the_page_for_a_drawn_recruiter_who_withdrew(
    manager_client, event, ward, thirty_volunteers
) -> None:
    from coappoint.timetables.services import withdraw_recruiter

    manager_client.post(
        _url("draw", event), {"places": "12", "prefer_not_to_say": "own_category", "tolerance": "0"}
    )
    draw = PanelDraw.objects.get()
    dropped = draw.volunteers.filter(drawn=True)[0].recruiter
    withdraw_recruiter(recruiter=dropped, actor=dropped)
    assert "Call a reserve" in _text(manager_client.get(_url("panel", event)))

    response = manager_client.post(_url("replace", event, draw.pk, dropped.pk))

    assert response.status_code == 302
    assert draw.replacements.count() == 1
    page = _text(manager_client.get(_url("panel", event)))
    assert ">Called from the reserves<" in page


def test_a_recruiter_answers_the_candidates_questions_and_never_sees_them_back(
    event, volunteer
) -> None:
    recruiter = RecruiterFactory.create(event=event)
    client = _recruiter_client(recruiter)
    url = reverse("panels:my_equality_monitoring")
    page = _text(client.get(url))
    for name in EQUALITY_QUESTIONS:
        assert f'name="{name}"' in page
    answers = {**dict.fromkeys(EQUALITY_QUESTIONS, PREFER_NOT_TO_SAY), "age_band": "65_plus"}

    assert client.post(url, answers).status_code == 302

    assert RecruiterEqualityMonitoring.objects.get(recruiter=recruiter).age_band == "65_plus"
    again = _text(client.get(url))
    assert "You answered on" in again
    assert "checked" not in again  # never filled in with the earlier answers
    row = AuditEvent.objects.get(action=AuditAction.RECRUITER_EQUALITY_MONITORING_RECORDED)
    assert row.actor_kind == ActorKind.UNNAMED_RECRUITER
    assert row.actor_id is None
    assert row.after == {"event": event.pk}


def test_an_unanswered_question_asks_the_recruiter_for_an_answer_or_prefer_not_to_say(
    event,
) -> None:
    client = _recruiter_client(RecruiterFactory.create(event=event))
    response = client.post(reverse("panels:my_equality_monitoring"), {})
    assert response.status_code == 400
    assert "Prefer not to say" in _text(response)
    assert "govuk-error-summary" in _text(response)


def test_a_recruiter_never_reaches_the_panel_or_anyones_monitoring(
    event, ward, thirty_volunteers, manager
) -> None:
    client = _recruiter_client(thirty_volunteers[0])
    for url in (_url("panel", event), _url("figures", event), _report_url(event.campaign)):
        assert client.get(url).status_code == 404  # not staff at all
    home = _text(client.get(reverse("recruiters:home")))
    assert "What is your age?" not in home


def test_a_reserve_sees_on_their_phone_that_they_were_not_drawn(
    manager_client, event, ward, thirty_volunteers
) -> None:
    manager_client.post(
        _url("draw", event), {"places": "12", "prefer_not_to_say": "own_category", "tolerance": "0"}
    )
    reserve = PanelDraw.objects.get().volunteers.filter(drawn=False)[0].recruiter
    home = _text(_recruiter_client(reserve).get(reverse("recruiters:home")))
    assert 'id="reserve"' in home


def test_staff_of_another_organisation_are_refused_the_panel(client: Client, event) -> None:
    other = EventFactory.create()
    client.force_login(staff_member(other.organisation, Role.PROGRAMME_MANAGER))
    assert client.get(_url("panel", event)).status_code == 404
    assert client.get(_report_url(event.campaign)).status_code == 404


def test_another_organisations_event_is_not_found_under_ones_own(client: Client, event) -> None:
    other = EventFactory.create()
    client.force_login(staff_member(event.organisation, Role.PROGRAMME_MANAGER))
    url = reverse("panels:panel", args=[event.organisation.slug, other.pk])
    assert client.get(url).status_code == 404


def test_a_draw_of_another_event_cannot_be_used_to_replace_here(
    manager_client, manager, event, ward, thirty_volunteers
) -> None:
    manager_client.post(
        _url("draw", event), {"places": "12", "prefer_not_to_say": "own_category", "tolerance": "0"}
    )
    draw = PanelDraw.objects.get()
    other_event = EventFactory.create(campaign=event.campaign, organisation=event.organisation)
    recruiter = draw.volunteers.all()[0].recruiter
    response = manager_client.post(_url("replace", other_event, draw.pk, recruiter.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("scoring_role", [Role.INTERVIEW_PANEL, Role.FACILITATOR])
def test_a_scorer_is_refused_the_probabilities_and_the_report(
    client: Client, event, ward, thirty_volunteers, manager, scoring_role
) -> None:
    from coappoint.panels.services import draw_panel
    from coappoint.rules.panel_quotas import PreferNotToSay

    draw_panel(
        event=event,
        places=12,
        prefer_not_to_say=PreferNotToSay.OWN_CATEGORY,
        tolerance=0,
        actor=manager,
        seed=3,
    )
    scorer = staff_member(event.organisation, Role.PROGRAMME_MANAGER, scoring_role)
    client.force_login(scorer)
    assert client.get(_url("panel", event)).status_code == 403
    assert client.get(_report_url(event.campaign)).status_code == 403
    assert client.get(_report_url(event.campaign, csv=True)).status_code == 403
    programme = event.campaign.vacancy.programme
    url = reverse("panels:programme_report", args=[event.organisation.slug, programme.pk])
    assert client.get(url).status_code == 403
    recruiters_page = _text(
        client.get(reverse("recruiters:event_recruiters", args=[event.organisation.slug, event.pk]))
    )
    assert _url("panel", event) not in recruiters_page


def test_an_auditor_reads_the_panel_but_may_not_draw(client: Client, event, ward) -> None:
    client.force_login(staff_member(event.organisation, Role.AUDITOR))
    assert client.get(_url("panel", event)).status_code == 200
    response = client.post(
        _url("draw", event), {"places": "12", "prefer_not_to_say": "own_category", "tolerance": "0"}
    )
    assert response.status_code == 403


def _answered(campaign: Campaign, count: int, age_band: str) -> None:
    for _ in range(count):
        record_equality_monitoring(
            candidate=CandidateFactory.create(campaign=campaign),
            answers={**dict.fromkeys(EQUALITY_QUESTIONS, PREFER_NOT_TO_SAY), "age_band": age_band},
        )


def _report_figures(client: Client, campaign: Campaign) -> list[str]:
    main = _text(client.get(_report_url(campaign))).split('id="main-content"')[1]
    return re.findall(r"About \d+|<td[^>]*>([^<]*)</td>|no totals are shown yet", main)


def test_the_reports_cells_survive_comparing_before_and_after_a_named_candidate_answers(
    manager_client, event
) -> None:
    """#10's attack on the report: note every stage's figures, watch a named candidate answer,
    compare. Each stage counts whole batches of ten, so nothing shown changes."""
    _answered(event.campaign, 7, "25_34")
    _answered(event.campaign, 3, "45_54")
    before = _report_figures(manager_client, event.campaign)

    samira = CandidateFactory.create(campaign=event.campaign, first_name="Samira")
    record_equality_monitoring(
        candidate=samira,
        answers={**dict.fromkeys(EQUALITY_QUESTIONS, PREFER_NOT_TO_SAY), "age_band": "25_34"},
    )

    after = _report_figures(manager_client, event.campaign)
    assert before == after
    assert "fewer than 5" in after
    assert not any(re.fullmatch(r"[1-46-9]|1[1-4]", cell) for cell in after)


def test_the_report_exports_as_csv_with_only_the_figures_the_page_shows(
    manager_client, event
) -> None:
    _answered(event.campaign, 12, "25_34")
    response = manager_client.get(_report_url(event.campaign, csv=True))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    lines = text.splitlines()
    assert lines[0] == "Stage,Question,Answer,Candidates,Candidates who answered"
    assert "Applied,What is your age?,25 to 34,10,10" in lines  # 10 counted of 12, rounded
    assert any(line.startswith("Appointed,,,not shown yet") for line in lines)
    assert ",12," not in text


def test_the_report_covers_every_stage_and_a_whole_programme(manager_client, event) -> None:
    _answered(event.campaign, 10, "25_34")
    page = _text(manager_client.get(_report_url(event.campaign)))
    for stage in ("Applied", "Invited to the day", "Attended the day", "Appointable", "Appointed"):
        assert f">{stage}</h2>" in page
    programme = event.campaign.vacancy.programme
    url = reverse("panels:programme_report", args=[event.organisation.slug, programme.pk])
    assert "About 10 candidates at this stage have answered" in _text(manager_client.get(url))
