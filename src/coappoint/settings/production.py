"""Production settings: secure cookies and HTTPS; the rest comes from base and the environment."""

from django.core.exceptions import ImproperlyConfigured

from coappoint.settings.base import *  # noqa: F403
from coappoint.settings.base import SECRET_KEY, env

# Django's own test of a strong key (its check security.W009): long, varied, not a placeholder.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT_CHARACTERS = 5


def strong_secret_key(key: str) -> str:
    """The key, if it is strong enough to sign sessions and links; else refuse to start."""
    how = (
        'Make one with: python3 -c "import secrets; print(secrets.token_urlsafe(50))" and keep '
        "it in DJANGO_SECRET_KEY."
    )
    if not key:
        raise ImproperlyConfigured(
            f"Set DJANGO_SECRET_KEY: production refuses to start without a secret key. {how}"
        )
    if (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_DISTINCT_CHARACTERS
        or key.startswith("django-insecure-")
        or "not-secret" in key
    ):
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is too weak: it needs at least {SECRET_KEY_MIN_LENGTH} "
            f"characters, {SECRET_KEY_MIN_DISTINCT_CHARACTERS} or more of them different, and "
            f"must not be a placeholder. {how}"
        )
    return key


SECRET_KEY = strong_secret_key(SECRET_KEY)
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
