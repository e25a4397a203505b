"""A large import of candidates, done by the task worker (see IMPORT_IN_A_TASK_FROM_ROWS)."""

from __future__ import annotations

from django.utils.translation import gettext
from django_tasks import task

from coappoint.jobs.services import (
    fail_job,
    fail_unexpectedly,
    finish_job,
    in_language_of,
    start_job,
)


@task()
def import_candidates_task(job_id: int) -> str:
    """Import the job's rows, all or none; problems found now (someone added a candidate with
    the same email address since the preview) are kept, line by line, for the page to show."""
    from coappoint.candidates.importing import problems_to_json, rows_from_session
    from coappoint.candidates.services import ImportRefused, import_candidates

    job = start_job(job_id)
    if job is None or job.campaign is None:
        return "not waiting"
    rows = rows_from_session(job.parameters.get("rows"))
    try:
        if job.requested_by is None:
            with in_language_of(job):
                fail_job(
                    job,
                    failure=gettext(
                        "The account that asked for this import has been removed. Upload the "
                        "file again."
                    ),
                    forget_parameters=True,
                )
            return "no account"
        imported = import_candidates(
            campaign=job.campaign,
            rows=rows,
            filename=str(job.parameters.get("filename", "")),
            actor=job.requested_by,
        )
    except ImportRefused as refused:
        fail_job(
            job,
            failure="",  # the page describes the problems, in its reader's language
            result={"problems": problems_to_json(refused.problems)},
            forget_parameters=True,
        )
        return "refused"
    except Exception:
        fail_unexpectedly(job)
        raise
    finish_job(job, result={"imported": len(imported)}, forget_parameters=True)
    return "done"
