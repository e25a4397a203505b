"""Sealed offline submissions: what a shared phone keeps waiting, only the server can read.

offline.js seals every queued form in the browser before it is stored (Web Crypto): a fresh
ECDH P-256 key pair per item, agreed with the server's public key, HKDF-SHA256 into a fresh
AES-256-GCM key that encrypts the form. Only the server's private key opens it again. The key
pair is derived from `SECRET_KEY` (and each of `SECRET_KEY_FALLBACKS`, so a sheet sealed before
a key rotation still opens after it): every app server behind a load balancer has the same one,
it survives restarts, and it is kept nowhere, neither in the page nor in the repository nor in
the database. docs/decisions/0006-sealed-offline-queue.md records why, and what was rejected.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.utils.crypto import salted_hmac

FORMAT_VERSION = 1
# Both sides bind these words into the derivation, so a key made for anything else never fits.
KEY_INFO = b"coappoint offline seal: server key v1"
ITEM_INFO = b"coappoint offline seal: item key v1"
AUTHOR_SALT = "coappoint.recruiters.sealing.author"
# P-256's group order: the private scalar must lie in [1, n - 1].
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
# Longer than any queued form can be (a 3000-character comment, a few scores, a note).
MAX_SEALED_CHARS = 200_000
IV_BYTES = 12


class SealBroken(Exception):
    """The sealed item is not one this server can open: malformed, tampered with, or sealed to a
    key that is no longer the secret key or one of its fallbacks."""


@dataclass(frozen=True)
class SealKey:
    key_id: str
    private_key: ec.EllipticCurvePrivateKey
    public_key_raw: bytes

    @property
    def for_the_page(self) -> str:
        """`<key id>.<public key>`: what offline.js needs to seal to this key."""
        return f"{self.key_id}.{_b64(self.public_key_raw)}"


@dataclass(frozen=True)
class OpenedSubmission:
    """A queued form as its author sent it: who (participant label), where to, and its fields."""

    author: str
    path: str
    fields: list[tuple[str, str]]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise SealBroken("not base64url text")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise SealBroken("not base64url text") from error


@functools.lru_cache(maxsize=8)
def _seal_key(secret: str) -> SealKey:
    # 48 bytes reduced modulo n: the bias is below 2**-128, and the same secret always gives the
    # same key, on every server.
    material = HKDF(algorithm=hashes.SHA256(), length=48, salt=None, info=KEY_INFO).derive(
        secret.encode()
    )
    scalar = int.from_bytes(material, "big") % (P256_ORDER - 1) + 1
    private_key = ec.derive_private_key(scalar, ec.SECP256R1())
    raw = private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return SealKey(
        key_id=_b64(hashlib.sha256(raw).digest()[:9]), private_key=private_key, public_key_raw=raw
    )


def _secrets() -> list[str]:
    return [str(settings.SECRET_KEY), *(str(s) for s in settings.SECRET_KEY_FALLBACKS)]


def current_seal_key() -> SealKey:
    """The key offline.js seals new items to."""
    return _seal_key(_secrets()[0])


def author_label(kind: str, person_id: int) -> str:
    """How a participant is named inside a sealed item: "recruiter-12" (as the page's layout)."""
    return f"{kind}-{person_id}"


def author_tags(label: str) -> list[str]:
    """The tags a participant's waiting items carry on the phone, the current secret's first.

    A tag tells offline.js whose an item is without saying who that is: it is a keyed hash, so
    the next person on the phone cannot work out a recruiter from it.
    """
    return [
        salted_hmac(AUTHOR_SALT, label, secret=secret, algorithm="sha256").hexdigest()[:32]
        for secret in _secrets()
    ]


def open_sealed(sealed: str) -> OpenedSubmission:
    """The submission inside `sealed` (offline.js's JSON), or SealBroken."""
    if len(sealed) > MAX_SEALED_CHARS:
        raise SealBroken("too long")
    try:
        envelope = json.loads(sealed)
    except ValueError as error:
        raise SealBroken("not JSON") from error
    if not isinstance(envelope, dict) or envelope.get("v") != FORMAT_VERSION:
        raise SealBroken("not a sealed item of this format")
    key_id = envelope.get("kid")
    key = next(
        (_seal_key(secret) for secret in _secrets() if _seal_key(secret).key_id == key_id), None
    )
    if key is None:
        raise SealBroken("sealed to a key this server does not hold")
    ephemeral_raw, iv, ciphertext = (
        _unb64(envelope.get("epk")),
        _unb64(envelope.get("iv")),
        _unb64(envelope.get("ct")),
    )
    if len(iv) != IV_BYTES:
        raise SealBroken("wrong IV length")
    try:
        ephemeral = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), ephemeral_raw)
    except ValueError as error:
        raise SealBroken("not a P-256 point") from error
    shared = key.private_key.exchange(ec.ECDH(), ephemeral)
    item_key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral_raw, info=ITEM_INFO
    ).derive(shared)
    try:
        plaintext = AESGCM(item_key).decrypt(iv, ciphertext, _associated_data(key.key_id))
    except InvalidTag as error:
        raise SealBroken("does not open with this key") from error
    return _submission(plaintext)


def _associated_data(key_id: str) -> bytes:
    return f"coappoint-seal-v{FORMAT_VERSION}|{key_id}".encode()


def _submission(plaintext: bytes) -> OpenedSubmission:
    try:
        inside = json.loads(plaintext)
    except ValueError as error:
        raise SealBroken("no JSON inside") from error
    if not isinstance(inside, dict):
        raise SealBroken("no submission inside")
    author, path, fields = inside.get("author"), inside.get("path"), inside.get("fields")
    if not isinstance(author, str) or not isinstance(path, str) or not isinstance(fields, list):
        raise SealBroken("no submission inside")
    pairs: list[tuple[str, str]] = []
    for field in fields:
        if (
            not isinstance(field, list)
            or len(field) != 2
            or not all(isinstance(part, str) for part in field)
        ):
            raise SealBroken("a field is not a name and a value")
        pairs.append((field[0], field[1]))
    return OpenedSubmission(author=author, path=path, fields=pairs)
