"""The outcome page: percents, ranks, ties, the community's influence, and a readable chart."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from html import unescape

import pytest

from coappoint.organisations.models import Role
from tests.decisions.conftest import Ready
from tests.factories import CampaignFactory, staff_member

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return unescape(response.content.decode())


def test_the_outcome_shows_percents_ranks_and_the_community_influence(ready: Ready, staff_client):
    response = staff_client(ready.manager).get(ready.url("decisions:outcome"))

    assert response.status_code == 200
    text = page_text(response)
    rows = response.context["description"].rows
    assert [(row.name, row.rank, row.combined_percent) for row in rows] == [
        ("Priya Shah", 1, 75.0),
        ("Sam Adeyemi", 2, 62.5),
    ]
    assert [cell.percent for cell in rows[0].stages] == [100.0, 50.0]
    assert "Without the community's score, Sam Adeyemi would have ranked first." in text
    assert "exactly 75" in text


def test_the_chart_is_an_image_with_a_title_and_a_data_table(ready: Ready, staff_client):
    text = page_text(staff_client(ready.auditor).get(ready.url("decisions:outcome")))

    assert 'role="img"' in text
    assert (
        '<title id="outcome-chart-title">Combined percent per candidate, highest first: '
        "Priya Shah 75.0% (rank 1); Sam Adeyemi 62.5% (rank 2).</title>" in text
    )
    assert "The chart's figures: each stage's share of the combined percent" in text


def test_the_chart_table_rounds_each_share_once_from_its_exact_value(staff_client):
    from tests.decisions.conftest import make_a_share_of_a_third

    ready = make_a_share_of_a_third()

    response = staff_client(ready.manager).get(ready.url("decisions:outcome"))

    description = response.context["description"]
    sam = next(row for row in description.rows if row.name == "Sam Adeyemi")
    assert [cell.percent for cell in sam.stages] == [Decimal("75.0"), Decimal("66.7")]
    assert [cell.contribution_exact for cell in sam.stages] == [Fraction(75, 2), Fraction(100, 3)]
    assert [cell.contribution_percent for cell in sam.stages] == [
        Decimal("37.5"),
        Decimal("33.3"),
    ]
    assert (sam.combined_percent, sam.combined_exact) == (Decimal("70.8"), "425/6")
    text = page_text(response)
    chart_table = text[text.index('id="chart-table-caption"') : text.index('id="chart-table-note"')]
    sam_row = chart_table[chart_table.index("Sam Adeyemi") :].split("</tr>")[0]
    assert re.findall(r">([0-9.]+)</td>", sam_row) == ["37.5", "33.3", "70.8"]
    assert "33.4" not in chart_table
    assert (
        "Each figure is rounded to one decimal place, so a row's parts may not add up exactly "
        "to its combined percent."
    ) in text
    assert "70.8 <span" in text  # the outcome table's combined percent, with its exact value
    assert "exactly 425/6" in text


def test_the_chart_draws_each_share_from_its_exact_value(staff_client):
    from tests.decisions.conftest import make_a_share_of_a_third

    ready = make_a_share_of_a_third()

    chart = (
        staff_client(ready.manager).get(ready.url("decisions:outcome")).context["description"].chart
    )
    sam = next(row for row in chart.rows if row.name == "Sam Adeyemi")
    # The bar is 380 units for 100 percent, from x = 190: 37.5 is 142.5 units, 100/3 is 126.67.
    assert [(segment.x, segment.width) for segment in sam.segments] == [
        (190.0, 142.5),
        (332.5, 126.67),
    ]
    assert sam.value == "70.8%"


def test_a_tie_at_the_top_is_shown_and_not_broken(tied: Ready, staff_client):
    response = staff_client(tied.manager).get(tied.url("decisions:outcome"))

    rows = response.context["description"].rows
    assert [(row.rank, row.tied_with) for row in rows] == [
        (1, ("Sam Adeyemi",)),
        (1, ("Priya Shah",)),
    ]
    assert "are tied in first place" in page_text(response)


def test_the_outcome_says_when_the_community_did_not_change_the_top(staff_client):
    from tests.decisions.conftest import make_ready

    ready = make_ready(priya_consensus=2, sam_consensus=4)

    text = page_text(staff_client(ready.manager).get(ready.url("decisions:outcome")))

    assert "The community's score did not change who ranks first." in text


@pytest.mark.parametrize(
    "role", [Role.PROGRAMME_MANAGER, Role.INTERVIEW_PANEL, Role.AUDITOR, Role.FACILITATOR]
)
def test_staff_who_read_the_outcome_can_open_it(ready: Ready, staff_client, role):
    user = staff_member(ready.campaign.organisation, role)
    assert staff_client(user).get(ready.url("decisions:outcome")).status_code == 200


def test_another_organisations_staff_get_not_found(ready: Ready, staff_client):
    stranger = staff_member(CampaignFactory.create().organisation, Role.PROGRAMME_MANAGER)
    for name in ("decisions:outcome", "decisions:decide", "decisions:export_json"):
        assert staff_client(stranger).get(ready.url(name)).status_code == 404


def test_a_recruiter_cannot_reach_the_outcome(ready: Ready, client):
    from tests.scoring.conftest import sign_in

    recruiter = ready.event.recruiters.first()
    assert recruiter is not None
    signed_in = sign_in(client, recruiter)
    response = signed_in.get(ready.url("decisions:outcome"))
    assert response.status_code in {302, 404}
    assert "Priya Shah" not in response.content.decode()


def test_candidates_not_ready_are_listed_plainly(ready: Ready, staff_client):
    from tests.factories import CandidateFactory

    CandidateFactory.create(campaign=ready.campaign, first_name="Zoe", last_name="Late")

    text = page_text(staff_client(ready.manager).get(ready.url("decisions:outcome")))

    assert "Zoe Late: no agreed scores for Community recruitment event and Formal interview" in text


def test_candidates_who_did_not_attend_are_listed_as_such_not_as_not_ready(
    ready: Ready, staff_client
):
    from django.utils import timezone

    from coappoint.interviews.models import InterviewAbsence
    from coappoint.timetables.models import AttendanceChange, Timetable
    from tests.factories import CandidateFactory

    now = timezone.now()
    zoe = CandidateFactory.create(campaign=ready.campaign, first_name="Zoe", last_name="Away")
    ready.event.candidates.add(zoe)
    AttendanceChange.objects.create(  # a no-show on the day
        organisation=ready.campaign.organisation,
        event=ready.event,
        person_kind=AttendanceChange.PersonKind.CANDIDATE,
        person_id=zoe.pk,
        kind=AttendanceChange.Kind.NO_SHOW,
        round=0,
        timetable=Timetable.objects.filter(event=ready.event).first(),
        recorded_by=ready.facilitator,
        recorded_at=now,
    )
    InterviewAbsence.objects.create(  # and at the interview
        organisation=ready.campaign.organisation,
        campaign=ready.campaign,
        candidate=zoe,
        recorded_by=ready.manager,
        recorded_at=now,
    )
    # Recorded as not at the interview, but with no consensus either: still not ready.
    yan = CandidateFactory.create(campaign=ready.campaign, first_name="Yan", last_name="Half")
    InterviewAbsence.objects.create(
        organisation=ready.campaign.organisation,
        campaign=ready.campaign,
        candidate=yan,
        recorded_by=ready.manager,
        recorded_at=now,
    )

    text = page_text(staff_client(ready.manager).get(ready.url("decisions:outcome")))

    assert "Zoe Away did not attend: Community recruitment event and Formal interview" in text
    assert "Zoe Away: no agreed scores" not in text
    assert "Yan Half: no agreed scores for Community recruitment event and Formal interview" in (
        text
    )
