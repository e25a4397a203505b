"""Settings for `make run` on a developer's machine: debug on, a fixed local secret, demo mode."""

from coappoint.settings.base import *  # noqa: F403
from coappoint.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="development-only-not-secret")
DEMO_MODE = env.bool("COAPPOINT_DEMO_MODE", default=True)
SERVICE_OWNER = env.str("COAPPOINT_SERVICE_OWNER", default="Harbourside Borough Council")
