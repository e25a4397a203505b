"""The private round both scorings share: hidden until the reveal, revealed once, closed once.

This module holds no concrete model and is not a Django app: scoring.ScoringRound and
interviews.PanelRound inherit the fields below, each in its own table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.db import models

from coappoint.audit.actions import AuditAction
from coappoint.organisations.models import Organisation


@dataclass(frozen=True)
class RoundActions:
    """The audit actions a round's reveal and closing are recorded under."""

    revealed: AuditAction
    closed: AuditAction


class PrivateRound(models.Model):
    """A private scoring round: who scored what stays hidden until `revealed_at`.

    `revealed_at` is set once, only by coappoint.reveal.services, and never cleared: when
    nothing is pending and a sheet that counts is in, when staff reveal by hand with nothing
    pending, or when staff close scoring with a reason (which also sets `closed_at`, `closed_by`
    and `close_reason`). Until then no score value is shown to anyone but its scorer; from then
    on no sheet is accepted and scoring cannot be closed.
    """

    actions: ClassVar[RoundActions]

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    revealed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    close_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        """True until the reveal: sheets may be sent, and scoring may be closed with a reason."""
        return self.revealed_at is None
