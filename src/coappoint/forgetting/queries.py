"""What goes when each retention period ends, as of a moment: the preview and the work list.

Each category has what it is counted from (rules.retention.CountedFrom); here the shell finds
that moment for every record still holding personal data, and `plan_retention` says how many
are due as of `now` and when the next of the rest goes. `forgetting.services.apply_retention`
works from the same lists, so the preview and the deletions never disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from coappoint.audit.models import AuditEvent, SecurityEvent
from coappoint.campaigns.models import Campaign, Candidate
from coappoint.candidates.models import EqualityMonitoring
from coappoint.codesign.models import Observation
from coappoint.decisions.models import Decision
from coappoint.forgetting.models import ForgottenPerson, PersonKind, RetentionRun
from coappoint.interviews.models import PanelScore
from coappoint.notify.models import UNSETTLED, Message, OutboxMessage
from coappoint.organisations.models import Organisation
from coappoint.panels.models import RecruiterEqualityMonitoring
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.retention.queries import get_retention_periods
from coappoint.rules.forgetting import latest_due_start
from coappoint.rules.retention import RULES, Category, CountedFrom, Period, is_due, period_ends
from coappoint.scoring.models import ScoreSheet
from coappoint.signin.models import AccessCodeAttempt

# The order categories are applied in: equality totals are kept before anyone's answers go,
# and comments go before the people they are about.
CATEGORY_ORDER = (
    Category.EQUALITY_MONITORING,
    Category.COMMENTS_AND_NOTES,
    Category.UNSUCCESSFUL_CANDIDATES,
    Category.APPOINTED_CANDIDATE,
    Category.UNDECIDED_CAMPAIGN,
    Category.RECRUITERS,
    Category.EVALUATION_FREE_TEXT,
    Category.SIGN_IN_ATTEMPTS,
    Category.MESSAGE_BODIES,
    Category.AUDIT_LOG,
)
# Kept by rows that belong to no organisation too (django-axes, the security log, the sign-in
# attempts at a code, messages and audit rows of the service itself).
UNOWNED_CATEGORIES = (Category.SIGN_IN_ATTEMPTS, Category.MESSAGE_BODIES, Category.AUDIT_LOG)


@dataclass(frozen=True)
class Held:
    """One thing holding personal data, and the moment its period is counted from: a person,
    or a campaign's equality answers or comments (with how many rows). `start` is in the
    service's time zone, so months are counted on its calendar (6 months after midnight on 1
    January is midnight on 1 July, summer time or not)."""

    start: datetime.datetime
    item: Model
    rows: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", timezone.localtime(self.start))


@dataclass(frozen=True)
class Planned:
    """What a category has of an organisation's personal data as of `now`: how many go (`due`),
    how many stay for now, and when the next of those goes."""

    category: Category
    period: Period
    counted_from: CountedFrom
    due: int
    kept: int
    next_goes_at: datetime.datetime | None


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _forgotten_ids(kind: PersonKind) -> QuerySet[ForgottenPerson, int]:
    return ForgottenPerson.objects.filter(person_kind=kind).values_list("person_id", flat=True)


def _decisions(organisation: Organisation) -> dict[int, Decision]:
    return {
        decision.campaign_id: decision
        for decision in Decision.objects.filter(organisation=organisation)
    }


def list_held_candidates(category: Category, organisation: Organisation) -> list[Held]:
    """Candidates not yet forgotten, each with the moment their category counts from: the
    decision (unsuccessful, appointed) or the closing of a campaign never decided."""
    decisions = _decisions(organisation)
    candidates = (
        Candidate.objects.filter(organisation=organisation)
        .exclude(pk__in=_forgotten_ids(PersonKind.CANDIDATE))
        .select_related("campaign")
        .order_by("pk")
    )
    held = []
    for candidate in candidates:
        decision = decisions.get(candidate.campaign_id)
        if decision is not None:
            appointed = decision.appointed_id == candidate.pk
            if (category is Category.APPOINTED_CANDIDATE and appointed) or (
                category is Category.UNSUCCESSFUL_CANDIDATES and not appointed
            ):
                held.append(Held(start=decision.recorded_at, item=candidate))
        elif category is Category.UNDECIDED_CAMPAIGN and candidate.campaign.closed_at:
            held.append(Held(start=candidate.campaign.closed_at, item=candidate))
    return held


def list_held_recruiters(organisation: Organisation) -> list[Held]:
    """Recruiters not yet forgotten, counted from the start of their event's day."""
    recruiters = (
        CommunityRecruiter.objects.filter(organisation=organisation)
        .exclude(pk__in=_forgotten_ids(PersonKind.RECRUITER))
        .select_related("event")
        .order_by("pk")
    )
    return [Held(start=_start_of_day(r.event.date), item=r) for r in recruiters]


def comments_about(campaign: Campaign) -> dict[str, QuerySet[Model]]:
    """The campaign's score-sheet comments, panel sheets' notes and mingling notes still holding
    words, by what they are."""
    return {
        "score_sheet_comments": ScoreSheet.objects.filter(event__campaign=campaign).exclude(
            comment=""
        ),
        "panel_notes": PanelScore.objects.filter(sheet__campaign=campaign).exclude(note=""),
        "mingling_notes": Observation.objects.filter(event__campaign=campaign).exclude(
            curiosity="", manner="", inclusion="", other=""
        ),
    }


def list_held_campaign_rows(category: Category, organisation: Organisation) -> list[Held]:
    """Decided campaigns still holding equality answers, or comments and notes, with how many."""
    held = []
    for decision in (
        Decision.objects.filter(organisation=organisation).select_related("campaign").order_by("pk")
    ):
        if category is Category.EQUALITY_MONITORING:
            rows = (
                EqualityMonitoring.objects.filter(candidate__campaign=decision.campaign).count()
                + RecruiterEqualityMonitoring.objects.filter(
                    recruiter__event__campaign=decision.campaign
                ).count()
            )
        else:
            rows = sum(query.count() for query in comments_about(decision.campaign).values())
        if rows:
            held.append(Held(start=decision.recorded_at, item=decision.campaign, rows=rows))
    return held


def list_held(category: Category, organisation: Organisation) -> list[Held]:
    """Everything of `category` in `organisation` still holding personal data."""
    if category in (
        Category.UNSUCCESSFUL_CANDIDATES,
        Category.APPOINTED_CANDIDATE,
        Category.UNDECIDED_CAMPAIGN,
    ):
        return list_held_candidates(category, organisation)
    if category is Category.RECRUITERS:
        return list_held_recruiters(organisation)
    if category in (Category.EQUALITY_MONITORING, Category.COMMENTS_AND_NOTES):
        return list_held_campaign_rows(category, organisation)
    return []


# The rows kept by age alone, as (model, its time field), per category.


def sign_in_attempts(organisation: Organisation | None) -> list[tuple[QuerySet[Model], str]]:
    """Sign-in attempts belong to no organisation: only the unowned pass has them."""
    if organisation is not None:
        return []
    return [
        (AccessCodeAttempt.objects.all(), "at"),
        (AccessAttempt.objects.all(), "attempt_time"),
        (AccessLog.objects.all(), "attempt_time"),
        (AccessFailureLog.objects.all(), "attempt_time"),
        (SecurityEvent.objects.all(), "at"),
    ]


def message_bodies(organisation: Organisation | None) -> list[tuple[QuerySet[Model], str]]:
    """Messages still holding words, no longer waiting to go; counted from when they were sent
    (their last change of status, else when written). The outbox's are never sent: they count
    from when they were kept."""
    sent = (
        Message.objects.filter(organisation=organisation)
        .exclude(status__in=UNSETTLED)
        .exclude(subject="", body="", to="")
        .annotate(sent_at=Coalesce("status_changed_at", "created_at"))
    )
    outbox = OutboxMessage.objects.filter(organisation=organisation).exclude(
        subject="", body="", recipient=""
    )
    return [(sent, "sent_at"), (outbox, "created_at")]


def audit_rows(organisation: Organisation | None) -> list[tuple[QuerySet[Model], str]]:
    return [(AuditEvent.objects.filter(organisation=organisation), "at")]


AGED = {
    Category.SIGN_IN_ATTEMPTS: sign_in_attempts,
    Category.MESSAGE_BODIES: message_bodies,
    Category.AUDIT_LOG: audit_rows,
}


def aged_cutoff(category: Category, period: Period, *, now: datetime.datetime) -> datetime.datetime:
    """Rows of `category` at or before this moment are due. The audit log is never cut later
    than its database triggers allow (AUDIT_RETENTION_DAYS, which refuse an earlier DELETE)."""
    now = timezone.localtime(now)  # months on the service's calendar, as for `Held`
    cutoff = latest_due_start(now, period)
    if category is Category.AUDIT_LOG:
        cutoff = min(cutoff, now - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS))
    return cutoff


def _plan_aged(
    category: Category, period: Period, organisation: Organisation | None, now: datetime.datetime
) -> Planned:
    cutoff = aged_cutoff(category, period, now=now)
    due = kept = 0
    first_kept: datetime.datetime | None = None
    for query, field in AGED[category](organisation):
        due += query.filter(Q(**{f"{field}__lte": cutoff})).count()
        later = query.filter(Q(**{f"{field}__gt": cutoff}))
        kept += later.count()
        earliest = later.order_by(field).values_list(field, flat=True).first()
        if earliest is not None and (first_kept is None or earliest < first_kept):
            first_kept = earliest
    next_goes_at = None
    if first_kept is not None:
        next_goes_at = period_ends(timezone.localtime(first_kept), period)
        if category is Category.AUDIT_LOG:
            next_goes_at = max(
                next_goes_at, first_kept + datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
            )
    return Planned(
        category=category,
        period=period,
        counted_from=RULES[category].counted_from,
        due=due,
        kept=kept,
        next_goes_at=next_goes_at,
    )


def plan_category(
    category: Category,
    period: Period,
    organisation: Organisation | None,
    *,
    now: datetime.datetime,
) -> Planned:
    if category in AGED:
        return _plan_aged(category, period, organisation, now)
    held = list_held(category, organisation) if organisation is not None else []
    due = [entry for entry in held if is_due(entry.start, period, now=now)]
    later = [entry for entry in held if not is_due(entry.start, period, now=now)]
    return Planned(
        category=category,
        period=period,
        counted_from=RULES[category].counted_from,
        due=sum(entry.rows for entry in due),
        kept=sum(entry.rows for entry in later),
        next_goes_at=min((period_ends(entry.start, period) for entry in later), default=None),
    )


def get_unowned_periods() -> dict[Category, Period]:
    """The periods for rows that belong to no organisation: the longest any organisation keeps
    that category for, so none has its staff's sign-ins (say) removed sooner than it chose; with
    a single organisation simply its periods; with none the defaults."""
    periods = get_retention_periods(None)
    organisations = list(Organisation.objects.all())
    if not organisations:
        return periods
    each = [get_retention_periods(organisation) for organisation in organisations]
    return {
        category: max((own[category] for own in each), key=lambda p: p.approximate_days)
        for category in periods
    }


def plan_retention(*, organisation: Organisation | None, now: datetime.datetime) -> list[Planned]:
    """What would go in each category as of `now` with the organisation's periods, and when the
    rest goes. With no organisation: the rows that belong to none (`get_unowned_periods`)."""
    periods = (
        get_retention_periods(organisation) if organisation is not None else get_unowned_periods()
    )
    categories = CATEGORY_ORDER if organisation is not None else UNOWNED_CATEGORIES
    return [plan_category(c, periods[c], organisation, now=now) for c in categories]


def get_last_retention_run() -> RetentionRun | None:
    return RetentionRun.objects.first()
