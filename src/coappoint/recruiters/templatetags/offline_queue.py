"""What offline.js needs from the page: the server's sealing key and the signed-in person's tags."""

from __future__ import annotations

from typing import Any

from django import template

from coappoint.recruiters.sealing import author_label, author_tags, current_seal_key

register = template.Library()


@register.simple_tag
def offline_seal_key() -> str:
    """The public key every queued form is sealed to (public: it only lets a phone seal)."""
    return current_seal_key().for_the_page


@register.simple_tag(takes_context=True)
def offline_author_tags(context: dict[str, Any]) -> str:
    """The signed-in participant's tags, space-separated; empty for staff and for nobody."""
    participant = getattr(context.get("request"), "participant", None)
    if participant is None:
        return ""
    person = participant.recruiter or participant.candidate
    return " ".join(author_tags(author_label(participant.kind, person.pk)))
