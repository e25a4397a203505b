"""Thanks paid and recorded; and nothing to do before a decision exists."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from coappoint.accounts.models import User
from coappoint.closing.models import RecruiterMessage, ThanksPayment
from coappoint.recruiters.models import ThanksKind, ThanksStatus
from tests.closing.conftest import Closing, audit_text, make_closing
from tests.factories import ThanksRecordFactory

pytestmark = pytest.mark.django_db


def test_an_accepted_voucher_is_marked_as_paid_with_its_reference_and_audited(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    record = ThanksRecordFactory.create(recruiter=closing.amina, status=ThanksStatus.ACCEPTED)
    declined = ThanksRecordFactory.create(
        recruiter=closing.bryn, kind=ThanksKind.PAYMENT, status=ThanksStatus.DECLINED
    )
    client = staff_client(closing.manager)
    page = client.get(closing.url("closing:thanks")).content.decode()
    assert "Amina Hassan" in page
    assert "£25" in page
    assert "Nothing to pay" in page  # Bryn declined

    response = client.post(closing.url("closing:thanks_paid", record.pk), {"reference": "V-118"})
    assert response.status_code == 302
    payment = ThanksPayment.objects.get()
    assert (payment.thanks_record, payment.reference, payment.paid_by) == (
        record,
        "V-118",
        closing.manager,
    )
    assert "thanks_payment.recorded" in audit_text()
    assert "V-118" in client.get(closing.url("closing:thanks")).content.decode()

    client.post(closing.url("closing:thanks_paid", record.pk), {"reference": "again"})
    client.post(closing.url("closing:thanks_paid", declined.pk), {"reference": "x"})
    assert ThanksPayment.objects.count() == 1


def test_a_reference_too_long_is_refused_with_an_error(
    closing: Closing, staff_client: Callable[[User], Client]
) -> None:
    record = ThanksRecordFactory.create(recruiter=closing.amina, status=ThanksStatus.ACCEPTED)
    response = staff_client(closing.manager).post(
        closing.url("closing:thanks_paid", record.pk), {"reference": "x" * 101}
    )
    assert response.status_code == 400
    assert "Reference must be 100 characters or fewer" in response.content.decode()
    assert not ThanksPayment.objects.exists()


def test_before_a_decision_the_page_says_so_and_nothing_can_be_done(
    staff_client: Callable[[User], Client],
) -> None:
    closing = make_closing(decided=False)
    client = staff_client(closing.manager)
    page = client.get(closing.url("closing:overview")).content.decode()
    assert "No decision has been recorded for this campaign yet" in page
    response = client.post(
        closing.url("closing:message", "en"),
        {"subject": "S", "body": "B", "action": "approve"},
    )
    assert response.status_code == 302
    assert not RecruiterMessage.objects.exists()
    for url in (
        closing.url("closing:message", "en"),
        closing.url("closing:send"),
        closing.url("closing:feedback", closing.sam.pk),
        closing.url("closing:thanks"),
    ):
        assert client.get(url).status_code == 302, url
