"""factory_boy factories for the models tests need; every record belongs to one organisation."""

from __future__ import annotations

import datetime

from factory.declarations import LazyAttribute, SelfAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory, Password

from coappoint.accounts.models import User
from coappoint.campaigns.models import Campaign, Candidate, Vacancy
from coappoint.events.models import AgendaBlock, Event
from coappoint.organisations.models import Area, Membership, Organisation, Programme, Role
from coappoint.recruiters.models import CommunityRecruiter, ConflictOfInterest

STAFF_PASSWORD = "a long test password 1"


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = Sequence(lambda n: f"Borough Council {n}")
    slug = Sequence(lambda n: f"borough-{n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User

    email = Sequence(lambda n: f"officer{n}@council.example")
    full_name = Sequence(lambda n: f"Officer {n}")
    password = Password(STAFF_PASSWORD)


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organisation = SubFactory(OrganisationFactory)
    user = SubFactory(UserFactory)
    role = Role.PROGRAMME_MANAGER


class ProgrammeFactory(DjangoModelFactory[Programme]):
    class Meta:
        model = Programme

    organisation = SubFactory(OrganisationFactory)
    name = "Local Area Coordination"
    councils_served = LazyAttribute(lambda programme: [programme.organisation.name])


class AreaFactory(DjangoModelFactory[Area]):
    class Meta:
        model = Area

    programme = SubFactory(ProgrammeFactory)
    organisation = SelfAttribute("programme.organisation")
    name = "Northfield"


class VacancyFactory(DjangoModelFactory[Vacancy]):
    class Meta:
        model = Vacancy

    area = SubFactory(AreaFactory)
    programme = SelfAttribute("area.programme")
    organisation = SelfAttribute("area.organisation")
    title = "Local Area Coordinator"


class CampaignFactory(DjangoModelFactory[Campaign]):
    class Meta:
        model = Campaign

    vacancy = SubFactory(VacancyFactory)
    organisation = SelfAttribute("vacancy.organisation")
    name = "Winter campaign"


class EventFactory(DjangoModelFactory[Event]):
    class Meta:
        model = Event

    campaign = SubFactory(CampaignFactory)
    organisation = SelfAttribute("campaign.organisation")
    name = "Community recruitment day"
    date = datetime.date(2026, 12, 12)
    venue_name = "Community Centre"
    venue_address = "1 High Street"


class AgendaBlockFactory(DjangoModelFactory[AgendaBlock]):
    class Meta:
        model = AgendaBlock

    event = SubFactory(EventFactory)
    organisation = SelfAttribute("event.organisation")
    position = Sequence(lambda n: n)
    title = "Welcome"
    starts_at = datetime.time(10, 0)
    duration_minutes = 30


class CandidateFactory(DjangoModelFactory[Candidate]):
    class Meta:
        model = Candidate

    campaign = SubFactory(CampaignFactory)
    organisation = SelfAttribute("campaign.organisation")
    first_name = Sequence(lambda n: f"Candidate{n}")
    last_name = "Smith"
    email = Sequence(lambda n: f"candidate{n}@example.com")


class RecruiterFactory(DjangoModelFactory[CommunityRecruiter]):
    class Meta:
        model = CommunityRecruiter

    event = SubFactory(EventFactory)
    organisation = SelfAttribute("event.organisation")
    full_name = Sequence(lambda n: f"Recruiter {n}")


class ConflictFactory(DjangoModelFactory[ConflictOfInterest]):
    class Meta:
        model = ConflictOfInterest

    recruiter = SubFactory(RecruiterFactory)
    candidate = SubFactory(CandidateFactory, campaign=SelfAttribute("..recruiter.event.campaign"))
    organisation = SelfAttribute("recruiter.organisation")


def staff_member(organisation: Organisation, *roles: Role) -> User:
    """A user holding `roles` in `organisation`."""
    user = UserFactory.create()
    for role in roles:
        MembershipFactory.create(organisation=organisation, user=user, role=role)
    return user
