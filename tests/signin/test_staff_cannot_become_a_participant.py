"""Leak test: staff try to become a recruiter or a candidate, and read what is theirs alone.

A secret is planted (a recruiter's private comment before the reveal; a candidate's equality
answers), then every staff role tries the attacks from the security issue: issue the recruiter a
fresh sign-in, or re-invite the candidate, and fish the link or code out of any staff page
(the sign-in page, the outbox, the lists, the audit log). No staff page may hold a usable sign-in;
and even a sign-in that reached staff some other way (a mailbox they control) opens a session
that shows neither secret, and whatever it sends is marked in the audit log.
"""

from __future__ import annotations

import re
import uuid
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.audit.models import AuditEvent
from coappoint.candidates.models import EQUALITY_QUESTIONS, PREFER_NOT_TO_SAY
from coappoint.notify.models import OutboxMessage
from coappoint.organisations.models import Role
from coappoint.scoring.services import start_scoring
from tests.factories import CandidateFactory, staff_member
from tests.scoring.conftest import Day, make_day, sign_in

pytestmark = pytest.mark.django_db

SECRET = "SECRET-ONLY-AMINA-KNOWS"
LINK = re.compile(r"/sign-in/link/([A-Za-z0-9_\-]+)/")
CODE = re.compile(r"^([A-Z2-9]{4} [A-Z2-9]{4})$", re.MULTILINE)


def _staff(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sign_ins_sent() -> list[str]:
    """Every link token and code ever emailed: what must appear on no staff page."""
    found: list[str] = []
    for body in OutboxMessage.objects.values_list("body", flat=True):
        found += LINK.findall(body)
        for code in CODE.findall(body):
            found += [code, code.replace(" ", "")]
    return found


def _assert_no_sign_in_and_no_secret(html: str, where: str) -> None:
    text = unescape(html)
    assert SECRET not in text, where
    assert not LINK.search(text), where
    for secret in _sign_ins_sent():
        assert secret not in text, where


def _staff_pages(day: Day, with_outbox: bool) -> list[str]:
    slug, event = day.event.organisation.slug, day.event
    pages = [
        reverse("events:detail", args=[slug, event.pk]),
        reverse("recruiters:event_recruiters", args=[slug, event.pk]),
        reverse("audit:list", args=[slug]),
        day.url("scoring:event_scoring"),
        day.url("scoring:conversations"),
        day.url("scoring:correct_sheet", day.amina.pk, day.sam.pk),
        *(
            reverse("signin:recruiter_credentials", args=[slug, event.pk, recruiter.pk])
            for recruiter in (day.amina, day.bob, day.chen)
        ),
    ]
    if with_outbox:
        pages.append(reverse("notify:outbox", args=[slug]))
    return pages


def _crawl(client: Client, urls: list[str]) -> None:
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 403), (url, response.status_code)
        _assert_no_sign_in_and_no_secret(response.content.decode(), url)


def _newest_sign_in_emailed(to: str) -> str:
    """The link path emailed to `to`: as an attacker who controls that mailbox would read it."""
    body = OutboxMessage.objects.filter(recipient=to).first().body  # type: ignore[union-attr]
    match = LINK.search(body)
    assert match is not None
    return match.group(0)


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.PROGRAMME_MANAGER])
def test_staff_who_reissue_a_recruiters_sign_in_never_read_their_private_sheet(role) -> None:
    day = make_day()
    start_scoring(event=day.event, actor=day.facilitator, now=timezone.now())
    day.amina.email = "amina@example.com"
    day.amina.save(update_fields=["email"])
    phone = sign_in(Client(), day.amina)
    sent = phone.post(
        reverse("scoring:recruiter_sheet", args=[day.sam.pk]),
        day.answers(5, 1, comment=SECRET, idempotency_key=str(uuid.uuid4())),
    )
    assert sent.status_code == 302
    assert (
        SECRET in phone.get(reverse("scoring:recruiter_sheet", args=[day.sam.pk])).content.decode()
    )
    attacker = staff_member(day.event.organisation, role)
    staff = _staff(attacker)
    pages = _staff_pages(day, with_outbox=role == Role.PROGRAMME_MANAGER)
    _crawl(staff, pages)

    # The attack: issue Amina a fresh sign-in (she has signed in, so a reason is required).
    sign_in_page = reverse(
        "signin:recruiter_credentials",
        args=[day.event.organisation.slug, day.event.pk, day.amina.pk],
    )
    assert staff.post(sign_in_page, {"reason": ""}).status_code == 400
    issued = staff.post(sign_in_page, {"reason": "Checking her sheet"}, follow=True)
    _assert_no_sign_in_and_no_secret(issued.content.decode(), sign_in_page)
    _crawl(staff, pages)
    listed = staff.get(pages[1]).content.decode()
    assert f"Sign-in reissued by {attacker}" in listed
    assert "Checking her sheet" in listed

    # Even with the emailed link in hand (a mailbox staff control), the sheet stays hidden.
    browser = Client()
    assert browser.post(_newest_sign_in_emailed("amina@example.com")).status_code == 302
    for url in (
        reverse("recruiters:home"),
        reverse("scoring:recruiter_sheets"),
        reverse("scoring:recruiter_sheet", args=[day.sam.pk]),
    ):
        html = browser.get(url).content.decode()
        assert SECRET not in html, url
        assert "5 – Excellent" not in html, url
    assert (
        "Sent at"
        in browser.get(reverse("scoring:recruiter_sheet", args=[day.sam.pk])).content.decode()
    )

    # And a sheet sent from there says, in the audit log, that staff issued that session.
    browser.post(
        reverse("scoring:recruiter_sheet", args=[day.priya.pk]),
        day.answers(idempotency_key=str(uuid.uuid4())),
    )
    row = AuditEvent.objects.filter(action="score_sheet.submitted").first()
    assert row is not None
    assert row.after is not None
    assert row.after["sent_from_a_session_staff_issued"] is True
    assert not any(
        SECRET in str([event.before, event.after, event.target_type, event.target_id])
        for event in AuditEvent.objects.all()
    )


def test_a_programme_manager_who_reinvites_a_candidate_never_reads_their_equality_answers() -> None:
    day = make_day()
    organisation = day.event.organisation
    grace = CandidateFactory.create(
        campaign=day.event.campaign, first_name="Grace", email="grace@example.com"
    )
    manager = _staff(day.manager)
    invite = reverse("candidates:invite", args=[organisation.slug, day.event.campaign.pk])
    assert (
        manager.post(invite, {"event": day.event.pk, "candidates": [grace.pk]}).status_code == 302
    )
    # Grace signs in from her own inbox and answers.
    own = Client()
    assert own.post(_newest_sign_in_emailed("grace@example.com")).status_code == 302
    answers = {**dict.fromkeys(EQUALITY_QUESTIONS, PREFER_NOT_TO_SAY), "religion": "sikh"}
    equality = reverse("candidates:my_equality_monitoring")
    assert own.post(equality, answers).status_code == 302

    # The attack: re-invite her, and look for the new link on every page a manager sees.
    assert (
        manager.post(invite, {"event": day.event.pk, "candidates": [grace.pk]}).status_code == 302
    )
    campaign_pages = [
        reverse(f"candidates:{name}", args=[organisation.slug, day.event.campaign.pk])
        for name in ("list", "adjustments", "equality")
    ]
    for url in [reverse("notify:outbox", args=[organisation.slug]), *campaign_pages]:
        response = manager.get(url)
        assert response.status_code in (200, 403), url
        html = unescape(response.content.decode())
        assert not LINK.search(html), url
        for secret in _sign_ins_sent():
            assert secret not in html, url
        assert "Sikh" not in html, url

    # With the link from her mailbox, the session shows no answer of hers.
    stolen = Client()
    assert stolen.post(_newest_sign_in_emailed("grace@example.com")).status_code == 302
    html = unescape(stolen.get(equality).content.decode())
    assert " checked" not in html
    assert 'value="sikh" checked' not in html
    assert "You answered on" in html
    assert "Sikh" not in unescape(stolen.get(reverse("events:candidate_home")).content.decode())
