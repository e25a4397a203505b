"""Long tables in pages of rows: `?page=N`, the GOV.UK pagination component, the count line.

A page past the end shows the last page and anything that is not a number the first, as
Django's `Paginator.get_page` does (and as the audit log already did), so an old link to a
shorter list still lands somewhere useful. Every other query parameter (a filter) is kept in
the links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext

Row = TypeVar("Row")

# Pages are numbered around the current one, with the first and the last always shown (the
# GOV.UK pattern: "1 … 4 5 6 … 9").
PAGES_EACH_SIDE = 1


@dataclass(frozen=True)
class PageOfRows(Generic[Row]):
    """The rows of one page, where they sit in the whole list, and the component's params."""

    rows: list[Row]
    number: int
    first_position: int
    last_position: int
    total: int
    # None when everything fits on one page: then the page shows no pagination at all.
    pagination: dict[str, Any] | None


def _href(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()


def _numbers_shown(current: int, count: int) -> list[int | None]:
    """The page numbers to link, None where an ellipsis stands for those left out."""
    shown: list[int | None] = []
    for number in range(1, count + 1):
        near = abs(number - current) <= PAGES_EACH_SIDE
        if number in (1, count) or near:
            shown.append(number)
        elif shown[-1] is not None:
            shown.append(None)
    return shown


def paginate(
    request: HttpRequest, rows: Sequence[Row], *, per_page: int, landmark_label: str
) -> PageOfRows[Row]:
    """The page of `rows` that `?page=` asks for, `per_page` rows to a page."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    count = page.paginator.num_pages
    pagination: dict[str, Any] | None = None
    if count > 1:
        items: list[dict[str, Any]] = []
        for number in _numbers_shown(page.number, count):
            if number is None:
                items.append({"ellipsis": True})
            else:
                items.append(
                    {
                        "number": str(number),
                        "href": _href(request, number),
                        "current": number == page.number,
                        "visuallyHiddenText": gettext("Page %(number)s") % {"number": number},
                    }
                )
        pagination = {"items": items, "landmarkLabel": landmark_label}
        if page.has_previous():
            pagination["previous"] = {
                "href": _href(request, page.previous_page_number()),
                "text": gettext("Previous page"),
            }
        if page.has_next():
            pagination["next"] = {
                "href": _href(request, page.next_page_number()),
                "text": gettext("Next page"),
            }
    return PageOfRows(
        rows=list(page.object_list),
        number=page.number,
        first_position=page.start_index(),
        last_position=page.end_index(),
        total=page.paginator.count,
        pagination=pagination,
    )
