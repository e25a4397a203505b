"""Reads for closing the loop: the decision, the drafts, who gets which message, thanks owed.

Drafts are made here from the decision and are only a starting point: staff edit and approve
every text before anything is sent. Community comments reach a candidate's draft only after
the reveal, only from the sheets that count (scoring's rules), and never with the name of who
wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext

from coappoint.campaigns.models import Campaign, Candidate
from coappoint.closing.models import (
    CandidateFeedback,
    RecruiterMessage,
    RecruiterMessageDelivery,
    ThanksPayment,
)
from coappoint.codesign.models import Observation
from coappoint.decisions.models import Decision
from coappoint.events.models import Event
from coappoint.interviews.models import AgreedInterviewScore
from coappoint.recruiters.models import (
    SERVICE_LANGUAGE_NAMES,
    CommunityRecruiter,
    ThanksRecord,
    ThanksStatus,
)
from coappoint.rules.scales import round_for_display
from coappoint.scoring.queries import is_revealed, list_counted_sheets
from coappoint.web.languages import message_language, service_language

ENGLISH = "en"
# The languages we can pre-fill a translation for; any other starts from the English text.
TRANSLATED = ("en", "cy", "ar")


def get_decision(campaign: Campaign) -> Decision | None:
    return (
        Decision.objects.filter(campaign=campaign, organisation_id=campaign.organisation_id)
        .select_related("appointed")
        .first()
    )


# --- Languages ------------------------------------------------


def language_key(preferred_language: str) -> str:
    """The key a recruiter's language is grouped by: "en", "cy", "ar" or the lower-case name."""
    typed = preferred_language.strip()
    if not typed:
        return ENGLISH
    return service_language(typed) or typed.casefold()


def language_name(key: str) -> str:
    """The language's name as its speakers write it ("Cymraeg"), or as typed ("Polish")."""
    return SERVICE_LANGUAGE_NAMES.get(key, key[:1].upper() + key[1:])


def list_campaign_recruiters(campaign: Campaign) -> list[CommunityRecruiter]:
    """Everyone who recruited at any of the campaign's events."""
    return list(
        CommunityRecruiter.objects.filter(
            event__campaign=campaign, organisation_id=campaign.organisation_id
        ).order_by("full_name", "pk")
    )


def list_languages(campaign: Campaign) -> list[str]:
    """English first (everyone else falls back to it), then each language recruiters prefer."""
    used = {language_key(r.preferred_language) for r in list_campaign_recruiters(campaign)}
    used.discard(ENGLISH)
    return [ENGLISH, *sorted(used, key=lambda key: (key not in TRANSLATED, key))]


def get_message(campaign: Campaign, language: str) -> RecruiterMessage | None:
    return RecruiterMessage.objects.filter(campaign=campaign, language=language).first()


@dataclass(frozen=True)
class LanguageTask:
    language: str
    name: str
    recruiter_count: int
    message: RecruiterMessage | None
    translated_draft: bool  # the draft is pre-filled in this language, not in English

    @property
    def status(self) -> str:
        if self.message is None:
            return "not_started"
        if self.message.sent_at is not None:
            return "sent"
        return "approved" if self.message.is_approved else "draft"


def list_language_tasks(campaign: Campaign) -> list[LanguageTask]:
    recruiters = list_campaign_recruiters(campaign)
    messages = {m.language: m for m in RecruiterMessage.objects.filter(campaign=campaign)}
    return [
        LanguageTask(
            language=language,
            name=language_name(language),
            recruiter_count=sum(
                1 for r in recruiters if language_key(r.preferred_language) == language
            ),
            message=messages.get(language),
            translated_draft=language in TRANSLATED,
        )
        for language in list_languages(campaign)
    ]


# --- The "you said, we did" draft ---------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


def community_weight_share(decision: Decision) -> Fraction | None:
    """The community stage's share of the final result (weight over all weights), or None."""
    stages = decision.record.get("stages", []) if isinstance(decision.record, dict) else []
    total = sum(Fraction(str(stage.get("weight_percent", 0))) for stage in stages)
    community = [stage for stage in stages if stage.get("community")]
    if not community or total <= 0:
        return None
    return Fraction(str(community[0].get("weight_percent", 0))) / total


def community_changed_the_top(decision: Decision) -> bool | None:
    """Whether, without the community's score, someone else would have ranked first."""
    influence = (
        decision.outcome.get("community_influence") if isinstance(decision.outcome, dict) else None
    )
    if not isinstance(influence, dict):
        return None
    return bool(influence.get("top_changes"))


# The fixed sentences of the draft in each language we can pre-fill. {area}, {name},
# {title} and {percent} are filled in; English is the source the others translate.
SENTENCES: dict[str, dict[str, str]] = {
    "en": {
        "subject": "You said, we did: {title}",
        "greeting": "Hello,",
        "thanks": "Thank you for helping us choose the Local Area Coordinator for {area}.",
        "appointed": "We have appointed {name}.",
        "nobody": "We have not appointed anyone this time.",
        "half": "Your group's score made up half of the final result.",
        "share": "Your group's score made up {percent}% of the final result.",
        "changed": "Without it, a different candidate would have ranked first.",
        "same": "Without it, the same candidate would still have ranked first.",
        "closing": "We are grateful for your time and what you told us. If you were offered "
        "a payment or voucher, we will be in touch about it.",
        "sign_off": "With thanks,",
    },
    "cy": {
        "subject": "Dywedoch chi, gwnaethom ni: {title}",
        "greeting": "Helo,",
        "thanks": "Diolch am ein helpu i ddewis y Cydlynydd Ardal Leol ar gyfer {area}.",
        "appointed": "Rydym wedi penodi {name}.",
        "nobody": "Nid ydym wedi penodi neb y tro hwn.",
        "half": "Roedd sgôr eich grŵp yn cyfrif am hanner y canlyniad terfynol.",
        "share": "Roedd sgôr eich grŵp yn cyfrif am {percent}% o'r canlyniad terfynol.",
        "changed": "Hebddo, byddai ymgeisydd gwahanol wedi dod yn gyntaf.",
        "same": "Hebddo, byddai'r un ymgeisydd wedi dod yn gyntaf o hyd.",
        "closing": "Diolch yn fawr am eich amser ac am yr hyn a ddywedoch wrthym. Os cynigiwyd "
        "taliad neu daleb i chi, byddwn yn cysylltu â chi amdano.",
        "sign_off": "Gyda diolch,",
    },
    "ar": {
        "subject": "قلتم، ففعلنا: {title}",
        "greeting": "مرحباً،",
        "thanks": "شكراً لمساعدتنا في اختيار منسق المنطقة المحلية لمنطقة {area}.",
        "appointed": "لقد عيّنّا {name}.",
        "nobody": "لم نعيّن أحداً هذه المرة.",
        "half": "شكّلت درجة مجموعتكم نصف النتيجة النهائية.",
        "share": "شكّلت درجة مجموعتكم {percent}% من النتيجة النهائية.",
        "changed": "لولاها، لاحتلّ مرشح آخر المرتبة الأولى.",
        "same": "ومن دونها، كان المرشح نفسه سيحتلّ المرتبة الأولى أيضاً.",
        "closing": "نحن ممتنون لوقتكم ولما قلتموه لنا. إذا عُرضت عليكم دفعة مالية أو قسيمة، "
        "فسنتواصل معكم بشأنها.",
        "sign_off": "مع الشكر،",
    },
}


def draft_recruiter_message(decision: Decision, language: str) -> Draft:
    """The pre-filled message: translated for en, cy and ar, English for any other language."""
    words = SENTENCES.get(language, SENTENCES[ENGLISH])
    campaign = decision.campaign
    vacancy = campaign.vacancy
    lines = [
        words["thanks"].format(area=vacancy.area.name),
        (
            words["appointed"].format(name=decision.appointed.called)
            if decision.appointed is not None
            else words["nobody"]
        ),
    ]
    share = community_weight_share(decision)
    if share is not None:
        influence = []
        if share == Fraction(1, 2):
            influence.append(words["half"])
        else:
            influence.append(words["share"].format(percent=round_for_display(share * 100)))
        changed = community_changed_the_top(decision)
        if changed is not None:
            influence.append(words["changed"] if changed else words["same"])
        lines.append(" ".join(influence))
    lines.append(words["closing"])
    body = "\n\n".join(
        [words["greeting"], *lines, f"{words['sign_off']}\n{campaign.organisation.name}"]
    )
    return Draft(subject=words["subject"].format(title=vacancy.title), body=body)


# --- Who gets which message ------------------------------------------------


@dataclass(frozen=True)
class PlannedEmail:
    recruiter: CommunityRecruiter
    message: RecruiterMessage
    fell_back_to_english: bool
    language_name: str  # the recruiter's own language, by name


@dataclass(frozen=True)
class SendPlan:
    """What pressing Send would do now."""

    emails: list[PlannedEmail]
    already_sent: list[RecruiterMessageDelivery]
    tell_in_person: list[tuple[CommunityRecruiter, str]]  # recruiter, the language they get
    falling_back: list[str]  # names of languages whose speakers get the English message
    waiting_for_english: bool  # English is not approved: nothing can be sent yet


def _address(recruiter: CommunityRecruiter) -> str:
    """Where a recruiter's message goes: their email, else their phone (a text message)."""
    return recruiter.email.casefold() or "".join(recruiter.phone.split())


def get_send_plan(campaign: Campaign) -> SendPlan:
    """Each recruiter gets the approved message in their language, else the approved English.

    Recruiters already sent a message are skipped; a recruiter who gave only a phone number gets
    it by text message, and one who gave neither is listed to be told in person. Two recruiter
    rows with the same email or phone (the same person at two events) get one message.
    """
    approved = {
        message.language: message
        for message in RecruiterMessage.objects.filter(campaign=campaign, approved_at__isnull=False)
    }
    english = approved.get(ENGLISH)
    delivered = {
        delivery.recruiter_id: delivery
        for delivery in RecruiterMessageDelivery.objects.filter(
            message__campaign=campaign
        ).select_related("recruiter", "message")
    }
    sent_to = {_address(d.recruiter) for d in delivered.values() if _address(d.recruiter)}
    emails: list[PlannedEmail] = []
    tell_in_person: list[tuple[CommunityRecruiter, str]] = []
    falling_back: set[str] = set()
    for recruiter in list_campaign_recruiters(campaign):
        language = language_key(recruiter.preferred_language)
        message = approved.get(language)
        fell_back = message is None
        if fell_back and language != ENGLISH:
            falling_back.add(language_name(language))
        message = message or english
        if not _address(recruiter):
            tell_in_person.append(
                (recruiter, language_name(message.language if message else ENGLISH))
            )
            continue
        if recruiter.pk in delivered or message is None:
            continue
        address = _address(recruiter)
        if address in sent_to:
            continue
        sent_to.add(address)
        emails.append(
            PlannedEmail(
                recruiter=recruiter,
                message=message,
                fell_back_to_english=fell_back and language != ENGLISH,
                language_name=language_name(language),
            )
        )
    return SendPlan(
        emails=emails,
        already_sent=sorted(delivered.values(), key=lambda d: d.recruiter.full_name),
        tell_in_person=tell_in_person,
        falling_back=sorted(falling_back),
        waiting_for_english=english is None,
    )


# --- Candidate feedback ------------------------------------------------


def list_candidates(campaign: Campaign) -> list[Candidate]:
    return list(
        Candidate.objects.filter(campaign=campaign, organisation_id=campaign.organisation_id)
    )


def get_candidate(campaign: Campaign, candidate_id: int) -> Candidate | None:
    return Candidate.objects.filter(
        campaign=campaign, organisation_id=campaign.organisation_id, pk=candidate_id
    ).first()


def get_feedback(candidate: Candidate) -> CandidateFeedback | None:
    return CandidateFeedback.objects.filter(candidate=candidate).first()


def list_feedback(campaign: Campaign) -> list[tuple[Candidate, CandidateFeedback | None]]:
    feedback = {f.candidate_id: f for f in CandidateFeedback.objects.filter(campaign=campaign)}
    return [(candidate, feedback.get(candidate.pk)) for candidate in list_candidates(campaign)]


def list_community_comments(campaign: Campaign, candidate: Candidate) -> list[str]:
    """Recruiters' comments on the sheets that count (scoring.queries.list_counted_sheets),
    only from events past the reveal.

    So the draft quotes exactly the sheets the spread was made of: not a sheet from a recruiter
    who later declared they know the candidate, nor one for a conversation no longer on the
    timetable. Only the text: never who wrote it, and sorted by the text so the order gives no
    clue.
    """
    comments = [
        sheet.comment.strip()
        for event in Event.objects.filter(
            campaign=campaign, organisation_id=campaign.organisation_id
        )
        if is_revealed(event)
        for sheet in list_counted_sheets(event)
        if sheet.candidate_id == candidate.pk
    ]
    return sorted(comment for comment in comments if comment)


def list_mingling_notes(campaign: Campaign, candidate: Candidate) -> list[str]:
    """What recruiters noticed while mingling, without authors, sorted by the text."""
    notes: list[str] = []
    for curiosity, manner, inclusion, other in Observation.objects.filter(
        event__campaign=campaign, candidate=candidate
    ).values_list("curiosity", "manner", "inclusion", "other"):
        notes.extend(text.strip() for text in (curiosity, manner, inclusion, other) if text.strip())
    return sorted(notes)


def list_interview_notes(campaign: Campaign, candidate: Candidate) -> list[tuple[str, str]]:
    """The panel's agreed notes per question (agreed scores are never private)."""
    return [
        (record.question.text, record.notes.strip())
        for record in AgreedInterviewScore.objects.filter(campaign=campaign, candidate=candidate)
        .select_related("question")
        .order_by("question__position")
        if record.notes.strip()
    ]


def draft_candidate_feedback(decision: Decision, candidate: Candidate) -> Draft:
    """A plain-words starting point for staff to edit, in the candidate's language (English
    when they chose none); what people wrote is quoted as they wrote it."""
    with translation.override(message_language(candidate.preferred_language)):
        return _feedback_draft(decision, candidate)


def _feedback_draft(decision: Decision, candidate: Candidate) -> Draft:
    campaign = decision.campaign
    appointed = decision.appointed_id == candidate.pk
    parts = [
        gettext("Dear %(name)s,") % {"name": candidate.called},
        gettext(
            "Thank you for applying to be the Local Area Coordinator for %(area)s, and for "
            "meeting the community and the interview panel."
        )
        % {"area": campaign.vacancy.area.name},
        gettext("We are delighted to offer you the role.")
        if appointed
        else gettext(
            "We have decided not to offer you the role this time. We hope the comments "
            "below are useful."
        ),
    ]

    def section(heading: str, lines: list[str]) -> None:
        if lines:
            parts.append(heading + "\n" + "\n".join(f"- {line}" for line in lines))

    section(
        gettext("What community recruiters wrote about your conversations:"),
        list_community_comments(campaign, candidate),
    )
    section(
        gettext("What community recruiters noticed while meeting you:"),
        list_mingling_notes(campaign, candidate),
    )
    section(
        gettext("What the interview panel noted:"),
        [f"{question} {notes}" for question, notes in list_interview_notes(campaign, candidate)],
    )
    parts.append(gettext("With thanks,") + "\n" + campaign.organisation.name)
    return Draft(
        subject=gettext("Your application: %(title)s") % {"title": campaign.vacancy.title},
        body="\n\n".join(parts),
    )


# --- Thanks ------------------------------------------------


def list_thanks(campaign: Campaign) -> QuerySet[ThanksRecord]:
    """Every payment, voucher and expenses offered to the campaign's recruiters."""
    return (
        ThanksRecord.objects.filter(
            recruiter__event__campaign=campaign, organisation_id=campaign.organisation_id
        )
        .select_related("recruiter", "payment", "payment__paid_by")
        .order_by("recruiter__full_name", "kind")
    )


def get_thanks(campaign: Campaign, thanks_id: int) -> ThanksRecord | None:
    return list_thanks(campaign).filter(pk=thanks_id).first()


def can_be_paid(record: ThanksRecord) -> bool:
    return (
        record.status == ThanksStatus.ACCEPTED
        and not ThanksPayment.objects.filter(thanks_record=record).exists()
    )
