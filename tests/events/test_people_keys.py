"""The one way the rules core names an event's people, both ways."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coappoint.events.people_keys import candidate_key, candidate_pk, recruiter_key, recruiter_pk


@given(pk=st.integers(1, 10**12))
def test_a_key_reads_back_as_the_same_person_and_never_as_the_other_kind(pk: int) -> None:
    assert candidate_pk(candidate_key(pk)) == pk
    assert recruiter_pk(recruiter_key(pk)) == pk
    assert candidate_pk(recruiter_key(pk)) is None
    assert recruiter_pk(candidate_key(pk)) is None


def test_anything_else_is_nobody() -> None:
    for key in ("", "c", "cx", "c-1", "r1.5", 12, None, "C12"):
        assert candidate_pk(key) is None
        assert recruiter_pk(key) is None
    assert candidate_key(12) == "c12"  # the form locked decision records hold
