"""Personal sign-in links and access codes, scoped to one event; only their hashes are stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coappoint.campaigns.models import Candidate
from coappoint.events.models import Event
from coappoint.organisations.models import Organisation
from coappoint.recruiters.models import CommunityRecruiter

_ONE_PERSON = (
    models.Q(recruiter__isnull=False, candidate__isnull=True, staff_user__isnull=True)
    | models.Q(recruiter__isnull=True, candidate__isnull=False, staff_user__isnull=True)
    | models.Q(recruiter__isnull=True, candidate__isnull=True, staff_user__isnull=False)
)


class Credential(models.Model):
    """What links and codes share: whom they sign in, to which event, until when."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+", null=True)
    recruiter = models.ForeignKey(
        CommunityRecruiter, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Only demo staff, and only when demo mode is on.",
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Whether a staff member issued it (as opposed to the person's own sign-up): a browser
    # session it opens is marked, and what that session sends says so in the audit log.
    issued_by_staff = models.BooleanField(default=False)

    class Meta:
        abstract = True


class SignInLink(Credential):
    """A personal link, used up when the person presses Continue (not when it is opened)."""

    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (models.CheckConstraint(condition=_ONE_PERSON, name="link_for_one_person"),)

    def __str__(self) -> str:
        return f"Sign-in link {self.pk} (expires {self.expires_at:%Y-%m-%d})"


class AccessCode(Credential):
    """A short code the person types; reusable until it expires or is reissued.

    Staff never see one: it reaches the person by email or on their own phone at sign-up.
    """

    class Meta:
        constraints = (models.CheckConstraint(condition=_ONE_PERSON, name="code_for_one_person"),)

    def __str__(self) -> str:
        return f"Access code {self.pk} (expires {self.expires_at:%Y-%m-%d})"


class AccessCodeAttempt(models.Model):
    """A code that was checked: kept to slow guessing from one address, and from all together.

    Only tries that were checked are kept; a try made while its place had to wait is not.
    `ip_address` is the place guesses are counted from (an IPv6 address's /64 network).
    """

    ip_address = models.GenericIPAddressField()
    at = models.DateTimeField(db_index=True)
    succeeded = models.BooleanField()
    access_code = models.ForeignKey(
        AccessCode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The code that signed in (right tries only): each earns its place a free "
        "mistake.",
    )

    class Meta:
        indexes = (models.Index(fields=("ip_address", "at")),)

    def __str__(self) -> str:
        return f"{self.ip_address} at {self.at:%H:%M:%S}: {'right' if self.succeeded else 'wrong'}"


class AccessCodeGate(models.Model):
    """When the next access code may be tried from one place, or from anywhere.

    Its row is locked while a try is decided and recorded, so tries made at the same moment are
    counted one after another and never checked beyond the allowance.
    """

    EVERYWHERE = "*"

    place = models.CharField(
        max_length=64, unique=True, help_text='An address, or "*" for every address at once.'
    )
    opens_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Access codes from {self.place} wait until {self.opens_at or 'never'}"


class AccessCodeSlowdown(models.Model):
    """A time when codes were slowed for everyone, as the event's staff are told it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    ends_at = models.DateTimeField(
        db_index=True, help_text="A window after the last wrong code over the allowance."
    )
    wrong_codes = models.PositiveIntegerField(
        help_text="Wrong codes tried on the whole service in the window, at the latest count."
    )

    def __str__(self) -> str:
        return (
            f"Access codes slowed from {self.started_at:%Y-%m-%d %H:%M} for event {self.event_id}"
        )
