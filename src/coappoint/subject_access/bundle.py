"""What the service holds about one person, gathered for their subject-access request.

The bundle is made when staff ask for it and never stored: a ZIP holding `subject-access.json`
and `subject-access.pdf`, both made from one document (`assemble_document`), so they cannot
disagree. It holds what is about the person, and nothing that is someone else's personal data:
whoever wrote a score, a comment or a note about them is "a community recruiter", "a panel
member" or "staff", never a name or an id; the candidates a recruiter said they know, or
scored, are "a candidate". Equality answers are never in it: only the person sees those,
through a link sent to them alone (`services.send_equality_answers_link`).
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language_bidi, gettext

from coappoint.audit.models import AuditEvent
from coappoint.campaigns.models import Candidate
from coappoint.candidates.models import AdjustmentRequest
from coappoint.closing.models import CandidateFeedback, RecruiterMessageDelivery
from coappoint.codesign.models import Proposal
from coappoint.decisions.models import Decision
from coappoint.decisions.queries import record_key
from coappoint.deliberation.models import Consensus
from coappoint.events.models import DayPlace
from coappoint.interviews.models import (
    AgreedInterviewScore,
    InterviewAbsence,
    PanelScore,
    PanelScoreSheet,
)
from coappoint.notify.masking import shown
from coappoint.notify.models import Message
from coappoint.panels.models import PanelVolunteer
from coappoint.recruiters.models import (
    CommunityRecruiter,
    ConflictOfInterest,
    Nudge,
    SignInReissue,
    ThanksRecord,
)
from coappoint.scoring.models import Score, ScoreSheet
from coappoint.subject_access.models import SubjectAccessRequest
from coappoint.subject_access.queries import Person


@dataclass(frozen=True)
class Section:
    """One part of the bundle: a table with a heading, its columns as (key, label) pairs."""

    key: str
    title: str
    columns: tuple[tuple[str, str], ...]
    rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [label for _key, label in self.columns]

    @property
    def text_rows(self) -> list[list[str]]:
        return [[row.get(key, "") for key, _label in self.columns] for row in self.rows]


@dataclass(frozen=True)
class Document:
    title: str
    person_kind: str
    received_on: datetime.date
    due_on: datetime.date
    made_at: datetime.datetime
    sections: list[Section]

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "person_kind": self.person_kind,
            "request_received_on": self.received_on.isoformat(),
            "request_due_on": self.due_on.isoformat(),
            "made_at": self.made_at.isoformat(),
            "equality_answers": gettext(
                "Not in this bundle: we send you a link of your own to see them."
            ),
            "sections": {section.key: section.rows for section in self.sections},
        }


def _when(moment: datetime.datetime | datetime.date | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
    return moment.isoformat()


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _details(rows: Sequence[tuple[str, object]]) -> Section:
    return Section(
        "details",
        gettext("Your details"),
        (("field", gettext("What we hold")), ("value", gettext("Value"))),
        [{"field": label, "value": _text(value)} for label, value in rows],
    )


A_RECRUITER = "a community recruiter"
A_PANEL_MEMBER = "a panel member"
A_CANDIDATE = "a candidate"


def _author_words() -> dict[str, str]:
    return {
        A_RECRUITER: gettext("A community recruiter"),
        A_PANEL_MEMBER: gettext("A panel member"),
        A_CANDIDATE: gettext("A candidate"),
    }


def _messages(kind: str, pk: int) -> Section:
    withheld = gettext("[personal sign-in withheld]")
    return Section(
        "messages",
        gettext("Messages we sent you"),
        (
            ("sent_at", gettext("Written")),
            ("channel", gettext("By")),
            ("to", gettext("To")),
            ("subject", gettext("Subject")),
            ("body", gettext("Message")),
        ),
        [
            {
                "sent_at": _when(message.created_at),
                "channel": message.get_channel_display(),
                "to": message.to,
                "subject": message.subject,
                "body": shown(message.body, marker=withheld),
            }
            for message in Message.objects.filter(person_kind=kind, person_id=pk).order_by(
                "created_at", "id"
            )
        ],
    )


def _actor_words(event: AuditEvent, kind: str, pk: int) -> str:
    if event.actor_kind == kind and event.actor_id == pk:
        return gettext("You")
    return {
        "staff": gettext("Staff"),
        "recruiter": gettext("A community recruiter"),
        "candidate": gettext("A candidate"),
        "unnamed_candidate": gettext("A candidate"),
    }.get(event.actor_kind, gettext("The service"))


def _audit(person: Person, kind: str) -> Section:
    label = person._meta.label
    rows = AuditEvent.objects.filter(organisation_id=person.organisation_id).filter(
        target_type=label, target_id=str(person.pk)
    ) | AuditEvent.objects.filter(
        organisation_id=person.organisation_id, actor_kind=kind, actor_id=person.pk
    )
    return Section(
        "audit",
        gettext("What the audit log records about you"),
        (("at", gettext("When")), ("action", gettext("What happened")), ("by", gettext("Who"))),
        [
            {
                "at": _when(event.at),
                "action": event.get_action_display(),
                "by": _actor_words(event, kind, person.pk),
            }
            for event in rows.order_by("at", "id")
        ],
    )


def _score_sheets_about(candidate: Candidate) -> Section:
    authors = _author_words()
    rows = []
    sheets = ScoreSheet.objects.filter(candidate=candidate).select_related("event")
    scores = Score.objects.filter(sheet__in=sheets).select_related("criterion")
    by_sheet: dict[int, list[Score]] = {}
    for score in scores.order_by("criterion__position"):
        by_sheet.setdefault(score.sheet_id, []).append(score)
    for sheet in sheets.order_by("submitted_at", "id"):
        rows.append(
            {
                "by": authors[A_RECRUITER],
                "event": sheet.event.name,
                "sent_at": _when(sheet.submitted_at),
                "comfortable": sheet.get_comfortable_display(),
                "scores": "; ".join(
                    f"{score.criterion.name}: {score.value}" for score in by_sheet.get(sheet.pk, [])
                ),
                "comment": sheet.comment,
            }
        )
    return Section(
        "community_scores",
        gettext("Community recruiters' score sheets about you"),
        (
            ("by", gettext("By")),
            ("event", gettext("Event")),
            ("sent_at", gettext("Sent")),
            ("comfortable", gettext("Comfortable with them in the role")),
            ("scores", gettext("Scores")),
            ("comment", gettext("Comment")),
        ),
        rows,
    )


def _panel_sheets_about(candidate: Candidate) -> Section:
    authors = _author_words()
    sheets = PanelScoreSheet.objects.filter(candidate=candidate).order_by("submitted_at", "id")
    by_sheet: dict[int, list[PanelScore]] = {}
    for score in (
        PanelScore.objects.filter(sheet__in=sheets)
        .select_related("question")
        .order_by("question__position")
    ):
        by_sheet.setdefault(score.sheet_id, []).append(score)
    rows = []
    for sheet in sheets:
        for score in by_sheet.get(sheet.pk, []):
            rows.append(
                {
                    "by": authors[A_PANEL_MEMBER],
                    "sent_at": _when(sheet.submitted_at),
                    "question": score.question.text,
                    "score": str(score.value),
                    "note": score.note,
                }
            )
    return Section(
        "interview_scores",
        gettext("Interview panel members' scores about you"),
        (
            ("by", gettext("By")),
            ("sent_at", gettext("Sent")),
            ("question", gettext("Question")),
            ("score", gettext("Score")),
            ("note", gettext("Note")),
        ),
        rows,
    )


def _agreed_interview_scores(candidate: Candidate) -> Section:
    return Section(
        "agreed_interview_scores",
        gettext("Interview scores the panel agreed"),
        (
            ("question", gettext("Question")),
            ("score", gettext("Score")),
            ("notes", gettext("Notes")),
            ("at", gettext("Recorded")),
        ),
        [
            {
                "question": agreed.question.text,
                "score": str(agreed.score),
                "notes": agreed.notes,
                "at": _when(agreed.recorded_at),
            }
            for agreed in AgreedInterviewScore.objects.filter(candidate=candidate)
            .select_related("question")
            .order_by("question__position")
        ],
    )


def _consensus(candidate: Candidate) -> Section:
    return Section(
        "consensus",
        gettext("Scores the community recruiters agreed, and their reasons"),
        (
            ("quality", gettext("Quality")),
            ("score", gettext("Agreed score")),
            ("rationale", gettext("Reasons")),
            ("dissent", gettext("A different view")),
            ("dissent_reason", gettext("Why")),
            ("change_reason", gettext("Why it was changed")),
            ("at", gettext("Recorded")),
        ),
        [
            {
                "quality": consensus.quality.name if consensus.quality else gettext("Overall"),
                "score": str(consensus.consensus_score),
                "rationale": consensus.rationale,
                "dissent": consensus.dissent,
                "dissent_reason": consensus.dissent_reason,
                "change_reason": consensus.change_reason,
                "at": _when(consensus.recorded_at),
            }
            for consensus in Consensus.objects.filter(candidate=candidate)
            .select_related("quality")
            .order_by("recorded_at", "id")
        ],
    )


def _decision(candidate: Candidate) -> Section:
    rows = []
    decision = Decision.objects.filter(campaign_id=candidate.campaign_id).first()
    if decision is not None:
        key = record_key(candidate)
        theirs = next(
            (
                entry
                for entry in decision.outcome.get("candidates", [])
                if isinstance(entry, dict) and entry.get("id") == key
            ),
            None,
        )
        rows.append(
            {
                "at": _when(decision.recorded_at),
                "appointed": gettext("Yes")
                if decision.appointed_id == candidate.pk
                else gettext("No"),
                "combined_percent": _text((theirs or {}).get("combined_percent")),
                "rank": _text((theirs or {}).get("rank")),
                "appointable": _text((theirs or {}).get("appointable")),
            }
        )
    return Section(
        "decision",
        gettext("The decision about you"),
        (
            ("at", gettext("Decided")),
            ("appointed", gettext("Appointed")),
            ("combined_percent", gettext("Your combined percent")),
            ("rank", gettext("Your rank")),
            ("appointable", gettext("Appointable")),
        ),
        rows,
    )


def _candidate_sections(candidate: Candidate) -> list[Section]:
    places = DayPlace.objects.filter(candidate=candidate).select_related("event")
    details = _details(
        [
            (gettext("First name"), candidate.first_name),
            (gettext("Last name"), candidate.last_name),
            (gettext("Name you are called by"), candidate.chosen_name),
            (gettext("Email address"), candidate.email),
            (gettext("Phone number"), candidate.phone),
            (gettext("Language"), candidate.preferred_language),
            (gettext("Campaign"), candidate.campaign.name),
            *[
                (
                    gettext("Place on the day"),
                    f"{place.event.name}, {place.event.date.isoformat()} "
                    f"({place.get_how_told_display()}, {_when(place.told_at)})",
                )
                for place in places
            ],
            *[
                (gettext("Did not attend the interview"), _when(absence.recorded_at))
                for absence in InterviewAbsence.objects.filter(candidate=candidate)
            ],
        ]
    )
    adjustments = AdjustmentRequest.objects.filter(candidate=candidate).first()
    adjustment_rows = []
    if adjustments is not None:
        adjustment_rows = [
            {"field": gettext("Interpreter language"), "value": adjustments.interpreter_language},
            {"field": gettext("For the interview panel"), "value": adjustments.interview_needs},
            {"field": gettext("Other needs"), "value": adjustments.needs},
        ]
    authors = _author_words()
    conflicts = Section(
        "known_by",
        gettext("People who said they know you"),
        (("who", gettext("Who")), ("at", gettext("Said"))),
        [
            {"who": authors[A_RECRUITER], "at": _when(conflict.declared_at)}
            for conflict in ConflictOfInterest.objects.filter(candidate=candidate)
        ],
    )
    feedback = Section(
        "feedback",
        gettext("Feedback to you"),
        (
            ("subject", gettext("Subject")),
            ("body", gettext("Feedback")),
            ("sent_at", gettext("Sent")),
        ),
        [
            {"subject": item.subject, "body": item.body, "sent_at": _when(item.sent_at)}
            for item in CandidateFeedback.objects.filter(candidate=candidate)
        ],
    )
    return [
        details,
        Section(
            "adjustments",
            gettext("Adjustments you asked for"),
            (("field", gettext("What you asked for")), ("value", gettext("Value"))),
            adjustment_rows,
        ),
        _score_sheets_about(candidate),
        _consensus(candidate),
        _panel_sheets_about(candidate),
        _agreed_interview_scores(candidate),
        _decision(candidate),
        conflicts,
        feedback,
        _messages("candidate", candidate.pk),
        _audit(candidate, "candidate"),
    ]


def _recruiter_sections(recruiter: CommunityRecruiter) -> list[Section]:
    authors = _author_words()
    details = _details(
        [
            (gettext("Full name"), recruiter.full_name),
            (gettext("Neighbourhood"), recruiter.neighbourhood),
            (gettext("Email address"), recruiter.email),
            (gettext("Phone number"), recruiter.phone),
            (gettext("Language"), recruiter.preferred_language),
            (gettext("Interpreter language"), recruiter.interpreter_language),
            (gettext("Access needs"), recruiter.access_needs),
            (gettext("Dietary needs"), recruiter.dietary_needs),
            (gettext("Available from"), recruiter.available_from or ""),
            (gettext("Available until"), recruiter.available_until or ""),
            (gettext("Event"), f"{recruiter.event.name}, {recruiter.event.date.isoformat()}"),
            (gettext("Joined"), _when(recruiter.joined_at)),
            (gettext("Confidentiality agreed"), _when(recruiter.confidentiality_acknowledged_at)),
            (
                gettext("Equal opportunities agreed"),
                _when(recruiter.equal_opportunities_acknowledged_at),
            ),
            (gettext("Said whom you know"), _when(recruiter.conflicts_declared_at)),
            (gettext("Confirmed the day"), _when(recruiter.day_confirmed_at)),
            (gettext("Checked in"), _when(recruiter.checked_in_at)),
            (gettext("Withdrew"), _when(recruiter.withdrawn_at)),
        ]
    )
    declared = Section(
        "declared",
        gettext("Whom you said you know"),
        (
            ("who", gettext("Who")),
            ("how", gettext("How you know them")),
            ("at", gettext("Said")),
        ),
        [
            {
                "who": authors[A_CANDIDATE],
                "how": conflict.how_they_know,
                "at": _when(conflict.declared_at),
            }
            for conflict in ConflictOfInterest.objects.filter(recruiter=recruiter)
        ],
    )
    sheets = ScoreSheet.objects.filter(recruiter=recruiter).select_related("event")
    by_sheet: dict[int, list[Score]] = {}
    for score in (
        Score.objects.filter(sheet__in=sheets)
        .select_related("criterion")
        .order_by("criterion__position")
    ):
        by_sheet.setdefault(score.sheet_id, []).append(score)
    own_sheets = Section(
        "own_score_sheets",
        gettext("Your score sheets"),
        (
            ("about", gettext("About")),
            ("sent_at", gettext("Sent")),
            ("comfortable", gettext("Comfortable with them in the role")),
            ("scores", gettext("Scores")),
            ("comment", gettext("Comment")),
        ),
        [
            {
                "about": authors[A_CANDIDATE],
                "sent_at": _when(sheet.submitted_at),
                "comfortable": sheet.get_comfortable_display(),
                "scores": "; ".join(
                    f"{score.criterion.name}: {score.value}" for score in by_sheet.get(sheet.pk, [])
                ),
                "comment": sheet.comment,
            }
            for sheet in sheets.order_by("submitted_at", "id")
        ],
    )
    proposals = Section(
        "proposals",
        gettext("What you proposed in the co-design session"),
        (("text", gettext("What you said")), ("at", gettext("When"))),
        [
            {"text": proposal.text, "at": _when(proposal.created_at)}
            for proposal in Proposal.objects.filter(proposed_by_recruiter=recruiter)
        ],
    )
    thanks = Section(
        "thanks",
        gettext("Thanks for your time"),
        (
            ("kind", gettext("Kind")),
            ("amount", gettext("Amount in pence")),
            ("status", gettext("Status")),
            ("note", gettext("Note")),
            ("at", gettext("Recorded")),
        ),
        [
            {
                "kind": record.get_kind_display(),
                "amount": _text(record.amount_pence),
                "status": record.get_status_display(),
                "note": record.note,
                "at": _when(record.recorded_at),
            }
            for record in ThanksRecord.objects.filter(recruiter=recruiter)
        ],
    )
    nudges = Section(
        "nudges",
        gettext("Reminders shown on your phone"),
        (("message", gettext("Message")), ("at", gettext("When"))),
        [
            {"message": nudge.message, "at": _when(nudge.created_at)}
            for nudge in Nudge.objects.filter(recruiter=recruiter)
        ],
    )
    reissues = Section(
        "sign_in_reissues",
        gettext("New sign-ins sent to you"),
        (("reason", gettext("Why")), ("at", gettext("When"))),
        [
            {"reason": reissue.reason, "at": _when(reissue.reissued_at)}
            for reissue in SignInReissue.objects.filter(recruiter=recruiter)
        ],
    )
    you_said = Section(
        "you_said_we_did",
        gettext("“You said, we did” sent to you"),
        (("subject", gettext("Subject")), ("body", gettext("Message")), ("at", gettext("Sent"))),
        [
            {
                "subject": delivery.message.subject,
                "body": delivery.message.body,
                "at": _when(delivery.sent_at),
            }
            for delivery in RecruiterMessageDelivery.objects.filter(
                recruiter=recruiter
            ).select_related("message")
        ],
    )
    # Drawn or kept in reserve; never the chance of being drawn, which follows from the
    # equality answers the bundle leaves out.
    draws = Section(
        "panel_draws",
        gettext("Draws for the panel"),
        (("at", gettext("When")), ("result", gettext("Result"))),
        [
            {
                "at": _when(entry.draw.drawn_at),
                "result": gettext("Drawn for the panel")
                if entry.drawn
                else gettext("Not drawn: kept as a reserve"),
            }
            for entry in PanelVolunteer.objects.filter(recruiter=recruiter)
            .select_related("draw")
            .order_by("draw__drawn_at", "pk")
        ],
    )
    return [
        details,
        declared,
        own_sheets,
        proposals,
        thanks,
        nudges,
        reissues,
        you_said,
        draws,
        _messages("recruiter", recruiter.pk),
        _audit(recruiter, "recruiter"),
    ]


def assemble_document(
    request: SubjectAccessRequest, person: Person, *, now: datetime.datetime
) -> Document:
    """Everything the service holds about `person`, in sections; nobody else named."""
    if isinstance(person, Candidate):
        sections = _candidate_sections(person)
    else:
        sections = _recruiter_sections(person)
    return Document(
        title=gettext("What we hold about you"),
        person_kind=request.person_kind,
        received_on=request.received_on,
        due_on=request.due_on,
        made_at=now,
        sections=sections,
    )


def bundle_zip(document: Document, *, language: str) -> bytes:
    """The ZIP: the document as JSON and as a readable PDF (tables with headings)."""
    import weasyprint

    html = render_to_string(
        "subject_access/bundle_print.html",
        {"document": document, "language": language, "bidi": get_language_bidi()},
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "subject-access.json",
            json.dumps(document.as_json(), indent=2, ensure_ascii=False),
        )
        archive.writestr("subject-access.pdf", pdf or b"")
    return buffer.getvalue()
