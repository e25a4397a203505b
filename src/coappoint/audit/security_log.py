"""The security log: staff sign-ins, failed sign-ins and sign-outs, kept 30 days.

Written from Django's auth signals, so every way staff sign in (password, a demo link) and out
is covered. django-axes still counts failures for its lockout (its own AccessAttempt rows,
cleared on success); this log is what an information-governance team reads afterwards.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest
from django.utils import timezone

from coappoint.accounts.models import User
from coappoint.audit.models import SecurityEvent, SecurityEventKind
from coappoint.web.client_address import client_address


def _address(request: HttpRequest | None) -> str:
    return client_address(request)[:45] if request is not None else ""


def _signed_in(sender: object, request: HttpRequest | None, user: object, **kwargs: Any) -> None:
    if isinstance(user, User):
        SecurityEvent.objects.create(
            at=timezone.now(),
            kind=SecurityEventKind.SIGNED_IN,
            user_id=user.pk,
            client_address=_address(request),
        )


def _signed_out(sender: object, request: HttpRequest | None, user: object, **kwargs: Any) -> None:
    if isinstance(user, User):
        SecurityEvent.objects.create(
            at=timezone.now(),
            kind=SecurityEventKind.SIGNED_OUT,
            user_id=user.pk,
            client_address=_address(request),
        )


def _failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("username") or credentials.get("email") or "")
    user_id = (
        User.objects.filter(email__iexact=email).values_list("pk", flat=True).first()
        if email
        else None
    )
    SecurityEvent.objects.create(
        at=timezone.now(),
        kind=SecurityEventKind.SIGN_IN_FAILED,
        user_id=user_id,
        client_address=_address(request),
    )


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="coappoint.audit.security_log.in")
    user_logged_out.connect(_signed_out, dispatch_uid="coappoint.audit.security_log.out")
    user_login_failed.connect(_failed, dispatch_uid="coappoint.audit.security_log.failed")


def security_log_cutoff(now: datetime) -> datetime:
    """The moment before which records of staff signing in are no longer kept: this log's rows,
    and django-axes' sign-in attempts (which housekeeping removes by the same period)."""
    return now - timedelta(days=settings.SECURITY_LOG_RETENTION_DAYS)


def purge_security_log(*, now: datetime | None = None) -> int:
    """Delete security-log rows older than SECURITY_LOG_RETENTION_DAYS; return how many."""
    cutoff = security_log_cutoff(now or timezone.now())
    deleted, _ = SecurityEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
