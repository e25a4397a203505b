"""A person's request to see, correct or erase what the service holds about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coappoint.organisations.models import Organisation


class PersonKind(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    RECRUITER = "recruiter", _("Community recruiter")


class IdentityCheck(models.TextChoices):
    """How staff made sure the request came from the person it is about."""

    CONTACT_DETAILS_WE_HOLD = (
        "contact_details",
        _("Confirmed through the email address or phone number we already hold"),
    )
    PHOTO_IDENTITY = "photo_identity", _("Photo identity document seen")
    IN_PERSON = "in_person", _("Known to staff and asked in person")
    OTHER = "other", _("Another way (say how in the note)")


class State(models.TextChoices):
    OPEN = "open", _("Open")
    BUNDLE_SENT = "bundle_sent", _("Bundle sent")
    CLOSED = "closed", _("Closed")


class SubjectAccessRequest(models.Model):
    """One request from a candidate or a community recruiter, with its one-month deadline.

    The person is a kind and an id (as `notify.Message` names them): the request outlives the
    person's details, which erasure anonymises in place. `due_on` is
    `rules.subject_access.due_on(received_on)`, kept so lists can sort by it.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person_kind = models.CharField(max_length=20, choices=PersonKind.choices)
    person_id = models.BigIntegerField()
    received_on = models.DateField()
    due_on = models.DateField()
    identity_check = models.CharField(max_length=20, choices=IdentityCheck.choices, blank=True)
    identity_note = models.TextField(blank=True)
    identity_checked_at = models.DateTimeField(null=True, blank=True)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    bundle_assembled_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Why staff erased the person's data, in their words (the audit row points here).
    erasure_reason = models.TextField(blank=True)

    class Meta:
        ordering = ("due_on", "id")
        indexes = (models.Index(fields=("organisation", "person_kind", "person_id")),)

    def __str__(self) -> str:
        return f"Subject-access request {self.pk}"

    @property
    def identity_checked(self) -> bool:
        return bool(self.identity_check)


class Rectification(models.Model):
    """What staff corrected in the person's details at their request, in staff's words."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="rectifications"
    )
    note = models.TextField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("recorded_at", "id")

    def __str__(self) -> str:
        return f"Rectification {self.pk}"


class EqualityAnswersLink(models.Model):
    """A one-use link, sent to the candidate alone, to the page showing their equality answers.

    Only the SHA-256 of its secret is kept; no staff page ever holds the link, so no staff
    member can open it and see the answers.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="equality_links"
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Equality answers link {self.pk}"
