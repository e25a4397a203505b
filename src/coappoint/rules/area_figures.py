"""Checking a table of an area's population figures before any is kept: every problem, by line
and field, so a file is taken whole or not at all (as rules.candidate_import does for people).

The table has a header row naming three columns, `question`, `answer` and `people`, then one
row per category: the question's and the answer's codes as the example file writes them
(`age_band`, `65_plus`), and a whole number of people. Line numbers are the spreadsheet's own
(the header is line 1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

HEADER_LINE = 1
MOST_PEOPLE = 100_000_000
COLUMNS = ("question", "answer", "people")


class Problem(Enum):
    MISSING_COLUMN = "missing_column"
    UNKNOWN_QUESTION = "unknown_question"
    UNKNOWN_ANSWER = "unknown_answer"
    NOT_A_NUMBER = "not_a_number"
    TOO_MANY = "too_many"
    REPEATED = "repeated"
    EMPTY = "empty"


@dataclass(frozen=True)
class FigureProblem:
    line: int
    column: str
    problem: Problem
    value: str = ""


@dataclass(frozen=True)
class FigureTable:
    figures: tuple[tuple[str, str, int], ...]  # (question, answer, people)
    problems: tuple[FigureProblem, ...]


def check_figure_table(
    rows: Sequence[Sequence[str]], questions: Mapping[str, Sequence[str]]
) -> FigureTable:
    """The figures of `rows` (header first) and every problem found; `questions` maps each
    question's code to its answers' codes. Nothing is kept by the caller unless there are none."""
    if not rows:
        return FigureTable((), (FigureProblem(HEADER_LINE, "", Problem.EMPTY),))
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        return FigureTable(
            (),
            tuple(FigureProblem(HEADER_LINE, column, Problem.MISSING_COLUMN) for column in missing),
        )
    at = {column: header.index(column) for column in COLUMNS}
    figures: list[tuple[str, str, int]] = []
    problems: list[FigureProblem] = []
    seen: set[tuple[str, str]] = set()
    for line, row in enumerate(rows[1:], start=HEADER_LINE + 1):
        if not any(cell.strip() for cell in row):
            continue
        cell = {
            column: (row[at[column]].strip() if at[column] < len(row) else "") for column in COLUMNS
        }
        found = len(problems)
        question, answer, people_text = cell["question"], cell["answer"], cell["people"]
        if question not in questions:
            problems.append(FigureProblem(line, "question", Problem.UNKNOWN_QUESTION, question))
        elif answer not in questions[question]:
            problems.append(FigureProblem(line, "answer", Problem.UNKNOWN_ANSWER, answer))
        elif (question, answer) in seen:
            problems.append(FigureProblem(line, "answer", Problem.REPEATED, answer))
        people_text = people_text.replace(",", "")
        if not people_text.isdigit():
            problems.append(FigureProblem(line, "people", Problem.NOT_A_NUMBER, cell["people"]))
        elif int(people_text) > MOST_PEOPLE:
            problems.append(FigureProblem(line, "people", Problem.TOO_MANY, cell["people"]))
        if len(problems) == found:
            seen.add((question, answer))
            figures.append((question, answer, int(people_text)))
    if not figures and not problems:
        problems.append(FigureProblem(HEADER_LINE + 1, "", Problem.EMPTY))
    return FigureTable(tuple(figures), tuple(problems))
