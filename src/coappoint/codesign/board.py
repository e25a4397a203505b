"""The co-design board for the whole room: proposals as they arrive, merges, and the dot-vote.

Read-only. Nothing here names who proposed or who voted: the board is on a projector.
The board's pages are here too (not in views.py) so co-design's existing modules stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from coappoint.codesign.models import ProposalKind
from coappoint.codesign.queries import (
    count_recruiters_voted,
    get_latest_vote,
    list_proposals,
    list_vote_results,
)
from coappoint.events.models import Event
from coappoint.events.queries import event_poll_versions, get_event
from coappoint.organisations.access import require_staff
from coappoint.organisations.models import Role
from coappoint.staff.middleware import staff_session_ends_at
from coappoint.web.stamps import (
    STAMP_PLACEHOLDER,
    answer_poll,
    event_in_url,
    issue_stamp,
    live_poll,
)

ROOM_RUNNERS = (Role.PROGRAMME_MANAGER, Role.FACILITATOR)


@dataclass(frozen=True)
class BoardProposal:
    """A proposal still standing, with the words of those merged into it."""

    text: str
    merged: tuple[str, ...]


@dataclass(frozen=True)
class BoardBar:
    """One quality's dots; `width_percent` is its bar's length against the quality with most."""

    text: str
    dots: int
    place: int
    tied: bool
    width_percent: int


@dataclass(frozen=True)
class Board:
    """Everything the board shows. `vote_open` is None before any dot-voting."""

    qualities: tuple[BoardProposal, ...]
    insights: tuple[BoardProposal, ...]
    vote_open: bool | None
    bars: tuple[BoardBar, ...]
    recruiters_voted: int
    recruiters_count: int


def _standing_newest_first(event: Event, kind: ProposalKind) -> tuple[BoardProposal, ...]:
    return tuple(
        BoardProposal(
            text=proposal.text, merged=tuple(merged.text for merged in proposal.merged.all())
        )
        for proposal in reversed(list_proposals(event, kind))
    )


def describe_board(event: Event) -> Board:
    """The event's proposals, newest first, and the newest dot-vote's dots, most first.

    A bar's length is rounded to a whole percent of the most dots; it is only a picture of the
    number shown beside it.
    """
    vote = get_latest_vote(event)
    bars: tuple[BoardBar, ...] = ()
    voted = 0
    if vote is not None:
        results = list_vote_results(vote)
        most = max((result.dots for result in results), default=0)
        bars = tuple(
            BoardBar(
                text=result.proposal.text,
                dots=result.dots,
                place=result.place,
                tied=result.tied,
                width_percent=round(100 * result.dots / most) if most else 0,
            )
            for result in results
        )
        voted = count_recruiters_voted(vote)
    return Board(
        qualities=_standing_newest_first(event, ProposalKind.QUALITY),
        insights=_standing_newest_first(event, ProposalKind.INSIGHT),
        vote_open=None if vote is None else vote.is_open,
        bars=bars,
        recruiters_voted=voted,
        recruiters_count=event.recruiters.count(),
    )


def _room_event(request: HttpRequest, organisation_slug: str, event_id: int) -> tuple[str, Event]:
    access = require_staff(request, organisation_slug, ROOM_RUNNERS)
    event = get_event(access.organisation, event_id)
    if event is None:
        raise Http404
    return access.organisation.slug, event


@require_GET
def board(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """The board for the projector."""
    slug, event = _room_event(request, organisation_slug, event_id)
    return render(
        request,
        "codesign/board.html",
        {"event": event, "organisation_slug": slug, "board": describe_board(event)},
    )


def _board_versions(event_id: int, session_key: str) -> tuple[int, ...] | None:
    # The progress counter too: the board counts the event's recruiters.
    return event_poll_versions(event_id, session_key, "board_version", "progress_version")


@live_poll(kind="board", versions=_board_versions, subject_from_url=event_in_url)
@require_GET
def board_live(request: HttpRequest, organisation_slug: str, event_id: int) -> HttpResponse:
    """The board's changing part, polled every second; 204 while nothing on it changed."""
    slug, event = _room_event(request, organisation_slug, event_id)
    issued = issue_stamp(
        request, board_live, subject=event.pk, valid_until=staff_session_ends_at(request)
    )
    html = render_to_string(
        "codesign/board_live.html",
        {
            "event": event,
            "organisation_slug": slug,
            "board": describe_board(event),
            "poll_stamp": STAMP_PLACEHOLDER,
        },
        request=request,
    )
    return answer_poll(request, issued, html)
