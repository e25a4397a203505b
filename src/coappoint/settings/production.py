"""Production settings: secure cookies and HTTPS; the rest comes from base and the environment."""

from django.core.exceptions import ImproperlyConfigured

from coappoint.settings.base import *  # noqa: F403
from coappoint.settings.base import (
    COAPPOINT_NOTIFY_BACKEND,
    EMAIL_HOST,
    GOVUK_NOTIFY_API_KEY,
    GOVUK_NOTIFY_EMAIL_TEMPLATE_ID,
    GOVUK_NOTIFY_SMS_TEMPLATE_ID,
    SECRET_KEY,
    env,
)

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


def working_message_backend(
    *,
    chosen: str | None,
    backend: str,
    notify_key: str,
    email_template: str,
    sms_template: str,
    smtp_host: str,
) -> str:
    """The message backend, if it can really send (or keeping was chosen on purpose); else
    refuse to start. `chosen` is COAPPOINT_NOTIFY_BACKEND as set in the environment, if at all.

    A site that only keeps its messages tells nobody anything: recruiters never get their
    sign-in, candidates never their invitation. That must be a decision, not a default.
    """
    how = "See docs/deployment.md, Messages."
    if chosen is None:
        raise ImproperlyConfigured(
            "Set COAPPOINT_NOTIFY_BACKEND: production refuses to start without a way to send "
            "messages. Use 'govuk' (with GOVUK_NOTIFY_API_KEY and the template ids) or 'smtp' "
            "(with EMAIL_HOST), or 'outbox' to keep every message in the database on purpose. "
            + how
        )
    if backend == "govuk":
        missing = [
            name
            for name, value in (
                ("GOVUK_NOTIFY_API_KEY", notify_key),
                ("GOVUK_NOTIFY_EMAIL_TEMPLATE_ID", email_template),
                ("GOVUK_NOTIFY_SMS_TEMPLATE_ID", sms_template),
            )
            if not value
        ]
        if missing:
            raise ImproperlyConfigured(
                f"COAPPOINT_NOTIFY_BACKEND is 'govuk' but {' and '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not set. {how}"
            )
    elif backend == "smtp":
        if not smtp_host:
            raise ImproperlyConfigured(
                f"COAPPOINT_NOTIFY_BACKEND is 'smtp' but EMAIL_HOST is not set. {how}"
            )
    elif backend != "outbox":
        raise ImproperlyConfigured(
            f"COAPPOINT_NOTIFY_BACKEND must be 'govuk', 'smtp' or 'outbox', not {backend!r}."
        )
    return backend


COAPPOINT_NOTIFY_BACKEND = working_message_backend(
    chosen=env.str("COAPPOINT_NOTIFY_BACKEND", default=None),
    backend=COAPPOINT_NOTIFY_BACKEND,
    notify_key=GOVUK_NOTIFY_API_KEY,
    email_template=GOVUK_NOTIFY_EMAIL_TEMPLATE_ID,
    sms_template=GOVUK_NOTIFY_SMS_TEMPLATE_ID,
    smtp_host=EMAIL_HOST,
)

# Every staff and support account signs in with a second factor unless this is turned off.
REQUIRE_TWO_FACTOR = env.bool("COAPPOINT_REQUIRE_TWO_FACTOR", default=True)
