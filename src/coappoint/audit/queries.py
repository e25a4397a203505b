"""Reads of the audit log, always within one organisation, and the names its ids stand for.

A row holds ids; this module looks them up while the records exist (`describe`), so the page
and the CSV show names, and "Deleted record" once a record is gone.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from coappoint.audit.actions import ActorKind, AuditAction
from coappoint.audit.models import AuditEvent
from coappoint.audit.services import ACTOR_MODELS
from coappoint.organisations.models import Organisation

KIND_MODELS = {kind: label for label, kind in ACTOR_MODELS.items()}
# Text on these records is shown to auditors only: score-sheet comments name who wrote them.
AUDITOR_ONLY_TEXT = frozenset({"scoring.ScoreCorrection"})


@dataclass(frozen=True)
class AuditFilters:
    person: tuple[str, int] | None = None  # (actor kind, id)
    action: str = ""
    record: tuple[str, str] | None = None  # (model label, id)
    since: datetime.date | None = None
    until: datetime.date | None = None


def list_audit_events(
    organisation: Organisation, filters: AuditFilters | None = None
) -> QuerySet[AuditEvent]:
    """The organisation's audit rows matching `filters`, newest first."""
    rows = AuditEvent.objects.filter(organisation=organisation)
    if filters is None:
        return rows
    if filters.person is not None:
        rows = rows.filter(actor_kind=filters.person[0], actor_id=filters.person[1])
    if filters.action:
        rows = rows.filter(action=filters.action)
    if filters.record is not None:
        rows = rows.filter(target_type=filters.record[0], target_id=filters.record[1])
    if filters.since is not None:
        rows = rows.filter(at__date__gte=filters.since)
    if filters.until is not None:
        rows = rows.filter(at__date__lte=filters.until)
    return rows


def people_who_acted(organisation: Organisation) -> list[tuple[str, str]]:
    """(value, name) for every named person with a row in the organisation, by name."""
    refs = (
        AuditEvent.objects.filter(organisation=organisation, actor_id__isnull=False)
        .values_list("actor_kind", "actor_id")
        .distinct()
    )
    names = names_of({(kind, str(pk)) for kind, pk in refs if kind in KIND_MODELS}, by_kind=True)
    choices = [
        (f"{kind}:{pk}", f"{name} ({ActorKind(kind).label})") for (kind, pk), name in names.items()
    ]
    return sorted(choices, key=lambda choice: choice[1].casefold())


def names_of(
    refs: Iterable[tuple[str, str]], *, by_kind: bool = False
) -> dict[tuple[str, str], str]:
    """The current name of each (model label or actor kind, id) that still exists."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for label, pk in refs:
        wanted[label].add(pk)
    found: dict[tuple[str, str], str] = {}
    for key, pks in wanted.items():
        label = KIND_MODELS.get(ActorKind(key), "") if by_kind else key
        if not label:
            continue
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        for obj in model._default_manager.filter(pk__in=pks):
            found[(key, str(obj.pk))] = str(obj)
    return found


@dataclass(frozen=True)
class Described:
    """One audit row in words, for the page and the CSV."""

    event: AuditEvent
    actor: str
    action: str
    record: str
    record_filter: str  # the `record` filter value that shows this record's history
    before: list[tuple[str, str]]
    after: list[tuple[str, str]]


def _text_refs(values: Any) -> Iterable[tuple[str, str]]:
    if isinstance(values, dict):
        for value in values.values():
            if isinstance(value, dict) and "text_on" in value:
                yield (str(value["text_on"]), str(value["id"]))


def _show_value(value: Any, texts: dict[tuple[str, str], Any], *, auditor: bool) -> str:
    from coappoint.audit.services import WITHHELD

    if value == WITHHELD:
        return _("Withheld")
    if isinstance(value, dict) and "text_on" in value:
        label, pk = str(value["text_on"]), str(value["id"])
        if label in AUDITOR_ONLY_TEXT and not auditor:
            return _("Shown to auditors only")
        if (label, pk) not in texts:
            return _("Deleted record")
        text = texts[(label, pk)]
        if isinstance(text, dict):
            text = text.get(str(value.get("key", "")), "")
        return str(text) if text else _("None given")
    if value is None:
        return _("None")
    if isinstance(value, bool):
        return (
            pgettext("a value in the audit log", "Yes")
            if value
            else pgettext("a value in the audit log", "No")
        )
    if isinstance(value, list | tuple):
        return ", ".join(_show_value(item, texts, auditor=auditor) for item in value) or _("None")
    if isinstance(value, dict):
        return "; ".join(
            f"{key}: {_show_value(item, texts, auditor=auditor)}" for key, item in value.items()
        )
    return str(value)


def _texts(rows: Sequence[AuditEvent]) -> dict[tuple[str, str], Any]:
    """The free text named by the rows' `text_on` references, from records that still exist."""
    wanted: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        for values in (row.before, row.after):
            if isinstance(values, dict):
                for value in values.values():
                    if isinstance(value, dict) and "text_on" in value:
                        wanted[str(value["text_on"])][str(value["field"])].add(str(value["id"]))
    texts: dict[tuple[str, str], Any] = {}
    for label, fields in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        for field, pks in fields.items():
            for pk, text in model._default_manager.filter(pk__in=pks).values_list("pk", field):
                texts[(label, str(pk))] = text
    return texts


def describe(rows: Sequence[AuditEvent], *, auditor: bool) -> list[Described]:
    """The rows in words: names looked up by id, the action's label, values before and after."""
    actors = names_of(
        {(row.actor_kind, str(row.actor_id)) for row in rows if row.actor_id is not None},
        by_kind=True,
    )
    targets = names_of({(row.target_type, row.target_id) for row in rows if row.target_type})
    texts = _texts(rows)
    described = []
    for row in rows:
        kind = ActorKind(row.actor_kind)
        if row.actor_id is None:
            actor = str(kind.label)
        else:
            name = actors.get((row.actor_kind, str(row.actor_id)))
            actor = (
                f"{name} ({kind.label})"
                if name is not None
                else _("Deleted record (%(kind)s)") % {"kind": kind.label}
            )
        record = ""
        if row.target_type:
            record = targets.get((row.target_type, row.target_id), _("Deleted record"))
        action = (
            str(AuditAction(row.action).label) if row.action in AuditAction.values else row.action
        )
        described.append(
            Described(
                event=row,
                actor=actor,
                action=action,
                record=record,
                record_filter=f"{row.target_type}:{row.target_id}" if row.target_type else "",
                before=[
                    (key, _show_value(value, texts, auditor=auditor))
                    for key, value in (row.before or {}).items()
                ],
                after=[
                    (key, _show_value(value, texts, auditor=auditor))
                    for key, value in (row.after or {}).items()
                ],
            )
        )
    return described
