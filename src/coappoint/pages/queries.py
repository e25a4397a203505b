"""What a staff member's home page lists, by the roles they hold; the translations' review;
what the privacy notice says for an organisation."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest

from coappoint.accounts.models import User
from coappoint.campaigns.models import Campaign
from coappoint.events.models import Event
from coappoint.organisations.access import StaffAccess
from coappoint.organisations.models import Organisation, Programme, Role
from coappoint.organisations.queries import list_organisations_for_user
from coappoint.retention.models import RetentionCategory
from coappoint.retention.queries import get_retention_periods, kept_for_in_words
from coappoint.web.catalogues import DOMAINS, Message, read_catalogue, translated_languages


@dataclass(frozen=True)
class StaffHome:
    programmes: QuerySet[Programme] | None
    campaigns: QuerySet[Campaign] | None
    events: QuerySet[Event] | None
    shows_audit_log: bool
    can_set_up: bool
    can_plan_events: bool


def get_staff_home(access: StaffAccess) -> StaffHome:
    """Programmes and campaigns for managers and the panel; events for managers and facilitators."""
    organisation = access.organisation
    sees_campaigns = access.holds(Role.PROGRAMME_MANAGER, Role.INTERVIEW_PANEL, Role.AUDITOR)
    sees_events = access.holds(Role.PROGRAMME_MANAGER, Role.FACILITATOR, Role.AUDITOR)
    return StaffHome(
        programmes=(
            Programme.objects.filter(organisation=organisation).prefetch_related("areas")
            if access.holds(Role.PROGRAMME_MANAGER, Role.AUDITOR)
            else None
        ),
        campaigns=(
            Campaign.objects.filter(organisation=organisation).select_related(
                "vacancy", "vacancy__area"
            )
            if sees_campaigns
            else None
        ),
        events=(
            Event.objects.filter(organisation=organisation).select_related("campaign")
            if sees_events
            else None
        ),
        shows_audit_log=access.holds(Role.PROGRAMME_MANAGER, Role.AUDITOR),
        can_set_up=access.holds(Role.PROGRAMME_MANAGER),
        can_plan_events=access.holds(Role.PROGRAMME_MANAGER, Role.FACILITATOR),
    )


# --- The translations and how far a fluent speaker has reviewed them ---------------------------


@dataclass(frozen=True)
class TranslationReview:
    """One language's text: whether a fluent speaker reviewed it, and how much of it."""

    code: str
    name: str
    review_status: str
    messages: int
    reviewed: int

    @property
    def fully_reviewed(self) -> bool:
        return self.reviewed == self.messages


def list_translation_reviews() -> list[TranslationReview]:
    """Every language the service offers besides English, from its catalogues."""
    names = dict(settings.LANGUAGES)
    reviews = []
    for code in translated_languages():
        catalogues = [read_catalogue(code, domain) for domain in DOMAINS]
        reviews.append(
            TranslationReview(
                code=code,
                name=str(names[code]),
                review_status=catalogues[0].review_status,
                messages=sum(len(catalogue.messages) for catalogue in catalogues),
                reviewed=sum(
                    len(catalogue.messages) - len(catalogue.unreviewed) for catalogue in catalogues
                ),
            )
        )
    return reviews


def list_unreviewed_messages(code: str) -> list[Message]:
    """The messages of one language no fluent speaker has marked reviewed, in catalogue order."""
    return [message for domain in DOMAINS for message in read_catalogue(code, domain).unreviewed]


@dataclass(frozen=True)
class KeptFor:
    """One line of the privacy notice's retention table."""

    what: str
    how_long: str


@dataclass(frozen=True)
class PrivacyNotice:
    """What the privacy notice says that depends on whose it is: `organisation` None means the
    service's defaults, for someone not (or not yet) of one organisation."""

    organisation: Organisation | None
    kept_for: list[KeptFor]
    contact_email: str


def get_privacy_notice(organisation: Organisation | None) -> PrivacyNotice:
    """The notice's periods, read from the organisation's settings (so it says what is done)."""
    return PrivacyNotice(
        organisation=organisation,
        kept_for=[
            KeptFor(
                what=str(RetentionCategory(category.value).label),
                how_long=kept_for_in_words(category, period),
            )
            for category, period in get_retention_periods(organisation).items()
        ],
        contact_email=organisation.privacy_contact_email if organisation is not None else "",
    )


def get_readers_organisation(request: HttpRequest) -> Organisation | None:
    """Whose notice `/privacy/` shows: a signed-in recruiter's or candidate's (their event's),
    a staff member's when they belong to exactly one organisation; otherwise nobody's."""
    participant = getattr(request, "participant", None)
    if participant is not None:
        organisation: Organisation = participant.event.organisation
        return organisation
    user = request.user
    if isinstance(user, User) and user.is_authenticated:
        organisations = list(list_organisations_for_user(user)[:2])
        if len(organisations) == 1:
            return organisations[0]
    return None
