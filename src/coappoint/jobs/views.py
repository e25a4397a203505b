"""The progress panel every page that asked for long work shows and polls (no addresses of its
own: each app's view checks who may see its job, then answers with `progress_fragment`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coappoint.jobs.models import Job
from coappoint.jobs.queries import progress_in_words
from coappoint.jobs.services import mark_if_lost


@dataclass(frozen=True)
class JobProgress:
    """A job as its page shows it: the panel's heading, the address it polls, and the page's
    own address (the refresh link without JavaScript, and where the poll sends a plain GET)."""

    job: Job
    heading: str
    poll_url: str
    page_address: str

    @property
    def words(self) -> str:
        return progress_in_words(self.job)


def progress_fragment(request: HttpRequest, progress: JobProgress) -> HttpResponse:
    """How the job is getting on, for htmx's poll; once it has ended the page reloads
    (HX-Refresh) to show the outcome. Without htmx: back to the page itself."""
    mark_if_lost(progress.job)
    if not request.headers.get("HX-Request"):
        return redirect(progress.page_address)
    response = render(request, "jobs/_progress.html", {"progress": progress})
    if not progress.job.under_way:
        response["HX-Refresh"] = "true"
    response["Cache-Control"] = "no-store"
    return response
