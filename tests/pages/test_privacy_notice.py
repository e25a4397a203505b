"""The privacy notice says the periods the reader's organisation has set, never more or less."""

from __future__ import annotations

import html
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.candidates.invitations import write_invitation
from coappoint.organisations.models import Organisation, Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.retention.models import RetentionCategory
from coappoint.retention.queries import kept_for_in_words
from coappoint.retention.services import set_privacy_contact, set_retention_period
from coappoint.rules.retention import DEFAULT_PERIODS, Category, Period
from coappoint.signin.services import SYSTEM, issue_sign_in_link
from tests.factories import (
    CandidateFactory,
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    RecruiterFactory,
    SignUpLinkFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db


def _text(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _organisation_notice(client: Client, organisation: Organisation) -> str:
    return _text(client, reverse("pages:organisation_privacy", args=[organisation.slug]))


def _says_periods(text: str, periods: dict[Category, Period]) -> bool:
    return all(
        f"{RetentionCategory(category.value).label}</th>" in text
        and f'<td class="govuk-table__cell">{kept_for_in_words(category, period)}</td>' in text
        for category, period in periods.items()
    )


def test_the_notice_shows_each_categorys_period_as_the_organisation_set_it(
    client: Client,
) -> None:
    organisation = OrganisationFactory.create(name="Harbourside Council")
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    assert _says_periods(_organisation_notice(client, organisation), DEFAULT_PERIODS)

    set_retention_period(
        organisation=organisation,
        category=Category.UNSUCCESSFUL_CANDIDATES,
        period=Period(months=3),
        actor=manager,
    )
    set_retention_period(
        organisation=organisation,
        category=Category.SIGN_IN_ATTEMPTS,
        period=Period(days=14),
        actor=manager,
    )

    text = _organisation_notice(client, organisation)
    expected = {
        **DEFAULT_PERIODS,
        Category.UNSUCCESSFUL_CANDIDATES: Period(months=3),
        Category.SIGN_IN_ATTEMPTS: Period(days=14),
    }
    assert _says_periods(text, expected)
    assert "3 months after the decision" in text
    assert "14 days after the attempt" in text
    assert "6 months after the decision</td>" in text  # the appointed candidate's, unchanged
    assert "These are the periods Harbourside Council has set." in text
    assert "Harbourside Council is the data controller" in text


def test_someone_outside_every_organisation_reads_the_default_periods(client: Client) -> None:
    organisation = OrganisationFactory.create()
    set_retention_period(
        organisation=organisation,
        category=Category.UNSUCCESSFUL_CANDIDATES,
        period=Period(months=3),
        actor=staff_member(organisation, Role.PROGRAMME_MANAGER),
    )

    text = _text(client, reverse("pages:privacy"))

    assert _says_periods(text, DEFAULT_PERIODS)
    assert "3 months" not in text
    assert "These are the service's standard periods." in text
    assert "To ask, contact the council." in text


def test_a_signed_in_recruiter_reads_their_events_organisations_periods(
    client: Client, sign_in_recruiter: Callable[[Client, CommunityRecruiter], None]
) -> None:
    recruiter = RecruiterFactory.create()
    organisation = recruiter.organisation
    set_retention_period(
        organisation=organisation,
        category=Category.RECRUITERS,
        period=Period(months=2),
        actor=staff_member(organisation, Role.PROGRAMME_MANAGER),
    )
    sign_in_recruiter(client, recruiter)

    text = _text(client, reverse("pages:privacy"))

    assert "2 months after their last event" in text
    assert reverse("pages:organisation_privacy", args=[organisation.slug]) in text  # the footer


def test_a_signed_in_candidate_reads_their_events_organisations_periods(client: Client) -> None:
    event = EventFactory.create()
    candidate = CandidateFactory.create(campaign=event.campaign)
    event.candidates.add(candidate)
    set_retention_period(
        organisation=event.organisation,
        category=Category.EQUALITY_MONITORING,
        period=Period(months=4),
        actor=staff_member(event.organisation, Role.PROGRAMME_MANAGER),
    )
    link = issue_sign_in_link(
        person=candidate, organisation=event.organisation, event=event, actor=SYSTEM
    )
    client.post("/" + link.url.split("/", 3)[3])

    text = _text(client, reverse("pages:privacy"))

    assert "4 months after the decision" in text
    assert f"{event.organisation.name} is the data controller" in text


def test_staff_of_one_organisation_read_its_periods_and_staff_of_two_the_defaults(
    client: Client,
) -> None:
    organisation, other = OrganisationFactory.create(), OrganisationFactory.create()
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    set_retention_period(
        organisation=organisation,
        category=Category.MESSAGE_BODIES,
        period=Period(days=30),
        actor=manager,
    )
    client.force_login(manager)
    assert "30 days after the message was sent" in _text(client, reverse("pages:privacy"))

    MembershipFactory.create(organisation=other, user=manager, role=Role.AUDITOR)

    text = _text(client, reverse("pages:privacy"))
    assert "30 days after the message was sent" not in text
    assert _says_periods(text, DEFAULT_PERIODS)


def test_the_notice_says_how_to_ask_the_organisations_privacy_contact(client: Client) -> None:
    organisation = OrganisationFactory.create(name="Harbourside Council")
    assert "To ask, contact Harbourside Council." in _organisation_notice(client, organisation)

    set_privacy_contact(
        organisation=organisation,
        email="dpo@harbourside.gov.uk",
        actor=staff_member(organisation, Role.PROGRAMME_MANAGER),
    )

    text = _organisation_notice(client, organisation)
    assert 'href="mailto:dpo@harbourside.gov.uk"' in text
    assert "To ask, contact Harbourside Council." not in text


def test_the_notice_names_the_lawful_bases_and_the_rights(client: Client) -> None:
    text = _text(client, reverse("pages:privacy"))

    for words in (
        "Article 6(1)(e)",
        "Article 6(1)(b)",
        "Article 6(1)(c)",
        "Article 9(2)(g)",
        "Schedule 1, paragraph 8",
        "for a copy of the information we hold about you",
        "to correct information about you",
        "to delete information about you",
        "if you object",
        "Information Commissioner's Office",
    ):
        assert words in text


def test_an_unknown_organisations_notice_is_not_found(client: Client) -> None:
    assert client.get(reverse("pages:organisation_privacy", args=["nowhere"])).status_code == 404


def test_the_recruiter_sign_up_page_links_to_its_organisations_notice(client: Client) -> None:
    sign_up_link = SignUpLinkFactory.create()

    text = _text(client, reverse("recruiters:sign_up", args=[sign_up_link.slug]))

    organisation = sign_up_link.event.organisation
    assert reverse("pages:organisation_privacy", args=[organisation.slug]) in text


def test_the_candidates_invitation_links_to_its_organisations_notice() -> None:
    event = EventFactory.create()
    candidate = CandidateFactory.create(campaign=event.campaign)

    text = write_invitation(event, candidate, sign_in_url="https://example.org/sign-in/x/")

    assert reverse("pages:organisation_privacy", args=[event.organisation.slug]) in text.body


def test_a_staff_page_links_to_its_organisations_notice_in_the_footer(client: Client) -> None:
    organisation = OrganisationFactory.create()
    client.force_login(staff_member(organisation, Role.FACILITATOR))

    text = _text(client, reverse("pages:organisation_home", args=[organisation.slug]))

    assert reverse("pages:organisation_privacy", args=[organisation.slug]) in text
