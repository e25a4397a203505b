"""Display names recruiters see: the name a candidate goes by, unique within the event."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.names import display_names


def test_a_name_used_once_stands_alone() -> None:
    assert display_names({"1": ("Priya", "Shah"), "2": ("Sam", "Adeyemi")}) == {
        "1": "Priya",
        "2": "Sam",
    }


def test_shared_first_names_get_the_initial_of_the_last_name() -> None:
    names = display_names({"1": ("Sam", "Adeyemi"), "2": ("Sam", "Baker"), "3": ("Priya", "Shah")})
    assert names == {"1": "Sam A.", "2": "Sam B.", "3": "Priya"}


def test_shared_initials_take_more_of_the_last_name() -> None:
    names = display_names({"1": ("Sam", "Abbott"), "2": ("Sam", "Adams")})
    assert names == {"1": "Sam Ab.", "2": "Sam Ad."}


def test_identical_full_names_are_numbered_in_a_stable_order() -> None:
    names = display_names({"7": ("Sam", "Baker"), "3": ("Sam", "Baker")})
    assert names == {"3": "Sam B.", "7": "Sam B. (2)"}


def test_names_clash_whatever_their_case_or_spacing() -> None:
    names = display_names({"1": ("sam ", "Adeyemi"), "2": ("Sam", "baker")})
    assert names == {"1": "sam A.", "2": "Sam B."}


name_part = st.text(alphabet="abcSAMéü ", min_size=0, max_size=6)
# id -> (the name they go by, last name); small alphabets make clashes common.
people_at_an_event = st.dictionaries(
    st.text("0123456789", min_size=1, max_size=3),
    st.tuples(name_part.filter(str.strip), name_part),
    max_size=12,
)


@given(people_at_an_event)
def test_every_display_name_is_unique_within_the_event(
    people: dict[str, tuple[str, str]],
) -> None:
    names = display_names(people)
    assert set(names) == set(people)
    assert len({name.casefold() for name in names.values()}) == len(people)


@given(people_at_an_event)
def test_a_display_name_starts_with_the_name_the_candidate_goes_by(
    people: dict[str, tuple[str, str]],
) -> None:
    for person_id, name in display_names(people).items():
        assert name.startswith(people[person_id][0].strip())
