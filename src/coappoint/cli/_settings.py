"""Which Django settings a `coappoint` command runs with, refusing to guess on a real server."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

# Set on a server that is configured for real use: then a command must be told which settings
# to use, rather than quietly running the development ones (debug on, a fixed secret, demo
# sign-in links) against real data.
PRODUCTION_SIGNS = ("DJANGO_SECRET_KEY", "DATABASE_URL")
DEVELOPMENT = "coappoint.settings.development"


def settings_module(environment: Mapping[str, str]) -> str | None:
    """The settings to run with, or None when the environment looks like production but names
    no settings module."""
    if environment.get("DJANGO_SETTINGS_MODULE"):
        return environment["DJANGO_SETTINGS_MODULE"]
    if any(environment.get(name) for name in PRODUCTION_SIGNS):
        return None
    return DEVELOPMENT


def use_settings(command: str) -> bool:
    """Set DJANGO_SETTINGS_MODULE for `command`; False (with the reason on standard error) when
    it cannot be chosen safely."""
    module = settings_module(os.environ)
    if module is None:
        signs = " and ".join(name for name in PRODUCTION_SIGNS if os.environ.get(name))
        print(
            f"coappoint {command}: {signs} is set, so this looks like a real server, but "
            "DJANGO_SETTINGS_MODULE is not. Set DJANGO_SETTINGS_MODULE=coappoint.settings."
            f"production (or {DEVELOPMENT} on a developer's machine) and run the command again.",
            file=sys.stderr,
        )
        return False
    os.environ["DJANGO_SETTINGS_MODULE"] = module
    return True
