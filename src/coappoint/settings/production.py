"""Production settings: secure cookies and HTTPS; the rest comes from base and the environment."""

from coappoint.settings.base import *  # noqa: F403
from coappoint.settings.base import SECRET_KEY, env

if not SECRET_KEY:
    raise RuntimeError("Set DJANGO_SECRET_KEY: production refuses to start without a secret key.")

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
