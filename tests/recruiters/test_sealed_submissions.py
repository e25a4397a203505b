"""Sealed offline submissions: only the server opens them, only their author's session delivers
them, exactly once, through the form's own view; pages holding values are never kept."""

from __future__ import annotations

import base64
import json
import os
import re
import uuid

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.test import Client, override_settings
from django.urls import reverse

from coappoint.recruiters.models import CommunityRecruiter
from coappoint.recruiters.sealing import (
    ITEM_INFO,
    SealBroken,
    author_label,
    author_tags,
    current_seal_key,
    open_sealed,
)
from coappoint.scoring.models import ScoreSheet
from coappoint.scoring.services import start_scoring
from tests.factories import CandidateListPublicationFactory, ConflictFactory, RecruiterFactory
from tests.scoring.conftest import Day, make_day, sign_in

pytestmark = pytest.mark.django_db

SEALED_URL = "/recruiter/sealed/"
SECRET_COMMENT = "Talked over Nadia twice; kind to the caretaker"


@pytest.fixture
def started() -> Day:
    day = make_day()
    start_scoring(event=day.event, actor=day.facilitator)
    return day


@pytest.fixture
def recruiter_client():
    return lambda recruiter: sign_in(Client(), recruiter)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal(author: str, path: str, fields: dict[str, str], *, page_key: str | None = None) -> str:
    """What offline.js does, written again from the format (not from the server's code)."""
    key_id, public = (page_key or current_seal_key().for_the_page).split(".")
    server = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _unb64(public))
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    ephemeral_raw = ephemeral.public_key().public_bytes(
        Encoding.X962, PublicFormat.UncompressedPoint
    )
    item_key = HKDF(hashes.SHA256(), 32, salt=ephemeral_raw, info=ITEM_INFO).derive(
        ephemeral.exchange(ec.ECDH(), server)
    )
    iv = os.urandom(12)
    plaintext = json.dumps({"author": author, "path": path, "fields": list(fields.items())})
    ciphertext = AESGCM(item_key).encrypt(
        iv, plaintext.encode(), f"coappoint-seal-v1|{key_id}".encode()
    )
    return json.dumps(
        {"v": 1, "kid": key_id, "epk": _b64(ephemeral_raw), "iv": _b64(iv), "ct": _b64(ciphertext)}
    )


def _label(recruiter: CommunityRecruiter) -> str:
    return author_label("recruiter", recruiter.pk)


def _sheet_path(day: Day) -> str:
    return reverse("scoring:recruiter_sheet", args=[day.sam.pk])


def _sealed_sheet(day: Day, author: CommunityRecruiter, **changed: str) -> str:
    fields = {
        **day.answers(comment=SECRET_COMMENT, idempotency_key=str(uuid.uuid4())),
        **changed,
    }
    return seal(_label(author), _sheet_path(day), fields)


def test_the_seal_key_is_derived_from_the_secret_key_the_same_on_every_server() -> None:
    with override_settings(SECRET_KEY="one-secret-" * 6):
        first = current_seal_key().for_the_page
        again = current_seal_key().for_the_page
    with override_settings(SECRET_KEY="another-secret-" * 5):
        other = current_seal_key().for_the_page
    assert first == again
    assert first != other
    key_id, public = first.split(".")
    assert len(_unb64(public)) == 65  # an uncompressed P-256 point, as Web Crypto imports it
    assert key_id


def test_an_item_sealed_before_the_secret_key_was_rotated_still_opens() -> None:
    with override_settings(SECRET_KEY="old-secret-" * 6, SECRET_KEY_FALLBACKS=[]):
        sealed = seal("recruiter-1", "/recruiter/check-in/", {"idempotency_key": "k"})
    with (
        override_settings(SECRET_KEY="new-secret-" * 6, SECRET_KEY_FALLBACKS=[]),
        pytest.raises(SealBroken),
    ):
        open_sealed(sealed)
    with override_settings(SECRET_KEY="new-secret-" * 6, SECRET_KEY_FALLBACKS=["old-secret-" * 6]):
        opened = open_sealed(sealed)
    assert (opened.author, opened.path, opened.fields) == (
        "recruiter-1",
        "/recruiter/check-in/",
        [("idempotency_key", "k")],
    )


def test_a_tampered_item_does_not_open() -> None:
    envelope = json.loads(seal("recruiter-1", "/recruiter/check-in/", {"a": "b"}))
    ciphertext = bytearray(_unb64(envelope["ct"]))
    ciphertext[0] ^= 1
    envelope["ct"] = _b64(bytes(ciphertext))
    with pytest.raises(SealBroken):
        open_sealed(json.dumps(envelope))
    for broken in ["", "{}", "[1]", '{"v": 1, "kid": "nope"}', "x" * 300_000]:
        with pytest.raises(SealBroken):
            open_sealed(broken)


def test_a_sealed_sheet_is_saved_by_the_sheet_view_exactly_once_for_its_author(
    started: Day, recruiter_client
) -> None:
    day = started
    client = recruiter_client(day.amina)
    sealed = _sealed_sheet(day, day.amina)

    first = client.post(SEALED_URL, {"sealed": sealed})
    again = client.post(SEALED_URL, {"sealed": sealed})

    assert first.status_code == again.status_code == 302
    assert first["Location"] == reverse("scoring:recruiter_sheets")
    sheet = ScoreSheet.objects.get()
    assert (sheet.recruiter, sheet.candidate, sheet.comment) == (day.amina, day.sam, SECRET_COMMENT)
    assert sorted(score.value for score in sheet.scores.all()) == [3, 4]


def test_a_sealed_sheet_sent_from_another_recruiters_session_is_refused_not_taken_as_theirs(
    started: Day, recruiter_client
) -> None:
    day = started
    bobs_phone = recruiter_client(day.bob)  # Bob talked with Sam too: the sheet would fit him

    response = bobs_phone.post(SEALED_URL, {"sealed": _sealed_sheet(day, day.amina)})

    assert response.status_code == 403
    assert not ScoreSheet.objects.exists()
    # The answer names the author only by tag, so Bob's phone learns whose it is, not who.
    assert response["X-Coappoint-Author-Tag"] == author_tags(_label(day.amina))[0]
    assert _label(day.amina) not in response["X-Coappoint-Author-Tag"]
    assert "no-store" in response["Cache-Control"]
    assert SECRET_COMMENT not in response.content.decode()


def test_a_sealed_item_with_nobody_signed_in_waits_for_a_sign_in(started: Day) -> None:
    response = Client().post(SEALED_URL, {"sealed": _sealed_sheet(started, started.amina)})

    assert response.status_code == 302
    assert response["Location"] == reverse("signin:code")
    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/recruiter/candidates-you-know/",  # a real form, but not one the queue sends
        "/sign-out/",
        "/recruiter/nowhere/",
        "https://elsewhere.example/recruiter/check-in/",
    ],
)
def test_a_sealed_item_naming_an_address_the_queue_does_not_send_to_is_refused(
    started: Day, recruiter_client, path: str
) -> None:
    client = recruiter_client(started.amina)

    response = client.post(
        SEALED_URL, {"sealed": seal(_label(started.amina), path, {"known": "nobody"})}
    )

    assert response.status_code == 400
    started.amina.refresh_from_db()
    assert started.amina.conflicts_declared_at is None


def test_a_refused_sealed_sheet_shows_its_own_page_with_what_was_typed_and_is_never_kept(
    started: Day, recruiter_client
) -> None:
    day = started
    client = recruiter_client(day.amina)

    response = client.post(
        SEALED_URL,
        {"sealed": _sealed_sheet(day, day.amina, **{f"criterion_{day.kindness.pk}": ""})},
    )

    assert response.status_code == 400
    assert response["Content-Location"] == _sheet_path(day)
    assert "no-store" in response["Cache-Control"]
    assert "Select a score for Kindness" in response.content.decode()
    assert not ScoreSheet.objects.exists()


def test_a_sealed_check_in_is_handled_by_the_check_in_view(recruiter_client) -> None:
    recruiter = RecruiterFactory.create()
    client = recruiter_client(recruiter)
    key = str(uuid.uuid4())
    sealed = seal(_label(recruiter), reverse("recruiters:check_in"), {"idempotency_key": key})

    assert client.post(SEALED_URL, {"sealed": sealed}).status_code == 302
    assert client.post(SEALED_URL, {"sealed": sealed}).status_code == 302
    recruiter.refresh_from_db()
    assert recruiter.checked_in_at is not None
    assert str(recruiter.check_in_idempotency_key) == key


def test_a_sent_sheet_page_is_never_kept_and_a_blank_one_is(started: Day, recruiter_client) -> None:
    day = started
    client = recruiter_client(day.amina)
    blank = client.get(_sheet_path(day))
    client.post(SEALED_URL, {"sealed": _sealed_sheet(day, day.amina)})

    sent = client.get(_sheet_path(day))

    assert "no-store" not in blank.get("Cache-Control", "")
    assert SECRET_COMMENT in sent.content.decode()
    assert "no-store" in sent["Cache-Control"]


def test_pages_showing_a_recruiters_own_answers_are_never_kept(
    started: Day, recruiter_client
) -> None:
    day = started
    CandidateListPublicationFactory.create(event=day.event)
    ConflictFactory.create(recruiter=day.amina, candidate=day.priya)
    client = recruiter_client(day.amina)

    for url in [
        reverse("recruiters:candidates_you_know"),  # whom they know, and how
        reverse("recruiters:check_in"),  # names whom they know, to confirm it
        reverse("codesign:candidate_notes", args=[day.sam.pk]),  # their notes
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_every_page_gives_the_offline_queue_the_public_key_and_only_an_opaque_author_tag(
    started: Day, recruiter_client
) -> None:
    day = started
    page = recruiter_client(day.amina).get(reverse("recruiters:home")).content.decode()

    key = re.search(r'data-offline-seal-key="([^"]+)"', page)
    tags = re.search(r'data-offline-author="([^"]*)"', page)
    assert key is not None
    assert key.group(1) == current_seal_key().for_the_page
    assert tags is not None
    assert tags.group(1).split() == author_tags(_label(day.amina))
    assert _label(day.amina) not in tags.group(1)
    nobody = Client().get(reverse("recruiters:offline")).content.decode()
    assert 'data-offline-author=""' in nobody
