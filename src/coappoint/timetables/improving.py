"""Looking for a better plan than a quick re-plan: the task worker's side (timetables.tasks).

The plan the facilitator has now is the previous plan, so a better one moves as few of its
conversations as it can; it is offered only when the rules core says it is fairer, fuller or
shorter than that plan (`better_than_previous`), and used only if the facilitator accepts it in
time (`services.use_improved_plan`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coappoint.jobs.models import Job
from coappoint.rules import timetable as core
from coappoint.timetables.models import Conversation, Timetable
from coappoint.timetables.planning import previous_plan


def find_better_plan(
    job: Job, *, on_progress: Callable[[int, int], None] | None = None
) -> dict[str, Any]:
    """Plan the job's rounds again with the solver; the job's result (`better`, and the plan
    with what it gains when it is better)."""
    timetable = Timetable.objects.get(pk=job.parameters["timetable"])
    from_slot = int(job.parameters["from_slot"])
    event = core.parse_event(timetable.input)
    standing = timetable.conversations.exclude(status=Conversation.Status.CANCELLED)
    improved = core.plan_timetable(
        event,
        previous=previous_plan(standing, event),
        from_slot=from_slot,
        on_progress=on_progress,
    )
    if not improved.better_than_previous:
        return {"better": False}
    return {
        "better": True,
        "plan": core.timetable_to_json(improved),
        "conversations": core.conversation_count(improved),
        "conversations_now": standing.count(),
        "rounds": len(improved.slots),
        "rounds_now": timetable.rounds,
        "moved": improved.moved,
    }
