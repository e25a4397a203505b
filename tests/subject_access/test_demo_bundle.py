"""The issue's test: a demo candidate's bundle holds what is about them and nobody's name."""

from __future__ import annotations

import io
import json
import subprocess
import tempfile
import uuid
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.campaigns.models import Candidate
from coappoint.candidates.services import change_candidate, record_adjustment_request
from coappoint.codesign.models import CriteriaVersion
from coappoint.deliberation.models import Consensus
from coappoint.events.models import Event
from coappoint.organisations.models import Membership, Organisation, Role
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.scoring.models import Score, ScoreSheet
from coappoint.signin.services import invite_candidates_with_sign_in_links

pytestmark = pytest.mark.django_db


def _pdf_text(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bundle.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout


def test_a_demo_candidates_bundle_holds_what_is_about_them_and_no_recruiters_or_staff_names(
    client: Client, django_capture_on_commit_callbacks: object
) -> None:
    call_command("demo")
    organisation = Organisation.objects.get()
    event = Event.objects.get(organisation=organisation)
    manager = User.objects.get(
        memberships__organisation=organisation, memberships__role=Role.PROGRAMME_MANAGER
    )
    priya = Candidate.objects.get(organisation=organisation, first_name="Priya")
    tom = CommunityRecruiter.objects.get(event=event, full_name="Tom Price")
    record_adjustment_request(
        candidate=priya,
        interpreter_language="",
        interview_needs="Questions written down as well as spoken",
        needs="A seat near the door",
    )
    change_candidate(
        candidate=priya,
        first_name="Priya",
        last_name="Shah",
        chosen_name="",
        email="priya.shah@example.com",
        phone="07700 900123",
        actor=manager,
    )
    invite_candidates_with_sign_in_links(event=event, candidates=[priya], actor=manager)
    criteria = CriteriaVersion.objects.filter(event=event).order_by("-number").first()
    assert criteria is not None
    kindness = criteria.criteria.order_by("position").first()
    assert kindness is not None
    sheet = ScoreSheet.objects.create(
        organisation=organisation,
        event=event,
        recruiter=tom,
        candidate=priya,
        criteria_version=criteria,
        comfortable="yes",
        comment="Asked about the youth club and really listened",
        submitted_at=timezone.now(),
        idempotency_key=uuid.uuid4(),
    )
    Score.objects.create(organisation=organisation, sheet=sheet, criterion=kindness, value=4)
    Consensus.objects.create(
        organisation=organisation,
        event=event,
        candidate=priya,
        quality=kindness,
        consensus_score=4,
        rationale="Everyone saw her warmth with the older residents",
        recorded_by=manager,
        recorded_at=timezone.now(),
    )

    client.force_login(manager)
    start = reverse("subject_access:start", args=[organisation.slug])
    client.post(
        start + "?q=priya",
        {
            "person": f"candidate-{priya.pk}",
            "received_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    detail = client.get(reverse("subject_access:list", args=[organisation.slug]))
    assert "Priya Shah" in detail.content.decode()
    from coappoint.subject_access.models import SubjectAccessRequest

    request = SubjectAccessRequest.objects.get()
    client.post(
        reverse("subject_access:identity_check", args=[organisation.slug, request.pk]),
        {"method": "contact_details", "note": ""},
    )
    response = client.post(reverse("subject_access:bundle", args=[organisation.slug, request.pk]))

    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    json_text = archive.read("subject-access.json").decode()
    sections = json.loads(json_text)["sections"]
    pdf_text = _pdf_text(archive.read("subject-access.pdf"))
    for text in (json_text, " ".join(pdf_text.split())):
        assert "Priya" in text
        assert "Shah" in text
        assert "priya.shah@example.com" in text
        assert "A seat near the door" in text
        assert "Questions written down as well as spoken" in text
        assert "Asked about the youth club and really listened" in text
        assert "Everyone saw her warmth with the older residents" in text
        assert "Your invitation to the community recruitment day" in text
        assert "A community recruiter" in text
    assert sections["community_scores"][0]["scores"] == "Kindness: 4"
    assert sections["consensus"][0]["score"] == "4"
    assert sections["messages"]
    actions = {row["action"] for row in sections["audit"]}
    assert "Candidate's details changed" in actions
    everyone_else = [
        *CommunityRecruiter.objects.filter(organisation=organisation).values_list(
            "full_name", flat=True
        ),
        *User.objects.filter(
            pk__in=Membership.objects.filter(organisation=organisation).values("user")
        ).values_list("full_name", flat=True),
    ]
    assert len(everyone_else) == 14
    pdf_words = " ".join(pdf_text.split())
    for name in everyone_else:
        assert name not in json_text, name
        assert name not in pdf_words, name
        assert name.split()[-1] not in json_text, name
