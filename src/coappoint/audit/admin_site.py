"""The support admin records every change in the audit log, as services do.

`AuditedAdminSite` is the project's default admin site (`coappoint.audit.apps.SupportAdminConfig`
replaces `django.contrib.admin` in INSTALLED_APPS): every ModelAdmin registered on it, the
project's and third-party apps' alike, gets `AuditedAdminMixin`, which hooks Django's own
change logging (`log_addition`, `log_change`, `log_deletions`) into `audit.services.record`,
with the changed fields' values before and after. Text values are withheld (a name, an email,
a note about someone); choices, numbers, dates, flags and the ids of related records are kept.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.organisations.models import Organisation

_BEFORE = "_coappoint_audit_before"


def _shown(field: models.Field[Any, Any], value: Any) -> Any:
    """A field's value as the audit row may hold it."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if field.choices:
        return str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | datetime.timedelta):
        return str(value)
    return audit.WITHHELD


def _raw(obj: models.Model) -> dict[str, tuple[models.Field[Any, Any] | None, Any]]:
    """Every concrete field's value (foreign keys as ids), many-to-many fields as sorted ids."""
    values: dict[str, tuple[models.Field[Any, Any] | None, Any]] = {}
    for field in obj._meta.concrete_fields:
        values[field.attname] = (field, field.value_from_object(obj))
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            values[m2m.name] = (
                None,
                sorted(related.pk for related in getattr(obj, m2m.name).all()),
            )
    return values


def _show(field: models.Field[Any, Any] | None, value: Any) -> Any:
    return value if field is None else _shown(field, value)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The record's values as an audit row may hold them."""
    return {name: _show(field, value) for name, (field, value) in _raw(obj).items()}


def _organisation(obj: models.Model) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj if obj.pk is not None else None
    organisation_id = getattr(obj, "organisation_id", None)
    if organisation_id is None:
        return None
    return Organisation.objects.filter(pk=organisation_id).first()


class AuditedAdminMixin:
    """Record each addition, change and deletion made in the admin as an audit row."""

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Any:
        obj = super().get_object(request, object_id, from_field)  # type: ignore[misc]
        if obj is not None:
            setattr(obj, _BEFORE, _raw(obj))
        return obj

    def log_addition(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)  # type: ignore[misc]
        audit.record(
            action=AuditAction.SUPPORT_ADMIN_ADDED,
            actor=request.user,  # type: ignore[arg-type]
            organisation=_organisation(obj),
            now=timezone.now(),
            target=obj,
            after=snapshot(obj),
        )
        return entry

    def log_change(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        entry = super().log_change(request, obj, message)  # type: ignore[misc]
        before = getattr(obj, _BEFORE, {})
        after = _raw(obj)
        # Compared as stored, shown as the row may hold them (a changed name is still withheld).
        changed = sorted(
            name for name in after if name not in before or before[name] != after[name]
        )
        audit.record(
            action=AuditAction.SUPPORT_ADMIN_CHANGED,
            actor=request.user,  # type: ignore[arg-type]
            organisation=_organisation(obj),
            now=timezone.now(),
            target=obj,
            before={name: _show(*before[name]) if name in before else None for name in changed},
            after={name: _show(*after[name]) for name in changed},
        )
        return entry

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        entries = super().log_deletions(request, queryset)  # type: ignore[misc]
        now = timezone.now()
        for obj in queryset:
            audit.record(
                action=AuditAction.SUPPORT_ADMIN_DELETED,
                actor=request.user,  # type: ignore[arg-type]
                organisation=_organisation(obj),
                now=now,
                target=obj,
                before=snapshot(obj),
            )
        return entries


class AuditedAdminSite(admin.AdminSite):
    """The support admin: every registered ModelAdmin is audited."""

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedAdminMixin):
            base = type(f"Audited{base.__name__}", (AuditedAdminMixin, base), {})
        super().register(model_or_iterable, base, **options)
