"""What an invitation to the recruitment day says, and its calendar file (.ics)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from coappoint.campaigns.models import Candidate
from coappoint.events.models import Event

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class DayTimes:
    """When the day starts and ends, in London time; None when the agenda has no blocks yet."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime


def get_day_times(event: Event) -> DayTimes | None:
    """The first block's start and the last block's end, from the event's agenda."""
    blocks = list(event.agenda.all())
    if not blocks:
        return None
    starts = [datetime.datetime.combine(event.date, block.starts_at, LONDON) for block in blocks]
    ends = [
        start + datetime.timedelta(minutes=block.duration_minutes)
        for start, block in zip(starts, blocks, strict=True)
    ]
    return DayTimes(starts_at=min(starts), ends_at=max(ends))


def build_calendar_invitation(event: Event, *, now: datetime.datetime) -> bytes:
    """An .ics file for the day in the Europe/London time zone (all day when no agenda yet).

    The UID is the same for every candidate of the event, so a calendar that receives an updated
    invitation replaces the old entry instead of adding a second.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//coappoint//Community recruitment//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    host = urlsplit(settings.SITE_URL).hostname or "coappoint"
    entry.add("uid", f"event-{event.pk}@{host}")
    entry.add("dtstamp", now.astimezone(datetime.UTC))
    times = get_day_times(event)
    if times is None:
        entry.add("dtstart", event.date)
        entry.add("dtend", event.date + datetime.timedelta(days=1))
    else:
        entry.add("dtstart", times.starts_at)
        entry.add("dtend", times.ends_at)
    entry.add("summary", event.name)
    entry.add("location", ", ".join([event.venue_name, *event.venue_address.splitlines()]))
    description = [gettext("Community recruitment day for %(title)s.") % {"title": event.campaign}]
    if event.access_information:
        description.append(gettext("Access: %(info)s") % {"info": event.access_information})
    entry.add("description", "\n\n".join(description))
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


@dataclass(frozen=True)
class InvitationText:
    subject: str
    body: str
    # For a candidate who gave only a phone number: the day, the place and the link, short.
    sms_body: str


def write_invitation(event: Event, candidate: Candidate, *, sign_in_url: str) -> InvitationText:
    """The invitation email: when and where, access, adjustments and the personal sign-in link."""
    body = render_to_string(
        "candidates/invitation_email.txt",
        {
            "event": event,
            "candidate": candidate,
            "times": get_day_times(event),
            "sign_in_url": sign_in_url,
            "adjustments_url": settings.SITE_URL + reverse("candidates:my_adjustments"),
            "link_days": settings.SIGN_IN_LINK_DAYS,
            "privacy_url": settings.SITE_URL
            + reverse("pages:organisation_privacy", args=[event.organisation.slug]),
        },
    )
    date = f"{event.date.day} {event.date:%B %Y}"
    subject = gettext("Your invitation to the community recruitment day on %(date)s") % {
        "date": date
    }
    sms_body = gettext(
        "You are invited to the community recruitment day on %(date)s at %(place)s. Your "
        "personal sign-in link, for adjustments and the day: %(link)s Do not share it."
    ) % {"date": date, "place": event.venue_name, "link": sign_in_url}
    return InvitationText(subject=subject, body=body.strip() + "\n", sms_body=sms_body)
