"""Messages to people: one row each, and the outbox that keeps them in development and tests."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coappoint.organisations.models import Organisation


class OutboxMessage(models.Model):
    """An email the outbox backend kept instead of sending, with its attachments.

    `attachments` is a list of {"filename", "content_type", "content_base64"}: small files such
    as calendar invitations, kept whole so a test or a developer can open exactly what was sent.
    Staff read it only through notify.queries, which withholds personal sign-in links and codes.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    recipient = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    attachments = models.JSONField(default=list, blank=True)
    # [start, end] of each part of `body` that is someone's personal sign-in link or code, which
    # the outbox page withholds from staff (notify.withholding); the body itself is kept whole.
    withheld_spans = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"To {self.recipient}: {self.subject}"


class Purpose(models.TextChoices):
    """Why a message was sent: the reason a person hears from the service."""

    SIGN_UP_CONFIRMATION = "sign_up_confirmation", _("Sign-up confirmation")
    SIGN_IN = "sign_in", _("New sign-in link and code")
    REMINDER = "reminder", _("Reminder of the day")
    CANDIDATE_INVITATION = "candidate_invitation", _("Invitation to the day")
    YOU_SAID_WE_DID = "you_said_we_did", _("You said, we did")
    CANDIDATE_FEEDBACK = "candidate_feedback", _("Feedback")
    ACCOUNT = "account", _("Staff account")
    CHECK = "check", _("Test message")
    SUBJECT_ACCESS = "subject_access", _("Subject-access request")
    PANEL_THANKS = "panel_thanks", _("Thanks to a volunteer not drawn for the panel")
    PANEL_RESERVE_CALLED = "panel_reserve_called", _("A reserve's place on the panel")
    # The invitation to evaluate the day is co-evaluation's to send (TODO #22): it adds its purpose.


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")


class Status(models.TextChoices):
    """Where a message is on its way; Notify's own words for the states it reports back."""

    QUEUED = "queued", _("Waiting to send")
    RETRYING = "retrying", _("Trying again")
    # An attempt is under way: claimed by one worker, so no other sends it meanwhile.
    ATTEMPTING = "attempting", _("Being handed over now")
    KEPT = "kept", _("Kept in the outbox, not sent")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Handed to the mail server")
    DELIVERED = "delivered", _("Delivered")
    PERMANENT_FAILURE = "permanent-failure", _("Not delivered: wrong address or number")
    TEMPORARY_FAILURE = "temporary-failure", _("Not delivered: inbox full or phone off")
    TECHNICAL_FAILURE = "technical-failure", _("Not delivered: a problem at GOV.UK Notify")
    NOT_SENT = "not-sent", _("Not sent: gave up trying")


FAILED = (
    Status.PERMANENT_FAILURE,
    Status.TEMPORARY_FAILURE,
    Status.TECHNICAL_FAILURE,
    Status.NOT_SENT,
)
# Still to be tried by the sending task.
WAITING = (Status.QUEUED, Status.RETRYING)
# Not yet taken by the provider, nor given up: what `coappoint notify check` waits for.
UNSETTLED = (*WAITING, Status.ATTEMPTING)


class Message(models.Model):
    """One message to one person, written in the same transaction as what caused it.

    `body` is what was sent with each personal sign-in link or code replaced by a marker
    (notify.masking); the secrets themselves wait in `secrets` only until the message is sent
    or given up, then are wiped. `id` is the `reference` Notify is given, so a retry can ask
    Notify whether an earlier attempt got through before sending again.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    purpose = models.CharField(max_length=40, choices=Purpose.choices)
    # Who it is for, as "recruiter", "candidate" or "staff" and their id: notify sits below the
    # apps that own people, so it names them rather than holding a foreign key.
    person_kind = models.CharField(max_length=20, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    to = models.CharField(max_length=320)
    language = models.CharField(max_length=10, default="en")
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    secrets = models.JSONField(default=list, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    provider_id = models.CharField(max_length=100, blank=True)
    failure_reason = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # When the latest attempt was claimed: an attempt claimed long ago and never finished was
    # lost with its worker, and notify.sweep hands the message on again.
    attempt_started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    resent_as = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="resend_of"
    )

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=["person_kind", "person_id"]),
            models.Index(fields=["organisation", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} by {self.channel} ({self.status})"

    @property
    def reference(self) -> str:
        """How audit rows and pages name the message: never its content."""
        return f"message:{self.pk}"

    @property
    def has_failed(self) -> bool:
        return self.status in FAILED
