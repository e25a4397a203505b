"""Checking an import table: every problem found, by the spreadsheet's own line and column."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.candidate_import import (
    Column,
    ImportProblem,
    Problem,
    check_candidate_table,
    column_for_heading,
    is_email_address,
    is_phone_number,
)

HEADER = ["first name", "last name", "chosen name", "email", "phone"]


def test_a_clean_table_gives_one_row_per_candidate_with_spreadsheet_line_numbers() -> None:
    check = check_candidate_table(
        [
            HEADER,
            ["Samira", "Ahmed", "Sam", "samira@example.com", "07700 900 982"],
            ["", "", "", "", ""],
            ["  Jon ", "Price", "", "jon@example.com", ""],
        ]
    )
    assert check.problems == ()
    assert check.can_import
    assert [(row.line, row.first_name, row.chosen_name) for row in check.rows] == [
        (2, "Samira", "Sam"),
        (4, "Jon", ""),
    ]


def test_headings_match_whatever_their_case_spacing_or_order() -> None:
    check = check_candidate_table(
        [["EMAIL", "Surname", "First_Name", "Notes"], ["a@example.com", "Okafor", "Grace", "x"]]
    )
    assert check.problems == ()
    row = check.rows[0]
    assert (row.first_name, row.last_name, row.email) == ("Grace", "Okafor", "a@example.com")
    assert column_for_heading(" Chosen-Name ") is Column.CHOSEN_NAME


def test_missing_required_columns_are_each_reported_on_line_1() -> None:
    check = check_candidate_table([["first name", "phone"], ["Sam", ""]])
    assert check.rows == ()
    assert check.problems == (
        ImportProblem(line=1, column=Column.LAST_NAME, problem=Problem.MISSING_COLUMN),
        ImportProblem(line=1, column=Column.EMAIL, problem=Problem.MISSING_COLUMN),
    )


def test_every_bad_cell_is_reported_with_its_line_and_column() -> None:
    check = check_candidate_table(
        [
            HEADER,
            ["Samira", "Ahmed", "", "samira@example.com", ""],
            ["", "Price", "", "jon@example", "12"],
            ["Grace", "", "", "", ""],
        ]
    )
    assert not check.can_import
    assert {(p.line, p.column, p.problem) for p in check.problems} == {
        (3, Column.FIRST_NAME, Problem.REQUIRED),
        (3, Column.EMAIL, Problem.INVALID_EMAIL),
        (3, Column.PHONE, Problem.INVALID_PHONE),
        (4, Column.LAST_NAME, Problem.REQUIRED),
        (4, Column.EMAIL, Problem.REQUIRED),
    }


def test_an_email_repeated_in_the_file_names_the_line_it_repeats() -> None:
    check = check_candidate_table(
        [
            HEADER,
            ["Samira", "Ahmed", "", "samira@example.com", ""],
            ["Sam", "Ahmed", "", " SAMIRA@example.com", ""],
        ]
    )
    assert check.problems == (
        ImportProblem(line=3, column=Column.EMAIL, problem=Problem.DUPLICATE_IN_FILE, other_line=2),
    )


def test_an_email_already_in_the_campaign_is_reported() -> None:
    check = check_candidate_table(
        [HEADER, ["Samira", "Ahmed", "", "samira@example.com", ""]],
        existing_emails=["Samira@Example.com"],
    )
    assert [p.problem for p in check.problems] == [Problem.ALREADY_IN_CAMPAIGN]


def test_headings_without_candidates_and_too_many_rows_are_refused() -> None:
    assert check_candidate_table([HEADER]).problems[0].problem is Problem.NO_CANDIDATES
    rows = [HEADER] + [["A", "B", "", f"a{n}@example.com", ""] for n in range(4)]
    too_many = check_candidate_table(rows, max_rows=3)
    assert too_many.problems == (ImportProblem(line=5, column=None, problem=Problem.TOO_MANY_ROWS),)


def test_an_empty_table_asks_for_every_required_column() -> None:
    assert {p.column for p in check_candidate_table([]).problems} == {
        Column.FIRST_NAME,
        Column.LAST_NAME,
        Column.EMAIL,
    }


def test_email_and_phone_shapes() -> None:
    assert is_email_address("name@example.com")
    assert not is_email_address("name@example")
    assert not is_email_address("name example@example.com")
    assert is_phone_number("+44 808 157 0192")
    assert is_phone_number("(01632) 960-001")
    assert not is_phone_number("call me")


@given(
    st.lists(
        st.lists(st.text(max_size=12), min_size=5, max_size=5),
        max_size=12,
    )
)
def test_problems_are_only_ever_on_lines_of_the_table(body: list[list[str]]) -> None:
    check = check_candidate_table([HEADER, *body])
    assert all(1 <= problem.line <= len(body) + 1 for problem in check.problems)
    assert check.can_import == (not check.problems and bool(check.rows))
