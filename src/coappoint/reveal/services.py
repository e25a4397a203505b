"""The reveal's writes: revealing when due, revealing by hand, closing with a reason, refusing.

Each function runs inside the caller's `transaction.atomic`, with the round's row locked by the
caller (`select_for_update`), so that of two last sheets sent at the same moment exactly one
reveals. The audit rows written here hold counts and the closing reason, never a score value.
The caller passes its own refusals (exceptions with its own words for the person who asked).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.reveal.models import PrivateRound
from coappoint.rules.sheets import SheetsOwed, automatic_reveal_due, manual_reveal_allowed


def _require_transaction() -> None:
    # Outside a transaction the round's row lock would end before the reveal is recorded.
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Call the reveal inside the caller's transaction.atomic.")


def refuse_once_revealed(
    private_round: PrivateRound, *, revealed: Exception, closed: Exception | None = None
) -> None:
    """Raise `closed` if the round was closed (else `revealed`), or `revealed` after the reveal.

    After the reveal no sheet is accepted: a sheet written once the group has seen the spread
    is not independent. Nor can scoring be closed, since closing is a reveal.
    """
    if closed is not None and private_round.closed_at is not None:
        raise closed
    if private_round.revealed_at is not None:
        raise revealed


def _record_reveal(
    private_round: PrivateRound,
    *,
    owed: SheetsOwed,
    actor: audit.ActorLike,
    because: str,
    now: datetime,
) -> None:
    private_round.revealed_at = now
    private_round.save(update_fields=["revealed_at"])
    audit.record(
        now=now,
        organisation=private_round.organisation,
        actor=actor,
        action=private_round.actions.revealed,
        target=private_round,
        after={"because": because, "sheets_sent": len(owed.submitted)},
    )


def reveal_when_due(
    private_round: PrivateRound, *, owed: SheetsOwed, actor: audit.ActorLike, now: datetime
) -> bool:
    """Record the automatic reveal if it is due (rules.sheets.automatic_reveal_due); True if so.

    Call it after every change that can leave nothing pending (a sheet sent, a meeting marked
    missed, a conflict declared, the panel changed), with `owed` read after that change.
    """
    _require_transaction()
    if private_round.revealed_at is not None or not automatic_reveal_due(owed):
        return False
    _record_reveal(private_round, owed=owed, actor=actor, because="no sheet is pending", now=now)
    return True


def reveal_by_hand(
    private_round: PrivateRound,
    *,
    owed: SheetsOwed,
    actor: User,
    now: datetime,
    still_pending: Exception,
) -> None:
    """Staff reveal with nothing pending, even with no sheet in.

    rules.sheets.manual_reveal_allowed decides. Raises `still_pending` while a sheet is pending;
    does nothing once revealed.
    """
    _require_transaction()
    if private_round.revealed_at is not None:
        return
    if not manual_reveal_allowed(owed):
        raise still_pending
    _record_reveal(
        private_round,
        owed=owed,
        actor=actor,
        because="no sheet is pending; revealed by staff",
        now=now,
    )


def close_with_reason(
    private_round: PrivateRound,
    *,
    reason: str,
    owed: SheetsOwed,
    actor: User,
    now: datetime,
    revealed: Exception,
    closed: Exception,
) -> None:
    """Close scoring with a recorded reason: no more sheets, and what was sent is revealed.

    Refused (raising `closed`, or `revealed`) once closed or revealed. The caller checks that a
    reason was given, in its own words, before it opens the transaction.
    """
    _require_transaction()
    reason = reason.strip()
    if not reason:
        raise ValueError("Closing scoring needs a reason.")
    refuse_once_revealed(private_round, revealed=revealed, closed=closed)
    private_round.closed_at = now
    private_round.closed_by = actor
    private_round.close_reason = reason
    private_round.revealed_at = now
    private_round.save(update_fields=["closed_at", "closed_by", "close_reason", "revealed_at"])
    audit.record(
        now=now,
        organisation=private_round.organisation,
        actor=actor,
        action=private_round.actions.closed,
        target=private_round,
        after={
            "reason": audit.text_on(private_round, "close_reason"),
            "sheets_still_pending": len(owed.pending),
        },
    )
