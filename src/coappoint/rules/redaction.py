"""Taking people's names out of free text: each name becomes the person's pseudonym.

When a person's data is forgotten, words others wrote about them (a decision's reasons, a
group's rationale) stay, since they explain a decision, but the person's name must go. The name
is looked for as a whole word, case-insensitively: the full name, and each part of it of
`SHORTEST_PART_LETTERS` letters or more, longest first, so "Priya Shah", "priya" and "SHAH" all
go while "Shahid" and "Samuel" (for "Sam") stay. Parts shorter than that ("Al", "Li") are
left alone: as words on their own they are too often other words ("al", "li", "an").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

SHORTEST_PART_LETTERS = 3

_HYPHENS = re.compile(r"[\-‐‑]+")


def name_parts(name: str) -> tuple[str, ...]:
    """The parts of `name` looked for on their own, those of 3 letters or more: its words, and
    a hyphenated word's pieces ("Mary-Jane Smith-Jones": Mary-Jane, Mary, Jane, Smith-Jones,
    Smith, Jones)."""
    parts: list[str] = []
    for word in name.split():
        pieces = [piece for piece in _HYPHENS.split(word) if piece]
        for part in (word, *pieces) if len(pieces) > 1 else (word,):
            if sum(c.isalpha() for c in part) >= SHORTEST_PART_LETTERS and part not in parts:
                parts.append(part)
    return tuple(parts)


def _pattern(words: str) -> str:
    """`words` as a regular expression matching any run of white space between its words."""
    return r"\s+".join(re.escape(word) for word in words.split())


def redact_names(text: str, names: Mapping[str, str]) -> str:
    """`text` with every name in `names` replaced by its pseudonym.

    `names` maps each person's pseudonym (what replaces the name, such as "Candidate c12") to
    their name ("Priya Shah"). The full name and each of its parts of 3 letters or more are
    replaced where they stand as a whole word (never inside another word), whatever their case,
    longest first, in one pass: a pseudonym put in is never looked at again. A part two people
    share ("Shah" of "Priya Shah" and "Ravi Shah") becomes both pseudonyms, "Candidate c12 /
    Candidate c14", since the text alone cannot say which of them it means.

    Text without any of the names comes back unchanged; redacting twice changes nothing more,
    as long as no pseudonym holds a name part as a word.
    """
    # Each name and part once, whatever its case: its words as first written, and whose it is.
    by_words: dict[str, tuple[str, set[str]]] = {}
    for pseudonym, name in names.items():
        for words in (name, *name_parts(name)) if name.strip() else ():
            spaced = " ".join(words.split())
            by_words.setdefault(spaced.casefold(), (spaced, set()))[1].add(pseudonym)
    if not by_words:
        return text
    ordered = sorted(by_words.values(), key=lambda entry: (-len(entry[0]), entry[0]))
    replacements = [" / ".join(sorted(pseudonyms)) for _words, pseudonyms in ordered]
    alternatives = "|".join(f"({_pattern(words)})" for words, _pseudonyms in ordered)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def replaced(match: re.Match[str]) -> str:
        assert match.lastindex is not None
        return replacements[match.lastindex - 1]

    return pattern.sub(replaced, text)
