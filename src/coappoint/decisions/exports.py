"""The decision record's exports: JSON the rules core can recompute, and a PDF and a spreadsheet
made from that same JSON document, so the three can never disagree.

`record_parts` reads the document (never the live models) into the parts an auditor reads:
the decision, the rules, the ranks, the stage percents, the community's influence, the
consensus, the interview and who did not attend. The PDF prints each part as a table and the
spreadsheet has each as a sheet, cell for cell the same text. A record locked before a key was
added says "Not recorded" where that key's figures would be.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext, pgettext

from coappoint.decisions.models import Decision
from coappoint.decisions.queries import stage_name
from coappoint.events.people_keys import candidate_key
from coappoint.rules.outcome import Outcome, render_outcome
from coappoint.web.tables import Sheet, workbook_bytes


def decision_document(
    record: dict[str, Any], outcome: Outcome | None, decision: Decision | None
) -> dict[str, Any]:
    """The record in the rules core's input format (`coappoint outcome FILE` recomputes it), with
    the outcome it gave and the decision, under keys the rules core ignores. `record` is the
    readable record (`queries.readable_record`): people's names and the consensus's words are
    joined in from beside the stored record, and a forgotten person is their pseudonym.

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


# --- The parts of the record, for the PDF and the spreadsheet ---------------------------------

PartCell = str | int | Decimal


@dataclass(frozen=True)
class RecordPart:
    """One part of the decision record: a table in the PDF and a sheet in the spreadsheet.

    `labelled_rows`: each row's first cell names the row (a row header in the PDF).
    `words_last`: the last column holds words people wrote, so the PDF lets only it wrap.
    """

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[PartCell, ...], ...]
    labelled_rows: bool = True
    words_last: bool = False

    @property
    def text_rows(self) -> tuple[tuple[str, ...], ...]:
        """The rows as the PDF prints them: each cell's text, exactly as the spreadsheet's."""
        return tuple(tuple(str(cell) for cell in row) for row in self.rows)


def _not_recorded() -> str:
    return gettext("Not recorded")


def _yes_no(value: bool) -> str:
    return (
        pgettext("answer to a yes or no question", "Yes")
        if value
        else pgettext("answer to a yes or no question", "No")
    )


def _shown(value: object) -> PartCell:
    """A figure as the JSON has it: a display percent (a one-place decimal, written in the JSON
    as a float that prints back as that decimal) becomes that Decimal, so no rounding happens
    here; text (an exact fraction such as "125/2") stays text; a missing figure says so."""
    if value is None:
        return _not_recorded()
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, int | str):
        return value if value != "" else "–"
    return str(value)


def _words(value: object) -> str:
    """Words someone wrote: "–" when they wrote none, "Not recorded" when the record predates
    them."""
    if value is None:
        return _not_recorded()
    return str(value) or "–"


def _names_in_words(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _stages_in_words(kinds: Sequence[str]) -> str:
    return _names_in_words([stage_name(kind) for kind in kinds]) or "–"


def _rule_labels() -> dict[str, str]:
    """Labels of the rules the record is known to hold; any other key is labelled from its
    name, so a rule added to the record later still shows up."""
    return {
        "locked_at": gettext("Rules locked at"),
        "locked_by": gettext("Rules locked by"),
        # Records locked before the threshold was in points keep their percent.
        "consensus_shift_percent": gettext(
            "Consensus shift needing a reason (percent of the scale)"
        ),
        "consensus_shift_threshold_points": gettext("Consensus shift needing a reason (points)"),
        "consensus_shift_rule": gettext("Shift rule (at or above, or more than, the threshold)"),
        "weight_percent": gettext("weight percent"),
        "scale.min": gettext("lowest point of the scale"),
        "scale.max": gettext("highest point of the scale"),
        "minimum_percent": gettext("minimum percent"),
        "community": gettext("the community's stage"),
    }


def _rule_label(key: str) -> str:
    return _rule_labels().get(key) or key.replace("_", " ").replace(".", ": ").capitalize()


def _flattened(rules: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    flat: list[tuple[str, Any]] = []
    for key, value in rules.items():
        if isinstance(value, Mapping):
            flat.extend(_flattened(value, f"{prefix}{key}."))
        else:
            flat.append((f"{prefix}{key}", value))
    return flat


def _rule_value(key: str, value: object) -> PartCell:
    if value is None:
        if key == "locked_at":
            return gettext("The rules were not locked")
        if key == "locked_by":
            return _not_recorded()
        return pgettext("no value for a rule", "None")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return _shown(value)


def _rules_part(document: Mapping[str, Any]) -> RecordPart:
    rows: list[tuple[PartCell, ...]] = []
    rules = document.get("rules")
    if isinstance(rules, Mapping):
        rows.extend((_rule_label(key), _rule_value(key, value)) for key, value in _flattened(rules))
    else:
        rows.extend(
            (label, _not_recorded())
            for label in (gettext("Rules locked at"), gettext("Rules locked by"))
        )
    for stage in document.get("stages", []):
        name = stage_name(stage["name"])
        rows.extend(
            (
                gettext("%(stage)s: %(rule)s") % {"stage": name, "rule": _rule_label(key)},
                _rule_value(key, value),
            )
            for key, value in _flattened(stage)
            if key != "name"
        )
    return RecordPart(
        gettext("Rules"), (gettext("Rule"), gettext("Value")), tuple(rows), words_last=True
    )


def _influence_words(document: Mapping[str, Any], names: Mapping[str, str]) -> str:
    outcome = document.get("outcome") or {}
    influence = outcome.get("community_influence")
    if influence is None:
        return gettext(
            "No other stage has a weight, so there is no ranking without the community's score."
        )
    if not influence.get("top_changes"):
        return gettext("The community's score did not change who ranks first.")
    without = sorted((names.get(key, key) for key in influence["top_without"]), key=str.casefold)
    if not without:
        return gettext("Without the community's score, no candidate would have been appointable.")
    return gettext("Without the community's score, %(names)s would have ranked first.") % {
        "names": _names_in_words(without)
    }


def _decision_part(document: Mapping[str, Any], names: Mapping[str, str]) -> RecordPart:
    rows: list[tuple[PartCell, ...]] = [
        (gettext("Campaign"), _words(document.get("campaign"))),
    ]
    decision = document.get("decision")
    if decision is None:
        rows.append(
            (
                gettext("Decision"),
                gettext(
                    "No decision is recorded yet: this is the outcome on the agreed scores so far."
                ),
            )
        )
    else:
        appointed = decision.get("appointed")
        rows.extend(
            [
                (
                    pgettext("label: the candidate appointed", "Appointed"),
                    gettext("No one is appointed")
                    if appointed is None
                    else f"{names.get(appointed, appointed)} ({appointed})",
                ),
                (gettext("Reasons for the decision"), _words(decision.get("rationale"))),
                (
                    gettext("Why the tie was broken this way"),
                    _words(decision.get("tie_break_justification")),
                ),
                (gettext("Recorded at"), _words(decision.get("recorded_at"))),
                (gettext("Recorded by"), _words(decision.get("recorded_by"))),
            ]
        )
    rows.append((gettext("Community influence"), _influence_words(document, names)))
    return RecordPart(
        gettext("Decision"), (gettext("Item"), gettext("Value")), tuple(rows), words_last=True
    )


def _ranked(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    outcome = document.get("outcome") or {}
    names = {entry["id"]: entry["name"] for entry in document.get("candidates", [])}
    return sorted(
        outcome.get("candidates", []),
        key=lambda result: (result["rank"], names.get(result["id"], "").casefold()),
    )


def _ranks_part(document: Mapping[str, Any], names: Mapping[str, str]) -> RecordPart:
    rows = tuple(
        (
            names.get(result["id"], result["id"]),
            result["id"],
            result["rank"],
            _shown(result["combined_percent"]),
            _shown(result["combined_exact"]),
            _yes_no(result["appointable"]),
            _stages_in_words(result.get("below_minimum", [])),
            ", ".join(names.get(key, key) for key in result.get("tied_with", [])) or "–",
        )
        for result in _ranked(document)
    )
    return RecordPart(
        gettext("Outcome"),
        (
            gettext("Candidate"),
            gettext("Id"),
            gettext("Rank"),
            gettext("Combined percent (shown)"),
            gettext("Combined percent (exact)"),
            gettext("Appointable"),
            gettext("Below the minimum of"),
            gettext("Tied with"),
        ),
        rows,
    )


def _stage_percents_part(document: Mapping[str, Any], names: Mapping[str, str]) -> RecordPart:
    rows: list[tuple[PartCell, ...]] = []
    for result in _ranked(document):
        shares = result.get("contribution_percent") or {}
        shares_exact = result.get("contribution_exact") or {}
        for stage in document.get("stages", []):
            kind = stage["name"]
            rows.append(
                (
                    names.get(result["id"], result["id"]),
                    result["id"],
                    stage_name(kind),
                    _shown(result["stage_percent"].get(kind)),
                    _shown(result.get("stage_exact", {}).get(kind)),
                    _shown(shares.get(kind)),
                    _shown(shares_exact.get(kind)),
                )
            )
    return RecordPart(
        gettext("Stage percents"),
        (
            gettext("Candidate"),
            gettext("Id"),
            gettext("Stage"),
            gettext("Percent (shown)"),
            gettext("Percent (exact)"),
            gettext("Share of the combined percent (shown)"),
            gettext("Share of the combined percent (exact)"),
        ),
        tuple(rows),
    )


def _without_community_part(document: Mapping[str, Any], names: Mapping[str, str]) -> RecordPart:
    influence = (document.get("outcome") or {}).get("community_influence") or {}
    rows = tuple(
        (
            names.get(result["id"], result["id"]),
            result["id"],
            result["rank"],
            _shown(influence.get("rank_without", {}).get(result["id"])),
            _shown(influence.get("combined_exact_without", {}).get(result["id"])),
            _shown(influence.get("appointable_without", {}).get(result["id"])),
        )
        for result in _ranked(document)
    )
    return RecordPart(
        gettext("Without the community"),
        (
            gettext("Candidate"),
            gettext("Id"),
            gettext("Rank"),
            gettext("Rank without the community"),
            gettext("Combined percent without the community (exact)"),
            gettext("Appointable without the community"),
        ),
        rows if influence else (),
    )


def _consensus_parts(document: Mapping[str, Any]) -> tuple[RecordPart, RecordPart]:
    """The consensus scores, and the words said with them (the rationale, any dissent and its
    reason, the reason for a change), one per row so that only the words wrap."""
    entries = document.get("consensus")
    if entries is None:
        # Locked before the consensus was kept in the record: its scores are in the stage
        # scores, but not the words.
        entries = [
            {"id": entry["id"], "name": entry["name"], "score": score}
            for entry in document.get("candidates", [])
            for score in entry["stage_scores"].get("community", [])
        ]
    scores: list[tuple[PartCell, ...]] = []
    words: list[tuple[PartCell, ...]] = []
    for entry in entries:
        quality = (
            _not_recorded()
            if "quality" not in entry
            else entry["quality"] or pgettext("a consensus on no one quality", "Overall")
        )
        scores.append(
            (entry["name"], entry["id"], _words(entry.get("event")), quality, entry["score"])
        )
        for key, label in (
            ("rationale", gettext("Rationale")),
            ("dissent", gettext("Dissent")),
            ("dissent_reason", gettext("Reason for the dissent")),
            ("change_reason", gettext("Reason for a change")),
        ):
            words.append((entry["name"], entry["id"], quality, label, _words(entry.get(key))))
    return (
        RecordPart(
            gettext("Consensus"),
            (
                gettext("Candidate"),
                gettext("Id"),
                gettext("Event"),
                gettext("Quality"),
                gettext("Consensus score"),
            ),
            tuple(scores),
        ),
        RecordPart(
            gettext("Consensus reasons"),
            (
                gettext("Candidate"),
                gettext("Id"),
                gettext("Quality"),
                gettext("What"),
                gettext("Words"),
            ),
            tuple(words),
            words_last=True,
        ),
    )


def _interview_part(document: Mapping[str, Any]) -> RecordPart:
    questions = document.get("interview_questions")
    rows: list[tuple[PartCell, ...]] = []
    for entry in document.get("candidates", []):
        for number, score in enumerate(entry["stage_scores"].get("interview", []), start=1):
            if questions is None or number > len(questions):
                wording = _not_recorded()
            else:
                wording = questions[number - 1]["text"]
            rows.append((entry["name"], entry["id"], number, score, wording))
    return RecordPart(
        gettext("Interview"),
        (
            gettext("Candidate"),
            gettext("Id"),
            gettext("Question"),
            gettext("Panel's agreed score"),
            gettext("Question asked"),
        ),
        tuple(rows),
        words_last=True,
    )


def _attendance_part(document: Mapping[str, Any]) -> RecordPart:
    rows: list[tuple[PartCell, ...]] = [
        (entry["name"], entry["id"], gettext("Did not attend"), _stages_in_words(entry["missed"]))
        for entry in document.get("did_not_attend", [])
    ]
    rows.extend(
        (
            entry["name"],
            entry["id"],
            gettext("No agreed scores yet"),
            _stages_in_words(entry["missing"]),
        )
        for entry in document.get("not_ready", [])
    )
    count = document.get("recruiters_did_not_attend")
    rows.append(
        (
            gettext("Community recruiters who did not attend: %(count)s")
            % {"count": _not_recorded() if count is None else count},
            "–",
            gettext("Did not attend"),
            stage_name("community"),
        )
    )
    return RecordPart(
        gettext("Attendance"),
        (
            gettext("Who"),
            gettext("Id"),
            gettext("Recorded as"),
            gettext("Stages"),
        ),
        tuple(rows),
    )


def _notes_part() -> RecordPart:
    return RecordPart(
        gettext("Notes"),
        (gettext("Note"),),
        (
            (
                gettext(
                    "Each figure is rounded to one decimal place, so a row's parts may not add "
                    "up exactly to its combined percent."
                ),
            ),
            (
                gettext(
                    "The exact columns give each value as a fraction: ranks and ties are decided "
                    "on these, never on the rounded figures."
                ),
            ),
        ),
        labelled_rows=False,
        words_last=True,
    )


def record_parts(document: Mapping[str, Any]) -> tuple[RecordPart, ...]:
    """The parts of `decision_document`'s JSON document, in the order an auditor reads them."""
    names = {
        entry["id"]: entry["name"]
        for key in ("candidates", "not_ready", "did_not_attend")
        for entry in document.get(key, [])
    }
    consensus, consensus_words = _consensus_parts(document)
    return (
        _decision_part(document, names),
        _rules_part(document),
        _ranks_part(document, names),
        _stage_percents_part(document, names),
        _without_community_part(document, names),
        consensus,
        consensus_words,
        _interview_part(document),
        _attendance_part(document),
        _notes_part(),
    )


def record_workbook(parts: Sequence[RecordPart]) -> bytes:
    """One sheet per part, its header row first, through the one safe writer (no formulas)."""
    return workbook_bytes(
        [
            Sheet(part.title, [list(part.headers), *[list(row) for row in part.rows]])
            for part in parts
        ]
    )


def page_numbers_css(words: str) -> str:
    """A CSS `content` value saying "Page 3 of 7" in the reader's language: `words` is the
    translated "Page %(page)s of %(pages)s", its words quoted and the numbers the counters."""
    literal = words.replace("%(page)s", "\0page\0").replace("%(pages)s", "\0pages\0")
    parts = []
    for piece in literal.split("\0"):
        if piece == "page":
            parts.append("counter(page)")
        elif piece == "pages":
            parts.append("counter(pages)")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(parts)
