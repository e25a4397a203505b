"""The "what you need to know about this area" sheet, as a page and a printable PDF."""

from __future__ import annotations

import subprocess

import pytest
from django.test import Client

from coappoint.codesign.models import ProposalKind
from tests.codesign.conftest import staff_url
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_the_insights_sheet_lists_the_insights_with_merged_ones_collapsed(
    facilitator_client: Client, event
) -> None:
    mill = ProposalFactory.create(
        event=event, kind=ProposalKind.INSIGHT, text="The old mill closed in 1998."
    )
    ProposalFactory.create(
        event=event, kind=ProposalKind.INSIGHT, text="Mill shut in 98", merged_into=mill
    )
    ProposalFactory.create(event=event, kind=ProposalKind.INSIGHT, text="Market day is Thursday.")
    ProposalFactory.create(event=event, kind=ProposalKind.QUALITY, text="Good listener")

    page = facilitator_client.get(staff_url("insights", event)).content.decode()
    response = facilitator_client.get(staff_url("insights_pdf", event))
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()

    assert response["Content-Type"] == "application/pdf"
    for shown in (page, text):
        assert "What you need to know about this area" in shown
        assert "The old mill closed in 1998." in shown
        assert "Market day is Thursday." in shown
        assert "Mill shut in 98" not in shown
        assert "Good listener" not in shown
