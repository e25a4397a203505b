"""Hidden until the panel's reveal: no panel score value or note for the programme manager,
another panel member or the auditor, on any page or audit row; after it, names and values."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.accounts.models import User
from coappoint.interviews.queries import get_own_panel_sheet, list_panel_scores
from coappoint.reveal.queries import ScoresHidden
from tests.interviews.conftest import Interview, audit_text

pytestmark = pytest.mark.django_db

SECRET = "SECRET-NOTE"


def _everything_but_bens_last_sheet(interview: Interview) -> None:
    interview.declare(interview.ann)
    interview.declare(interview.ben)
    interview.send(interview.ann, interview.sam, 5, 1, note=f"{SECRET} Ann on Sam")
    interview.send(interview.ann, interview.priya, 2, 4, note=f"{SECRET} Ann on Priya")
    interview.send(interview.ben, interview.sam, 3, 3, note=f"{SECRET} Ben on Sam")


def _pages(interview: Interview) -> list[str]:
    return [
        interview.url("interviews:overview"),
        interview.url("interviews:questions"),
        interview.url("interviews:scores"),
        interview.url("interviews:agreed", interview.sam.pk),
        interview.url("interviews:close"),
        reverse("interviews:campaign_list", args=[interview.campaign.organisation.slug]),
        reverse("audit:list", args=[interview.campaign.organisation.slug]),
    ]


def _shows_no_values(html: str) -> None:
    assert SECRET not in html
    for words in ("Excellent", "Adequate", "Weak", "Poor", "– Good"):
        assert words not in html


def test_before_the_reveal_nobody_else_sees_any_panel_value_on_any_page(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    _everything_but_bens_last_sheet(interview)
    for user in (interview.manager, interview.auditor, interview.ben):
        client = staff_client(user)
        for url in _pages(interview):
            response = client.get(url)
            assert response.status_code in (200, 302, 403), (user, url, response.status_code)
            _shows_no_values(response.content.decode())
        hidden = client.get(interview.url("interviews:scores"))
        assert hidden.status_code == 403
        assert "hidden until the reveal" in hidden.content.decode()

    # Ann has sent both her sheets: she sees her own, never Ben's.
    ann = staff_client(interview.ann)
    own = ann.get(interview.url("interviews:sheet", interview.sam.pk)).content.decode()
    assert f"{SECRET} Ann on Sam" in own
    assert "Ben on Sam" not in own
    assert ann.get(interview.url("interviews:scores")).status_code == 403
    # Ben sees his own sheet for Sam and is still asked to score Priya: no other value.
    ben = staff_client(interview.ben)
    assert (
        "Ann on"
        not in ben.get(interview.url("interviews:sheet", interview.sam.pk)).content.decode()
    )
    _shows_no_values(
        ben.get(interview.url("interviews:sheet", interview.priya.pk))
        .content.decode()
        .replace("5 – Excellent", "")
        .replace("3 – Adequate", "")
        .replace("2 – Weak", "")
        .replace("1 – Poor", "")
        .replace("4 – Good", "")
    )
    with pytest.raises(ScoresHidden):
        list_panel_scores(interview.campaign)
    assert get_own_panel_sheet(interview.campaign, interview.ben, interview.priya) is None


def test_the_manager_sees_who_is_pending_by_name_but_never_a_value(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    _everything_but_bens_last_sheet(interview)
    page = (
        staff_client(interview.manager).get(interview.url("interviews:overview")).content.decode()
    )
    assert "Who still has score sheets to send" in page
    assert "Ben Panel" in page
    assert "3 of 4 score sheets sent." in page
    _shows_no_values(page)


def test_audit_rows_before_the_reveal_carry_no_values_or_notes(interview: Interview) -> None:
    _everything_but_bens_last_sheet(interview)
    text = audit_text()
    assert SECRET not in text
    assert '"value"' not in text
    assert '"score"' not in text
    assert "interview_sheet.submitted" in text


def test_after_the_last_sheet_the_panel_manager_and_auditor_see_every_score_with_names(
    interview: Interview, staff_client: Callable[[User], Client]
) -> None:
    _everything_but_bens_last_sheet(interview)
    interview.send(interview.ben, interview.priya, 4, 4, note=f"{SECRET} Ben on Priya")
    for user in (interview.manager, interview.auditor, interview.ann, interview.ben):
        page = staff_client(user).get(interview.url("interviews:scores"))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Ann Panel" in html
        assert "Ben Panel" in html
        assert f"{SECRET} Ann on Sam" in html
        assert f"{SECRET} Ben on Priya" in html
        assert "5 – Excellent" in html
    rows = list_panel_scores(interview.campaign)
    sam = next(row for row in rows if row.candidate == interview.sam)
    assert [(m, v) for m, v, _t, _n in sam.questions[0].by_member] == [
        ("Ann Panel", 5),
        ("Ben Panel", 3),
    ]
