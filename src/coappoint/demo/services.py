"""Load the demo once, and issue fresh sign-in links for every demo person."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.campaigns.models import Campaign, Candidate, Stage, Vacancy
from coappoint.campaigns.services import lock_campaign_rules
from coappoint.codesign.models import ProposalKind
from coappoint.codesign.services import CriterionWording, make_proposal, word_criteria
from coappoint.events.models import AgendaBlock, Event, HowTold
from coappoint.events.services import DAY_AGENDA, place_on_the_day
from coappoint.organisations.models import Area, Membership, Organisation, Programme, Role
from coappoint.recruiters.models import CommunityRecruiter, ConflictOfInterest
from coappoint.recruiters.services import open_sign_up_link, publish_candidate_list
from coappoint.signin.services import issue_sign_in_link
from coappoint.timetables.services import make_timetable

DEMO_SLUG = "harbourside"
DEMO_EVENT_DATE = datetime.date(2026, 12, 12)

STAFF = (
    ("helen.morgan@harbourside.example", "Helen Morgan", Role.PROGRAMME_MANAGER),
    ("dev.patel@harbourside.example", "Dev Patel", Role.FACILITATOR),
    ("grace.okafor@harbourside.example", "Grace Okafor", Role.INTERVIEW_PANEL),
    ("ian.hughes@harbourside.example", "Ian Hughes", Role.AUDITOR),
)


CANDIDATES = (
    ("Sam", "Adeyemi", "sam.adeyemi@example.com"),
    ("Sam", "Baker", "sam.baker@example.com"),
    ("Priya", "Shah", "priya.shah@example.com"),
)

# (name, neighbourhood, preferred language, interpreter language, access needs)
RECRUITERS = (
    ("Amina Hassan", "Docks", "ar", "ar", ""),
    ("Gareth Jones", "Northfield", "cy", "", ""),
    ("Maureen O'Brien", "Northfield", "en", "", "Uses a wheelchair; needs a table at the front"),
    ("Tom Price", "Docks", "en", "", ""),
    ("Bethan Evans", "Canal Side", "cy", "", ""),
    ("Kwame Mensah", "Docks", "en", "", ""),
    ("Lina Novak", "Canal Side", "en", "", "Large print, please"),
    ("Yusuf Ali", "Northfield", "en", "", ""),
    ("Sharon Clarke", "Northfield", "en", "", ""),
    ("Dafydd Rees", "Canal Side", "cy", "", ""),
)
# What some of them eat, for the day's catering list.
DIETARY_NEEDS = {"Amina Hassan": "Halal", "Lina Novak": "Vegetarian", "Yusuf Ali": "Halal"}
# Tom Price knows Priya Shah from the tenants' association.
CONFLICT = ("Tom Price", "Priya", "Shah", "Tenants' association together")


@dataclass(frozen=True)
class DemoLink:
    role: str
    name: str
    url: str


def demo_is_loaded() -> bool:
    return Organisation.objects.filter(slug=DEMO_SLUG).exists()


@transaction.atomic
def load_demo() -> Organisation:
    """Create the demo council and its recruitment, unless it is there already."""
    existing = Organisation.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing
    organisation = Organisation.objects.create(
        name="Harbourside Borough Council", slug=DEMO_SLUG, kind=Organisation.Kind.COUNCIL
    )
    for email, name, role in STAFF:
        user = User.objects.create_user(email, password=None, full_name=name, is_demo=True)
        Membership.objects.create(organisation=organisation, user=user, role=role)
    programme = Programme.objects.create(
        organisation=organisation,
        name="Harbourside Local Area Coordination",
        councils_served=["Harbourside Borough Council"],
    )
    area = Area.objects.create(
        organisation=organisation, programme=programme, name="Northfield and the Docks"
    )
    vacancy = Vacancy.objects.create(
        organisation=organisation,
        programme=programme,
        area=area,
        title="Local Area Coordinator, Northfield and the Docks",
    )
    campaign = Campaign.objects.create(
        organisation=organisation, vacancy=vacancy, name="Northfield coordinator, winter 2026"
    )
    Stage.objects.create(
        organisation=organisation,
        campaign=campaign,
        kind=Stage.Kind.COMMUNITY,
        position=1,
        weight_percent=50,
        scale_min=1,
        scale_max=5,
        minimum_percent=40,
        point_labels=["No evidence", "A little", "Some", "Good", "Strong"],
    )
    Stage.objects.create(
        organisation=organisation,
        campaign=campaign,
        kind=Stage.Kind.INTERVIEW,
        position=2,
        weight_percent=50,
        scale_min=0,
        scale_max=10,
    )
    event = Event.objects.create(
        organisation=organisation,
        campaign=campaign,
        name="Northfield community recruitment day",
        date=DEMO_EVENT_DATE,
        venue_name="Northfield Community Centre",
        venue_address="12 Chapel Street\nHarbourside\nHB4 2QT",
        access_information=(
            "Step-free entrance from the car park. Accessible toilet on the ground floor. "
            "Hearing loop in the main hall. Bus 14 stops outside."
        ),
        tables=4,
        interpreters={"ar": 1},
        # Ten recruiters and 90 minutes: each candidate talks with six of them.
        meetings="per_candidate",
        recruiters_per_candidate=6,
    )
    starts_at = datetime.datetime.combine(DEMO_EVENT_DATE, datetime.time(10, 0))
    # The day's blocks from the product brief, as every new event gets them.
    for position, (kind, minutes) in enumerate(DAY_AGENDA, start=1):
        AgendaBlock.objects.create(
            organisation=organisation,
            event=event,
            position=position,
            title=str(kind.label),
            kind=kind,
            starts_at=starts_at.time(),
            duration_minutes=minutes,
        )
        starts_at += datetime.timedelta(minutes=minutes)
    candidates = {}
    for first_name, last_name, email in CANDIDATES:
        candidate = Candidate.objects.create(
            organisation=organisation,
            campaign=campaign,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )
        place_on_the_day(
            event=event, candidate=candidate, how_told=HowTold.EMAIL, actor=None, now=timezone.now()
        )
        candidates[(first_name, last_name)] = candidate
    recruiters = {}
    for name, neighbourhood, language, interpreter, access_needs in RECRUITERS:
        recruiters[name] = CommunityRecruiter.objects.create(
            organisation=organisation,
            event=event,
            full_name=name,
            neighbourhood=neighbourhood,
            preferred_language=language,
            interpreter_language=interpreter,
            access_needs=access_needs,
            dietary_needs=DIETARY_NEEDS.get(name, ""),
            email=f"{name.split()[0].lower()}@example.net",
        )
    recruiter_name, first_name, last_name, how = CONFLICT
    ConflictOfInterest.objects.create(
        organisation=organisation,
        recruiter=recruiters[recruiter_name],
        candidate=candidates[(first_name, last_name)],
        how_they_know=how,
    )
    manager = User.objects.get(email=STAFF[0][0])
    # The rules are fixed before the day, so the demo day can start (rules.lifecycle).
    lock_campaign_rules(campaign=campaign, actor=manager)
    # Recruiters see the candidates' names and can say whom they know; the poster link works.
    publish_candidate_list(event=event, actor=manager)
    open_sign_up_link(event=event, actor=manager)
    _co_design_and_timetable(event, recruiters, manager)
    audit.record(
        now=timezone.now(),
        organisation=organisation,
        actor=audit.SYSTEM,
        action=AuditAction.DEMO_LOADED,
        target=organisation,
    )
    return organisation


# What the room said in the demo's co-design session: (recruiter, kind, text).
PROPOSALS = (
    ("Amina Hassan", ProposalKind.QUALITY, "Kindness to everyone, not only to the panel"),
    ("Gareth Jones", ProposalKind.QUALITY, "Listens and lets people finish"),
    ("Maureen O'Brien", ProposalKind.QUALITY, "Builds trust quickly"),
    ("Kwame Mensah", ProposalKind.QUALITY, "Kindness"),
    ("Tom Price", ProposalKind.INSIGHT, "The Docks estate lost its youth club in 2019"),
    ("Lina Novak", ProposalKind.INSIGHT, "Many older people here only speak Polish or Arabic"),
)
CRITERIA = (
    CriterionWording(
        name="Kindness",
        what_good_looks_like="Warm with everyone they meet, not only with the recruiters.",
    ),
    CriterionWording(
        name="Listening",
        what_good_looks_like="Asks about people, lets them finish, remembers what they said.",
    ),
    CriterionWording(
        name="Building trust quickly",
        what_good_looks_like="People would tell them what is really going on after one chat.",
    ),
)


def _co_design_and_timetable(
    event: Event, recruiters: dict[str, CommunityRecruiter], manager: User
) -> None:
    """The morning so far: qualities proposed and worded as criteria, the timetable made."""
    for number, (name, kind, text) in enumerate(PROPOSALS, start=1):
        make_proposal(
            event=event,
            kind=kind,
            text=text,
            recruiter=recruiters[name],
            idempotency_key=uuid.UUID(int=number),
        )
    word_criteria(event=event, criteria=CRITERIA, actor=manager)
    make_timetable(event=event, actor=manager)


def issue_demo_links() -> list[DemoLink]:
    """A fresh personal link for each demo person: staff first, then recruiters, candidates."""
    organisation = Organisation.objects.get(slug=DEMO_SLUG)
    links: list[DemoLink] = []
    memberships = Membership.objects.filter(organisation=organisation, user__is_demo=True)
    for membership in memberships.select_related("user").order_by("role", "user__full_name"):
        issued = issue_sign_in_link(
            person=membership.user, organisation=organisation, event=None, actor=audit.SYSTEM
        )
        links.append(DemoLink(role=membership.role, name=membership.user.full_name, url=issued.url))
    event = Event.objects.filter(organisation=organisation).order_by("date").first()
    if event is None:
        return links
    for recruiter in event.recruiters.order_by("full_name"):
        issued = issue_sign_in_link(
            person=recruiter, organisation=organisation, event=event, actor=audit.SYSTEM
        )
        links.append(DemoLink(role="community_recruiter", name=recruiter.full_name, url=issued.url))
    for candidate in event.candidates.order_by("first_name", "last_name"):
        issued = issue_sign_in_link(
            person=candidate, organisation=organisation, event=event, actor=audit.SYSTEM
        )
        links.append(DemoLink(role="candidate", name=str(candidate), url=issued.url))
    return links
