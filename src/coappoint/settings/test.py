"""Settings for the test suite: fast password hashing, plain static storage, no demo mode."""

from coappoint.settings.base import *  # noqa: F403
from coappoint.settings.base import DATA_DIR, DATABASES

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
DEMO_MODE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# Tests that use the live server empty every table after themselves, the audit log too; the
# audit triggers allow that only with this on (tests/audit/test_triggers.py turns it off).
AUDIT_PURGE_FOR_TESTS = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests serve static files from the build folder, without collectstatic.
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A file, not memory: browser tests' live server answers from other threads, and an in-memory
# database would be one connection shared across them.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
# Retries come straight away in tests: the waits are the fake servers', not a clock's.
COAPPOINT_NOTIFY_RETRY_SECONDS = 0.0
COAPPOINT_NOTIFY_MAX_ATTEMPTS = 4
GOVUK_NOTIFY_TIMEOUT_SECONDS = 1.0
