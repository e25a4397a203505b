"""`audit.services.record`: the actions enumeration, `at` as given, actors by kind and id."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from coappoint.audit import services as audit
from coappoint.audit.actions import ActorKind, AuditAction
from tests.factories import CandidateFactory, RecruiterFactory, UserFactory

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "coappoint"
GIVEN = datetime.datetime(2026, 3, 14, 9, 26, 53, tzinfo=datetime.UTC)


def test_the_row_is_dated_with_the_now_the_service_was_given() -> None:
    recruiter = RecruiterFactory.create()
    row = audit.record(
        action=AuditAction.RECRUITER_CHECKED_IN,
        actor=recruiter,
        organisation=recruiter.organisation,
        now=GIVEN,
        target=recruiter,
    )
    row.refresh_from_db()
    assert row.at == GIVEN


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (UserFactory.create, ActorKind.STAFF),
        (RecruiterFactory.create, ActorKind.RECRUITER),
        (CandidateFactory.create, ActorKind.CANDIDATE),
    ],
)
def test_staff_recruiters_and_candidates_are_recorded_by_kind_and_id(make, kind) -> None:
    person = make()
    row = audit.record(action=AuditAction.DEMO_LOADED, actor=person, organisation=None, now=GIVEN)
    assert (row.actor_kind, row.actor_id) == (kind, person.pk)


def test_an_action_outside_the_enumeration_is_refused() -> None:
    with pytest.raises(ValueError, match="not an AuditAction"):
        audit.record(
            action="scoring.invented",  # type: ignore[arg-type]
            actor=audit.SYSTEM,
            organisation=None,
            now=GIVEN,
        )


def test_every_action_a_service_records_is_a_member_with_words_for_people() -> None:
    used = set()
    for path in SRC.rglob("*.py"):
        used |= set(re.findall(r"AuditAction\.([A-Z_0-9]+)", path.read_text()))
    assert used <= set(AuditAction.names)
    for action in AuditAction:
        assert "." not in str(action.label)
        assert str(action.label)[0].isupper()


def test_the_accounts_actions_are_ready() -> None:
    for name in (
        "INVITATION_SENT",
        "INVITATION_ACCEPTED",
        "INVITATION_REVOKED",
        "ROLE_ADDED",
        "ROLE_REMOVED",
        "ACCESS_REMOVED",
        "PASSWORD_CHANGED",
        "PASSWORD_RESET",
        "TWO_FACTOR_SET_UP",
        "RECOVERY_CODES_REGENERATED",
        "TWO_FACTOR_RESET",
        "ORGANISATION_CREATED",
        "SUPPORT_ADMIN_CHANGED",
        "SUPPORT_ADMIN_DELETED",
    ):
        assert name in AuditAction.names
