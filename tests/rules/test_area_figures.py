"""An area's figures from a spreadsheet: every problem by line and field, or every figure."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.area_figures import Problem, check_figure_table

QUESTIONS = {"sex": ["female", "male", "prefer_not_to_say"], "age_band": ["16_24", "65_plus"]}


def test_a_clean_table_gives_every_figure_and_no_problem() -> None:
    table = check_figure_table(
        [["Question", "Answer", "People"], ["sex", "female", "5,120"], ["sex", "male", "4880"]],
        QUESTIONS,
    )
    assert table.problems == ()
    assert table.figures == (("sex", "female", 5120), ("sex", "male", 4880))


def test_every_problem_is_named_by_line_and_field() -> None:
    table = check_figure_table(
        [
            ["question", "answer", "people"],
            ["sex", "female", "many"],
            ["colour", "blue", "3"],
            ["age_band", "99_plus", "3"],
            ["sex", "male", "1"],
            ["sex", "male", "2"],
        ],
        QUESTIONS,
    )
    assert [(p.line, p.column, p.problem) for p in table.problems] == [
        (2, "people", Problem.NOT_A_NUMBER),
        (3, "question", Problem.UNKNOWN_QUESTION),
        (4, "answer", Problem.UNKNOWN_ANSWER),
        (6, "answer", Problem.REPEATED),
    ]


def test_a_missing_column_is_named_on_the_header_line() -> None:
    table = check_figure_table([["question", "answer"]], QUESTIONS)
    assert [(p.line, p.column) for p in table.problems] == [(1, "people")]
    assert table.figures == ()


@given(st.lists(st.lists(st.text(max_size=8), max_size=4), max_size=6))
def test_any_table_gives_figures_or_problems_and_never_fails(rows: list[list[str]]) -> None:
    table = check_figure_table([["question", "answer", "people"], *rows], QUESTIONS)
    assert table.figures or table.problems
    for question, answer, people in table.figures:
        assert answer in QUESTIONS[question]
        assert people >= 0
