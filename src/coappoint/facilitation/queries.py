"""Reads for the facilitator's screen: the nudges a recruiter has not seen yet, and their words."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils.translation import gettext, ngettext

from coappoint.events.models import Event
from coappoint.recruiters.models import Nudge


def list_unseen_nudge_times(event: Event) -> dict[int, datetime.datetime]:
    """Recruiter pk -> when their newest nudge not yet seen was sent."""
    times: dict[int, datetime.datetime] = {}
    for nudge in Nudge.objects.filter(recruiter__event=event, seen_at__isnull=True).order_by(
        "created_at"
    ):
        times[nudge.recruiter_id] = nudge.created_at
    return times


def _join(words: Sequence[str]) -> str:
    # The same words (and msgid) as the timetable's lists of languages, so it reads the same.
    if len(words) <= 1:
        return "".join(words)
    return gettext("%(most)s and %(last)s") % {"most": ", ".join(words[:-1]), "last": words[-1]}


def nudge_message(candidate_names: Sequence[str]) -> str:
    """ "Please send your score sheet for Sam A." (display names only, never a score)."""
    return ngettext(
        "Please send your score sheet for %(candidates)s.",
        "Please send your score sheets for %(candidates)s.",
        len(candidate_names),
    ) % {"candidates": _join(sorted(candidate_names, key=str.casefold))}
