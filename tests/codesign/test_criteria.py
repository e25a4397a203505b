"""Wording the chosen qualities makes a new criteria version; a locked version never changes."""

from __future__ import annotations

import pytest
from django.test import Client

from coappoint.audit.models import AuditEvent
from coappoint.codesign.models import CriteriaVersion
from coappoint.codesign.services import CodesignRefused, lock_current_criteria, word_criteria
from coappoint.codesign.services import CriterionWording as Wording
from coappoint.organisations.models import Role
from tests.codesign.conftest import staff_url
from tests.factories import ProposalFactory, staff_member

pytestmark = pytest.mark.django_db


def test_the_facilitator_chooses_and_words_qualities_into_version_1_then_2(
    facilitator_client: Client, event
) -> None:
    listener = ProposalFactory.create(event=event, text="Good listener")
    ProposalFactory.create(event=event, text="Punctual")
    honest = ProposalFactory.create(event=event, text="Honest")

    chosen = facilitator_client.post(
        staff_url("choose_qualities", event), {"qualities": [str(listener.pk), str(honest.pk)]}
    )
    word_url = chosen["Location"]
    form = facilitator_client.get(word_url).content.decode()
    made = facilitator_client.post(
        word_url,
        {
            "name_0": "Listens",
            "good_0": "Lets people finish and asks about them.",
            "name_1": "Honest",
            "good_1": "Says what they can and cannot do.",
        },
    )
    again = facilitator_client.post(
        staff_url("word_criteria", event),
        {
            "name_0": "Listens well",
            "good_0": "Lets people finish.",
            "name_1": "Honest",
            "good_1": "Open.",
        },
    )

    assert 'value="Good listener"' in form
    assert made.status_code == again.status_code == 302
    first, second = CriteriaVersion.objects.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert [(c.position, c.name) for c in first.criteria.all()] == [(1, "Listens"), (2, "Honest")]
    assert [c.name for c in second.criteria.all()] == ["Listens well", "Honest"]
    assert AuditEvent.objects.filter(action="criteria.worded").count() == 2
    versions = facilitator_client.get(staff_url("criteria", event)).content.decode()
    assert "Version 2" in versions
    assert "Version 1" in versions


def test_every_chosen_quality_needs_a_name_and_what_good_looks_like(
    facilitator_client: Client, event
) -> None:
    listener = ProposalFactory.create(event=event, text="Good listener")

    response = facilitator_client.post(
        staff_url("word_criteria", event) + f"?quality={listener.pk}",
        {"name_0": "Listens", "good_0": ""},
    )

    assert response.status_code == 400
    assert "Describe what good looks like for quality 1" in response.content.decode()
    assert not CriteriaVersion.objects.exists()


def test_after_the_criteria_are_locked_no_new_version_can_be_made(
    facilitator_client: Client, event
) -> None:
    listener = ProposalFactory.create(event=event)
    actor = staff_member(event.organisation, Role.FACILITATOR)
    word_criteria(event=event, criteria=[Wording("Listens", "Lets people finish.")], actor=actor)
    lock_current_criteria(event=event, actor=actor)

    with pytest.raises(CodesignRefused, match="criteria are locked"):
        word_criteria(event=event, criteria=[Wording("Kind", "Is kind.")], actor=actor)
    page = facilitator_client.get(staff_url("word_criteria", event), follow=True)
    posted = facilitator_client.post(
        staff_url("word_criteria", event) + f"?quality={listener.pk}",
        {"name_0": "Kind", "good_0": "Is kind."},
        follow=True,
    )

    assert "cannot be changed" in page.content.decode()
    assert "cannot be changed" in posted.content.decode()
    assert CriteriaVersion.objects.count() == 1
