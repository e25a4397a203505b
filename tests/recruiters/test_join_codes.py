"""The sign-up link's short address (/join/ABCD-2345): made when sign-up opens, typed however a
person reads it, closed with the link, unknown codes plainly not found and slowed as wrong access
codes are, and printed in large type on the poster and the staff page."""

from __future__ import annotations

import datetime
import secrets
import subprocess
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.organisations.models import Role
from coappoint.recruiters.models import SignUpLink
from coappoint.recruiters.services import close_sign_up_link, open_sign_up_link
from coappoint.rules.join_codes import is_join_code
from coappoint.signin.models import AccessCodeAttempt
from tests.factories import EventFactory, SignUpLinkFactory, UserFactory, staff_member

pytestmark = pytest.mark.django_db


def _join(code: str) -> str:
    return reverse("recruiters:join", args=[code])


def _open_link(code: str = "ABCD2345", **fields: object) -> SignUpLink:
    return SignUpLinkFactory.create(join_code=code, **fields)


def test_opening_sign_up_gives_the_link_a_code_and_reopening_keeps_it() -> None:
    event = EventFactory.create()
    manager = UserFactory.create()

    link = open_sign_up_link(event=event, actor=manager)
    assert is_join_code(link.join_code)
    close_sign_up_link(sign_up_link=link, actor=manager)
    reopened = open_sign_up_link(event=event, actor=manager)

    assert reopened.join_code == link.join_code  # posters on the wall work again
    assert reopened.join_code_shown == f"{link.join_code[:4]}-{link.join_code[4:]}"


def test_a_new_code_is_drawn_again_when_it_is_taken_already(monkeypatch) -> None:
    _open_link("AAAAAAAA")
    event, manager = EventFactory.create(), UserFactory.create()
    drawn: Iterator[str] = iter("AAAAAAAA" + "BBBBBBBB")
    monkeypatch.setattr(secrets, "choice", lambda _alphabet: next(drawn))  # randomness, faked

    link = open_sign_up_link(event=event, actor=manager)

    assert link.join_code == "BBBBBBBB"


def test_no_two_links_in_any_organisations_share_a_code() -> None:
    _open_link("ABCD2345")
    with pytest.raises(IntegrityError):
        _open_link("ABCD2345")


@pytest.mark.parametrize(
    "typed",
    ["ABCD-2345", "abcd-2345", "ABCD2345", "abcd 2345", " AbCd - 2345 ", "ABCD-2345/"],
)
def test_the_short_address_goes_to_the_sign_up_page_however_it_is_typed(
    client: Client, typed: str
) -> None:
    link = _open_link("ABCD2345")

    response = client.get(f"/join/{typed}")

    assert response.status_code == 302
    assert response["Location"] == reverse("recruiters:sign_up", args=[link.slug])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert link.event.name in page.content.decode()


def test_letters_taken_for_digits_find_the_code(client: Client) -> None:
    link = _open_link("0B1D2345")
    response = client.get(_join("ob1d-2345"))
    assert response["Location"] == reverse("recruiters:sign_up", args=[link.slug])
    assert client.get(_join("OBLD-2345"))["Location"] == response["Location"]
    assert client.get(_join("0bid2345"))["Location"] == response["Location"]


def test_a_right_code_is_not_counted_as_a_guess(client: Client) -> None:
    _open_link("ABCD2345")
    client.get(_join("ABCD-2345"))
    assert not AccessCodeAttempt.objects.exists()


def test_a_closed_link_short_address_says_sign_up_has_closed(client: Client) -> None:
    _open_link("ABCD2345", closed_at=datetime.datetime.now(tz=datetime.UTC))

    response = client.get(_join("ABCD-2345"))

    assert response.status_code == 410
    assert "Sign-up for this event has closed" in response.content.decode()


def test_an_unknown_code_is_not_found_and_says_to_check_the_poster(client: Client) -> None:
    _open_link("ABCD2345")

    response = client.get(_join("ABCD-2346"))

    html = response.content.decode()
    assert response.status_code == 404
    assert "We cannot find that sign-up" in html
    assert "Check the address on the poster" in html
    assert AccessCodeAttempt.objects.filter(succeeded=False).count() == 1


def test_what_cannot_be_a_code_is_not_found_and_not_counted_as_a_guess(client: Client) -> None:
    for typed in ("wp-login.php", "ABC", "ABCD-23456", "ABCD-2U45"):
        assert client.get(_join(typed)).status_code == 404
    assert not AccessCodeAttempt.objects.exists()


def test_wrong_codes_from_one_address_are_slowed_as_wrong_access_codes_are(
    client: Client, settings, monkeypatch
) -> None:
    settings.ACCESS_CODE_FREE_WRONG_PER_ADDRESS = 3
    settings.ACCESS_CODE_FIRST_WAIT_SECONDS = 40
    started = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: started)  # the clock, faked
    link = _open_link("ABCD2345")

    for wrong in ("WXYZ2345", "WXYZ2346", "WXYZ2347"):
        assert client.get(_join(wrong)).status_code == 404
    waiting = client.get(_join("ABCD-2345"))

    html = waiting.content.decode()
    assert waiting.status_code == 429
    assert waiting["Retry-After"] == "40"
    assert "Too many wrong codes have been tried from here" in html
    assert "Wait 40 seconds, then try your code again." in html
    assert Client(REMOTE_ADDR="10.0.0.9").get(_join("ABCD-2345")).status_code == 302
    # The long link and the QR code never wait: they cannot be guessed.
    assert client.get(reverse("recruiters:sign_up", args=[link.slug])).status_code == 200
    monkeypatch.setattr(timezone, "now", lambda: started + timedelta(seconds=40))
    assert client.get(_join("ABCD-2345")).status_code == 302


def test_wrong_join_codes_and_wrong_access_codes_count_together(client: Client, settings) -> None:
    settings.ACCESS_CODE_FREE_WRONG_PER_ADDRESS = 2
    _open_link("ABCD2345")

    assert client.post(reverse("signin:code"), {"code": "WXYZ2345"}).status_code == 400
    assert client.get(_join("WXYZ-2346")).status_code == 404
    assert client.post(reverse("signin:code"), {"code": "WXYZ2347"}).status_code == 429
    assert client.get(_join("ABCD-2345")).status_code == 429


def test_the_join_page_takes_the_code_as_it_was_read_out(client: Client) -> None:
    link = _open_link("ABCD2345")
    start = reverse("recruiters:join_start")

    assert client.get(start).status_code == 200
    response = client.get(start, {"code": "abcd 2345"})
    assert response["Location"] == _join("ABCD-2345")
    assert client.get(response["Location"])["Location"] == reverse(
        "recruiters:sign_up", args=[link.slug]
    )
    refused = client.get(start, {"code": "ABC"})
    assert refused.status_code == 400
    assert "Enter the code as it is on the poster" in refused.content.decode()
    assert 'href="#id_code"' in refused.content.decode()


def _event_url(name: str, event) -> str:
    return reverse(f"recruiters:{name}", args=[event.organisation.slug, event.pk])


@pytest.fixture
def event():
    return EventFactory.create()


@pytest.fixture
def facilitator_client(client: Client, event) -> Client:
    client.force_login(staff_member(event.organisation, Role.FACILITATOR))
    return client


def test_the_staff_page_shows_the_short_address_with_the_services_own_host(
    facilitator_client: Client, event, settings
) -> None:
    settings.SITE_URL = "https://coappoint.example"
    _open_link("ABCD2345", event=event)

    html = facilitator_client.get(_event_url("sign_up_link", event)).content.decode()

    assert "Go to coappoint.example/join/ABCD-2345" in html
    assert 'href="https://coappoint.example/join/ABCD-2345"' in html


def test_the_poster_prints_the_short_address_and_keeps_the_qr_code(
    facilitator_client: Client, event, settings
) -> None:
    settings.SITE_URL = "https://coappoint.example"
    _open_link("ABCD2345", event=event)

    pdf = facilitator_client.get(_event_url("sign_up_poster", event)).content

    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Go to coappoint.example/join/ABCD-2345" in " ".join(text.split())
    assert "Scan the code with your phone" in text


@pytest.mark.django_db(transaction=True)
def test_links_opened_before_join_codes_each_get_a_different_code() -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        MigrationExecutor(connection).migrate([("recruiters", "0006_sign_in_reissue")])
        old = (
            MigrationExecutor(connection)
            .loader.project_state(("recruiters", "0006_sign_in_reissue"))
            .apps
        )
        old_link_model = old.get_model("recruiters", "SignUpLink")
        for number in range(3):
            event = EventFactory.create()
            old_link_model.objects.create(
                organisation_id=event.organisation_id,
                event_id=event.pk,
                slug=f"old-slug-{number}",
                opened_at=timezone.now(),
            )
        MigrationExecutor(connection).migrate([("recruiters", "0008_signuplink_join_code_unique")])
    finally:
        # Every later migration back too: the rest of the suite shares this database.
        MigrationExecutor(connection).migrate(latest)

    codes = list(SignUpLink.objects.values_list("join_code", flat=True))
    assert len(codes) == 3
    assert len(set(codes)) == 3
    assert all(is_join_code(code) for code in codes)
