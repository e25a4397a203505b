"""A timetable made for an event: what the rules core was given, what it answered, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coappoint.campaigns.models import Candidate
from coappoint.events.models import Event
from coappoint.organisations.models import Organisation
from coappoint.recruiters.models import CommunityRecruiter


class Timetable(models.Model):
    """One version of an event's timetable; the newest is the current one.

    The clock times are kept with it (`starts_at`, `conversation_minutes`) so a later change to
    the agenda does not silently move the conversations of a timetable already printed.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="timetables")
    version = models.PositiveIntegerField()
    made_at = models.DateTimeField(auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_at = models.TimeField(help_text="When the first conversation starts.")
    conversation_minutes = models.PositiveSmallIntegerField()
    rounds = models.PositiveIntegerField(
        default=0, help_text="How many rounds the plan has (some may have no conversation)."
    )
    input = models.JSONField(help_text="What the rules core was given (coappoint timetable input).")
    output = models.JSONField(
        help_text=(
            "What the rules core answered besides the conversations, which are rows: "
            "lower_bound, optimal, moved and unmet."
        )
    )

    class Meta:
        ordering = ("event", "-version")
        constraints = (
            models.UniqueConstraint(fields=("event", "version"), name="one_timetable_per_version"),
        )

    def __str__(self) -> str:
        return f"{self.event}: timetable version {self.version}"


class Conversation(models.Model):
    """One one-to-one conversation a timetable version planned: who meets whom, when, where.

    `round` is the timetable's slot, counted from 0. Every version keeps its own rows; the
    newest version's rows are the day as planned now. `status` follows the day: the rotation
    moves rows from planned to happening to held, the facilitator records one that did not
    happen, and a newer version marks the rows it replaced "cancelled by a re-plan".
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HAPPENING = "happening", _("Happening now")
        HELD = "held", pgettext_lazy("status of a conversation", "Held")
        DID_NOT_HAPPEN = (
            "did_not_happen",
            pgettext_lazy("status of a conversation", "Did not happen"),
        )
        CANCELLED = "cancelled", _("Cancelled by a re-plan")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    timetable = models.ForeignKey(Timetable, on_delete=models.CASCADE, related_name="conversations")
    round = models.PositiveIntegerField(help_text="The timetable's slot, counted from 0.")
    table = models.PositiveSmallIntegerField()
    recruiter = models.ForeignKey(
        CommunityRecruiter, on_delete=models.CASCADE, related_name="conversations"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    interpreter_languages = models.CharField(
        max_length=100,
        blank=True,
        help_text="The languages interpreted at this conversation, as codes separated by commas.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("timetable", "round", "table")
        constraints = (
            models.UniqueConstraint(
                fields=("timetable", "round", "table"), name="one_conversation_per_table"
            ),
            models.UniqueConstraint(
                fields=("timetable", "round", "recruiter"),
                name="one_conversation_per_recruiter_per_round",
            ),
            models.UniqueConstraint(
                fields=("timetable", "round", "candidate"),
                name="one_conversation_per_candidate_per_round",
            ),
        )
        indexes = (models.Index(fields=("timetable", "recruiter")),)

    def __str__(self) -> str:
        return (
            f"Conversation of {self.recruiter} with {self.candidate} "
            f"(round {self.round + 1}, table {self.table})"
        )

    @property
    def languages(self) -> tuple[str, ...]:
        """The interpreter language codes, in the order the rules core gave them."""
        return tuple(code for code in self.interpreter_languages.split(",") if code)


class Rotation(models.Model):
    """Where the one-to-one conversations are on the day: which round, since when, paused or not.

    Rounds are the current timetable's slots, counted from 0. `round_started_at` is when the
    current round began (its countdown runs from there for `conversation_minutes`);
    `paused_at` is set while the facilitator has paused the room. Screens poll this row.
    """

    class State(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        RUNNING = "running", "Running"
        PAUSED = "paused", "Paused"
        FINISHED = "finished", "Finished"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="rotation")
    state = models.CharField(max_length=20, choices=State.choices, default=State.NOT_STARTED)
    current_round = models.PositiveIntegerField(null=True, blank=True)
    round_started_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(
        auto_now=True, help_text="Any change; screens compare it to know when to refresh."
    )

    def __str__(self) -> str:
        return f"{self.event}: rotation {self.get_state_display()}"


class AttendanceChange(models.Model):
    """Someone is not there as planned: the facilitator records it and the rest is re-planned.

    `round` is a slot index of the timetable (counted from 0) whose meaning depends on `kind`:
    a no-show is gone from that round on (the first round not started when it was recorded), a
    late arrival is there from that round on, and an early leaver is gone from that round on.
    `timetable` is the version the re-planning made.
    """

    class Kind(models.TextChoices):
        NO_SHOW = "no_show", "No-show"
        LATE_ARRIVAL = "late_arrival", "Late arrival"
        EARLY_LEAVER = "early_leaver", "Early leaver"
        WITHDREW = "withdrew", "Withdrew"

    class PersonKind(models.TextChoices):
        CANDIDATE = "candidate", "Candidate"
        RECRUITER = "recruiter", "Community recruiter"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance_changes")
    person_kind = models.CharField(max_length=20, choices=PersonKind.choices)
    person_id = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    round = models.PositiveIntegerField()
    timetable = models.ForeignKey(
        Timetable, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ("event", "-recorded_at", "-id")

    def __str__(self) -> str:
        return f"{self.event}: {self.get_kind_display()} ({self.person_kind} {self.person_id})"
