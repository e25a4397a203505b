"""The outcome: stage percents, weighted combination, minimums, exact ranks and ties, influence."""

import copy
import dataclasses
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coappoint.rules.errors import InvalidDecisionRecord
from coappoint.rules.outcome import (
    compute_outcome,
    parse_decision_record,
    rank,
    render_outcome,
)
from coappoint.rules.scales import round_for_display

COMMUNITY_SCALE = {"min": 1, "max": 5}
INTERVIEW_SCALE = {"min": 0, "max": 10}


def two_stage_record(candidates, community_minimum=None, community_weight=50, interview_weight=50):
    """Community on 1 to 5 and interview on 0 to 10; candidates are id → (community, interview)."""
    community = {"name": "community", "weight_percent": community_weight, "scale": COMMUNITY_SCALE}
    if community_minimum is not None:
        community["minimum_percent"] = community_minimum
    return {
        "stages": [
            community,
            {"name": "interview", "weight_percent": interview_weight, "scale": INTERVIEW_SCALE},
        ],
        "candidates": [
            {"id": candidate_id, "stage_scores": {"community": community, "interview": interview}}
            for candidate_id, (community, interview) in candidates.items()
        ],
    }


def outcome_of(document):
    return compute_outcome(parse_decision_record(document))


def rendered(document):
    return render_outcome(outcome_of(document))


def by_id(document):
    return {candidate["id"]: candidate for candidate in rendered(document)["candidates"]}


# The issue's example: community 75 percent, interview 70, weighted 50 and 50.
ISSUE_EXAMPLE = two_stage_record({"c1": ([4, 3, 5, 4], [7, 8, 6])}, community_minimum=40)


# Worked examples, checked by hand.


def test_the_issues_example_gives_the_published_contract():
    document = {
        "stages": [
            {
                "name": "community",
                "weight_percent": 50,
                "scale": {"min": 1, "max": 5},
                "minimum_percent": 40,
            },
            {"name": "interview", "weight_percent": 50, "scale": {"min": 0, "max": 10}},
        ],
        "candidates": [
            {"id": "c1", "stage_scores": {"community": [4, 3, 5, 4], "interview": [7, 8, 6]}}
        ],
    }
    result = rendered(document)
    candidate = result["candidates"][0]
    assert candidate["stage_percent"] == {"community": 75.0, "interview": 70.0}
    assert candidate["combined_percent"] == 72.5
    assert candidate["combined_exact"] == "145/2"
    assert candidate["appointable"] is True
    assert candidate["rank"] == 1
    assert candidate["tied_with"] == []
    assert result["community_influence"]["stage"] == "community"
    assert result["community_influence"]["top_changes"] is False
    assert result["community_influence"]["rank_without"] == {"c1": 1}


def test_each_stages_share_of_the_combined_percent_is_given_exact_and_shown():
    candidate = rendered(ISSUE_EXAMPLE)["candidates"][0]
    # Community 75 and interview 70, each weighted 50 of 100: shares 75/2 and 35.
    assert candidate["contribution_exact"] == {"community": "75/2", "interview": "35"}
    assert candidate["contribution_percent"] == {"community": 37.5, "interview": 35.0}


def test_a_share_is_rounded_once_from_its_exact_value_not_from_a_rounded_stage_percent():
    # Interview 4, 4, 3 on 1 to 5 is 200/3 percent (shown 66.7); half of it is 100/3. Halving the
    # shown 66.7 would give 33.35 and show 33.4, and the row would add up to 70.9 beside its
    # combined 70.8. Rounded once from the exact share it is 33.3, and the row adds up.
    document = {
        "stages": [
            {"name": "community", "weight_percent": 50, "scale": {"min": 1, "max": 5}},
            {"name": "interview", "weight_percent": 50, "scale": {"min": 1, "max": 5}},
        ],
        "candidates": [{"id": "c1", "stage_scores": {"community": [4], "interview": [4, 4, 3]}}],
    }
    candidate = rendered(document)["candidates"][0]
    assert candidate["stage_percent"]["interview"] == 66.7
    assert candidate["contribution_exact"] == {"community": "75/2", "interview": "100/3"}
    assert candidate["contribution_percent"] == {"community": 37.5, "interview": 33.3}
    assert (candidate["combined_exact"], candidate["combined_percent"]) == ("425/6", 70.8)
    placing = outcome_of(document).candidates[0].placing
    assert placing.contribution_percent == {
        "community": Decimal("37.5"),
        "interview": Decimal("33.3"),
    }


def test_shown_shares_may_not_add_up_to_the_shown_combined_percent():
    # Three stages of equal weight, each at 200/3 percent: each share is 200/9 and shows as 22.2,
    # so the shown parts add up to 66.6 beside a combined percent of exactly 200/3, shown 66.7.
    document = {
        "stages": [
            {"name": name, "weight_percent": 1, "scale": {"min": 0, "max": 3}}
            for name in ("community", "interview", "presentation")
        ],
        "candidates": [
            {
                "id": "c1",
                "stage_scores": {"community": [2], "interview": [2], "presentation": [2]},
            }
        ],
    }
    candidate = rendered(document)["candidates"][0]
    assert candidate["contribution_exact"] == dict.fromkeys(
        ("community", "interview", "presentation"), "200/9"
    )
    assert candidate["contribution_percent"] == dict.fromkeys(
        ("community", "interview", "presentation"), 22.2
    )
    assert candidate["combined_percent"] == 66.7  # not 66.6: the shown parts are 0.1 short


def test_the_json_contract_only_gains_keys_after_the_ones_it_always_had():
    candidate = rendered(ISSUE_EXAMPLE)["candidates"][0]
    assert list(candidate) == [
        "id",
        "stage_percent",
        "stage_exact",
        "combined_percent",
        "combined_exact",
        "appointable",
        "below_minimum",
        "rank",
        "tied_with",
        "contribution_percent",
        "contribution_exact",
    ]
    assert list(rendered(ISSUE_EXAMPLE)["community_influence"]) == [
        "stage",
        "top_changes",
        "top_with",
        "top_without",
        "rank_without",
        "appointable_without",
        "combined_exact_without",
    ]


def test_a_whole_combined_percent_is_written_without_a_denominator():
    candidate = by_id(two_stage_record({"c1": ([5], [5])}))["c1"]
    # Community 100, interview 50: combined 75.
    assert candidate["combined_exact"] == "75"
    assert candidate["combined_percent"] == 75.0


def test_weights_need_not_add_up_to_100():
    # Community 100 with weight 1, interview 40 with weight 3: (100 + 120) / 4 = 55.
    candidates = by_id(two_stage_record({"c1": ([5], [4])}, community_weight=1, interview_weight=3))
    assert candidates["c1"]["combined_exact"] == "55"


def test_equal_candidates_share_a_rank_and_the_next_rank_is_skipped():
    candidates = by_id(
        two_stage_record({"c3": ([5], [6]), "c1": ([5], [6]), "c2": ([3], [2])})
    )  # 80, 80, 35
    assert [candidates[key]["rank"] for key in ("c1", "c2", "c3")] == [1, 3, 1]
    assert candidates["c1"]["tied_with"] == ["c3"]
    assert candidates["c3"]["tied_with"] == ["c1"]
    assert candidates["c2"]["tied_with"] == []


def test_three_way_ties_list_the_others_sorted_by_id():
    candidates = by_id(two_stage_record({"b": ([3], [5]), "c": ([3], [5]), "a": ([3], [5])}))
    assert candidates["b"]["tied_with"] == ["a", "c"]
    assert {candidate["rank"] for candidate in candidates.values()} == {1}


def test_candidates_not_appointable_are_ranked_after_every_appointable_candidate():
    document = two_stage_record(
        {
            "low": ([1], [10]),  # community 0: below the minimum; combined 50
            "a": ([3], [5]),  # 50
            "b": ([3], [3]),  # 40
            "also_low": ([1], [10]),  # 50, tied with low
            "lowest": ([1], [0]),  # 0
        },
        community_minimum=40,
    )
    candidates = by_id(document)
    assert {key: candidate["rank"] for key, candidate in candidates.items()} == {
        "low": 3,
        "a": 1,
        "b": 2,
        "also_low": 3,
        "lowest": 5,
    }
    assert candidates["low"]["appointable"] is False
    assert candidates["low"]["below_minimum"] == ["community"]
    assert candidates["low"]["tied_with"] == ["also_low"]
    # a and low have the same combined percent but are in different groups: not a tie.
    assert candidates["a"]["tied_with"] == []


def test_a_minimum_exactly_reached_is_reached():
    # Community mean 13/5 on 1 to 5 is exactly 40 percent.
    candidate = by_id(two_stage_record({"c1": ([3, 3, 2, 3, 2], [0])}, community_minimum=40))
    assert candidate["c1"]["stage_exact"]["community"] == "40"
    assert candidate["c1"]["appointable"] is True


def test_a_minimum_missed_by_a_fraction_of_a_point_is_missed_even_when_it_rounds_up_to_it():
    # Community mean 7/3 is 100/3 = 33.33 percent; a minimum of 33.34 is missed. Shown rounded,
    # both are 33.3, so only the exact comparison gets this right.
    candidate = by_id(two_stage_record({"c1": ([2, 2, 3], [5])}, community_minimum=33.34))
    assert candidate["c1"]["stage_percent"]["community"] == 33.3
    assert candidate["c1"]["appointable"] is False


def test_a_minimum_written_as_a_decimal_means_that_decimal_not_the_nearest_binary_float():
    # 1 on a 0 to 1000 scale is exactly 0.1 percent. The float 0.1 is a little above 1/10, so
    # reading the minimum as a float would wrongly refuse this candidate.
    assert Fraction(0.1) > Fraction(1, 10)
    document = {
        "stages": [
            {
                "name": "written test",
                "weight_percent": 100,
                "scale": {"min": 0, "max": 1000},
                "minimum_percent": 0.1,
            }
        ],
        "candidates": [{"id": "c1", "stage_scores": {"written test": [1]}}],
    }
    assert by_id(document)["c1"]["appointable"] is True


def test_a_stage_with_no_minimum_never_blocks_appointment():
    candidate = by_id(two_stage_record({"c1": ([1], [0])}))["c1"]
    assert candidate["appointable"] is True
    assert candidate["combined_exact"] == "0"


def test_a_stage_weighted_zero_adds_nothing_but_its_minimum_still_counts():
    document = two_stage_record(
        {"c1": ([1], [8]), "c2": ([5], [6])}, community_minimum=50, community_weight=0
    )
    candidates = by_id(document)
    assert candidates["c1"]["combined_exact"] == "80"
    assert candidates["c2"]["combined_exact"] == "60"
    assert candidates["c1"]["appointable"] is False
    assert (candidates["c2"]["rank"], candidates["c1"]["rank"]) == (1, 2)


def test_a_real_tie_at_a_repeating_decimal_is_found_although_floats_would_split_it():
    # c1: community 230/3 percent (mean 23/3 on 0 to 10), interview 50. c2: 65 and 185/3.
    # Both combine to exactly 190/3; the same sums in floating point come out different.
    assert (230 / 3 + 50) / 2 != (65 + 185 / 3) / 2
    document = {
        "stages": [
            {"name": "community", "weight_percent": 1, "scale": {"min": 0, "max": 10}},
            {"name": "interview", "weight_percent": 1, "scale": {"min": 0, "max": 10}},
        ],
        "candidates": [
            {"id": "c1", "stage_scores": {"community": [7, 8, 8], "interview": [5]}},
            {"id": "c2", "stage_scores": {"community": [6, 7], "interview": [6, 6, 6, 6, 6, 7]}},
        ],
    }
    candidates = by_id(document)
    assert candidates["c1"]["combined_exact"] == candidates["c2"]["combined_exact"] == "190/3"
    assert candidates["c1"]["rank"] == candidates["c2"]["rank"] == 1
    assert candidates["c1"]["tied_with"] == ["c2"]
    assert candidates["c1"]["combined_percent"] == 63.3


def test_candidates_who_show_the_same_rounded_figure_but_differ_exactly_are_not_tied():
    # On a 0 to 10000 scale, 3331 and 3334 are 33.31 and 33.34 percent: both show as 33.3.
    document = {
        "stages": [{"name": "interview", "weight_percent": 1, "scale": {"min": 0, "max": 10000}}],
        "candidates": [
            {"id": "c1", "stage_scores": {"interview": [3331]}},
            {"id": "c2", "stage_scores": {"interview": [3334]}},
        ],
    }
    candidates = by_id(document)
    assert candidates["c1"]["combined_percent"] == candidates["c2"]["combined_percent"] == 33.3
    assert (candidates["c2"]["rank"], candidates["c1"]["rank"]) == (1, 2)
    assert candidates["c1"]["tied_with"] == candidates["c2"]["tied_with"] == []


def test_one_candidate_is_ranked_first():
    assert by_id(two_stage_record({"only": ([3], [5])}))["only"]["rank"] == 1


def test_when_nobody_is_appointable_ranks_start_at_1_and_nobody_is_top():
    result = rendered(two_stage_record({"a": ([1], [9]), "b": ([2], [1])}, community_minimum=50))
    assert [candidate["rank"] for candidate in result["candidates"]] == [1, 2]
    assert not any(candidate["appointable"] for candidate in result["candidates"])
    assert result["community_influence"]["top_with"] == []


def test_candidates_come_out_in_input_order():
    result = rendered(two_stage_record({"z": ([1], [1]), "a": ([5], [9]), "m": ([3], [5])}))
    assert [candidate["id"] for candidate in result["candidates"]] == ["z", "a", "m"]
    assert list(result["community_influence"]["rank_without"]) == ["z", "a", "m"]


# Community influence.


def test_the_community_can_change_who_comes_top():
    # a: community 100, interview 50 = 75; b: community 50, interview 70 = 60.
    influence = rendered(two_stage_record({"a": ([5], [5]), "b": ([3], [7])}))[
        "community_influence"
    ]
    assert influence["top_changes"] is True
    assert influence["top_with"] == ["a"]
    assert influence["top_without"] == ["b"]
    assert influence["rank_without"] == {"a": 2, "b": 1}


def test_without_the_community_its_minimum_is_ignored_too():
    # a misses the community minimum, so b is top; without the community a's 90 tops the ranking.
    result = rendered(two_stage_record({"a": ([1], [9]), "b": ([5], [6])}, community_minimum=40))
    assert result["candidates"][0]["appointable"] is False
    influence = result["community_influence"]
    assert influence["appointable_without"] == {"a": True, "b": True}
    assert influence["rank_without"] == {"a": 1, "b": 2}
    assert influence["top_changes"] is True


def test_without_the_community_other_stages_minimums_still_apply():
    document = two_stage_record({"a": ([5], [2]), "b": ([3], [6])})
    document["stages"][1]["minimum_percent"] = 50
    influence = rendered(document)["community_influence"]
    assert influence["appointable_without"] == {"a": False, "b": True}
    assert influence["rank_without"] == {"a": 2, "b": 1}


def test_a_tie_at_the_top_is_compared_as_a_set():
    # With the community a and b tie on 75; without it they tie on 50: the same top set.
    influence = rendered(two_stage_record({"a": ([5], [5]), "b": ([5], [5])}))[
        "community_influence"
    ]
    assert influence["top_changes"] is False
    assert influence["top_with"] == ["a", "b"]


def test_the_community_stage_is_the_one_marked_community_whatever_its_name():
    document = two_stage_record({"a": ([5], [5])})
    document["stages"][0]["name"] = "interview"
    document["stages"][1]["name"] = "recruitment day"
    document["stages"][1]["community"] = True
    document["candidates"][0]["stage_scores"] = {"interview": [5], "recruitment day": [5]}
    assert rendered(document)["community_influence"]["stage"] == "recruitment day"


def test_a_stage_marked_community_wins_over_one_named_community():
    document = two_stage_record({"a": ([5], [5])})
    document["stages"][1]["community"] = True
    assert rendered(document)["community_influence"]["stage"] == "interview"


def test_there_is_no_community_influence_without_a_community_stage():
    document = two_stage_record({"a": ([5], [5])})
    document["stages"][0]["name"] = "panel"
    document["candidates"][0]["stage_scores"]["panel"] = document["candidates"][0][
        "stage_scores"
    ].pop("community")
    assert "community_influence" not in rendered(document)


def test_there_is_no_community_influence_when_no_other_stage_has_weight():
    document = two_stage_record({"a": ([5], [5])}, interview_weight=0)
    assert "community_influence" not in rendered(document)


def test_there_is_no_community_influence_when_the_community_is_the_only_stage():
    document = {
        "stages": [{"name": "community", "weight_percent": 100, "scale": COMMUNITY_SCALE}],
        "candidates": [{"id": "a", "stage_scores": {"community": [4]}}],
    }
    assert "community_influence" not in rendered(document)


def test_a_community_stage_weighted_zero_still_shows_its_minimums_influence():
    document = two_stage_record(
        {"a": ([1], [9]), "b": ([5], [6])}, community_minimum=40, community_weight=0
    )
    influence = rendered(document)["community_influence"]
    assert influence["top_with"] == ["b"]
    assert influence["top_without"] == ["a"]


# Validation: every refusal names the candidate and stage.


def valid_document():
    return two_stage_record({"c1": ([4], [7]), "c2": ([3], [5])})


def broken(change):
    document = copy.deepcopy(valid_document())
    change(document)
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["candidates"][1]["stage_scores"].pop("interview"),
            "Candidate c2 has no scores for stage interview",
        ),
        (
            lambda d: d["candidates"][0]["stage_scores"].update(interview=[]),
            "Candidate c1 has no scores for stage interview",
        ),
        (
            lambda d: d["candidates"][0]["stage_scores"].update(intervew=[5]),
            "Candidate c1 has scores for stage intervew, which is not one of the stages",
        ),
        (
            lambda d: d["candidates"][1]["stage_scores"].update(community=[4, 6]),
            "Candidate c2's score on the community stage is 6, which is outside the scale",
        ),
        (
            lambda d: d["candidates"][1]["stage_scores"].update(interview=[7.5]),
            "Candidate c2's score on the interview stage is 7.5, which is not a whole number",
        ),
        (
            lambda d: d["candidates"][1].update(id="c1"),
            "Two candidates have the id c1",
        ),
        (
            lambda d: d["stages"][1].update(weight_percent=-10),
            "Stage interview's weight_percent is -10. Weights must be 0 or more",
        ),
        (
            lambda d: [stage.update(weight_percent=0) for stage in d["stages"]],
            "weights add up to 0",
        ),
        (
            lambda d: d["stages"][0].pop("weight_percent"),
            'Stage community has no "weight_percent"',
        ),
        (
            lambda d: d["stages"][0].update(weight_percent=True),
            "Stage community's weight_percent is True, which is not a number",
        ),
        (
            lambda d: d["stages"][0].update(weight_percent="50"),
            "Stage community's weight_percent is '50', which is not a number",
        ),
        (
            lambda d: d["stages"][0].update(minimum_percent=120),
            "Stage community's minimum_percent is 120",
        ),
        (
            lambda d: d["stages"][1].update(scale={"min": 10, "max": 0}),
            "Stage interview: The scale's minimum",
        ),
        (lambda d: d["stages"][1].pop("scale"), 'Stage interview has no "scale"'),
        (lambda d: d["stages"][1].update(name="community"), "Two stages are called community"),
        (
            lambda d: [stage.update(community=True) for stage in d["stages"]],
            "both marked as the community stage",
        ),
        (lambda d: d["stages"][0].update(community="yes"), '"community" must be true or false'),
        (lambda d: d.update(stages=[]), 'needs "stages"'),
        (lambda d: d.update(candidates=[]), 'needs "candidates"'),
        (lambda d: d["candidates"][0].pop("id"), 'Candidate 1 needs an "id"'),
        (lambda d: d["candidates"][0].pop("stage_scores"), 'Candidate c1 needs "stage_scores"'),
    ],
)
def test_a_malformed_decision_record_is_refused_with_a_message_naming_what_is_wrong(
    change, message
):
    with pytest.raises(InvalidDecisionRecord) as refusal:
        parse_decision_record(broken(change))
    assert message in str(refusal.value)


def test_a_decision_record_that_is_not_an_object_is_refused():
    with pytest.raises(InvalidDecisionRecord, match="must be a JSON object"):
        parse_decision_record([1, 2, 3])


def test_unknown_keys_in_a_decision_record_are_ignored():
    document = valid_document()
    document["exported_at"] = "2026-11-22"
    document["stages"][0]["description"] = "The recruitment day"
    document["candidates"][0]["display_name"] = "Sam"
    assert rendered(document) == rendered(valid_document())


# Properties.


@st.composite
def decision_records(draw, max_candidates=6):
    stages = []
    for position in range(draw(st.integers(1, 3))):
        minimum = draw(st.integers(-2, 3))
        stage = {
            "name": "community" if position == 0 else f"stage {position}",
            "weight_percent": draw(st.integers(0, 60)),
            "scale": {"min": minimum, "max": minimum + draw(st.integers(1, 6))},
            "minimum_percent": draw(st.none() | st.integers(0, 100)),
        }
        stages.append(stage)
    if all(stage["weight_percent"] == 0 for stage in stages):
        stages[-1]["weight_percent"] = draw(st.integers(1, 60))
    candidates = [
        {
            "id": f"c{number}",
            "stage_scores": {
                stage["name"]: draw(
                    st.lists(
                        st.integers(stage["scale"]["min"], stage["scale"]["max"]),
                        min_size=1,
                        max_size=3,
                    )
                )
                for stage in stages
            },
        }
        for number in range(draw(st.integers(1, max_candidates)))
    ]
    return {"stages": stages, "candidates": candidates}


def exact_combined(outcome):
    return {result.id: result.placing.combined_percent for result in outcome.candidates}


@given(decision_records(), st.data())
def test_raising_any_score_never_lowers_that_candidates_combined_percent(document, data):
    candidate_index = data.draw(st.integers(0, len(document["candidates"]) - 1))
    stage = data.draw(st.sampled_from(document["stages"]))
    scores = document["candidates"][candidate_index]["stage_scores"][stage["name"]]
    score_index = data.draw(st.integers(0, len(scores) - 1))
    raised = copy.deepcopy(document)
    raised_scores = raised["candidates"][candidate_index]["stage_scores"][stage["name"]]
    raised_scores[score_index] = data.draw(st.integers(scores[score_index], stage["scale"]["max"]))
    candidate_id = document["candidates"][candidate_index]["id"]
    before = exact_combined(outcome_of(document))[candidate_id]
    after = exact_combined(outcome_of(raised))[candidate_id]
    assert after >= before


@given(
    decision_records(),
    st.fractions(min_value=Fraction(1, 1000), max_value=1000).filter(lambda factor: factor > 0),
)
def test_scaling_every_weight_by_the_same_positive_factor_changes_nothing(document, factor):
    record = parse_decision_record(document)
    scaled = dataclasses.replace(
        record,
        stages=tuple(
            dataclasses.replace(stage, weight_percent=stage.weight_percent * factor)
            for stage in record.stages
        ),
    )
    assert compute_outcome(scaled) == compute_outcome(record)


@given(decision_records(), st.randoms(use_true_random=False))
def test_a_permutation_of_candidates_permutes_the_result(document, random):
    shuffled = copy.deepcopy(document)
    random.shuffle(shuffled["candidates"])
    original = rendered(document)
    permuted = rendered(shuffled)
    assert [candidate["id"] for candidate in permuted["candidates"]] == [
        candidate["id"] for candidate in shuffled["candidates"]
    ]
    assert sorted(permuted["candidates"], key=lambda candidate: candidate["id"]) == sorted(
        original["candidates"], key=lambda candidate: candidate["id"]
    )
    if "community_influence" in original:
        assert (
            permuted["community_influence"]["rank_without"]
            == original["community_influence"]["rank_without"]
        )
        assert (
            permuted["community_influence"]["top_changes"]
            == original["community_influence"]["top_changes"]
        )


@given(decision_records(max_candidates=8))
def test_ranks_follow_the_exact_combined_percents(document):
    results = outcome_of(document).candidates
    appointable_count = sum(1 for result in results if result.placing.appointable)
    for result in results:
        placing = result.placing
        same_group = [
            other for other in results if other.placing.appointable == placing.appointable
        ]
        higher = [
            other
            for other in same_group
            if other.placing.combined_percent > placing.combined_percent
        ]
        expected = 1 + len(higher) + (0 if placing.appointable else appointable_count)
        assert placing.rank == expected
        assert list(placing.tied_with) == sorted(
            other.id
            for other in same_group
            if other.placing.combined_percent == placing.combined_percent and other.id != result.id
        )
        if placing.appointable:
            assert all(
                placing.rank < other.placing.rank
                for other in results
                if not other.placing.appointable
            )


@given(decision_records(max_candidates=8))
def test_rounding_for_display_never_changes_a_rank_or_a_tie(document):
    outcome = outcome_of(document)
    shown = {candidate["id"]: candidate for candidate in render_outcome(outcome)["candidates"]}
    for result in outcome.candidates:
        candidate = shown[result.id]
        assert Fraction(candidate["combined_exact"]) == result.placing.combined_percent
        assert candidate["combined_percent"] == float(
            round_for_display(result.placing.combined_percent)
        )
        for other in outcome.candidates:
            same_group = other.placing.appointable == result.placing.appointable
            if same_group and other.placing.rank > result.placing.rank:
                # A lower-ranked candidate never shows a higher figure.
                assert shown[other.id]["combined_percent"] <= candidate["combined_percent"]
            if same_group and other.id in result.placing.tied_with:
                assert shown[other.id]["combined_exact"] == candidate["combined_exact"]


@given(decision_records())
def test_the_exact_shares_of_the_stages_add_up_to_the_exact_combined_percent(document):
    outcome = outcome_of(document)
    shown = {candidate["id"]: candidate for candidate in render_outcome(outcome)["candidates"]}
    stage_names = [stage["name"] for stage in document["stages"]]
    for result in outcome.candidates:
        placing = result.placing
        assert list(placing.contribution_exact) == stage_names
        assert sum(placing.contribution_exact.values()) == placing.combined_percent
        candidate = shown[result.id]
        assert sum(map(Fraction, candidate["contribution_exact"].values())) == Fraction(
            candidate["combined_exact"]
        )
        if outcome.community_influence is not None:
            without = outcome.community_influence.placing_without[result.id]
            assert "community" not in without.contribution_exact
            assert sum(without.contribution_exact.values()) == without.combined_percent


@given(decision_records())
def test_each_shown_share_is_its_exact_share_rounded_once_and_near_the_shown_total(document):
    outcome = outcome_of(document)
    shown = {candidate["id"]: candidate for candidate in render_outcome(outcome)["candidates"]}
    for result in outcome.candidates:
        placing = result.placing
        candidate = shown[result.id]
        for name, exact in placing.contribution_exact.items():
            assert placing.contribution_percent[name] == round_for_display(exact)
            assert candidate["contribution_percent"][name] == float(round_for_display(exact))
            assert Fraction(candidate["contribution_exact"][name]) == exact
        # Each shown figure is at most 0.05 from its exact value, so the shown parts of a row
        # are within 0.05 per part, plus 0.05 for the total, of the shown combined percent.
        parts = sum(placing.contribution_percent.values(), Decimal(0))
        total = round_for_display(placing.combined_percent)
        assert abs(parts - total) <= Decimal("0.05") * (len(placing.contribution_exact) + 1)


@given(decision_records())
def test_rank_without_the_community_is_the_ranking_of_a_record_without_that_stage(document):
    outcome = outcome_of(document)
    other_stages = [stage for stage in document["stages"] if stage["name"] != "community"]
    if sum(stage["weight_percent"] for stage in other_stages) == 0:
        assert outcome.community_influence is None
        return
    without = {
        "stages": other_stages,
        "candidates": [
            {
                "id": candidate["id"],
                "stage_scores": {
                    name: scores
                    for name, scores in candidate["stage_scores"].items()
                    if name != "community"
                },
            }
            for candidate in document["candidates"]
        ],
    }
    expected = {candidate["id"]: candidate["rank"] for candidate in rendered(without)["candidates"]}
    assert render_outcome(outcome)["community_influence"]["rank_without"] == expected


@given(decision_records())
def test_the_top_changes_exactly_when_the_rank_1_appointable_sets_differ(document):
    result = rendered(document)
    if "community_influence" not in result:
        return
    influence = result["community_influence"]
    top_with = sorted(
        candidate["id"]
        for candidate in result["candidates"]
        if candidate["appointable"] and candidate["rank"] == 1
    )
    top_without = sorted(
        candidate_id
        for candidate_id, rank in influence["rank_without"].items()
        if rank == 1 and influence["appointable_without"][candidate_id]
    )
    assert influence["top_with"] == top_with
    assert influence["top_without"] == top_without
    assert influence["top_changes"] is (top_with != top_without)


def test_the_worked_example_in_the_scoring_guide_gives_the_documented_result():
    document = two_stage_record(
        {
            "asha": ([4, 5, 4], [6, 7, 6, 5]),
            "ben": ([3, 3, 4], [8, 9, 8, 9]),
            "cara": ([2, 2, 1], [10, 9, 10, 9]),
            "dev": ([3, 3, 3], [5, 5, 6, 6]),
        },
        community_minimum=40,
    )
    result = rendered(document)
    shown = {
        candidate["id"]: (
            candidate["combined_exact"],
            candidate["combined_percent"],
            candidate["appointable"],
            candidate["rank"],
            candidate["tied_with"],
        )
        for candidate in result["candidates"]
    }
    assert shown == {
        "asha": ("215/3", 71.7, True, 1, ["ben"]),
        "ben": ("215/3", 71.7, True, 1, ["asha"]),
        "cara": ("335/6", 55.8, False, 4, []),
        "dev": ("105/2", 52.5, True, 3, []),
    }
    influence = result["community_influence"]
    assert influence["rank_without"] == {"asha": 3, "ben": 2, "cara": 1, "dev": 4}
    assert (influence["top_with"], influence["top_without"]) == (["asha", "ben"], ["cara"])
    assert influence["top_changes"] is True


def _rank_by_definition(entries):
    """The ranking rule word for word, comparing every pair: the oracle for `rank`."""
    appointable_count = sum(1 for _, _, appointable in entries if appointable)
    placings = {}
    for candidate_id, value, appointable in entries:
        group = [entry for entry in entries if entry[2] == appointable]
        higher = sum(1 for _, other, _ in group if other > value)
        tied = tuple(
            sorted(
                other_id
                for other_id, other, _ in group
                if other == value and other_id != candidate_id
            )
        )
        placings[candidate_id] = (1 + higher + (0 if appointable else appointable_count), tied)
    return placings


@given(
    st.lists(
        st.tuples(st.fractions(min_value=0, max_value=100, max_denominator=6), st.booleans()),
        max_size=40,
    )
)
def test_rank_agrees_with_the_rule_applied_to_every_pair(values):
    entries = [
        (f"c{index}", value, appointable) for index, (value, appointable) in enumerate(values)
    ]
    assert rank(entries) == _rank_by_definition(entries)
