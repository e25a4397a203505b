"""Pages go compressed to a browser that accepts gzip; one holding a secret never is (BREACH)."""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.organisations.models import Role
from coappoint.signin.services import SYSTEM, issue_sign_in_link
from coappoint.staff.services import invite_staff
from coappoint.subject_access.models import IdentityCheck
from coappoint.subject_access.services import (
    record_identity_check,
    send_equality_answers_link,
    start_request,
)
from tests.factories import (
    STAFF_PASSWORD,
    CandidateFactory,
    OrganisationFactory,
    RecruiterFactory,
    SignUpLinkFactory,
    staff_member,
)
from tests.staff.conftest import link_in_email, path_of

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_an_ordinary_page_is_compressed_when_the_browser_accepts_gzip(client: Client) -> None:
    response = client.get(reverse("pages:accessibility"), headers=GZIP)

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"Accessibility statement" in gzip.decompress(response.content)


def test_a_page_is_sent_plain_to_a_browser_that_does_not_accept_gzip(client: Client) -> None:
    response = client.get(reverse("pages:accessibility"))

    assert "Content-Encoding" not in response
    assert "Accept-Encoding" in response["Vary"]


def test_a_signed_in_recruiters_page_is_compressed(
    client: Client, sign_in_recruiter: Callable[[Client, object], None]
) -> None:
    recruiter = RecruiterFactory.create()
    sign_in_recruiter(client, recruiter)

    response = client.get(reverse("recruiters:home"), headers=GZIP)

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"


# --- Each page holding a secret, built as its person reaches it: (client, response, secret) ---


def _new_recruiters_own_code(client: Client) -> tuple[Any, str | None]:
    link = SignUpLinkFactory.create()
    signed_up = client.post(
        reverse("recruiters:sign_up", args=[link.slug]),
        {
            "full_name": "Amina Hassan",
            "neighbourhood": "Northfield",
            "phone": "07700 900 982",
            "email": "",
            "preferred_language": "en",
            "other_language": "",
            "interpreter_needed": "no",
            "interpreter_language": "",
            "access_needs": "",
            "dietary_needs": "",
            "available_from": "10:00",
            "available_until": "15:30",
        },
    )
    assert signed_up.status_code == 302, signed_up.content.decode()[:2000]
    response = client.get(reverse("recruiters:your_code"), headers=GZIP)
    code = re.search(r'id="access-code">([^<]+)<', response.content.decode())
    assert code is not None
    return response, code.group(1)


def _sign_up_page(client: Client) -> tuple[Any, str | None]:
    link = SignUpLinkFactory.create()
    return client.get(reverse("recruiters:sign_up", args=[link.slug]), headers=GZIP), link.slug


def _staff_sign_up_link_page(client: Client) -> tuple[Any, str | None]:
    link = SignUpLinkFactory.create()
    facilitator = staff_member(link.organisation, Role.FACILITATOR)
    client.force_login(facilitator)
    url = reverse("recruiters:sign_up_link", args=[link.organisation.slug, link.event.pk])
    return client.get(url, headers=GZIP), link.slug


def _sign_up_poster(client: Client) -> tuple[Any, str | None]:
    link = SignUpLinkFactory.create()
    facilitator = staff_member(link.organisation, Role.FACILITATOR)
    client.force_login(facilitator)
    url = reverse("recruiters:sign_up_poster", args=[link.organisation.slug, link.event.pk])
    # A PDF: the link is inside its own compressed streams, so it is not searched for here.
    return client.get(url, headers=GZIP), None


def _sign_in_link(client: Client) -> tuple[Any, str | None]:
    recruiter = RecruiterFactory.create()
    issued = issue_sign_in_link(
        person=recruiter, organisation=recruiter.organisation, event=recruiter.event, actor=SYSTEM
    )
    path = issued.url.split("://", 1)[1].split("/", 1)[1]
    token = path.rstrip("/").rsplit("/", 1)[1]
    return client.get("/" + path, headers=GZIP), token


def _two_factor_set_up(client: Client) -> tuple[Any, str | None]:
    user = staff_member(OrganisationFactory.create(), Role.FACILITATOR)
    client.post(reverse("accounts:sign_in"), {"username": user.email, "password": STAFF_PASSWORD})
    response = client.get(reverse("staff:two_factor_set_up"), headers=GZIP)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', response.content.decode())
    assert secret is not None
    return response, secret.group(1)


def _new_recovery_codes(client: Client) -> tuple[Any, str | None]:
    user = staff_member(OrganisationFactory.create(), Role.FACILITATOR)
    client.force_login(user)
    response = client.post(reverse("staff:recovery_codes"), headers=GZIP)
    code = re.search(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert code is not None
    return response, code.group(1)


def _invitation(client: Client) -> tuple[Any, str | None]:
    organisation = OrganisationFactory.create()
    manager = staff_member(organisation, Role.PROGRAMME_MANAGER)
    invite_staff(
        organisation=organisation,
        email="new@council.example",
        roles=[Role.FACILITATOR],
        actor=manager,
    )
    path = path_of(link_in_email("new@council.example", "/invitation/"))
    return client.get(path, headers=GZIP), path.rstrip("/").rsplit("/", 1)[1]


def _password_reset(client: Client) -> tuple[Any, str | None]:
    user = staff_member(OrganisationFactory.create(), Role.FACILITATOR)
    client.post(reverse("staff:password_reset"), {"email": user.email})
    path = path_of(link_in_email(user.email, "/reset-password/"))
    # Django's view moves the token from the address into the session, then shows the form: the
    # page the person sees no longer holds it, and is kept uncompressed all the same.
    return client.get(path, follow=True, headers=GZIP), None


def _equality_answers_link(client: Client) -> tuple[Any, str | None]:
    candidate = CandidateFactory.create(email="yasmin@example.net")
    manager = staff_member(candidate.organisation, Role.PROGRAMME_MANAGER)
    request = start_request(
        organisation=candidate.organisation,
        person=candidate,
        received_on=timezone.localdate(),
        actor=manager,
    )
    request = record_identity_check(
        request=request, method=IdentityCheck.CONTACT_DETAILS_WE_HOLD, note="", actor=manager
    )
    send_equality_answers_link(request=request, person=candidate, actor=manager)
    path = path_of(link_in_email("yasmin@example.net", "/subject-access/your-equality-answers/"))
    return client.get(path, headers=GZIP), path.rstrip("/").rsplit("/", 1)[1]


SECRET_PAGES = {
    "a new recruiter's own access code and link": _new_recruiters_own_code,
    "the sign-up page, whose address is the sign-up link": _sign_up_page,
    "the staff page showing the event's sign-up link": _staff_sign_up_link_page,
    "the sign-up poster (PDF), with the link and its QR code": _sign_up_poster,
    "a personal sign-in link's Continue page": _sign_in_link,
    "two-factor set-up, with the authenticator's secret": _two_factor_set_up,
    "new recovery codes": _new_recovery_codes,
    "a staff invitation's Continue page": _invitation,
    "a password reset's new-password page": _password_reset,
    "the one-use link to a candidate's equality answers": _equality_answers_link,
}


@pytest.mark.parametrize("page", SECRET_PAGES)
def test_a_page_holding_a_secret_is_never_compressed(
    page: str, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response, secret = SECRET_PAGES[page](client)

    assert response.status_code == 200
    assert "Content-Encoding" not in response
    if secret is not None:
        assert secret.encode() in response.content
