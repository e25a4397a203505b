"""The timetable's long work, done by the task worker: making it, and looking for a better
plan after a quick re-plan on the day. Only the worker imports OR-Tools."""

from __future__ import annotations

from django_tasks import task

from coappoint.jobs.services import (
    fail_job,
    fail_unexpectedly,
    finish_job,
    in_language_of,
    report_progress,
    start_job,
)


@task()
def make_timetable_task(job_id: int) -> str:
    """Make the job's event's timetable, reporting the solver's stages as progress."""
    from coappoint.timetables.planning import TimetableNotPossible
    from coappoint.timetables.services import make_timetable

    job = start_job(job_id)
    if job is None or job.event is None:
        return "not waiting"
    try:
        with in_language_of(job):
            made = make_timetable(
                event=job.event,
                actor=job.requested_by,
                on_progress=lambda done, total: report_progress(job, done=done, total=total),
            )
    except TimetableNotPossible as error:
        fail_job(job, failure=str(error))
        return "failed"
    except Exception:
        fail_unexpectedly(job)
        raise
    finish_job(job, result={"timetable": made.pk, "version": made.version})
    return "done"


@task()
def improve_timetable_task(job_id: int) -> str:
    """Look for a better plan than the quick re-plan the job names; keep it to be offered."""
    from coappoint.timetables.improving import find_better_plan

    job = start_job(job_id)
    if job is None:
        return "not waiting"
    try:
        result = find_better_plan(
            job, on_progress=lambda done, total: report_progress(job, done=done, total=total)
        )
    except Exception:
        fail_unexpectedly(job)
        raise
    finish_job(job, result=result)
    return "done"
