"""The decision record's exports: JSON the rules core can recompute, and a spreadsheet."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, pgettext

from coappoint.decisions.models import Decision
from coappoint.decisions.queries import OutcomeDescription, stage_name
from coappoint.events.people_keys import candidate_key
from coappoint.rules.outcome import Outcome, render_outcome
from coappoint.web.tables import Cell, Sheet, workbook_bytes


def decision_document(
    record: dict[str, Any], outcome: Outcome | None, decision: Decision | None
) -> dict[str, Any]:
    """The record in the rules core's input format (`coappoint outcome FILE` recomputes it), with
    the outcome it gave and the decision, under keys the rules core ignores.

    Once the decision is recorded, the outcome is the JSON it stored, as it was then; before,
    it is `coappoint outcome`'s JSON of `outcome`.
    """
    if decision is not None:
        rendered: dict[str, Any] | None = decision.outcome
    else:
        rendered = None if outcome is None else render_outcome(outcome)
    document = {**record, "outcome": rendered}
    if decision is not None:
        document["decision"] = {
            "appointed": (
                None if decision.appointed_id is None else candidate_key(decision.appointed_id)
            ),
            "rationale": decision.rationale,
            "tie_break_justification": decision.tie_break_justification,
            "recorded_at": decision.recorded_at.isoformat(),
            "recorded_by": decision.recorded_by.full_name,
        }
    return document


def outcome_workbook(record: dict[str, Any], description: OutcomeDescription) -> bytes:
    """The candidates (stage percents, combined exact and shown, rank, appointable, and each
    stage's share of the combined percent shown and exact, as the page's chart table has them),
    the rules (each stage's weight, scale and minimum), who is not ready (left out of the
    outcome), and a note on rounding."""
    candidates: list[list[Cell]] = [
        [
            gettext("Candidate"),
            gettext("Id"),
            *[gettext("%(stage)s percent") % {"stage": name} for name in description.stage_names],
            gettext("Combined percent (shown)"),
            gettext("Combined percent (exact)"),
            gettext("Rank"),
            gettext("Appointable"),
            gettext("Below the minimum of"),
            gettext("Tied with"),
            *[
                gettext("From %(stage)s (shown)") % {"stage": name}
                for name in description.stage_names
            ],
            *[
                gettext("From %(stage)s (exact)") % {"stage": name}
                for name in description.stage_names
            ],
        ]
    ]
    for row in description.rows:
        candidates.append(
            [
                row.name,
                row.id,
                *[cell.percent for cell in row.stages],
                row.combined_percent,
                row.combined_exact,
                row.rank,
                pgettext("answer to: is the candidate appointable?", "Yes")
                if row.appointable
                else pgettext("answer to: is the candidate appointable?", "No"),
                ", ".join(row.below_minimum),
                ", ".join(row.tied_with),
                *[cell.contribution_percent for cell in row.stages],
                *[str(cell.contribution_exact) for cell in row.stages],
            ]
        )
    rules: list[list[Cell]] = [
        [
            gettext("Stage"),
            gettext("Weight percent"),
            gettext("Scale lowest"),
            gettext("Scale highest"),
            gettext("Minimum percent"),
            gettext("Community stage"),
        ]
    ]
    for stage in record["stages"]:
        rules.append(
            [
                stage_name(stage["name"]),
                stage["weight_percent"],
                stage["scale"]["min"],
                stage["scale"]["max"],
                stage["minimum_percent"],
                pgettext("answer to: is this the community stage?", "Yes")
                if stage.get("community")
                else pgettext("answer to: is this the community stage?", "No"),
            ]
        )
    notes: list[list[Cell]] = [
        [
            gettext(
                "Each figure is rounded to one decimal place, so a row's parts may not add up "
                "exactly to its combined percent."
            )
        ],
        [
            gettext(
                "The exact columns give each value as a fraction: ranks and ties are decided on "
                "these, never on the rounded figures."
            )
        ],
    ]
    sheets = [Sheet(gettext("Candidates"), candidates), Sheet(gettext("Rules"), rules)]
    if description.not_ready:
        not_ready: list[list[Cell]] = [[gettext("Candidate"), gettext("No agreed scores for")]]
        not_ready.extend([name, missing] for name, missing in description.not_ready)
        sheets.append(Sheet(gettext("Not ready"), not_ready))
    if description.did_not_attend:
        absent: list[list[Cell]] = [[gettext("Candidate"), gettext("Did not attend")]]
        absent.extend([name, stages] for name, stages in description.did_not_attend)
        sheets.append(Sheet(gettext("Did not attend"), absent))
    sheets.append(Sheet(gettext("Notes"), notes))
    return workbook_bytes(sheets)
