"""Marking the live screens' polls, so they neither extend a staff session nor write it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

View = TypeVar("View", bound=Callable[..., object])

POLL_ATTRIBUTE = "coappoint_poll"


def poll(view: View) -> View:
    """Mark `view` as a poll a screen makes by itself: it is not a person using the service,
    so it must not keep an idle staff session alive (coappoint.staff.middleware)."""
    setattr(view, POLL_ATTRIBUTE, True)
    return view


def is_poll(view: Callable[..., object]) -> bool:
    return bool(getattr(view, POLL_ATTRIBUTE, False))
