"""What the email carrying a recruiter's own sign-in link and code says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from coappoint.events.models import Event
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.web.languages import message_language


@dataclass(frozen=True)
class SignInEmail:
    subject: str
    body: str


def write_sign_in_email(
    recruiter: CommunityRecruiter,
    event: Event,
    *,
    sign_in_url: str,
    access_code: str,
    expires_at: datetime,
) -> SignInEmail:
    """The email, in the recruiter's language when the service speaks it, else in English."""
    with translation.override(message_language(recruiter.preferred_language)):
        body = render_to_string(
            "signin/sign_in_email.txt",
            {
                "recruiter": recruiter,
                "event": event,
                "sign_in_url": sign_in_url,
                "access_code": access_code,
                "code_url": settings.SITE_URL + reverse("signin:code"),
                "expires_at": expires_at,
            },
        )
        subject = gettext("How to sign in to %(event)s") % {"event": event.name}
    return SignInEmail(subject=subject, body=body.strip() + "\n")


def write_sign_up_confirmation(
    recruiter: CommunityRecruiter,
    event: Event,
    *,
    sign_in_url: str,
    access_code: str,
    expires_at: datetime,
) -> SignInEmail:
    """What a resident who has just signed up is sent: the sign-in email under its own subject."""
    text = write_sign_in_email(
        recruiter, event, sign_in_url=sign_in_url, access_code=access_code, expires_at=expires_at
    )
    with translation.override(message_language(recruiter.preferred_language)):
        subject = gettext("You have signed up for %(event)s") % {"event": event.name}
    return SignInEmail(subject=subject, body=text.body)


def write_sign_in_text_message(
    recruiter: CommunityRecruiter, event: Event, *, sign_in_url: str, access_code: str
) -> str:
    """The text message carrying the same sign-in, short enough for a phone."""
    with translation.override(message_language(recruiter.preferred_language)):
        return gettext(
            "%(event)s: your access code is %(code)s. Type it at %(code_url)s or open your own "
            "link: %(link)s Do not share them."
        ) % {
            "event": event.name,
            "code": access_code,
            "code_url": settings.SITE_URL + reverse("signin:code"),
            "link": sign_in_url,
        }
