"""Where a campaign and each of its events are in their lifecycle, and the steps allowed.

A campaign is set up, has its rules locked, holds its formal interview, is decided, and is
closed. Each of its events (the recruitment day) is planned, has its conversations running,
is scored privately, deliberates on the revealed scores, and is done. Every service that moves
one of them on asks `check_campaign_step` or `check_event_step` first, so the allowed steps are
written here once (docs/decisions/0010-one-lifecycle.md). Timestamps on the records say *when*
something happened; the state says what may happen next.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from coappoint.rules.errors import IllegalTransition, RulesNotLocked


class CampaignState(StrEnum):
    """Where a campaign is, in the order it goes."""

    SETTING_UP = "setting_up"
    RULES_LOCKED = "rules_locked"
    INTERVIEW = "interview"
    DECIDED = "decided"
    CLOSED = "closed"


class EventState(StrEnum):
    """Where an event (the recruitment day) is, in the order it goes."""

    PLANNED = "planned"
    RUNNING = "running"
    SCORING = "scoring"
    DELIBERATION = "deliberation"
    DONE = "done"


# Plain words for each state, as the pages name them (the models' labels say the same).
CAMPAIGN_WORDS: Mapping[CampaignState, str] = {
    CampaignState.SETTING_UP: "Being set up",
    CampaignState.RULES_LOCKED: "Rules locked",
    CampaignState.INTERVIEW: "Formal interview",
    CampaignState.DECIDED: "Decided",
    CampaignState.CLOSED: "Closed",
}

EVENT_WORDS: Mapping[EventState, str] = {
    EventState.PLANNED: "Planned",
    EventState.RUNNING: "Conversations under way",
    EventState.SCORING: "Private scoring",
    EventState.DELIBERATION: "Deliberation",
    EventState.DONE: "Done",
}

# The campaign's steps. The interview is entered when the panel starts scoring; a decision may
# follow the rules lock directly when the panel scored before any state was kept (the outcome
# itself refuses a decision without the panel's agreed scores). A campaign may be closed from
# anywhere (a vacancy withdrawn is closed without a decision); nothing leaves closed.
CAMPAIGN_STEPS: Mapping[CampaignState, frozenset[CampaignState]] = {
    CampaignState.SETTING_UP: frozenset({CampaignState.RULES_LOCKED, CampaignState.CLOSED}),
    CampaignState.RULES_LOCKED: frozenset(
        {CampaignState.INTERVIEW, CampaignState.DECIDED, CampaignState.CLOSED}
    ),
    CampaignState.INTERVIEW: frozenset({CampaignState.DECIDED, CampaignState.CLOSED}),
    CampaignState.DECIDED: frozenset({CampaignState.CLOSED}),
    CampaignState.CLOSED: frozenset(),
}

# The event's steps. Scoring may start without the rotation's buttons ever being pressed (a
# day run from the printed timetable). An event is done when its campaign is decided (the
# consensus it was decided on can no longer change) or closed, which ends an event wherever it
# is; nothing leaves done.
EVENT_STEPS: Mapping[EventState, frozenset[EventState]] = {
    EventState.PLANNED: frozenset({EventState.RUNNING, EventState.SCORING, EventState.DONE}),
    EventState.RUNNING: frozenset({EventState.SCORING, EventState.DONE}),
    EventState.SCORING: frozenset({EventState.DELIBERATION, EventState.DONE}),
    EventState.DELIBERATION: frozenset({EventState.DONE}),
    EventState.DONE: frozenset(),
}

# The day starts (conversations or scoring) only once the rules that will combine its scores
# are fixed, and only while the campaign is still open to its scores: the community's voice
# counts by rules agreed before it spoke, and before anything is decided.
DAY_STARTS = frozenset({EventState.RUNNING, EventState.SCORING})
DAY_MAY_START = frozenset({CampaignState.RULES_LOCKED, CampaignState.INTERVIEW})


def campaign_step_allowed(current: CampaignState, wanted: CampaignState) -> bool:
    """True if a campaign at `current` may move to `wanted`."""
    return wanted in CAMPAIGN_STEPS[current]


def event_step_allowed(current: EventState, wanted: EventState, *, campaign: CampaignState) -> bool:
    """True if an event at `current`, in a campaign at `campaign`, may move to `wanted`."""
    if wanted not in EVENT_STEPS[current]:
        return False
    return wanted not in DAY_STARTS or campaign in DAY_MAY_START


def check_campaign_step(current: CampaignState, wanted: CampaignState) -> CampaignState:
    """Return `wanted` if the step is allowed; else raise IllegalTransition saying why."""
    if campaign_step_allowed(current, wanted):
        return wanted
    raise IllegalTransition(
        f"The campaign is at “{CAMPAIGN_WORDS[current]}”, so it cannot move to "
        f"“{CAMPAIGN_WORDS[wanted]}”.",
        current=current.value,
        wanted=wanted.value,
    )


def check_event_step(
    current: EventState, wanted: EventState, *, campaign: CampaignState
) -> EventState:
    """Return `wanted` if the step is allowed; else raise IllegalTransition saying why.

    Raises RulesNotLocked (an IllegalTransition) when the step itself is allowed but the day
    would start while the campaign's rules are not locked.
    """
    if wanted not in EVENT_STEPS[current]:
        raise IllegalTransition(
            f"The event is at “{EVENT_WORDS[current]}”, so it cannot move to "
            f"“{EVENT_WORDS[wanted]}”.",
            current=current.value,
            wanted=wanted.value,
        )
    if wanted in DAY_STARTS and campaign not in DAY_MAY_START:
        if campaign is not CampaignState.SETTING_UP:
            raise IllegalTransition(
                f"The campaign is at “{CAMPAIGN_WORDS[campaign]}”, so its events cannot start.",
                current=current.value,
                wanted=wanted.value,
            )
        raise RulesNotLocked(
            "The campaign's rules are not locked: lock them before the day starts.",
            current=current.value,
            wanted=wanted.value,
        )
    return wanted
