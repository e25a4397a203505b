"""Taking people's names out of free text: whole words, any case, longest first."""

from __future__ import annotations

import re

from hypothesis import assume, given
from hypothesis import strategies as st

from coappoint.rules.redaction import name_parts, redact_names

PRIYA = {"Candidate c12": "Priya Shah"}


def test_the_full_name_becomes_the_pseudonym_once_not_once_per_part() -> None:
    assert redact_names("Priya Shah led the group.", PRIYA) == "Candidate c12 led the group."


def test_each_part_of_the_name_goes_on_its_own_whatever_its_case() -> None:
    text = "priya spoke first; SHAH listened, and Priya's example helped."
    assert redact_names(text, PRIYA) == (
        "Candidate c12 spoke first; Candidate c12 listened, and Candidate c12's example helped."
    )


def test_a_name_split_over_a_line_is_still_the_full_name() -> None:
    assert redact_names("We heard Priya\n  Shah.", PRIYA) == "We heard Candidate c12."


def test_a_name_inside_another_word_stays() -> None:
    text = "Shahid and Priyanka were samey, said Samuel."
    assert redact_names(text, {**PRIYA, "Candidate c3": "Sam Adeyemi"}) == text


def test_parts_shorter_than_three_letters_stay_but_the_full_name_goes() -> None:
    names = {"Candidate c5": "Al Li"}
    assert redact_names("Al Li came; al and li are words.", names) == (
        "Candidate c5 came; al and li are words."
    )
    assert name_parts("Al Li") == ()


def test_hyphenated_names_lose_each_part_and_the_whole() -> None:
    names = {"Candidate c7": "Mary-Jane Smith-Jones"}
    text = "Mary-Jane Smith-Jones, or Mary, or Jones, or Smith-Jones."
    assert redact_names(text, names) == (
        "Candidate c7, or Candidate c7, or Candidate c7, or Candidate c7."
    )


def test_a_part_two_people_share_becomes_both_pseudonyms() -> None:
    names = {**PRIYA, "Candidate c14": "Ravi Shah"}
    assert redact_names("Shah was kind; Ravi Shah too.", names) == (
        "Candidate c12 / Candidate c14 was kind; Candidate c14 too."
    )


def test_names_in_other_scripts_go_too() -> None:
    names = {"Candidate c9": "ليلى حداد"}
    assert (
        redact_names("تحدثت ليلى حداد، ثم ليلى.", names) == "تحدثت Candidate c9، ثم Candidate c9."
    )


def test_no_names_or_blank_names_change_nothing() -> None:
    assert redact_names("Priya Shah", {}) == "Priya Shah"
    assert redact_names("Priya Shah", {"Candidate c1": "  "}) == "Priya Shah"


# --- Properties ---------------------------------------------------------------------------------

# Letters that are in no pseudonym ("Candidate c12"), in both cases, some beyond ASCII.
LETTERS = "bfgklmoruyBFGKMOéÉöÖ"
part = st.text(alphabet=LETTERS, min_size=3, max_size=6)
short_or_long_part = st.text(alphabet=LETTERS, min_size=1, max_size=6)
name = st.lists(short_or_long_part, min_size=1, max_size=3).map(" ".join)
people = st.dictionaries(
    st.integers(min_value=1, max_value=50).map(lambda pk: f"Candidate c{pk}"), name, max_size=4
)
separator = st.sampled_from([" ", "  ", ", ", ". ", "\n", "'s ", " (", ") ", "-"])


def words_of(text: str) -> set[str]:
    return {word.casefold() for word in re.findall(r"\w+", text)}


@st.composite
def text_about(draw: st.DrawFn, names: dict[str, str]) -> str:
    """Text mixing the people's names and parts (in any case), other words, and words that
    hold a name part inside them."""
    known = [words for person in names.values() for words in (person, *person.split())]
    word = st.one_of(
        st.sampled_from(known) if known else part,
        part,
        st.tuples(part, short_or_long_part).map("".join),
    ).map(lambda words: draw(st.sampled_from([words, words.upper(), words.lower()])))
    pieces = draw(st.lists(st.tuples(word, separator), max_size=12))
    return "".join(words + between for words, between in pieces)


@given(st.data())
def test_no_name_part_of_three_letters_or_more_survives_as_a_word(data: st.DataObject) -> None:
    names = data.draw(people)
    redacted = redact_names(data.draw(text_about(names)), names)

    left = words_of(redacted)
    for person in names.values():
        for long_part in name_parts(person):
            assert long_part.casefold() not in left


@given(st.data())
def test_text_without_the_names_is_unchanged(data: st.DataObject) -> None:
    names = data.draw(
        st.dictionaries(
            st.just("Candidate c1") | st.just("Candidate c2"),
            st.lists(part, min_size=1, max_size=3).map(" ".join),
        )
    )
    text = data.draw(text_about({}))
    # Every name part here has 3 letters or more, so a text holding no part as a word holds
    # no full name either; parts inside longer words are kept.
    assume(not words_of(text) & {p.casefold() for n in names.values() for p in n.split()})

    assert redact_names(text, names) == text


@given(st.data())
def test_redacting_twice_changes_nothing_more(data: st.DataObject) -> None:
    names = data.draw(people)
    once = redact_names(data.draw(text_about(names)), names)

    assert redact_names(once, names) == once
