"""The outcome: weighted combination, minimums, exact ranks and ties, community influence."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from coappoint.rules.errors import InvalidDecisionRecord, InvalidScale, InvalidScore
from coappoint.rules.scales import (
    Scale,
    percent_of_scale,
    round_for_display,
    scale_from_mapping,
    validate_score,
)

COMMUNITY_STAGE_NAME = "community"


@dataclass(frozen=True)
class Stage:
    """One stage of a campaign (community day, formal interview...) as the rules fixed it.

    `weight_percent` is the stage's weight; weights need not add up to 100 because the combined
    percent divides by their sum. `minimum_percent`, when set, is the stage percent a candidate
    must reach to be appointable. `community` marks the community stage.
    """

    name: str
    weight_percent: Fraction
    scale: Scale
    minimum_percent: Fraction | None = None
    community: bool = False


@dataclass(frozen=True)
class CandidateScores:
    """A candidate's agreed scores: for each stage, one score per quality or question.

    Only agreed scores belong here (the community's consensus, the panel's agreed interview
    scores); recruiters' private scores never enter the outcome.
    """

    id: str
    stage_scores: Mapping[str, tuple[int, ...]]


@dataclass(frozen=True)
class DecisionRecord:
    """The stages with their weights and rules, and every candidate's agreed scores."""

    stages: tuple[Stage, ...]
    candidates: tuple[CandidateScores, ...]

    @property
    def community_stage(self) -> Stage | None:
        """The stage marked `"community": true`, or else the one named `community`, if any."""
        marked = [stage for stage in self.stages if stage.community]
        if marked:
            return marked[0]
        for stage in self.stages:
            if stage.name == COMMUNITY_STAGE_NAME:
                return stage
        return None


@dataclass(frozen=True)
class Placing:
    """Where a candidate stands in one ranking.

    `combined_percent` is exact; `contribution_exact` is each counted stage's exact share of it,
    in stage order (see `stage_contributions`), and these add up to it exactly. `rank` counts
    1 + the candidates of the same group (appointable, or not) with a strictly higher exact
    combined percent, plus, for candidates not appointable, every appointable candidate.
    `tied_with` are the other candidates of the same group with an exactly equal combined
    percent, sorted by id.
    """

    combined_percent: Fraction
    contribution_exact: Mapping[str, Fraction]
    appointable: bool
    below_minimum: tuple[str, ...]
    rank: int
    tied_with: tuple[str, ...]

    @property
    def contribution_percent(self) -> dict[str, Decimal]:
        """Each stage's share of the combined percent as shown: its exact share rounded once.

        The rule is `round_for_display` (ROUND_HALF_UP to one place), applied to the exact
        share and never to a figure already rounded: rounding twice can move a figure by 0.1
        (a stage percent of 200/3 shown as 66.7, halved, is 33.35 and shows as 33.4, where the
        exact share 100/3 shows as 33.3). Each part is rounded on its own, so the shown parts
        of a row may add up to 0.1 or so more or less than its shown combined percent; the
        exact parts always add up to the exact combined percent.
        """
        return {name: round_for_display(value) for name, value in self.contribution_exact.items()}


@dataclass(frozen=True)
class CandidateResult:
    """One candidate's outcome: exact stage percents, and their placing with every stage."""

    id: str
    stage_percent: Mapping[str, Fraction]
    placing: Placing


@dataclass(frozen=True)
class CommunityInfluence:
    """The ranking as if the community stage did not exist, and whether the top changes.

    Without the community stage its weight and its minimum are both ignored, the other weights
    keep their proportions, and appointability is decided by the other stages' minimums alone.
    `top_with` and `top_without` are the appointable candidates ranked 1 with and without it.
    """

    stage: str
    placing_without: Mapping[str, Placing]
    top_with: frozenset[str]
    top_without: frozenset[str]

    @property
    def top_changes(self) -> bool:
        """True when the community stage changes who the top appointable candidates are."""
        return self.top_with != self.top_without


@dataclass(frozen=True)
class Outcome:
    """The result for every candidate, in input order, and the community's influence on it.

    `community_influence` is None when there is no community stage, or no other stage with a
    positive weight to rank by without it.
    """

    candidates: tuple[CandidateResult, ...]
    community_influence: CommunityInfluence | None


# Parsing the JSON-shaped decision record.


def parse_decision_record(document: object) -> DecisionRecord:
    """Turn a decision record's JSON shape into a validated DecisionRecord.

    Unknown keys are ignored so that an export from the web app can carry more. Everything the
    rules need is checked here, and InvalidDecisionRecord names the stage and candidate at fault:
    stages with a name, a weight that is a number ≥ 0 (at least one positive), a scale, and an
    optional minimum from 0 to 100; candidates with unique ids and, for every stage and no other,
    a non-empty list of whole-number scores on that stage's scale.
    """
    if not isinstance(document, Mapping):
        raise InvalidDecisionRecord(
            'The decision record must be a JSON object with "stages" and "candidates".'
        )
    stages = _parse_stages(document.get("stages"))
    candidates = _parse_candidates(document.get("candidates"), stages)
    return DecisionRecord(stages=stages, candidates=candidates)


def _parse_stages(document: object) -> tuple[Stage, ...]:
    if not isinstance(document, list) or not document:
        raise InvalidDecisionRecord(
            'The decision record needs "stages": a list with at least one stage.'
        )
    stages: list[Stage] = []
    for position, stage_document in enumerate(document, start=1):
        if not isinstance(stage_document, Mapping):
            raise InvalidDecisionRecord(f"Stage {position} must be an object with a name.")
        name = stage_document.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidDecisionRecord(f'Stage {position} needs a "name" that is some words.')
        if any(stage.name == name for stage in stages):
            raise InvalidDecisionRecord(
                f"Two stages are called {name}. Give each stage its own name."
            )
        if "weight_percent" not in stage_document:
            raise InvalidDecisionRecord(f'Stage {name} has no "weight_percent". Give its weight.')
        weight_percent = _exact_number(
            stage_document["weight_percent"], what=f"Stage {name}'s weight_percent"
        )
        if weight_percent < 0:
            raise InvalidDecisionRecord(
                f"Stage {name}'s weight_percent is {stage_document['weight_percent']}. "
                "Weights must be 0 or more."
            )
        minimum_document = stage_document.get("minimum_percent")
        minimum_percent = None
        if minimum_document is not None:
            minimum_percent = _exact_number(
                minimum_document, what=f"Stage {name}'s minimum_percent"
            )
            if not 0 <= minimum_percent <= 100:
                raise InvalidDecisionRecord(
                    f"Stage {name}'s minimum_percent is {minimum_document}. "
                    "A minimum must be from 0 to 100."
                )
        if "scale" not in stage_document:
            raise InvalidDecisionRecord(
                f'Stage {name} has no "scale". Give it, for example {{"min": 1, "max": 5}}.'
            )
        try:
            scale = scale_from_mapping(stage_document["scale"])
        except InvalidScale as error:
            raise InvalidDecisionRecord(f"Stage {name}: {error}") from error
        community = stage_document.get("community", False)
        if not isinstance(community, bool):
            raise InvalidDecisionRecord(
                f'Stage {name}\'s "community" must be true or false, not {community!r}.'
            )
        stages.append(
            Stage(
                name=name,
                weight_percent=weight_percent,
                scale=scale,
                minimum_percent=minimum_percent,
                community=community,
            )
        )
    if sum(stage.weight_percent for stage in stages) <= 0:
        raise InvalidDecisionRecord(
            "The stages' weights add up to 0. At least one stage needs a weight above 0."
        )
    marked = [stage.name for stage in stages if stage.community]
    if len(marked) > 1:
        raise InvalidDecisionRecord(
            f"Stages {' and '.join(marked)} are both marked as the community stage. Mark only one."
        )
    return tuple(stages)


def _parse_candidates(document: object, stages: Sequence[Stage]) -> tuple[CandidateScores, ...]:
    if not isinstance(document, list) or not document:
        raise InvalidDecisionRecord(
            'The decision record needs "candidates": a list with at least one candidate.'
        )
    stages_by_name = {stage.name: stage for stage in stages}
    candidates: list[CandidateScores] = []
    seen_ids: set[str] = set()
    for position, candidate_document in enumerate(document, start=1):
        if not isinstance(candidate_document, Mapping):
            raise InvalidDecisionRecord(f"Candidate {position} must be an object with an id.")
        candidate_id = candidate_document.get("id")
        if not isinstance(candidate_id, str) or not candidate_id.strip():
            raise InvalidDecisionRecord(
                f'Candidate {position} needs an "id" that is text, such as "c{position}".'
            )
        if candidate_id in seen_ids:
            raise InvalidDecisionRecord(
                f"Two candidates have the id {candidate_id}. Give each candidate its own id."
            )
        seen_ids.add(candidate_id)
        stage_scores_document = candidate_document.get("stage_scores")
        if not isinstance(stage_scores_document, Mapping):
            raise InvalidDecisionRecord(
                f'Candidate {candidate_id} needs "stage_scores": an object with a list of '
                "scores for each stage."
            )
        for stage_name in stage_scores_document:
            if stage_name not in stages_by_name:
                raise InvalidDecisionRecord(
                    f"Candidate {candidate_id} has scores for stage {stage_name}, which is not "
                    f"one of the stages ({', '.join(stages_by_name)}). Check the stage's name."
                )
        stage_scores: dict[str, tuple[int, ...]] = {}
        for stage in stages:
            scores_document = stage_scores_document.get(stage.name)
            if not isinstance(scores_document, list) or not scores_document:
                raise InvalidDecisionRecord(
                    f"Candidate {candidate_id} has no scores for stage {stage.name}. Every "
                    "candidate needs at least one agreed score for every stage."
                )
            try:
                stage_scores[stage.name] = tuple(
                    validate_score(
                        score,
                        scale=stage.scale,
                        quality=f"the {stage.name} stage",
                        whose=f"Candidate {candidate_id}'s score",
                    )
                    for score in scores_document
                )
            except InvalidScore as error:
                raise InvalidDecisionRecord(str(error)) from error
        candidates.append(CandidateScores(id=candidate_id, stage_scores=stage_scores))
    return tuple(candidates)


def _exact_number(value: object, *, what: str) -> Fraction:
    """A JSON number as an exact fraction: 33.3 is read as the decimal 333/10 that was written,
    not as the nearest binary float, so weights mean exactly what their author typed."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, float) and math.isfinite(value):
        return Fraction(repr(value))
    raise InvalidDecisionRecord(f"{what} is {value!r}, which is not a number.")


# The rules.


def stage_percent(scores: Sequence[int], scale: Scale) -> Fraction:
    """A candidate's exact percent for one stage.

    (mean of the stage's scores - scale min) / (scale max - scale min) * 100. For example the
    community scores 4, 3, 5, 4 on a 1 to 5 scale have mean 4, which is 75 percent.
    """
    return percent_of_scale(Fraction(sum(scores), len(scores)), scale)


def stage_contributions(
    stage_percents: Mapping[str, Fraction], stages: Sequence[Stage]
) -> dict[str, Fraction]:
    """Each stage's exact share of the combined percent: weight * stage percent / Σ weights.

    In stage order; a stage with weight 0 contributes 0. The shares add up to `combined_percent`
    exactly, so a chart that stacks them ends where the combined percent is. The caller makes
    sure the weights sum above 0.
    """
    total_weight = sum((stage.weight_percent for stage in stages), Fraction(0))
    return {
        stage.name: stage.weight_percent * stage_percents[stage.name] / total_weight
        for stage in stages
    }


def combined_percent(stage_percents: Mapping[str, Fraction], stages: Sequence[Stage]) -> Fraction:
    """The exact weighted mean of stage percents: Σ weight * stage percent / Σ weights.

    A stage with weight 0 adds nothing. The caller makes sure the weights sum above 0.
    """
    total_weight = sum((stage.weight_percent for stage in stages), Fraction(0))
    weighted = sum(
        (stage.weight_percent * stage_percents[stage.name] for stage in stages), Fraction(0)
    )
    return weighted / total_weight


def stages_below_minimum(
    stage_percents: Mapping[str, Fraction], stages: Sequence[Stage]
) -> tuple[str, ...]:
    """The stages whose minimum_percent the candidate's exact stage percent does not reach.

    Reaching means at least the minimum: exactly 40 meets a minimum of 40. The candidate is
    appointable only when this is empty.
    """
    return tuple(
        stage.name
        for stage in stages
        if stage.minimum_percent is not None and stage_percents[stage.name] < stage.minimum_percent
    )


def rank(
    candidates: Sequence[tuple[str, Fraction, bool]],
) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Rank (id, exact combined percent, appointable) entries; returns id → (rank, tied_with).

    Appointable candidates come first, highest combined percent first; candidates not
    appointable come after all of them, ranked the same way among themselves. Equal exact values
    share a rank and the next rank skips (1, 1, 3): a tie is reported, never broken, because
    breaking one is a recorded human decision. A candidate's rank is 1 + the number in its group
    with a strictly higher value, + the number of appointable candidates if it is not
    appointable.
    """
    appointable_count = sum(1 for _, _, appointable in candidates if appointable)
    placings: dict[str, tuple[int, tuple[str, ...]]] = {}
    # Sorting each group once keeps this n log n: the candidates above one are those before its
    # run of equal values, and its ties are the rest of that run.
    for appointable in (True, False):
        group = sorted(
            (
                (value, candidate_id)
                for candidate_id, value, is_appointable in candidates
                if is_appointable == appointable
            ),
            key=lambda entry: entry[0],
            reverse=True,
        )
        offset = 0 if appointable else appointable_count
        start = 0
        while start < len(group):
            end = start
            while end < len(group) and group[end][0] == group[start][0]:
                end += 1
            run = sorted(candidate_id for _, candidate_id in group[start:end])
            for candidate_id in run:
                tied_with = tuple(other for other in run if other != candidate_id)
                placings[candidate_id] = (1 + start + offset, tied_with)
            start = end
    return placings


def _placings(
    stage_percents: Mapping[str, Mapping[str, Fraction]], stages: Sequence[Stage]
) -> dict[str, Placing]:
    combined = {
        candidate_id: combined_percent(percents, stages)
        for candidate_id, percents in stage_percents.items()
    }
    below = {
        candidate_id: stages_below_minimum(percents, stages)
        for candidate_id, percents in stage_percents.items()
    }
    ranks = rank(
        [
            (candidate_id, combined[candidate_id], not below[candidate_id])
            for candidate_id in combined
        ]
    )
    return {
        candidate_id: Placing(
            combined_percent=combined[candidate_id],
            contribution_exact=stage_contributions(stage_percents[candidate_id], stages),
            appointable=not below[candidate_id],
            below_minimum=below[candidate_id],
            rank=ranks[candidate_id][0],
            tied_with=ranks[candidate_id][1],
        )
        for candidate_id in combined
    }


def _top(placings: Mapping[str, Placing]) -> frozenset[str]:
    return frozenset(
        candidate_id
        for candidate_id, placing in placings.items()
        if placing.appointable and placing.rank == 1
    )


def compute_outcome(record: DecisionRecord) -> Outcome:
    """Combine every candidate's agreed scores into the outcome, on exact values throughout.

    Stage percents, the combined percent, minimums, ranks and ties all use fractions, so that
    values which are equal (for example two candidates on exactly 190/3) are found equal; see
    `rank` for the ranking rules and `CommunityInfluence` for the ranking without the community.
    """
    stage_percents = {
        candidate.id: {
            stage.name: stage_percent(candidate.stage_scores[stage.name], stage.scale)
            for stage in record.stages
        }
        for candidate in record.candidates
    }
    placings = _placings(stage_percents, record.stages)
    results = tuple(
        CandidateResult(
            id=candidate.id,
            stage_percent=stage_percents[candidate.id],
            placing=placings[candidate.id],
        )
        for candidate in record.candidates
    )
    influence = None
    community_stage = record.community_stage
    if community_stage is not None:
        other_stages = [stage for stage in record.stages if stage is not community_stage]
        if sum(stage.weight_percent for stage in other_stages) > 0:
            placings_without = _placings(stage_percents, other_stages)
            influence = CommunityInfluence(
                stage=community_stage.name,
                placing_without=placings_without,
                top_with=_top(placings),
                top_without=_top(placings_without),
            )
    return Outcome(candidates=results, community_influence=influence)


# Rendering to the JSON contract of `coappoint outcome`.


def render_outcome(outcome: Outcome) -> dict[str, Any]:
    """The outcome in the JSON shape of `coappoint outcome`.

    Percent figures are display values (see `round_for_display`), written as JSON numbers;
    `combined_exact` and `stage_exact` are the exact fractions as text ("145/2", "75") so anyone
    can check a rank or a tie. `contribution_percent` and `contribution_exact` are each stage's
    share of the combined percent, shown and exact (see `Placing.contribution_percent`): the
    exact shares add up to `combined_exact`. Candidates and `rank_without` keep the input order.
    Keys are only ever added to this contract, never changed: recorded decisions keep it.
    """
    rendered: dict[str, Any] = {
        "candidates": [
            {
                "id": result.id,
                "stage_percent": {
                    name: _display(value) for name, value in result.stage_percent.items()
                },
                "stage_exact": {name: str(value) for name, value in result.stage_percent.items()},
                "combined_percent": _display(result.placing.combined_percent),
                "combined_exact": str(result.placing.combined_percent),
                "appointable": result.placing.appointable,
                "below_minimum": list(result.placing.below_minimum),
                "rank": result.placing.rank,
                "tied_with": list(result.placing.tied_with),
                # Added later: new keys go last, so every earlier key stays as it was.
                "contribution_percent": {
                    name: float(value)
                    for name, value in result.placing.contribution_percent.items()
                },
                "contribution_exact": {
                    name: str(value) for name, value in result.placing.contribution_exact.items()
                },
            }
            for result in outcome.candidates
        ]
    }
    influence = outcome.community_influence
    if influence is not None:
        rendered["community_influence"] = {
            "stage": influence.stage,
            "top_changes": influence.top_changes,
            "top_with": sorted(influence.top_with),
            "top_without": sorted(influence.top_without),
            "rank_without": {
                result.id: influence.placing_without[result.id].rank
                for result in outcome.candidates
            },
            "appointable_without": {
                result.id: influence.placing_without[result.id].appointable
                for result in outcome.candidates
            },
            "combined_exact_without": {
                result.id: str(influence.placing_without[result.id].combined_percent)
                for result in outcome.candidates
            },
        }
    return rendered


def _display(value: Fraction) -> float:
    # A one-place decimal converted to float prints back as the same decimal in JSON, so the
    # float carries the rounded figure exactly as shown; nothing is computed from it.
    return float(round_for_display(value))
