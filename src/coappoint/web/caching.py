"""Pages holding a person's own values (their sent score sheet, their notes, their answers) are
never kept: not by the browser, not by a proxy, not by the recruiter pages' service worker, which
keeps no response marked no-store (a shared phone must not show them to the next person)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.cache import patch_cache_control


def never_kept(response: HttpResponse) -> HttpResponse:
    """`response`, sent `Cache-Control: no-store, private`."""
    patch_cache_control(response, no_store=True, private=True)
    return response
