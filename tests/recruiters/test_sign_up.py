"""Signing up at the event's shared link, without a password, and getting a personal code once."""

from __future__ import annotations

import datetime
import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from coappoint.audit.models import AuditEvent
from coappoint.recruiters.models import CommunityRecruiter, JoinedBy
from coappoint.signin.models import AccessCode
from coappoint.signin.services import hash_secret, normalise_access_code
from tests.factories import SignUpLinkFactory

pytestmark = pytest.mark.django_db

GOOD_ANSWERS = {
    "full_name": "Amina Hassan",
    "neighbourhood": "Northfield",
    "phone": "07700 900 982",
    "email": "",
    "preferred_language": "ar",
    "other_language": "",
    "interpreter_needed": "yes",
    "interpreter_language": "ar",
    "access_needs": "Step-free access",
    "dietary_needs": "Halal",
    "available_from": "10:00",
    "available_until": "15:30",
}


def _sign_up_url(link) -> str:
    return reverse("recruiters:sign_up", args=[link.slug])


def test_signing_up_creates_a_recruiter_for_the_event_and_signs_them_in(client: Client) -> None:
    link = SignUpLinkFactory.create()

    response = client.post(_sign_up_url(link), GOOD_ANSWERS)

    assert response.status_code == 302
    assert response["Location"] == reverse("recruiters:your_code")
    recruiter = CommunityRecruiter.objects.get()
    assert recruiter.event == link.event
    assert recruiter.organisation == link.organisation
    assert recruiter.joined_by == JoinedBy.SIGN_UP_LINK
    assert (recruiter.preferred_language, recruiter.interpreter_language) == ("ar", "ar")
    assert recruiter.available_from == datetime.time(10, 0)
    assert recruiter.available_until == datetime.time(15, 30)
    assert (recruiter.access_needs, recruiter.dietary_needs) == ("Step-free access", "Halal")
    home = client.get(reverse("recruiters:home"))
    # They chose Arabic, so their pages are in Arabic from the moment they signed up.
    assert '<html lang="ar" dir="rtl"' in home.content.decode()
    assert _in("ar", "Hello, %(name)s") % {"name": "Amina Hassan"} in home.content.decode()


def _in(language: str, english: str) -> str:
    with translation.override(language):
        return gettext(english)


def test_the_new_recruiter_sees_their_own_sign_in_code_once(client: Client) -> None:
    link = SignUpLinkFactory.create()
    client.post(_sign_up_url(link), GOOD_ANSWERS)

    first = client.get(reverse("recruiters:your_code")).content.decode()
    code = first.split('id="access-code">')[1].split("<")[0]
    recruiter = CommunityRecruiter.objects.get()
    assert AccessCode.objects.filter(
        recruiter=recruiter, secret_hash=hash_secret(normalise_access_code(code))
    ).exists()
    assert 'id="sign-in-link"' in first

    second = client.get(reverse("recruiters:your_code")).content.decode()
    assert code not in second
    assert _in(
        "ar",
        "Your code was shown once, when you signed up. If you did not write it down, ask "
        "the facilitator for a new one.",
    ) in html.unescape(second)

    # The code really signs them in again, on another phone.
    other_phone = Client()
    assert other_phone.post(reverse("signin:code"), {"code": code}).status_code == 302
    assert "Amina Hassan" in other_phone.get(reverse("recruiters:home")).content.decode()


def test_signing_up_is_in_the_audit_log_without_the_contact_details(client: Client) -> None:
    link = SignUpLinkFactory.create()
    client.post(_sign_up_url(link), GOOD_ANSWERS)

    audit = AuditEvent.objects.get(action="recruiter.signed_up")
    assert audit.organisation == link.organisation
    assert (audit.actor_kind, audit.actor_id) == ("recruiter", int(audit.target_id))
    assert "Amina" not in str(audit.after)
    assert "07700 900 982" not in str(audit.after)
    assert audit.after is not None
    assert "phone" in audit.after["given"]
    assert AuditEvent.objects.filter(action="access_code.issued").exists()


def test_a_phone_number_or_an_email_address_is_needed(client: Client) -> None:
    link = SignUpLinkFactory.create()

    response = client.post(_sign_up_url(link), {**GOOD_ANSWERS, "phone": "", "email": ""})

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert 'href="#id_phone"' in html
    assert "Enter a phone number or an email address, or both" in html
    assert 'value="Amina Hassan"' in html  # what was typed is kept
    assert 'value="Northfield"' in html
    assert "<title>Error:" in html
    assert not CommunityRecruiter.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "Enter your full name"),
        ({"neighbourhood": ""}, "neighbourhood", "Enter the neighbourhood where you live"),
        ({"email": "amina@"}, "email", "Enter an email address in the correct format"),
        ({"phone": "call me"}, "phone", "Enter a phone number, like 07700 900 982"),
        ({"preferred_language": ""}, "preferred_language", "Select the language you would like"),
        (
            {"preferred_language": "other", "other_language": ""},
            "other_language",
            "Enter the language you would like to use",
        ),
        (
            {"interpreter_needed": ""},
            "interpreter_needed",
            "Select whether you need an interpreter",
        ),
        (
            {"interpreter_language": ""},
            "interpreter_language",
            "Select the language you need an interpreter for",
        ),
        ({"available_from": "ten"}, "available_from", "Enter the time you can arrive"),
        (
            {"available_from": "15:00", "available_until": "11:00"},
            "available_until",
            "The time you need to leave must be after the time you can arrive",
        ),
    ],
)
def test_each_wrong_answer_says_what_to_do_next_to_its_field(
    client: Client, changes: dict[str, str], field: str, message: str
) -> None:
    link = SignUpLinkFactory.create()

    response = client.post(_sign_up_url(link), {**GOOD_ANSWERS, **changes})

    html = response.content.decode()
    assert response.status_code == 400
    assert f'href="#id_{field}"' in html
    assert message in html
    assert not CommunityRecruiter.objects.exists()


def test_another_language_is_kept_as_typed_and_no_interpreter_means_none(client: Client) -> None:
    link = SignUpLinkFactory.create()
    answers = {
        **GOOD_ANSWERS,
        "preferred_language": "other",
        "other_language": "Tigrinya",
        "interpreter_needed": "no",
        "phone": "",
        "email": "amina@example.com",
        "available_from": "",
        "available_until": "",
    }

    assert client.post(_sign_up_url(link), answers).status_code == 302

    recruiter = CommunityRecruiter.objects.get()
    assert recruiter.preferred_language == "Tigrinya"
    assert recruiter.interpreter_language == ""
    assert (recruiter.available_from, recruiter.available_until) == (None, None)


def test_the_sign_up_page_says_plainly_what_it_is_for_and_asks_not_for_an_address(
    client: Client,
) -> None:
    link = SignUpLinkFactory.create()

    html = client.get(_sign_up_url(link)).content.decode()

    assert "Help choose your Local Area Coordinator" in html
    assert "not your full address" in html
    assert link.event.venue_name in html


def test_a_closed_sign_up_link_is_refused_with_a_plain_page(client: Client) -> None:
    link = SignUpLinkFactory.create(closed_at=datetime.datetime.now(tz=datetime.UTC))

    opened = client.get(_sign_up_url(link))
    posted = client.post(_sign_up_url(link), GOOD_ANSWERS)

    assert opened.status_code == 410
    assert "Sign-up for this event has closed" in opened.content.decode()
    assert posted.status_code == 410
    assert not CommunityRecruiter.objects.exists()


def test_an_unknown_sign_up_link_is_not_found(client: Client) -> None:
    assert client.get(reverse("recruiters:sign_up", args=["no-such-link"])).status_code == 404
