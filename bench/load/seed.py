"""Seed the throwaway database with events on the day, and sign everyone in (run as a process).

`python seed.py --live N --scoring M --out seed.json`, with the benchmark's environment (Django
settings, DATABASE_URL). Each event is built through the services as the demo builds its day:
10 candidates x 40 recruiters meeting all-with-all at 10 tables (40 rounds of 2 minutes,
which the day's agenda holds), criteria worded
from the room's proposals, the timetable made, the rotation started. A scoring event has scoring
open too (its sheets are owed). Recruiters sign in by following their own sign-in link; staff
are signed in with a second factor verified (a static OTP device), as production requires. The
sessions' cookies, and what the phones need to send, go to the JSON file for the load client.
"""

from __future__ import annotations

import argparse
import datetime
import json
import uuid
from typing import Any

import django

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402

from coappoint.accounts.models import User  # noqa: E402
from coappoint.audit import services as audit  # noqa: E402
from coappoint.campaigns.models import Campaign, Candidate, Stage, Vacancy  # noqa: E402
from coappoint.campaigns.services import lock_campaign_rules  # noqa: E402
from coappoint.codesign.models import ProposalKind  # noqa: E402
from coappoint.codesign.services import CriterionWording, make_proposal, word_criteria  # noqa: E402
from coappoint.events.models import Event, HowTold, Meetings  # noqa: E402
from coappoint.events.services import EventPlan, create_event, place_on_the_day  # noqa: E402
from coappoint.organisations.models import Area, Membership, Organisation, Programme, Role  # noqa: E402
from coappoint.recruiters.models import CommunityRecruiter  # noqa: E402
from coappoint.scoring.queries import get_sheets_owed  # noqa: E402
from coappoint.scoring.services import start_scoring  # noqa: E402
from coappoint.signin.services import issue_sign_in_link  # noqa: E402
from coappoint.timetables.services import make_timetable, start_rotation  # noqa: E402

CANDIDATES = 10
RECRUITERS = 40
CRITERIA = (
    CriterionWording(name="Kindness", what_good_looks_like="Warm with everyone they meet."),
    CriterionWording(name="Listening", what_good_looks_like="Lets people finish."),
    CriterionWording(name="Building trust", what_good_looks_like="People open up to them."),
)


def cookies_of(client: Client) -> dict[str, str]:
    return {name: morsel.value for name, morsel in client.cookies.items()}


def new_client() -> Client:
    return Client(SERVER_NAME="127.0.0.1")


def staff_cookies(user: User) -> dict[str, str]:
    """A staff session with its second factor given, as after a real sign-in."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="bench")
    client = new_client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return cookies_of(client)


def recruiter_cookies(recruiter: CommunityRecruiter, organisation: Organisation) -> dict[str, str]:
    """A phone signed in by its own link (GET shows Continue; the POST uses it up)."""
    issued = issue_sign_in_link(
        person=recruiter, organisation=organisation, event=recruiter.event, actor=audit.SYSTEM
    )
    path = issued.url.split("://", 1)[1].split("/", 1)[1]
    client = new_client()
    response = client.post("/" + path, secure=True)
    assert response.status_code == 302, response.status_code
    return cookies_of(client)


def make_organisation() -> tuple[Organisation, Programme, Area, User]:
    """The bench council, its programme manager, programme and area (made once)."""
    existing = Organisation.objects.filter(slug="bench").first()
    if existing is not None:
        return (
            existing,
            Programme.objects.get(organisation=existing),
            Area.objects.get(organisation=existing),
            User.objects.get(email="manager@bench.example"),
        )
    organisation = Organisation.objects.create(
        name="Bench Borough Council", slug="bench", kind=Organisation.Kind.COUNCIL
    )
    manager = User.objects.create_user(
        "manager@bench.example", password=None, full_name="Pat Manager"
    )
    Membership.objects.create(organisation=organisation, user=manager, role=Role.PROGRAMME_MANAGER)
    programme = Programme.objects.create(
        organisation=organisation, name="Bench LAC", councils_served=["Bench Borough Council"]
    )
    area = Area.objects.create(organisation=organisation, programme=programme, name="Northfield")
    return organisation, programme, area, manager


def make_event(
    number: int,
    organisation: Organisation,
    programme: Programme,
    area: Area,
    manager: User,
    *,
    scoring: bool,
    second_phones: int = 0,
) -> dict[str, Any]:
    vacancy = Vacancy.objects.create(
        organisation=organisation, programme=programme, area=area, title=f"Coordinator {number}"
    )
    campaign = Campaign.objects.create(
        organisation=organisation, vacancy=vacancy, name=f"Campaign {number}"
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
    lock_campaign_rules(campaign=campaign, actor=manager)
    facilitator = User.objects.create_user(
        f"facilitator{number}@bench.example", password=None, full_name=f"Facilitator {number}"
    )
    Membership.objects.create(organisation=organisation, user=facilitator, role=Role.FACILITATOR)
    event = create_event(
        organisation=organisation,
        campaign=campaign,
        plan=EventPlan(
            name=f"Day {number}",
            date=timezone.localdate(),
            venue_name="Community Centre",
            venue_address="1 High Street",
            access_information="",
            tables=CANDIDATES,
            interpreters={},
            conversation_minutes=2,
            most_conversations_in_a_row=40,
            meetings=Meetings.ALL,
            recruiters_per_candidate=None,
        ),
        actor=manager,
    )
    now = timezone.now()
    for index in range(CANDIDATES):
        candidate = Candidate.objects.create(
            organisation=organisation,
            campaign=campaign,
            first_name=f"Candidate{index}",
            last_name=f"Event{number}",
            email=f"c{number}.{index}@bench.example",
        )
        place_on_the_day(
            event=event, candidate=candidate, how_told=HowTold.EMAIL, actor=None, now=now
        )
    recruiters = [
        CommunityRecruiter.objects.create(
            organisation=organisation,
            event=event,
            full_name=f"Recruiter {index} of day {number}",
            email=f"r{number}.{index}@bench.example",
        )
        for index in range(RECRUITERS)
    ]
    for index, recruiter in enumerate(recruiters[:6]):
        make_proposal(
            event=event,
            kind=ProposalKind.QUALITY,
            text=f"Quality {index}",
            recruiter=recruiter,
            idempotency_key=uuid.uuid4(),
        )
    word_criteria(event=event, criteria=CRITERIA, actor=manager)
    make_timetable(event=event, actor=manager)
    start_rotation(event=event, actor=facilitator)
    seeded: dict[str, Any] = {
        "event_id": event.pk,
        "slug": organisation.slug,
        "facilitator": staff_cookies(facilitator),
        "screen": staff_cookies(manager),
        "recruiters": [
            {"id": recruiter.pk, "cookies": recruiter_cookies(recruiter, organisation)}
            for recruiter in recruiters
        ],
    }
    # Some recruiters sign in on a second phone too (bench/faults: the same queue sent twice).
    seeded["second_phones"] = [
        {"id": recruiter.pk, "cookies": recruiter_cookies(recruiter, organisation)}
        for recruiter in recruiters[:second_phones]
    ]
    if scoring:
        start_scoring(event=event, actor=facilitator)
        event = Event.objects.get(pk=event.pk)
        seeded["owed"] = sorted(
            [pair.scorer, pair.candidate] for pair in get_sheets_owed(event).owed
        )
    return seeded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--live", type=int, required=True)
    parser.add_argument("--scoring", type=int, required=True)
    parser.add_argument("--first-number", type=int, default=0, help="of the events made now")
    parser.add_argument("--second-phones", type=int, default=0, help="per scoring event")
    parser.add_argument("--out", required=True)
    options = parser.parse_args()
    organisation, programme, area, manager = make_organisation()
    first = options.first_number
    live = [
        make_event(first + number, organisation, programme, area, manager, scoring=False)
        for number in range(options.live)
    ]
    first += options.live
    scoring = [
        make_event(
            first + number,
            organisation,
            programme,
            area,
            manager,
            scoring=True,
            second_phones=options.second_phones,
        )
        for number in range(options.scoring)
    ]
    with open(options.out, "w") as output:
        json.dump(
            {
                "live": live,
                "scoring": scoring,
                "sheets_url": reverse("scoring:recruiter_sheets"),
                "seeded_at": datetime.datetime.now(datetime.UTC).isoformat(),
            },
            output,
        )


if __name__ == "__main__":
    main()
