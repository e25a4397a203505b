"""Long lists in pages: which rows a page holds, the count line's numbers and the links."""

from __future__ import annotations

from django.test import RequestFactory

from coappoint.web.pagination import PageOfRows, paginate

ROWS = list(range(1, 121))  # 120 rows: three pages of 50, 50 and 20


def _page(query: str) -> PageOfRows[int]:
    request = RequestFactory().get("/list/" + query)
    return paginate(request, ROWS, per_page=50, landmark_label="Pages of rows")


def test_the_second_page_holds_the_next_rows_and_says_where_they_sit() -> None:
    page = _page("?page=2")
    assert page.rows == list(range(51, 101))
    assert (page.first_position, page.last_position, page.total) == (51, 100, 120)


def test_a_page_past_the_end_shows_the_last_page_and_nonsense_the_first() -> None:
    assert _page("?page=9").rows == list(range(101, 121))
    assert _page("?page=two").rows == list(range(1, 51))
    assert _page("").number == 1


def test_the_links_keep_the_other_query_parameters_and_mark_the_current_page() -> None:
    page = _page("?status=pending&page=2")
    assert page.pagination is not None
    assert page.pagination["previous"]["href"] == "?status=pending&page=1"
    assert page.pagination["next"]["href"] == "?status=pending&page=3"
    current = [item for item in page.pagination["items"] if item.get("current")]
    assert [item["number"] for item in current] == ["2"]


def test_far_pages_are_left_out_behind_an_ellipsis_but_the_first_and_last_stay() -> None:
    request = RequestFactory().get("/list/?page=5")
    page = paginate(request, list(range(500)), per_page=50, landmark_label="Pages")
    assert page.pagination is not None
    shown = [item.get("number", "…") for item in page.pagination["items"]]
    assert shown == ["1", "…", "4", "5", "6", "…", "10"]


def test_a_list_that_fits_on_one_page_has_no_pagination() -> None:
    request = RequestFactory().get("/list/")
    page = paginate(request, [1, 2, 3], per_page=50, landmark_label="Pages")
    assert page.pagination is None
    assert (page.first_position, page.last_position, page.total) == (1, 3, 3)
