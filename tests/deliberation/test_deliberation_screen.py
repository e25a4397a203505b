"""The deliberation screen: hidden until the reveal, then the anonymised spread in order of
disagreement, with notes, the comfortable answers and what the statistics can and cannot say."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.accounts.models import User
from coappoint.deliberation.queries import get_deliberation
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.reveal.queries import ScoresHidden
from tests.deliberation.conftest import SHEETS, send, text
from tests.factories import CandidateFactory, ObservationFactory
from tests.scoring.conftest import Day

pytestmark = pytest.mark.django_db

RECRUITER_NAMES = ("Amina", "Hassan", "Bob Jones", "Chen", "Wei")


def _section(html: str, element_id: str, end: str = "</section>") -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index(end, start)]


def test_before_the_reveal_every_role_sees_only_that_the_scores_are_hidden(
    started: Day,
    staff_client: Callable[[User], Client],
    recruiter_client: Callable[[CommunityRecruiter], Client],
) -> None:
    day = started
    for sheet in SHEETS[:-1]:
        send(day, *sheet)
    with pytest.raises(ScoresHidden):
        get_deliberation(day.event)
    staff_pages = [
        day.url("deliberation:screen"),
        day.url("deliberation:candidate", day.sam.pk),
        day.url("deliberation:consensus", day.sam.pk),
    ]
    for user in (day.facilitator, day.manager, day.auditor):
        client = staff_client(user)
        for url in staff_pages:
            response = client.get(url)
            if user == day.auditor and "consensus" in url:
                assert response.status_code == 403  # never theirs to record
                continue
            html = text(response)
            assert response.status_code == 403, url
            assert "The scores are hidden until the reveal" in html
            assert "Median" not in html
            assert 'role="img"' not in html
    recruiter_page = recruiter_client(day.bob).get(reverse("deliberation:recruiter_spread"))
    html = text(recruiter_page)
    assert recruiter_page.status_code == 200
    assert "The scores are hidden until the reveal" in html
    assert "Median" not in html
    assert 'role="img"' not in html


def test_candidates_come_in_order_of_how_much_the_group_disagrees(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    deliberation = get_deliberation(scored.event)
    assert [candidate.name for candidate in deliberation.candidates] == ["Sam", "Priya"]
    client = staff_client(scored.facilitator)
    html = text(client.get(scored.url("deliberation:screen")))
    order = _section(html, "discussion-order", "</table>")
    assert order.index("Sam") < order.index("Priya")
    # The table names each flag in its candidate's row, under the quality it is about.
    sam_row = _section(html, f"order-{scored.sam.pk}", "</tr>")
    assert "Median 3, from 1 to 5<br><strong>Wide spread</strong>" in sam_row
    assert "Outlier" in sam_row
    assert "Wide spread" not in _section(html, f"order-{scored.priya.pk}", "</tr>")
    # On Sam's own page, the disputed quality (kindness) comes before listening.
    sam = _section(
        text(client.get(scored.url("deliberation:candidate", scored.sam.pk))),
        f"candidate-{scored.sam.pk}",
    )
    assert sam.index("Kindness") < sam.index("Listening")
    assert "Wide spread" in sam
    assert "Outlier" in sam
    priya = text(client.get(scored.url("deliberation:candidate", scored.priya.pk)))
    assert "Wide spread" not in _section(priya, f"candidate-{scored.priya.pk}")


def test_each_quality_has_a_dot_plot_with_a_text_alternative_and_a_table_of_counts(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(scored.facilitator)
    html = text(client.get(scored.url("deliberation:candidate", scored.sam.pk)))
    key = f"{scored.sam.pk}-{scored.kindness.pk}"
    plot = _section(html, f"quality-{key}", "</svg>")
    assert f'role="img" aria-labelledby="plot-{key}-title"' in plot
    assert (
        f'<title id="plot-{key}-title">Kindness for Sam: scores 1, 3, 5; median 3</title>' in plot
    )
    assert plot.count("<circle") == 3
    table = _section(html, f"counts-{key}", "</table>")
    assert "1 – No evidence" in table
    counts = re.findall(r'govuk-table__cell--numeric">(\d+)</td>', table)
    assert counts == ["1", "0", "1", "0", "1"]
    listening = _section(html, f"counts-{scored.sam.pk}-{scored.listening.pk}", "</table>")
    assert re.findall(r'govuk-table__cell--numeric">(\d+)</td>', listening) == [
        "0",
        "0",
        "2",
        "1",
        "0",
    ]
    assert 'role="img"' not in text(client.get(scored.url("deliberation:screen")))
    sam = get_deliberation(scored.event).candidates[0]
    kindness = sam.qualities[0]
    assert (kindness.median, kindness.minimum, kindness.maximum) == ("3", 1, 5)
    assert kindness.interquartile_range == "2"


def test_the_comfortable_answers_are_counted_per_candidate(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    client = staff_client(scored.manager)
    html = text(client.get(scored.url("deliberation:candidate", scored.sam.pk)))
    sam = _section(html, f"comfortable-{scored.sam.pk}", "</ul>")
    assert "Yes: 1" in sam
    assert "Not sure: 1" in sam
    assert "No: 1" in sam
    html = text(client.get(scored.url("deliberation:candidate", scored.priya.pk)))
    priya = _section(html, f"comfortable-{scored.priya.pk}", "</ul>")
    assert "Yes: 2" in priya
    assert "Not sure: 0" in priya
    assert "No: 0" in priya


def test_mingling_notes_are_shown_under_their_candidate_without_who_wrote_them(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    ObservationFactory.create(
        recruiter=scored.amina, candidate=scored.sam, curiosity="Asked about the allotments"
    )
    ObservationFactory.create(
        recruiter=scored.bob, candidate=scored.priya, curiosity="", manner="Sat with the quiet ones"
    )
    client = staff_client(scored.facilitator)
    html = text(client.get(scored.url("deliberation:candidate", scored.sam.pk)))
    sam = _section(html, f"candidate-{scored.sam.pk}")
    html += text(client.get(scored.url("deliberation:candidate", scored.priya.pk)))
    priya = _section(html, f"candidate-{scored.priya.pk}")
    assert "Asked about the allotments" in sam
    assert "Asked about the allotments" not in priya
    assert "Sat with the quiet ones" in priya
    for name in RECRUITER_NAMES:
        assert name not in html


def test_alpha_and_stringency_are_shown_anonymised_with_the_caveat(
    scored: Day, staff_client: Callable[[User], Client]
) -> None:
    html = text(staff_client(scored.auditor).get(scored.url("deliberation:screen")))
    about = _section(html, "about-these-scores")
    assert "Krippendorff's alpha (ordinal):" in about
    assert "Only 2 candidates were scored" in about
    assert "very uncertain" in about
    raters = _section(html, "stringency", "</ul>")
    letters = re.findall(r"Recruiter ([A-Z]):", raters)
    assert letters == ["A", "B", "C"]
    # Amina is 1.1 points harsher (her offsets are -3, -0.5, 0 and -1); whoever she is, A to C.
    assert "1.1 points harsher than the others" in raters
    for name in RECRUITER_NAMES:
        assert name not in html


def test_the_recruiters_page_shows_the_anonymised_spread_after_the_reveal(
    scored: Day, recruiter_client: Callable[[CommunityRecruiter], Client]
) -> None:
    ObservationFactory.create(recruiter=scored.amina, candidate=scored.sam, curiosity="Kind eyes")
    phone = recruiter_client(scored.chen)
    summary = phone.get(reverse("deliberation:recruiter_spread"))
    assert summary.status_code == 200
    assert text(summary).index("Sam") < text(summary).index("Priya")
    sam = reverse("deliberation:recruiter_spread_candidate", args=[scored.sam.pk])
    assert f'href="{sam}"' in summary.content.decode()
    assert "Kindness for" not in text(summary)  # a summary first, one candidate at a time
    response = phone.get(sam)
    html = text(response)
    assert response.status_code == 200
    assert "Kindness for Sam: scores 1, 3, 5; median 3" in html
    assert "Next candidate: Priya" in html
    assert "Kind eyes" not in html  # notes are for the screen, not for phones
    assert "Recruiter A" not in html
    for name in RECRUITER_NAMES:
        assert name not in html


def test_a_recruiter_asking_for_a_candidate_not_being_deliberated_is_not_found(
    scored: Day, recruiter_client: Callable[[CommunityRecruiter], Client]
) -> None:
    stranger = CandidateFactory.create()
    address = reverse("deliberation:recruiter_spread_candidate", args=[stranger.pk])
    assert recruiter_client(scored.chen).get(address).status_code == 404
