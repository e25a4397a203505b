"""The reminder the day before: recruiters and candidates of tomorrow's events, once each.

Run daily (`coappoint manage send_reminders`, from cron or the platform's scheduler). Each
person gets their reminder in their language, by email with the day's calendar file, or by text
message when they gave only a phone number; someone reminded in the last day is not reminded
again, so a second run the same day sends nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext

from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.campaigns.models import Candidate
from coappoint.candidates.invitations import build_calendar_invitation, get_day_times
from coappoint.events.models import Event
from coappoint.notify.models import Message, Purpose
from coappoint.notify.services import Attachment, Recipient, send_message
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.web.languages import message_language


@dataclass(frozen=True)
class ReminderText:
    subject: str
    body: str
    sms_body: str


def write_reminder(event: Event, *, name: str) -> ReminderText:
    """The reminder's words, in the active language: when, where, and how to get in."""
    times = get_day_times(event)
    date = date_format(event.date, "l j F Y")
    when = (
        gettext("%(date)s, from %(start)s to %(end)s")
        % {
            "date": date,
            "start": time_format(times.starts_at.time(), "H:i"),
            "end": time_format(times.ends_at.time(), "H:i"),
        }
        if times
        else date
    )
    where = ", ".join([event.venue_name, *event.venue_address.splitlines()])
    parts = [
        gettext("Dear %(name)s,") % {"name": name},
        gettext("This is a reminder that %(event)s is tomorrow: %(when)s.")
        % {"event": event.name, "when": when},
        gettext("Where: %(where)s") % {"where": where},
    ]
    if event.access_information:
        parts.append(gettext("Access: %(info)s") % {"info": event.access_information})
    parts.append(gettext("If you cannot come, please tell the council as soon as you can."))
    return ReminderText(
        subject=gettext("Reminder: %(event)s is tomorrow") % {"event": event.name},
        body="\n\n".join(parts) + "\n",
        sms_body=gettext("Reminder: %(event)s is tomorrow, %(when)s, at %(where)s.")
        % {"event": event.name, "when": when, "where": where},
    )


def _reminded_lately(kind: str, person_id: int) -> bool:
    # By the rows' own clock (created_at is the database's time of writing, not `now`).
    return Message.objects.filter(
        purpose=Purpose.REMINDER,
        person_kind=kind,
        person_id=person_id,
        created_at__gte=timezone.now() - datetime.timedelta(hours=23),
    ).exists()


def _remind(
    *,
    event: Event,
    kind: str,
    person: CommunityRecruiter | Candidate,
    name: str,
    now: datetime.datetime,
) -> Message | None:
    if not (person.email or person.phone) or _reminded_lately(kind, person.pk):
        return None
    language = message_language(person.preferred_language)
    with translation.override(language):
        text = write_reminder(event, name=name)
        calendar = Attachment(
            filename="community-recruitment-day.ics",
            content_type="text/calendar",
            content=build_calendar_invitation(event, now=now),
        )
    return send_message(
        organisation=event.organisation,
        purpose=Purpose.REMINDER,
        recipient=Recipient(
            email=person.email, phone=person.phone, person_kind=kind, person_id=person.pk
        ),
        language=language,
        subject=text.subject,
        body=text.body,
        sms_body=text.sms_body,
        attachments=[calendar],
    )


def send_day_before_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind everyone taking part in an event tomorrow (London time); how many were written."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    written = 0
    for event in Event.objects.filter(date=tomorrow).select_related("organisation", "campaign"):
        with transaction.atomic():
            sent = [
                _remind(event=event, kind="recruiter", person=r, name=r.full_name, now=now)
                for r in CommunityRecruiter.objects.filter(
                    event=event, withdrawn_at__isnull=True, reserve_since__isnull=True
                )
            ] + [
                _remind(event=event, kind="candidate", person=c, name=c.called, now=now)
                for c in event.candidates.all()
            ]
            count = sum(message is not None for message in sent)
            if count:
                audit.record(
                    now=now,
                    organisation=event.organisation,
                    actor=audit.SYSTEM,
                    action=AuditAction.REMINDERS_SENT,
                    target=event,
                    after={"messages": count},
                )
        written += count
    return written
