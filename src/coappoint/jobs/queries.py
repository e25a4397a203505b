"""Reading jobs for the pages that asked for them."""

from __future__ import annotations

from django.utils.translation import gettext

from coappoint.campaigns.models import Campaign
from coappoint.events.models import Event
from coappoint.jobs.models import Job


def get_job(owner: Event | Campaign, job_id: int, *, kind: str | None = None) -> Job | None:
    """The event's or campaign's job, or None when it is another's (or another council's)."""
    scope = {"event": owner} if isinstance(owner, Event) else {"campaign": owner}
    jobs = Job.objects.filter(**scope, pk=job_id)
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    return jobs.first()


def latest_job(event: Event, kind: str) -> Job | None:
    """The event's most recent job of this kind."""
    return Job.objects.filter(event=event, kind=kind).order_by("-requested_at", "-pk").first()


def progress_in_words(job: Job) -> str:
    """Where the job is, for the page and for a screen reader's live region."""
    if job.state == Job.State.QUEUED:
        return gettext("Waiting for the task worker to start it.")
    if job.state == Job.State.RUNNING:
        if job.steps_total:
            return gettext("Under way: step %(done)s of %(total)s.") % {
                "done": min(job.steps_done + 1, job.steps_total),
                "total": job.steps_total,
            }
        return gettext("Under way.")
    if job.state == Job.State.FAILED:
        return gettext("It failed: %(why)s") % {"why": job.failure}
    return gettext("Done.")
