"""Staff see which languages' text was drafted without a fluent speaker's review, and what."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from coappoint.organisations.models import Role
from coappoint.web.catalogues import parse_catalogue
from tests.factories import OrganisationFactory, staff_member

pytestmark = pytest.mark.django_db

CATALOGUE = """msgid ""
msgstr ""
"Language: cy\\n"
"X-Review-Status: drafted without a fluent speaker's review\\n"

# reviewed
#: pages/templates/pages/start.html:3
msgid "Sign up"
msgstr "Cofrestru"

#, python-format
msgid "%(count)s candidate"
msgid_plural "%(count)s candidates"
msgstr[0] "%(count)s ymgeisydd"
msgstr[1] ""

#, fuzzy
msgid "Sign out"
msgstr "Allgofnodi"
"""


def test_a_catalogue_says_what_is_reviewed_and_what_is_missing() -> None:
    catalogue = parse_catalogue(CATALOGUE, language="cy", domain="django")
    assert catalogue.review_status == "drafted without a fluent speaker's review"
    sign_up, candidates, sign_out = catalogue.messages
    assert (sign_up.reviewed, sign_up.translated) == (True, True)
    assert sign_up.references == ("pages/templates/pages/start.html:3",)
    assert candidates.english_plural == "%(count)s candidates"
    assert not candidates.translated  # one plural form is empty
    assert not sign_out.translated  # fuzzy
    assert [message.english for message in catalogue.unreviewed] == [
        "%(count)s candidate",
        "Sign out",
    ]


def test_staff_see_each_language_and_its_review(client: Client) -> None:
    organisation = OrganisationFactory.create()
    client.force_login(staff_member(organisation, Role.FACILITATOR))

    home = client.get(reverse("pages:organisation_home", args=[organisation.slug]))
    assert reverse("pages:translations", args=[organisation.slug]) in home.content.decode()
    page = unescape(
        client.get(reverse("pages:translations", args=[organisation.slug])).content.decode()
    )

    assert "Welsh" in page
    assert "Arabic" in page
    assert "Drafted without a fluent speaker's review" in page


def test_a_language_page_puts_each_draft_beside_its_english(client: Client) -> None:
    organisation = OrganisationFactory.create()
    client.force_login(staff_member(organisation, Role.AUDITOR))

    page = unescape(
        client.get(
            reverse("pages:translation_review", args=[organisation.slug, "cy"])
        ).content.decode()
    )

    assert "texts were drafted without a fluent speaker's review" in page
    assert '<td class="govuk-table__cell" lang="cy" dir="ltr">' in page
    assert "Page 1 of" in page


def test_an_unknown_language_and_another_organisation_are_not_found(client: Client) -> None:
    organisation = OrganisationFactory.create()
    client.force_login(staff_member(OrganisationFactory.create(), Role.PROGRAMME_MANAGER))
    assert client.get(reverse("pages:translations", args=[organisation.slug])).status_code == 404
    client.force_login(staff_member(organisation, Role.PROGRAMME_MANAGER))
    assert (
        client.get(reverse("pages:translation_review", args=[organisation.slug, "fr"])).status_code
        == 404
    )
    assert Client().get(reverse("pages:translations", args=[organisation.slug])).status_code == 404
