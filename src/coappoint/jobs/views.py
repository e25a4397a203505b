"""The progress fragment every page that asked for long work polls (no addresses of its own:
each app's view checks who may see its job, then answers with `progress_fragment`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coappoint.jobs.models import Job
from coappoint.jobs.queries import progress_in_words
from coappoint.jobs.services import mark_if_lost


def progress_fragment(
    request: HttpRequest, job: Job, *, page_address: str, heading: str, poll_url: str
) -> HttpResponse:
    """How the job is getting on, for htmx's poll; once it has ended the page reloads
    (HX-Refresh) to show the outcome. Without htmx: back to the page itself."""
    mark_if_lost(job)
    if not request.headers.get("HX-Request"):
        return redirect(page_address)
    context: dict[str, Any] = {
        "job": job,
        "words": progress_in_words(job),
        "poll_url": poll_url,
        "refresh_url": page_address,
        "heading": heading,
    }
    response = render(request, "jobs/_progress.html", context)
    if not job.under_way:
        response["HX-Refresh"] = "true"
    response["Cache-Control"] = "no-store"
    return response
