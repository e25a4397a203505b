"""A link and a code together: at sign-up (all or nothing) and when staff reissue them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.recruiters.services import RecruiterDetails, SignUpClosed
from coappoint.signin.models import AccessCode, SignInLink
from coappoint.signin.services import (
    issue_credentials,
    sign_up_with_credentials,
    use_access_code,
    use_sign_in_link,
)
from tests.factories import RecruiterFactory, SignUpLinkFactory, staff_member

pytestmark = pytest.mark.django_db


def _token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def test_signing_up_gives_the_new_recruiter_a_code_and_a_link_that_both_sign_them_in() -> None:
    sign_up_link = SignUpLinkFactory.create()

    signed_up = sign_up_with_credentials(
        sign_up_link=sign_up_link, details=RecruiterDetails(full_name="Amina Hassan", phone="1")
    )

    recruiter = signed_up.recruiter
    assert recruiter.event == sign_up_link.event
    by_code = use_access_code(typed_code=signed_up.code.code, ip_address="192.0.2.1")
    by_link = use_sign_in_link(token=_token(signed_up.link.url))
    assert by_code.person == by_link.person == recruiter
    assert by_code.event == by_link.event == sign_up_link.event
    assert set(
        AuditEvent.objects.filter(actor_kind="recruiter", actor_id=recruiter.pk).values_list(
            "action", flat=True
        )
    ) >= {"recruiter.signed_up", "access_code.issued", "sign_in_link.issued"}


def test_signing_up_at_a_closed_link_writes_nothing() -> None:
    sign_up_link = SignUpLinkFactory.create(closed_at=timezone.now())

    with pytest.raises(SignUpClosed):
        sign_up_with_credentials(
            sign_up_link=sign_up_link, details=RecruiterDetails(full_name="Amina Hassan")
        )

    assert not CommunityRecruiter.objects.exists()
    assert not AccessCode.objects.exists()
    assert not SignInLink.objects.exists()
    assert not AuditEvent.objects.exists()


def test_reissued_credentials_replace_the_old_code_and_are_audited_as_the_staff_member() -> None:
    recruiter = RecruiterFactory.create()
    facilitator = staff_member(recruiter.organisation, Role.FACILITATOR)
    first = issue_credentials(
        person=recruiter,
        organisation=recruiter.organisation,
        event=recruiter.event,
        actor=facilitator,
    )

    second = issue_credentials(
        person=recruiter,
        organisation=recruiter.organisation,
        event=recruiter.event,
        actor=facilitator,
    )

    assert first.code.code != second.code.code
    assert AccessCode.objects.get(revoked_at__isnull=True).recruiter == recruiter
    assert SignInLink.objects.filter(recruiter=recruiter).count() == 2
    actions = list(
        AuditEvent.objects.filter(actor_kind="staff", actor_id=facilitator.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "sign_in_link.issued",
        "access_code.issued",
        "sign_in_link.issued",
        "access_code.reissued",
    ]
