"""factory_boy factories for the models tests need; every record belongs to one organisation."""

from __future__ import annotations

import datetime
from typing import Any

from factory.declarations import LazyAttribute, SelfAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory, Password
from factory.helpers import post_generation

from coappoint.accounts.models import User
from coappoint.campaigns.models import Campaign, Candidate, Stage, Vacancy
from coappoint.events.models import AgendaBlock, Event
from coappoint.organisations.models import Area, Membership, Organisation, Programme, Role
from coappoint.recruiters.models import CommunityRecruiter, ConflictOfInterest
from coappoint.rules.join_codes import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH

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


def lock_rules(campaign: Campaign) -> Campaign:
    """Lock the campaign's rules, as a test day needs before it starts (rules.lifecycle).

    Straight to the row, as lock_campaign_rules leaves it, so a fixture need not build every
    stage the lock checks for, nor leave an audit row its test did not ask for.
    """
    import django.utils.timezone

    campaign.state = Campaign.State.RULES_LOCKED
    campaign.rules_locked_at = django.utils.timezone.now()
    campaign.consensus_shift_rule = Campaign.ShiftRule.AT_OR_ABOVE
    campaign.save(update_fields=["state", "rules_locked_at", "consensus_shift_rule"])
    return campaign


def staff_member(organisation: Organisation, *roles: Role) -> User:
    """A user holding `roles` in `organisation`."""
    user = UserFactory.create()
    for role in roles:
        MembershipFactory.create(organisation=organisation, user=user, role=role)
    return user


class StageFactory(DjangoModelFactory[Stage]):
    class Meta:
        model = Stage

    campaign = SubFactory(CampaignFactory)
    organisation = SelfAttribute("campaign.organisation")
    kind = Stage.Kind.COMMUNITY
    position = 1
    weight_percent = 50
    scale_min = 1
    scale_max = 5
    point_labels = LazyAttribute(
        lambda stage: (
            ["No evidence", "A little", "Some", "Good", "Strong"]
            if stage.kind == Stage.Kind.COMMUNITY and (stage.scale_min, stage.scale_max) == (1, 5)
            else []
        )
    )


# Candidates' own answers (issue 5): adjustments and equality monitoring.
from coappoint.candidates.models import (  # noqa: E402
    PREFER_NOT_TO_SAY,
    AdjustmentRequest,
    EqualityMonitoring,
)


class AdjustmentRequestFactory(DjangoModelFactory[AdjustmentRequest]):
    class Meta:
        model = AdjustmentRequest

    candidate = SubFactory(CandidateFactory)
    organisation = SelfAttribute("candidate.organisation")
    interpreter_language = ""
    interview_needs = ""
    needs = ""


class EqualityMonitoringFactory(DjangoModelFactory[EqualityMonitoring]):
    class Meta:
        model = EqualityMonitoring

    candidate = SubFactory(CandidateFactory)
    organisation = SelfAttribute("candidate.organisation")
    age_band = PREFER_NOT_TO_SAY
    sex = PREFER_NOT_TO_SAY
    gender_same_as_sex_at_birth = PREFER_NOT_TO_SAY
    ethnic_group = PREFER_NOT_TO_SAY
    disability = PREFER_NOT_TO_SAY
    religion = PREFER_NOT_TO_SAY
    sexual_orientation = PREFER_NOT_TO_SAY


# Community recruiters (issue 5): the event's sign-up link, the published candidate list, thanks.
from coappoint.recruiters.models import (  # noqa: E402
    CandidateListPublication,
    SignUpLink,
    ThanksKind,
    ThanksRecord,
    ThanksStatus,
)


class SignUpLinkFactory(DjangoModelFactory[SignUpLink]):
    class Meta:
        model = SignUpLink

    event = SubFactory(EventFactory)
    organisation = SelfAttribute("event.organisation")
    slug = Sequence(lambda n: f"sign-up-link-long-random-slug-{n}")
    join_code = Sequence(lambda n: _join_code_number(n))
    opened_at = LazyAttribute(lambda _link: datetime.datetime.now(tz=datetime.UTC))


def _join_code_number(number: int) -> str:
    """The `number`th join code (counting in the join-code alphabet), so factories never collide."""
    symbols = []
    for _ in range(JOIN_CODE_LENGTH):
        number, symbol = divmod(number, len(JOIN_CODE_ALPHABET))
        symbols.append(JOIN_CODE_ALPHABET[symbol])
    return "J" + "".join(reversed(symbols))[1:]


class CandidateListPublicationFactory(DjangoModelFactory[CandidateListPublication]):
    class Meta:
        model = CandidateListPublication

    event = SubFactory(EventFactory)
    organisation = SelfAttribute("event.organisation")
    published_at = LazyAttribute(lambda _publication: datetime.datetime.now(tz=datetime.UTC))


class ThanksRecordFactory(DjangoModelFactory[ThanksRecord]):
    class Meta:
        model = ThanksRecord

    recruiter = SubFactory(RecruiterFactory)
    organisation = SelfAttribute("recruiter.organisation")
    kind = ThanksKind.VOUCHER
    amount_pence = 2500
    status = ThanksStatus.OFFERED
    recorded_at = LazyAttribute(lambda _record: datetime.datetime.now(tz=datetime.UTC))


# Co-design on the day (issue 6): proposals, dot-votes, criteria versions, mingling notes.
from coappoint.codesign.models import (  # noqa: E402
    CriteriaVersion,
    Criterion,
    DotVote,
    Observation,
    Proposal,
    ProposalKind,
)


class ProposalFactory(DjangoModelFactory[Proposal]):
    class Meta:
        model = Proposal

    event = SubFactory(EventFactory)
    organisation = SelfAttribute("event.organisation")
    kind = ProposalKind.QUALITY
    text = Sequence(lambda n: f"Quality {n}")


class DotVoteFactory(DjangoModelFactory[DotVote]):
    class Meta:
        model = DotVote

    event = SubFactory(EventFactory)
    organisation = SelfAttribute("event.organisation")
    dots_per_recruiter = 3
    opened_at = LazyAttribute(lambda _vote: datetime.datetime.now(tz=datetime.UTC))


class CriteriaVersionFactory(DjangoModelFactory[CriteriaVersion]):
    class Meta:
        model = CriteriaVersion

    event = SubFactory(EventFactory)
    organisation = SelfAttribute("event.organisation")
    number = Sequence(lambda n: n + 1)


class CriterionFactory(DjangoModelFactory[Criterion]):
    class Meta:
        model = Criterion

    version = SubFactory(CriteriaVersionFactory)
    organisation = SelfAttribute("version.organisation")
    position = Sequence(lambda n: n + 1)
    name = Sequence(lambda n: f"Criterion {n}")
    what_good_looks_like = "They listen and ask about people."


class ObservationFactory(DjangoModelFactory[Observation]):
    class Meta:
        model = Observation

    recruiter = SubFactory(RecruiterFactory)
    event = SelfAttribute("recruiter.event")
    organisation = SelfAttribute("recruiter.organisation")
    candidate = SubFactory(CandidateFactory, campaign=SelfAttribute("..recruiter.event.campaign"))
    curiosity = "Asked people about their families."


# The day itself (issue 7): an event with its agenda, people and a timetable made by the rules core.
from dataclasses import dataclass as _dataclass  # noqa: E402

from coappoint.events.models import Meetings  # noqa: E402
from coappoint.events.services import EventPlan, create_event  # noqa: E402
from coappoint.timetables.models import Timetable  # noqa: E402
from coappoint.timetables.services import make_timetable  # noqa: E402


@_dataclass(frozen=True)
class DayWithTimetable:
    """Three candidates, three recruiters, three tables: three rounds of ten minutes from 12:05."""

    event: Event
    facilitator: User
    candidates: dict[str, Candidate]
    recruiters: dict[str, CommunityRecruiter]
    timetable: Timetable


SAM_PRIYA_TOM = (("Sam", "Ahmed"), ("Priya", "Shah"), ("Tom", "Clark"))
AMINA_BEA_CARL = ("Amina Hassan", "Bea Jones", "Carl Diaz")


def make_day_with_timetable(
    tables: int = 3,
    *,
    candidates_named: tuple[tuple[str, str], ...] = SAM_PRIYA_TOM,
    recruiters_named: tuple[str, ...] = AMINA_BEA_CARL,
    conflicts: tuple[tuple[str, str], ...] = (),
    per_candidate: int | None = None,
) -> DayWithTimetable:
    """Candidates Sam Ahmed, Priya Shah and Tom Clark; recruiters Amina, Bea and Carl; or the
    people named, with `conflicts` as (recruiter's first name, candidate's first name)."""
    day = make_day_without_timetable(
        tables,
        candidates_named=candidates_named,
        recruiters_named=recruiters_named,
        conflicts=conflicts,
        per_candidate=per_candidate,
    )
    timetable = make_timetable(event=day.event, actor=day.facilitator)
    return DayWithTimetable(
        event=day.event,
        facilitator=day.facilitator,
        candidates=day.candidates,
        recruiters=day.recruiters,
        timetable=timetable,
    )


@_dataclass(frozen=True)
class Day:
    """The day of `make_day_with_timetable` before its timetable is made."""

    event: Event
    facilitator: User
    candidates: dict[str, Candidate]
    recruiters: dict[str, CommunityRecruiter]


def make_day_without_timetable(
    tables: int = 3,
    *,
    candidates_named: tuple[tuple[str, str], ...] = SAM_PRIYA_TOM,
    recruiters_named: tuple[str, ...] = AMINA_BEA_CARL,
    conflicts: tuple[tuple[str, str], ...] = (),
    per_candidate: int | None = None,
) -> Day:
    """The people, agenda and event plan of `make_day_with_timetable`, with no timetable yet."""
    campaign = lock_rules(CampaignFactory.create())
    organisation = campaign.organisation
    facilitator = staff_member(organisation, Role.FACILITATOR)
    event = create_event(
        organisation=organisation,
        campaign=campaign,
        plan=EventPlan(
            name="Northfield day",
            date=datetime.date(2026, 12, 12),
            venue_name="Northfield Community Centre",
            venue_address="1 High Street",
            access_information="",
            tables=tables,
            interpreters={},
            conversation_minutes=10,
            most_conversations_in_a_row=3,
            meetings=Meetings.ALL if per_candidate is None else Meetings.PER_CANDIDATE,
            recruiters_per_candidate=per_candidate,
        ),
        actor=facilitator,
    )
    candidates = {}
    for first_name, last_name in candidates_named:
        candidate = CandidateFactory.create(
            campaign=campaign, first_name=first_name, last_name=last_name
        )
        event.candidates.add(candidate)
        candidates[first_name.lower()] = candidate
    recruiters = {
        name.split()[0].lower(): RecruiterFactory.create(event=event, full_name=name)
        for name in recruiters_named
    }
    for recruiter_name, candidate_name in conflicts:
        ConflictFactory.create(
            recruiter=recruiters[recruiter_name.lower()],
            candidate=candidates[candidate_name.lower()],
        )
    return Day(event=event, facilitator=facilitator, candidates=candidates, recruiters=recruiters)


def make_day_a_quick_replan_leaves_room_to_improve() -> DayWithTimetable:
    """Four candidates, three recruiters (Carl knows Priya), two tables, up to three
    conversations in a row: when Amina leaves after round 1, the quick re-plan needs 6 rounds
    and the solver finds 5 (found by search over small events, rules.timetable.is_better)."""
    return make_day_with_timetable(
        tables=2,
        candidates_named=(*SAM_PRIYA_TOM, ("Uma", "Patel")),
        conflicts=(("Carl", "Priya"),),
    )


# The day's screens (issue 7): a stored timetable version with the conversations a test names.
from coappoint.timetables import models as timetables_models  # noqa: E402


@_dataclass(frozen=True)
class Meeting:
    """One conversation a test plans by hand: who meets whom at which table, with interpreters."""

    candidate: Candidate
    recruiter: CommunityRecruiter
    table: int
    interpreters: tuple[str, ...] = ()


def meet(
    candidate: Candidate, recruiter: CommunityRecruiter, table: int, *interpreters: str
) -> Meeting:
    return Meeting(candidate, recruiter, table, tuple(interpreters))


class TimetableFactory(DjangoModelFactory[timetables_models.Timetable]):
    """A stored version; `conversations=[[meet(...), ...], ...]` gives its rounds, in order."""

    class Meta:
        model = timetables_models.Timetable
        skip_postgeneration_save = True

    event = SubFactory(EventFactory)
    organisation = SelfAttribute("event.organisation")
    version = Sequence(lambda n: n + 1)
    starts_at = datetime.time(12, 5)
    conversation_minutes = 10
    rounds = 0
    input = LazyAttribute(lambda _timetable: {"tables": 3, "candidates": [], "recruiters": []})
    output = LazyAttribute(
        lambda _timetable: {"lower_bound": 0, "optimal": True, "moved": 0, "unmet": []}
    )

    @post_generation  # type: ignore[untyped-decorator]
    def conversations(
        timetable: timetables_models.Timetable,  # noqa: N805 (factory_boy passes the object made)
        create: bool,
        extracted: list[list[Meeting]] | None,
        **kwargs: Any,
    ) -> None:
        if not create or extracted is None:
            return
        timetable.rounds = len(extracted)
        timetable.save(update_fields=["rounds"])
        timetables_models.Conversation.objects.bulk_create(
            timetables_models.Conversation(
                organisation=timetable.organisation,
                timetable=timetable,
                round=round_index,
                table=meeting.table,
                recruiter=meeting.recruiter,
                candidate=meeting.candidate,
                interpreter_languages=",".join(meeting.interpreters),
            )
            for round_index, meetings in enumerate(extracted)
            for meeting in meetings
        )


# The formal interview (issue 8): questions and who sits on a campaign's panel.
from coappoint.campaigns.models import PanelMember  # noqa: E402
from coappoint.interviews.models import InterviewQuestion  # noqa: E402


class InterviewQuestionFactory(DjangoModelFactory[InterviewQuestion]):
    class Meta:
        model = InterviewQuestion

    campaign = SubFactory(CampaignFactory)
    organisation = SelfAttribute("campaign.organisation")
    position = Sequence(lambda n: n + 1)
    text = Sequence(lambda n: f"Interview question {n}")
    guidance = ""


class PanelMemberFactory(DjangoModelFactory[PanelMember]):
    class Meta:
        model = PanelMember

    campaign = SubFactory(CampaignFactory)
    organisation = SelfAttribute("campaign.organisation")
    user = SubFactory(UserFactory)
    added_at = LazyAttribute(lambda _member: datetime.datetime.now(tz=datetime.UTC))


def conversation_slots(timetable: timetables_models.Timetable) -> list[list[dict[str, Any]]]:
    """A version's conversations round by round, each as {candidate, recruiter, table,
    interpreters} with database ids: what tests compare plans with."""
    slots: list[list[dict[str, Any]]] = [[] for _ in range(timetable.rounds)]
    for row in timetable.conversations.exclude(
        status=timetables_models.Conversation.Status.CANCELLED
    ).order_by("round", "table"):
        slots[row.round].append(
            {
                "candidate": row.candidate_id,
                "recruiter": row.recruiter_id,
                "table": row.table,
                "interpreters": list(row.languages),
            }
        )
    return slots


from django_tasks_db.models import DBTaskResult, get_date_max  # noqa: E402
from factory.declarations import LazyFunction  # noqa: E402

from coappoint.housekeeping.models import HousekeepingRun  # noqa: E402
from coappoint.notify.models import Message  # noqa: E402


class TaskResultFactory(DjangoModelFactory[DBTaskResult]):  # type: ignore[type-arg]
    """A task in the database backend's table, ready to run unless told otherwise; pass
    `enqueued_at` to make it older (the column is set on insert)."""

    class Meta:
        model = DBTaskResult
        skip_postgeneration_save = True

    args_kwargs = LazyFunction(lambda: {"args": [1], "kwargs": {}})
    task_path = "coappoint.notify.tasks.deliver_message"
    backend_name = "default"
    run_after = LazyFunction(get_date_max)

    @post_generation  # type: ignore[untyped-decorator]
    def enqueued_at(
        result: DBTaskResult,  # type: ignore[type-arg]  # noqa: N805 (the object made)
        create: bool,
        extracted: datetime.datetime | None,
        **kwargs: Any,
    ) -> None:
        if extracted is not None:
            DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=extracted)
            result.enqueued_at = extracted


class MessageFactory(DjangoModelFactory[Message]):
    """A message written and waiting; pass `created_at` to make it older."""

    class Meta:
        model = Message
        skip_postgeneration_save = True

    organisation = SubFactory(OrganisationFactory)
    purpose = "reminder"
    person_kind = "recruiter"
    person_id = 1
    channel = "email"
    to = Sequence(lambda n: f"recruiter{n}@example.com")
    subject = "Reminder: the day is tomorrow"
    body = "See you at 10am."

    @post_generation  # type: ignore[untyped-decorator]
    def created_at(
        message: Message,  # noqa: N805 (factory_boy passes the object made)
        create: bool,
        extracted: datetime.datetime | None,
        **kwargs: Any,
    ) -> None:
        if extracted is not None:
            Message.objects.filter(pk=message.pk).update(
                created_at=extracted, status_changed_at=extracted
            )
            message.created_at = extracted
            message.status_changed_at = extracted


class HousekeepingRunFactory(DjangoModelFactory[HousekeepingRun]):
    class Meta:
        model = HousekeepingRun

    started_at = LazyFunction(lambda: datetime.datetime.now(tz=datetime.UTC))
    finished_at = SelfAttribute("started_at")


# A panel that reflects the ward (issue 23): recruiters' equality answers.
from coappoint.panels.models import RecruiterEqualityMonitoring  # noqa: E402


class RecruiterEqualityMonitoringFactory(DjangoModelFactory[RecruiterEqualityMonitoring]):
    class Meta:
        model = RecruiterEqualityMonitoring

    recruiter = SubFactory(RecruiterFactory)
    organisation = SelfAttribute("recruiter.organisation")
    age_band = PREFER_NOT_TO_SAY
    sex = PREFER_NOT_TO_SAY
    gender_same_as_sex_at_birth = PREFER_NOT_TO_SAY
    ethnic_group = PREFER_NOT_TO_SAY
    disability = PREFER_NOT_TO_SAY
    religion = PREFER_NOT_TO_SAY
    sexual_orientation = PREFER_NOT_TO_SAY
