"""A community recruiter at one event, how they joined, what they agreed, whom they know, thanks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coappoint.campaigns.models import Candidate
from coappoint.events.models import Event, interpreter_language_name
from coappoint.organisations.models import Organisation
from coappoint.rules.join_codes import JOIN_CODE_LENGTH, format_join_code

# The languages the service itself speaks, each named in its own language.
SERVICE_LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg", "ar": "العربية"}


class JoinedBy(models.TextChoices):
    """How a recruiter came to be on the event's list."""

    SIGN_UP_LINK = "sign_up_link", _("Signed up by link")
    AT_THE_DOOR = "at_the_door", _("Added at the door")
    STAFF = "staff", _("Added by staff")


class CommunityRecruiter(models.Model):
    """A local resident taking part in one event. No password: they sign in by link or code."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="recruiters")
    full_name = models.CharField(max_length=200)
    neighbourhood = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    preferred_language = models.CharField(
        max_length=50,
        default="en",
        help_text='"en", "cy" or "ar", or the name of another language as they typed it.',
    )
    interpreter_language = models.CharField(
        max_length=20,
        blank=True,
        help_text='The interpreter they need in conversations ("ar", "bsl"), if any.',
    )
    access_needs = models.TextField(blank=True)
    dietary_needs = models.TextField(blank=True)
    # When they can be there on the day; empty means all day. The timetable turns these into slots.
    available_from = models.TimeField(null=True, blank=True)
    available_until = models.TimeField(null=True, blank=True)
    joined_by = models.CharField(max_length=20, choices=JoinedBy.choices, default=JoinedBy.STAFF)
    joined_at = models.DateTimeField(null=True, blank=True)
    confidentiality_acknowledged_at = models.DateTimeField(null=True, blank=True)
    equal_opportunities_acknowledged_at = models.DateTimeField(null=True, blank=True)
    # When they last said whom they know ("nobody" included); empty means not yet.
    conflicts_declared_at = models.DateTimeField(null=True, blank=True)
    # On the day: arrival, then confidentiality and whom they know confirmed again. Each keeps the
    # idempotency key of the submission that recorded it, so a resent submission changes nothing.
    checked_in_at = models.DateTimeField(null=True, blank=True)
    check_in_idempotency_key = models.UUIDField(null=True, blank=True, unique=True)
    day_confirmed_at = models.DateTimeField(null=True, blank=True)
    day_confirmation_idempotency_key = models.UUIDField(null=True, blank=True, unique=True)
    # They withdrew (or staff withdrew them, `withdrawn_by`): they leave the plan, owe no more
    # sheets, and those already sent still count (rules.sheets).
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Not drawn for the event's panel (panels.services.draw_panel): a reserve since then, off the
    # day's plan and lists until a replacement calls them; empty for everyone on the day.
    reserve_since = models.DateTimeField(null=True, blank=True)
    # Version of what only this recruiter's phone shows (their nudges, their language), bumped by
    # the services that change it (recruiters.services.bump_phone_version); see web.stamps.
    phone_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ("full_name", "id")

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_reserve(self) -> bool:
        return self.reserve_since is not None

    @property
    def has_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def preferred_language_name(self) -> str:
        return SERVICE_LANGUAGE_NAMES.get(self.preferred_language, self.preferred_language)

    @property
    def interpreter_language_name(self) -> str:
        """The interpreter's language by name ("Arabic"), or empty when none is needed."""
        return (
            interpreter_language_name(self.interpreter_language)
            if self.interpreter_language
            else ""
        )


class ConflictOfInterest(models.Model):
    """A recruiter knows a candidate: the pair never meet and the recruiter never scores them."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recruiter = models.ForeignKey(
        CommunityRecruiter, on_delete=models.CASCADE, related_name="conflicts"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="conflicts")
    declared_at = models.DateTimeField(auto_now_add=True)
    how_they_know = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("recruiter", "candidate"), name="one_conflict_per_pair"
            ),
        )

    def __str__(self) -> str:
        return f"{self.recruiter} knows {self.candidate}"


class SignUpLink(models.Model):
    """The one shared sign-up link of an event, printed on a poster; closing it stops sign-ups.

    The slug is long and random, and the join code short enough to type from the poster or hear
    over the phone (/join/ABCD-2345, rules.join_codes); both are stored as they are: they are
    public by design (on a wall), and staff must be able to print the poster again.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="sign_up_link")
    slug = models.CharField(max_length=64, unique=True)
    join_code = models.CharField(
        max_length=JOIN_CODE_LENGTH,
        unique=True,
        help_text="Canonical, without the hyphen: unique across every organisation.",
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Sign-up link for {self.event}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def join_code_shown(self) -> str:
        """The join code as it is printed and read out: "ABCD-2345"."""
        return format_join_code(self.join_code)


class CandidateListPublication(models.Model):
    """The moment staff shared the candidates' display names with the event's recruiters."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="candidate_list_publication"
    )
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Candidate list of {self.event} published {self.published_at:%Y-%m-%d %H:%M}"


class ThanksKind(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    VOUCHER = "voucher", _("Voucher")
    EXPENSES = "expenses", _("Expenses")


class ThanksStatus(models.TextChoices):
    OFFERED = "offered", pgettext_lazy("status of a thanks payment", "Offered")
    ACCEPTED = "accepted", pgettext_lazy("status of a thanks payment", "Accepted")
    DECLINED = "declined", pgettext_lazy("status of a thanks payment", "Declined")


class ThanksRecord(models.Model):
    """A payment, voucher or expenses offered to a recruiter, and whether they took it.

    One record per kind: recording the same kind again updates it (the audit log keeps the
    history), so the list page shows where each offer stands.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recruiter = models.ForeignKey(
        CommunityRecruiter, on_delete=models.CASCADE, related_name="thanks"
    )
    kind = models.CharField(max_length=20, choices=ThanksKind.choices)
    amount_pence = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ThanksStatus.choices, default=ThanksStatus.OFFERED
    )
    note = models.CharField(max_length=500, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("recruiter", "kind")
        constraints = (
            models.UniqueConstraint(fields=("recruiter", "kind"), name="one_thanks_per_kind"),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recruiter}: {self.get_status_display()}"

    @property
    def amount_text(self) -> str:
        """The amount as people read it, "£25" or "£12.50"; empty when none was given."""
        if self.amount_pence is None:
            return ""
        pounds, pence = divmod(self.amount_pence, 100)
        return f"£{pounds:,}" if pence == 0 else f"£{pounds:,}.{pence:02d}"


class Nudge(models.Model):
    """A gentle reminder from the facilitator shown on one recruiter's phone until they see it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recruiter = models.ForeignKey(
        CommunityRecruiter, on_delete=models.CASCADE, related_name="nudges"
    )
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Nudge to {self.recruiter}: {self.message}"


class SignInReissue(models.Model):
    """Staff gave a recruiter who had already signed in a new way to sign in, and said why.

    Shown beside the recruiter on the staff list: a new sign-in lets whoever holds it act as the
    recruiter, so everyone running the day can see when it happened, who did it and why.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recruiter = models.ForeignKey(
        CommunityRecruiter, on_delete=models.CASCADE, related_name="sign_in_reissues"
    )
    reissued_at = models.DateTimeField()
    reissued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField()

    class Meta:
        ordering = ("recruiter", "-reissued_at", "-id")

    def __str__(self) -> str:
        return f"Sign-in reissued for {self.recruiter} at {self.reissued_at:%Y-%m-%d %H:%M}"
