"""How the offline queue (assets/js/offline.js) says a POST is its own, and how it is answered.

The queue sends what waited on the phone with fetch; it needs to know only that the server has
it. A view that knows the header answers 204 once the submission is stored (or was already,
under the same idempotency key) instead of redirecting to a full page the queue would then
fetch and throw away. A refusal is answered as without JavaScript, with the page that says what
to fix, which the queue shows.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

QUEUE_HEADER = "X-Coappoint-Offline-Queue"
# Where a form posted without JavaScript would have been sent next: the phone's kept copy of
# that page is now out of date, and the queue refreshes it.
NEXT_PAGE_HEADER = "X-Coappoint-Next-Page"


def from_the_offline_queue(request: HttpRequest) -> bool:
    """True when the POST is the offline queue's (it sets QUEUE_HEADER), not a form's."""
    return request.headers.get(QUEUE_HEADER) == "1"


def stored(next_page: str) -> HttpResponse:
    """204 No Content: what the queue sent is stored; `next_page` as for NEXT_PAGE_HEADER."""
    response = HttpResponse(status=204)
    response[NEXT_PAGE_HEADER] = next_page
    return response
