"""A community recruitment event (the day), its agenda and who facilitates it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coappoint.campaigns.models import Campaign, Candidate
from coappoint.organisations.models import Organisation


class InterpreterLanguage(models.TextChoices):
    """Interpreter languages known by name; codes as in people's `interpreter_language`."""

    ARABIC = "ar", _("Arabic")
    BENGALI = "bn", _("Bengali")
    BRITISH_SIGN_LANGUAGE = "bsl", _("British Sign Language")
    CANTONESE = "yue", _("Cantonese")
    FARSI = "fa", _("Farsi")
    FRENCH = "fr", _("French")
    GUJARATI = "gu", _("Gujarati")
    KURDISH = "ku", _("Kurdish")
    LITHUANIAN = "lt", _("Lithuanian")
    MANDARIN = "zh", _("Mandarin")
    PASHTO = "ps", _("Pashto")
    POLISH = "pl", _("Polish")
    PORTUGUESE = "pt", _("Portuguese")
    PUNJABI = "pa", _("Punjabi")
    ROMANIAN = "ro", _("Romanian")
    SOMALI = "so", _("Somali")
    SPANISH = "es", _("Spanish")
    TAMIL = "ta", _("Tamil")
    TIGRINYA = "ti", _("Tigrinya")
    TURKISH = "tr", _("Turkish")
    UKRAINIAN = "uk", _("Ukrainian")
    URDU = "ur", _("Urdu")
    WELSH = "cy", _("Welsh")


def interpreter_language_name(code: str) -> str:
    """The language's name in the reader's language ("Arabic"), or the code if it is not known."""
    try:
        return str(InterpreterLanguage(code).label)
    except ValueError:
        return code


class Meetings(models.TextChoices):
    """Who meets whom in the one-to-one conversations."""

    ALL = "all", _("Every recruiter meets every candidate")
    PER_CANDIDATE = "per_candidate", _("Each candidate meets a set number of recruiters")


class Event(models.Model):
    """The recruitment day at a venue, for one campaign.

    `state` is where the day is in its lifecycle (rules.lifecycle, moved only by
    events.lifecycle.move_event): it decides what may happen next. When each step happened is
    on the rotation, the scoring round and the campaign's decision.
    """

    class State(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("state of an event", "Planned")
        RUNNING = "running", pgettext_lazy("state of an event", "Conversations under way")
        SCORING = "scoring", pgettext_lazy("state of an event", "Private scoring")
        DELIBERATION = "deliberation", pgettext_lazy("state of an event", "Deliberation")
        DONE = "done", pgettext_lazy("state of an event", "Done")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="events")
    name = models.CharField(max_length=200)
    date = models.DateField()
    venue_name = models.CharField(max_length=200)
    venue_address = models.TextField()
    access_information = models.TextField(blank=True)
    tables = models.PositiveSmallIntegerField(default=4)
    candidates = models.ManyToManyField(Candidate, related_name="events", blank=True)
    # How many interpreters of each language are there on the day, e.g. {"ar": 1, "bsl": 1}.
    interpreters = models.JSONField(default=dict, blank=True)
    conversation_minutes = models.PositiveSmallIntegerField(default=10)
    most_conversations_in_a_row = models.PositiveSmallIntegerField(default=3)
    meetings = models.CharField(max_length=20, choices=Meetings.choices, default=Meetings.ALL)
    # Only in "per candidate" mode: how many recruiters each candidate meets.
    recruiters_per_candidate = models.PositiveSmallIntegerField(null=True, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PLANNED)
    # Versions of what the day's live screens show, bumped by the services that change it
    # (events.services.bump_live_versions), so a poll decides "nothing changed" from them alone:
    # `screens_version` the rotation, the timetable and the names the room sees;
    # `progress_version` the facilitator's lists (check-ins, sheets to send, nudges);
    # `board_version` the co-design board.
    screens_version = models.PositiveBigIntegerField(default=0, editable=False)
    progress_version = models.PositiveBigIntegerField(default=0, editable=False)
    board_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ("-date", "name")

    def __str__(self) -> str:
        return self.name

    def interpreters_by_name(self) -> list[tuple[str, int]]:
        """The interpreters on the day as (language name, how many), by name."""
        return sorted(
            (interpreter_language_name(code), count) for code, count in self.interpreters.items()
        )


class EventFacilitator(models.Model):
    """A member of staff the programme manager chose to facilitate this event.

    Facilitating one of a campaign's events is scoring in that campaign (`events.scorers`, ADR
    0006). While an event has no row here, every member holding the facilitator role counts as
    facilitating it. A row counts whatever roles its holder has since gained or lost.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="facilitators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("event", "user__full_name", "pk")
        constraints = (
            models.UniqueConstraint(fields=("event", "user"), name="one_facilitator_row_per_user"),
        )

    def __str__(self) -> str:
        return f"{self.user} facilitates {self.event}"


class AgendaBlockKind(models.TextChoices):
    """What a block of the day is for; the timetable fits into the conversations block."""

    WELCOME = "welcome", _("Welcome and food")
    ROLE_PURPOSE = "role_purpose", _("The purpose of the role")
    EQUAL_OPPORTUNITIES = "equal_opportunities", _("Equal opportunities and confidentiality")
    QUALITIES = "qualities", _("Qualities and local insights")
    MINGLING = "mingling", _("Mingling with the candidates")
    CONVERSATIONS = "conversations", _("One-to-one conversations")
    DELIBERATION = "deliberation", _("Scoring and deliberation")
    OTHER = "other", _("Other")


class AgendaBlock(models.Model):
    """One block of the day's agenda, in order, with its start time and length.

    Start times are never typed block by block: they follow from the day's start and the blocks'
    minutes (events.services), so they always add up.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    starts_at = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    kind = models.CharField(
        max_length=30, choices=AgendaBlockKind.choices, default=AgendaBlockKind.OTHER
    )

    class Meta:
        ordering = ("event", "position")
        constraints = (
            models.UniqueConstraint(fields=("event", "position"), name="one_block_per_position"),
        )

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.title}"


class HowTold(models.TextChoices):
    """How a candidate was told they are on the day."""

    EMAIL = "email", _("Email invitation")
    TEXT_MESSAGE = "text_message", _("Text message invitation")
    PHONE_CALL = "phone_call", _("Told by phone")
    IN_PERSON = "in_person", _("Told in person")
    LETTER = "letter", _("Told by letter")


# The ways staff may record having told a candidate themselves, without a message from here.
TOLD_BY_STAFF = (HowTold.PHONE_CALL, HowTold.IN_PERSON, HowTold.LETTER)


class DayPlace(models.Model):
    """A candidate's place on the day: how they were told, when and by whom.

    Kept beside the event's `candidates` (the list every app reads) so the day's list can say how
    each candidate heard, whether by an invitation sent from here or by staff who phoned them.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="day_places")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="day_places")
    how_told = models.CharField(max_length=20, choices=HowTold.choices)
    told_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # What staff told them (the time and place, the adjustments offered), in their words.
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("event", "candidate"), name="one_day_place_each"),
        )

    def __str__(self) -> str:
        return f"{self.candidate} at {self.event}: {self.get_how_told_display()}"
