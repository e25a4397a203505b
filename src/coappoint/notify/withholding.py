"""What staff see of a kept email: the body without anyone's personal sign-in link or code.

No page shown to staff may hold another person's usable sign-in (shared/PRODUCT.md), and the
outbox is a staff page. The kept message itself stays whole: it is what was sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Any address of a personal link (signin's /sign-in/link/<token>/), with or without the site:
# a safety net for messages whose sender did not say what to withhold, and for older messages.
SIGN_IN_LINK = re.compile(r"\S*/sign-in/link/[^\s/]+/?")

Span = tuple[int, int]


def _merged(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def find_withheld_spans(body: str, withheld: Iterable[str] = ()) -> list[Span]:
    """Where in `body` each withheld text, and any sign-in link, is: merged, in order."""
    spans: list[Span] = [match.span() for match in SIGN_IN_LINK.finditer(body)]
    for text in withheld:
        start = body.find(text) if text else -1
        while start != -1:
            spans.append((start, start + len(text)))
            start = body.find(text, start + len(text))
    return _merged(spans)


def withhold(body: str, spans: Sequence[Sequence[int]], *, marker: str) -> str:
    """`body` with each of `spans`, and any sign-in link in it, replaced by `marker`."""
    every = find_withheld_spans(body) + [(int(start), int(end)) for start, end in spans]
    shown, at = [], 0
    for start, end in _merged(every):
        shown += [body[at:start], marker]
        at = end
    shown.append(body[at:])
    return "".join(shown)
