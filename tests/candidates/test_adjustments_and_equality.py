"""A candidate's own adjustments and equality answers, and who may read them."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Campaign
from coappoint.candidates.access import may_see_equality_data
from coappoint.candidates.models import (
    EQUALITY_QUESTIONS,
    PREFER_NOT_TO_SAY,
    AdjustmentRequest,
    EqualityMonitoring,
)
from coappoint.candidates.services import record_equality_monitoring
from coappoint.organisations.models import Role
from coappoint.signin.services import SYSTEM, issue_sign_in_link
from tests.factories import (
    AdjustmentRequestFactory,
    CandidateFactory,
    EqualityMonitoringFactory,
    EventFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db

EVERY_PREFER_NOT = dict.fromkeys(EQUALITY_QUESTIONS, PREFER_NOT_TO_SAY)


def _campaign_url(name: str, campaign) -> str:
    return reverse(f"candidates:{name}", args=[campaign.organisation.slug, campaign.pk])


@pytest.fixture
def event():
    return EventFactory.create()


@pytest.fixture
def candidate(event):
    candidate = CandidateFactory.create(campaign=event.campaign, first_name="Grace")
    event.candidates.add(candidate)
    return candidate


@pytest.fixture
def candidate_client(candidate, event) -> Client:
    link = issue_sign_in_link(
        person=candidate, organisation=event.organisation, event=event, actor=SYSTEM
    )
    client = Client()
    client.post("/" + link.url.split("/", 3)[3])
    return client


def test_a_signed_in_candidate_asks_for_a_bsl_interpreter(candidate_client, candidate) -> None:
    page = candidate_client.get(reverse("candidates:my_adjustments"))
    assert page.status_code == 200

    response = candidate_client.post(
        reverse("candidates:my_adjustments"),
        {"interpreter_language": "bsl", "needs": "A seat near the front"},
    )

    assert response["Location"] == reverse("events:candidate_home")
    request = AdjustmentRequest.objects.get(candidate=candidate)
    assert (request.interpreter_language, request.needs) == ("bsl", "A seat near the front")
    audit = AuditEvent.objects.get(action="adjustment_request.recorded")
    assert audit.after is None  # what they need is not copied into the audit log
    again = candidate_client.get(reverse("candidates:my_adjustments")).content.decode()
    assert '<option value="bsl" selected>' in again


def test_a_candidate_answers_prefer_not_to_say_to_every_equality_question(
    candidate_client, candidate
) -> None:
    page = candidate_client.get(reverse("candidates:my_equality_monitoring")).content.decode()
    assert page.count('value="prefer_not_to_say"') == len(EQUALITY_QUESTIONS)

    response = candidate_client.post(reverse("candidates:my_equality_monitoring"), EVERY_PREFER_NOT)

    assert response.status_code == 302
    record = EqualityMonitoring.objects.get(candidate=candidate)
    assert all(getattr(record, name) == PREFER_NOT_TO_SAY for name in EQUALITY_QUESTIONS)
    audit = AuditEvent.objects.get(action="equality_monitoring.recorded")
    # Neither the answers nor who gave them: only the campaign.
    assert (audit.before, audit.after) == (None, {"campaign": candidate.campaign_id})
    assert audit.target_id in ("", None)
    assert (audit.actor_kind, audit.actor_id) == ("unnamed_candidate", None)


def test_an_unanswered_equality_question_asks_for_an_answer_or_prefer_not_to_say(
    candidate_client,
) -> None:
    answers = {**EVERY_PREFER_NOT, "religion": ""}
    answers.pop("religion")
    response = candidate_client.post(reverse("candidates:my_equality_monitoring"), answers)
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert 'Select your religion, or "Prefer not to say"' in html
    assert 'href="#id_religion"' in html
    assert html.count('value="prefer_not_to_say" checked') == len(EQUALITY_QUESTIONS) - 1


def test_the_equality_page_never_shows_earlier_answers_back(candidate_client, candidate) -> None:
    # Whoever holds the session sees the page, and staff may have opened it (a re-invitation
    # sent to an address they changed): staff see equality data only as totals.
    url = reverse("candidates:my_equality_monitoring")
    answers = {**EVERY_PREFER_NOT, "religion": "sikh", "ethnic_group": "mixed"}
    assert candidate_client.post(url, answers).status_code == 302

    html = unescape(candidate_client.get(url).content.decode())

    assert " checked" not in html
    answered = EqualityMonitoring.objects.get(candidate=candidate).updated_at
    assert f"You answered on {timezone.localtime(answered):%-d %B %Y}. You can answer" in html
    assert "your new answers replace the old ones" in html
    # Answering again replaces every answer.
    assert candidate_client.post(url, EVERY_PREFER_NOT).status_code == 302
    record = EqualityMonitoring.objects.get(candidate=candidate)
    assert (record.religion, record.ethnic_group) == (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY)


def test_before_answering_the_equality_page_says_nothing_about_earlier_answers(
    candidate_client,
) -> None:
    html = candidate_client.get(reverse("candidates:my_equality_monitoring")).content.decode()
    assert "You answered on" not in html
    assert " checked" not in html


def test_the_candidate_pages_need_a_signed_in_candidate(client: Client, event) -> None:
    client.force_login(staff_member(event.organisation, Role.PROGRAMME_MANAGER))
    for name in ("my_adjustments", "my_equality_monitoring"):
        assert client.get(reverse(f"candidates:{name}"))["Location"] == reverse("signin:code")


def _answered(event, count: int, age_band: str) -> list[EqualityMonitoring]:
    return [
        EqualityMonitoringFactory.create(
            candidate=CandidateFactory.create(campaign=event.campaign), age_band=age_band
        )
        for _ in range(count)
    ]


def _equality_page(client: Client, event) -> str:
    return unescape(client.get(_campaign_url("equality", event.campaign)).content.decode())


def _figures(html: str) -> list[str]:
    """What the page says: the number who answered and every cell of every table."""
    main = html.split('id="main-content"')[1].split("</main>")[0]
    return re.findall(r"answered\.|About \d+|<td[^>]*>([^<]*)</td>", main)


def test_equality_totals_hide_small_numbers_from_a_programme_manager(client: Client, event) -> None:
    _answered(event, 9, "25_34")
    _answered(event, 2, "35_44")
    client.force_login(staff_member(event.organisation, Role.PROGRAMME_MANAGER))

    html = _equality_page(client, event)

    assert "About 10 candidates have answered" in html  # 11, rounded to the nearest 5
    assert "fewer than 5" in html
    # Exact counts never show: 2 is hidden, 9 is rounded to 10.
    assert ">2<" not in html
    assert ">9<" not in html
    assert ">11<" not in html


def test_with_fewer_than_ten_answers_no_totals_are_shown(client: Client, event) -> None:
    _answered(event, 6, "25_34")
    _answered(event, 2, "35_44")
    client.force_login(staff_member(event.organisation, Role.PROGRAMME_MANAGER))
    html = _equality_page(client, event)
    assert "Fewer than 10 candidates have answered, so no totals are shown yet" in html
    assert "candidates have answered." not in html.replace("Fewer than 10 candidates have", "")


def test_once_the_decision_is_recorded_totals_show_even_for_a_few_answers(
    client: Client, event
) -> None:
    _answered(event, 6, "25_34")
    event.campaign.state = Campaign.State.DECIDED
    event.campaign.save()
    client.force_login(staff_member(event.organisation, Role.PROGRAMME_MANAGER))
    html = _equality_page(client, event)
    # Every other band is hidden (0 is under 5), so the 6 answers are rounded to the nearest 10.
    assert "About 10 candidates have answered" in html


def test_comparing_totals_before_and_after_a_named_candidate_answers_gives_nothing_away(
    client: Client, event
) -> None:
    """The attack: note the totals, wait for the audit log to show a named candidate answering,
    and compare. The audit row names no one, and the figures shown move in steps of 5."""
    _answered(event, 7, "25_34")
    _answered(event, 3, "45_54")
    client.force_login(staff_member(event.organisation, Role.PROGRAMME_MANAGER))
    before = _equality_page(client, event)

    sam = CandidateFactory.create(campaign=event.campaign, first_name="Samira")
    record_equality_monitoring(
        candidate=sam,
        answers={**dict.fromkeys(EQUALITY_QUESTIONS, PREFER_NOT_TO_SAY), "age_band": "25_34"},
    )

    after = _equality_page(client, event)
    assert _figures(before) == _figures(after)
    assert "fewer than 5" in _figures(after)
    audit_page = client.get(reverse("audit:list", args=[event.organisation.slug])).content.decode()
    assert "Samira" not in audit_page


@pytest.mark.parametrize("scoring_role", [Role.INTERVIEW_PANEL, Role.FACILITATOR])
def test_a_programme_manager_who_also_scores_is_refused_equality_data(
    client: Client, event, scoring_role
) -> None:
    user = staff_member(event.organisation, Role.PROGRAMME_MANAGER, scoring_role)
    client.force_login(user)
    assert not may_see_equality_data(user, event.campaign)
    assert client.get(_campaign_url("equality", event.campaign)).status_code == 403
    page = client.get(_campaign_url("list", event.campaign)).content.decode()
    assert _campaign_url("equality", event.campaign) not in page


def test_a_programme_manager_reads_adjustments_in_full(client: Client, event) -> None:
    AdjustmentRequestFactory.create(
        candidate=CandidateFactory.create(campaign=event.campaign, first_name="Grace"),
        interpreter_language="bsl",
        needs="Step-free access",
    )
    client.force_login(staff_member(event.organisation, Role.PROGRAMME_MANAGER))
    html = client.get(_campaign_url("adjustments", event.campaign)).content.decode()
    assert "British Sign Language" in html
    assert "Step-free access" in html


@pytest.mark.parametrize(
    "roles", [(Role.FACILITATOR,), (Role.PROGRAMME_MANAGER, Role.INTERVIEW_PANEL)]
)
def test_a_scorer_sees_only_the_interpreter_the_day_needs(client: Client, event, roles) -> None:
    AdjustmentRequestFactory.create(
        candidate=CandidateFactory.create(campaign=event.campaign, first_name="Grace"),
        interpreter_language="bsl",
        needs="Step-free access",
    )
    AdjustmentRequestFactory.create(
        candidate=CandidateFactory.create(campaign=event.campaign, first_name="Jon"),
        needs="Regular breaks",
    )
    client.force_login(staff_member(event.organisation, *roles))
    html = client.get(_campaign_url("adjustments", event.campaign)).content.decode()
    assert "British Sign Language" in html
    assert "Grace" in html
    assert "Step-free access" not in html
    assert "Regular breaks" not in html
    assert "Jon" not in html
