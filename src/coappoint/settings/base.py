"""Django settings for coappoint, every value from environment variables (django-environ)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent.parent

env = environ.Env()
environ.Env.read_env(PROJECT_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
# Old keys, still accepted while sessions, links and sealed offline items made with them remain.
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Sign-in links in printed demo output and emails are absolute: this is the public address.
SITE_URL = env.str("COAPPOINT_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Only on a demo site may staff sign in by link; never on a real council's service.
DEMO_MODE = env.bool("COAPPOINT_DEMO_MODE", default=False)
# AGPL section 13: people using the service over a network can get its source from here.
SOURCE_URL = env.str("COAPPOINT_SOURCE_URL", default="")
# Whose service this is, shown in the header before anyone signs in (a council's name).
# Empty: the header says "Your council" in the reader's language.
SERVICE_OWNER = env.str("COAPPOINT_SERVICE_OWNER", default="")
SIGN_IN_LINK_DAYS = env.int("COAPPOINT_SIGN_IN_LINK_DAYS", default=14)
# The audit log is kept 6 years after each row (issue 21's period, the shortest an organisation
# may set: rules.retention). The database refuses to delete a younger row: 2191 days is 6 years
# with the fewest leap days they have, so it never refuses what a period allows (migrations 0004
# and 0013 write this number into the triggers: after changing it, run
# `coappoint manage audit_triggers`). Staff sign-ins are kept 30 days (security log).
AUDIT_RETENTION_DAYS = env.int("COAPPOINT_AUDIT_RETENTION_DAYS", default=2191)
SECURITY_LOG_RETENTION_DAYS = env.int("COAPPOINT_SECURITY_LOG_RETENTION_DAYS", default=30)
# Only the test suite turns this on: it lets the suite empty the audit table between tests.
AUDIT_PURGE_FOR_TESTS = False
# Guessing access codes is slowed, not refused: a hall shares one address. The first wrong codes
# in a window are free, then each costs a wait that doubles to a cap; every code that signed in
# from the same place earns one more free mistake. One curve per address, and one for all
# addresses together (a guesser with many). Numbers and odds: docs/security-access-codes.md.
ACCESS_CODE_WINDOW_MINUTES = env.int("COAPPOINT_ACCESS_CODE_WINDOW_MINUTES", default=15)
ACCESS_CODE_FREE_WRONG_PER_ADDRESS = env.int("COAPPOINT_ACCESS_CODE_ATTEMPTS", default=20)
ACCESS_CODE_FREE_WRONG_ALL_ADDRESSES = env.int(
    "COAPPOINT_ACCESS_CODE_ATTEMPTS_ALL_ADDRESSES", default=100
)
ACCESS_CODE_FIRST_WAIT_SECONDS = env.int("COAPPOINT_ACCESS_CODE_FIRST_WAIT_SECONDS", default=5)
ACCESS_CODE_LONGEST_WAIT_SECONDS = env.int(
    "COAPPOINT_ACCESS_CODE_LONGEST_WAIT_SECONDS", default=120
)
# Load balancers in front of the app servers, whose X-Forwarded-For entries are trusted
# (coappoint.web.client_address); 0 ignores the header. AXES_PROXY_COUNT is its older name.
PROXY_COUNT = env.int("COAPPOINT_PROXY_COUNT", default=env.int("AXES_PROXY_COUNT", default=0))

INSTALLED_APPS = [
    "coappoint.audit.admin_config.SupportAdminConfig",  # django.contrib.admin, audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "govuk_frontend_django",
    "coappoint.web",
    "coappoint.accounts",
    "coappoint.organisations",
    "coappoint.audit",
    "coappoint.retention",
    "coappoint.notify",
    "coappoint.housekeeping",
    "coappoint.subject_access",
    "coappoint.forgetting",
    "coappoint.staff",
    "coappoint.campaigns",
    "coappoint.candidates",
    "coappoint.events",
    "coappoint.jobs",
    "coappoint.recruiters",
    "coappoint.signin",
    "coappoint.timetables",
    "coappoint.codesign",
    "coappoint.scoring",
    "coappoint.facilitation",
    "coappoint.deliberation",
    "coappoint.interviews",
    "coappoint.decisions",
    "coappoint.closing",
    "coappoint.panels",
    "coappoint.pages",
    "coappoint.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise, which serves static files precompressed; above every middleware that
    # reads or changes a body, so pages are compressed last. Never a secret's page (BREACH).
    "coappoint.web.compression.CompressionMiddleware",
    "coappoint.web.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # An unchanged live poll is answered here, before the session is read (web.stamps).
    "coappoint.web.stamps.LivePollMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "coappoint.staff.middleware.StaffSessionMiddleware",
    "coappoint.web.middleware.StaffPagesNotKeptMiddleware",
    "coappoint.signin.middleware.ParticipantMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coappoint.urls"
WSGI_APPLICATION = "coappoint.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coappoint.web.context_processors.layout",
                "coappoint.staff.context_processors.session_timeout",
            ],
        },
    },
]

DATA_DIR = Path(env.str("COAPPOINT_DATA_DIR", default=str(PROJECT_DIR / "var")))
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'coappoint.sqlite3'}"),
}


def _tune_database(database: dict[str, Any]) -> None:
    """Keep PostgreSQL connections open; make SQLite safe for a web server and a worker at once."""
    if database["ENGINE"] == "django.db.backends.postgresql":
        # A new connection per request made a one-row insert about 7x slower here.
        database.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=600))
        database.setdefault("CONN_HEALTH_CHECKS", True)
        # Django's backend, whose health check skips a connection that just served a request.
        database["ENGINE"] = "coappoint.web.postgresql"
    elif database["ENGINE"] == "django.db.backends.sqlite3":
        # SQLite cannot create the folder its file lives in.
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        database.setdefault("OPTIONS", {})
        database["OPTIONS"].setdefault(
            "init_command",
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        )
        database["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")


_tune_database(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "pages:home"

# django-axes: lock a staff account (by email and address) after repeated failed passwords.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/sign_in_locked.html"
AXES_RESET_ON_SUCCESS = True
# The lockout counts by the same client address as access codes, through the same proxies.
# (django-ipware, which AXES_IPWARE_PROXY_COUNT configures, is not installed: axes ignored it.)
AXES_CLIENT_IP_CALLABLE = "coappoint.web.client_address.client_address"

# Staff accounts (coappoint.staff). Two-factor sign-in for every staff and support account;
# production turns it on unless told otherwise. Demo accounts skip it, in demo mode only.
REQUIRE_TWO_FACTOR = env.bool("COAPPOINT_REQUIRE_TWO_FACTOR", default=False)
OTP_TOTP_ISSUER = SERVICE_OWNER
INVITATION_DAYS = env.int("COAPPOINT_INVITATION_DAYS", default=7)
# A staff session ends after this long without a page being opened (polls do not count), and
# this long after signing in, whatever happens; the page warns a few minutes before the first.
STAFF_IDLE_MINUTES = env.int("COAPPOINT_STAFF_IDLE_MINUTES", default=30)
STAFF_SESSION_HOURS = env.int("COAPPOINT_STAFF_SESSION_HOURS", default=12)
STAFF_TIMEOUT_WARNING_MINUTES = env.int("COAPPOINT_STAFF_TIMEOUT_WARNING_MINUTES", default=2)
# Password reset links work once (Django's token covers the password) and for this long.
PASSWORD_RESET_TIMEOUT = 60 * env.int("COAPPOINT_PASSWORD_RESET_MINUTES", default=60)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A load balancer may ask an app server for /health/ over plain HTTP: answer it, not redirect.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("cy", _("Welsh")),
    ("ar", _("Arabic")),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/London"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("COAPPOINT_STATIC_ROOT", default=str(PROJECT_DIR / "static_build")))
STATICFILES_DIRS = [PROJECT_DIR / "assets" / "build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A job running longer than this is taken to be lost (its worker stopped), so it no longer
# blocks the next press; a 30 x 120 timetable takes under a minute.
COAPPOINT_JOB_LOST_MINUTES = env.int("COAPPOINT_JOB_LOST_MINUTES", default=20)
# Housekeeping (`coappoint housekeeping`, daily) removes task results finished this long ago.
TASK_RESULTS_KEPT_DAYS = env.int("COAPPOINT_TASK_RESULTS_KEPT_DAYS", default=7)
# /health/ answers 503 beyond these (docs/deployment.md); 0 turns a check off. Tasks ready to
# run, and the oldest's wait; the oldest message not yet taken by the provider (its retries
# take about 16 minutes at most); time since housekeeping last finished (daily, with a margin).
HEALTH_TASK_BACKLOG_LIMIT = env.int("COAPPOINT_HEALTH_TASK_BACKLOG", default=500)
HEALTH_TASK_WAIT_MINUTES = env.int("COAPPOINT_HEALTH_TASK_WAIT_MINUTES", default=15)
HEALTH_MESSAGE_WAIT_MINUTES = env.int("COAPPOINT_HEALTH_MESSAGE_WAIT_MINUTES", default=30)
HEALTH_HOUSEKEEPING_HOURS = env.int("COAPPOINT_HEALTH_HOUSEKEEPING_HOURS", default=48)

# Messages to people (docs/deployment.md): "outbox" keeps them in the database (development,
# tests, demos); "govuk" sends email and text messages through GOV.UK Notify; "smtp" sends email
# through the council's mail server (EMAIL_* below) and cannot send text messages.
COAPPOINT_NOTIFY_BACKEND = env.str("COAPPOINT_NOTIFY_BACKEND", default="outbox")
GOVUK_NOTIFY_API_KEY = env.str("GOVUK_NOTIFY_API_KEY", default="")
GOVUK_NOTIFY_EMAIL_TEMPLATE_ID = env.str("GOVUK_NOTIFY_EMAIL_TEMPLATE_ID", default="")
GOVUK_NOTIFY_SMS_TEMPLATE_ID = env.str("GOVUK_NOTIFY_SMS_TEMPLATE_ID", default="")
GOVUK_NOTIFY_BASE_URL = env.str(
    "GOVUK_NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk"
)
GOVUK_NOTIFY_TIMEOUT_SECONDS = env.float("GOVUK_NOTIFY_TIMEOUT_SECONDS", default=30.0)
# The bearer token Notify sends with each delivery receipt (set in Notify: API integration,
# callbacks); receipts without it are refused.
GOVUK_NOTIFY_CALLBACK_TOKEN = env.str("GOVUK_NOTIFY_CALLBACK_TOKEN", default="")
# A failed try (429, 5xx, a timeout) is retried after 30 s, 60 s, 120 s ... up to the limit.
COAPPOINT_NOTIFY_RETRY_SECONDS = env.float("COAPPOINT_NOTIFY_RETRY_SECONDS", default=30.0)
COAPPOINT_NOTIFY_MAX_ATTEMPTS = env.int("COAPPOINT_NOTIFY_MAX_ATTEMPTS", default=6)
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="coappoint@localhost")
# The part after @ in each email's Message-ID, which carries the message's reference.
EMAIL_MESSAGE_ID_DOMAIN = env.str("EMAIL_MESSAGE_ID_DOMAIN", default="coappoint.invalid")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
AXES_VERBOSE = env.bool("AXES_VERBOSE", default=False)
