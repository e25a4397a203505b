"""The only doors that change a panel: recruiters' equality answers, the area's figures, the
draw, and a reserve called to replace a recruiter who withdrew. Each writes its audit row."""

from __future__ import annotations

import random
import secrets
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.candidates.models import EQUALITY_QUESTIONS
from coappoint.candidates.queries import question_text
from coappoint.events.models import Event
from coappoint.notify.models import Purpose
from coappoint.notify.services import NoWayToReach, Recipient, send_message
from coappoint.organisations.models import Area
from coappoint.panels import drawing
from coappoint.panels.models import (
    AreaFigure,
    PanelDraw,
    PanelQuota,
    PanelReplacement,
    PanelVolunteer,
    RecruiterEqualityMonitoring,
)
from coappoint.panels.queries import (
    answers_of,
    bounds_of,
    get_figures,
    list_volunteers,
    panel_now,
    questions_of,
    questions_with_figures,
)
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.recruiters.services import call_from_reserve, hold_in_reserve
from coappoint.rules.panel_quotas import (
    NoFigures,
    PreferNotToSay,
    QuotaBounds,
    best_reserves,
    quota_bounds,
    shortfalls,
    unmet_quotas,
)
from coappoint.timetables.models import Timetable
from coappoint.web.languages import message_language


def record_recruiter_equality_monitoring(
    *, recruiter: CommunityRecruiter, answers: dict[str, str]
) -> RecruiterEqualityMonitoring:
    """Keep the recruiter's equality answers (new answers replace old ones).

    As for candidates, the audit row holds neither the answers nor who gave them, only the
    event: a row naming the recruiter would let a reader compare totals before and after it.
    """
    with transaction.atomic():
        record, created = RecruiterEqualityMonitoring.objects.update_or_create(
            recruiter=recruiter,
            defaults={"organisation": recruiter.organisation, **answers},
        )
        audit.record(
            now=timezone.now(),
            organisation=recruiter.organisation,
            actor=audit.UNNAMED_RECRUITER,
            action=AuditAction.RECRUITER_EQUALITY_MONITORING_RECORDED
            if created
            else AuditAction.RECRUITER_EQUALITY_MONITORING_CHANGED,
            after={"event": recruiter.event_id},
        )
    return record


def record_area_figures(
    *, area: Area, figures: Mapping[tuple[str, str], int], actor: User, now: datetime
) -> int:
    """The area's figures become `figures` ((question, answer) -> people), all together: any
    figure not given is removed. How many figures are kept. They are published statistics, so
    the audit row keeps them."""
    with transaction.atomic():
        before = get_figures(area)
        AreaFigure.objects.filter(organisation=area.organisation, area=area).delete()
        AreaFigure.objects.bulk_create(
            AreaFigure(
                organisation=area.organisation,
                area=area,
                question=question,
                answer=answer,
                people=people,
                recorded_at=now,
            )
            for (question, answer), people in sorted(figures.items())
        )
        audit.record(
            now=now,
            organisation=area.organisation,
            actor=actor,
            action=AuditAction.AREA_FIGURES_RECORDED,
            target=area,
            before={"figures": [[q, a, p] for (q, a), p in sorted(before.items())]},
            after={"figures": [[q, a, p] for (q, a), p in sorted(figures.items())]},
        )
    return len(figures)


class DrawRefused(Exception):
    """The draw cannot be made; the message says why in words for the programme manager,
    naming each category whose quota cannot be met."""

    def __init__(self, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.details = details


def _category(bound: QuotaBounds) -> str:
    label = EQUALITY_QUESTIONS[bound.question](bound.answer).label
    return gettext("“%(answer)s” (%(question)s)") % {
        "answer": label,
        "question": question_text(bound.question),
    }


def _bounds_for(
    event: Event, places: int, prefer_not_to_say: PreferNotToSay, tolerance: int
) -> tuple[tuple[QuotaBounds, ...], dict[tuple[str, str], int]]:
    area = event.campaign.vacancy.area
    figures = get_figures(area)
    bounds: list[QuotaBounds] = []
    for question in questions_with_figures(area):
        answers = list(EQUALITY_QUESTIONS[question].values)
        try:
            bounds += quota_bounds(
                question=question,
                places=places,
                figures=[(a, figures.get((question, a), 0)) for a in answers],
                answers=answers,
                prefer_not_to_say=prefer_not_to_say,
                tolerance=tolerance,
            )
        except NoFigures as refusal:  # only "Prefer not to say" had a figure, and it is left out
            raise DrawRefused(
                gettext(
                    "The area's only figures for “%(question)s” are for “Prefer not to say”, "
                    "which this draw leaves out. Enter the other answers' figures, or make "
                    "“Prefer not to say” its own category."
                )
                % {"question": question_text(question)}
            ) from refusal
    return tuple(bounds), figures


def draw_panel(
    *,
    event: Event,
    places: int,
    prefer_not_to_say: PreferNotToSay,
    tolerance: int,
    actor: User,
    now: datetime | None = None,
    seed: int | None = None,
) -> PanelDraw:
    """Draw `places` of the event's volunteers by stratified random selection, with quotas
    apportioned from the area's figures (rules.panel_quotas), by the Sortition Foundation's
    maximin algorithm with HiGHS (`panels.drawing`).

    The seed (a fresh random one unless given, to repeat a draw), the library and its version
    are kept on the draw. Volunteers not drawn become reserves and are thanked, each in their
    own language; those drawn who were reserves from an earlier draw are on the day again.
    Raises DrawRefused, naming the category, when a quota cannot be met.
    """
    now = now or timezone.now()
    seed = seed if seed is not None else secrets.randbelow(drawing.LARGEST_SEED) + 1
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.state != Event.State.PLANNED:
            raise DrawRefused(gettext("The panel can only be drawn before the day starts."))
        if Timetable.objects.filter(event=locked).exists():
            # The plan names everyone on it: a draw after it would leave reserves in it.
            raise DrawRefused(
                gettext(
                    "The timetable has already been made with everyone who volunteered. Draw "
                    "the panel before making the timetable."
                )
            )
        pool = list(list_volunteers(locked))
        if places < 1:
            raise DrawRefused(gettext("Enter how many places there are, 1 or more."))
        if len(pool) <= places:
            raise DrawRefused(
                gettext(
                    "There are no more volunteers than places, so there is nobody to draw: "
                    "everyone who volunteered can take part."
                )
            )
        bounds, figures = _bounds_for(locked, places, prefer_not_to_say, tolerance)
        questions = list(dict.fromkeys(bound.question for bound in bounds))
        volunteers = [
            drawing.Volunteer(key=str(r.pk), answers=answers_of(r, questions)) for r in pool
        ]
        counts = Counter(pair for v in volunteers for pair in v.answers)
        short = shortfalls(bounds, counts)
        if short:
            raise DrawRefused(
                gettext(
                    "These quotas cannot be met, because fewer volunteers gave the answer than "
                    "the quota needs: %(categories)s. Find more volunteers, lower the places, "
                    "or allow more either side of each quota."
                )
                % {"categories": "; ".join(_category(bound) for bound in short)}
            )
        try:
            result = drawing.draw(volunteers=volunteers, bounds=bounds, places=places, seed=seed)
        except drawing.DrawNotPossible as refusal:
            raise DrawRefused(
                gettext(
                    "No panel of %(places)s meets every quota together, although each can be "
                    "met on its own. Allow more either side of each quota, or lower the places."
                )
                % {"places": places},
                details=refusal.lines,
            ) from refusal
        draw = PanelDraw.objects.create(
            organisation=locked.organisation,
            event=locked,
            places=places,
            prefer_not_to_say=prefer_not_to_say.value,
            tolerance=tolerance,
            seed=seed,
            library=drawing.LIBRARY,
            library_version=drawing.library_version(),
            algorithm=drawing.ALGORITHM,
            solver=drawing.SOLVER,
            pool_digest=drawing.pool_digest(volunteers, bounds, places, seed),
            drawn_at=now,
            drawn_by=actor,
        )
        PanelQuota.objects.bulk_create(
            PanelQuota(
                organisation=locked.organisation,
                draw=draw,
                question=bound.question,
                answer=bound.answer,
                people=figures.get((bound.question, bound.answer), 0),
                quota=bound.quota,
                least=bound.least,
                most=bound.most,
            )
            for bound in bounds
        )
        PanelVolunteer.objects.bulk_create(
            PanelVolunteer(
                organisation=locked.organisation,
                draw=draw,
                recruiter=recruiter,
                probability_millionths=round(result.probabilities[str(recruiter.pk)] * 1_000_000),
                drawn=str(recruiter.pk) in result.drawn,
            )
            for recruiter in pool
        )
        reserves = [r for r in pool if str(r.pk) not in result.drawn]
        hold_in_reserve(event=locked, recruiter_ids=[r.pk for r in reserves], now=now)
        thanked = sum(
            _thank(recruiter=r, event=locked) for r in reserves if r.reserve_since is None
        )
        audit.record(
            now=now,
            organisation=locked.organisation,
            actor=actor,
            action=AuditAction.PANEL_DRAWN,
            target=draw,
            after={
                "event": locked.pk,
                "places": places,
                "seed": seed,
                "library": f"{draw.library} {draw.library_version}",
                "algorithm": f"{draw.algorithm} ({draw.solver})",
                "pool_digest": draw.pool_digest,
                "drawn": sorted(r.pk for r in pool if str(r.pk) in result.drawn),
                "reserves": sorted(r.pk for r in reserves),
                "thanked": thanked,
            },
        )
    return draw


@dataclass(frozen=True)
class _Words:
    subject: str
    body: str
    sms_body: str


def _thanks_words(recruiter: CommunityRecruiter, event: Event) -> _Words:
    with translation.override(message_language(recruiter.preferred_language)):
        values = {"name": recruiter.full_name, "event": event.name}
        return _Words(
            subject=gettext("Thank you for volunteering for %(event)s") % values,
            body=gettext(
                "Dear %(name)s,\n\nThank you for volunteering for %(event)s. More people "
                "volunteered than the day has places, so the panel was drawn by lot, in a way "
                "that makes it reflect the neighbourhood. You were not drawn this time.\n\n"
                "We have kept you as a reserve: if a place comes free, we will ask you first. "
                "There is nothing you need to do.\n"
            )
            % values,
            sms_body=gettext(
                "Thank you for volunteering for %(event)s. The panel was drawn by lot and you "
                "were not drawn this time. You are a reserve: if a place comes free, we will "
                "ask you."
            )
            % values,
        )


def _called_words(recruiter: CommunityRecruiter, event: Event) -> _Words:
    with translation.override(message_language(recruiter.preferred_language)):
        values = {"name": recruiter.full_name, "event": event.name}
        return _Words(
            subject=gettext("A place on the panel for %(event)s") % values,
            body=gettext(
                "Dear %(name)s,\n\nA place has come free on the panel for %(event)s, and as a "
                "reserve it is yours. Sign in with the link or code you were given to see the "
                "day's details. If you can no longer come, please tell us.\n"
            )
            % values,
            sms_body=gettext(
                "A place has come free on the panel for %(event)s and it is yours. Sign in "
                "with your link or code for the details."
            )
            % values,
        )


def _send(recruiter: CommunityRecruiter, event: Event, purpose: Purpose, words: _Words) -> bool:
    try:
        send_message(
            organisation=event.organisation,
            purpose=purpose,
            recipient=Recipient(
                email=recruiter.email,
                phone=recruiter.phone,
                person_kind="recruiter",
                person_id=recruiter.pk,
            ),
            language=message_language(recruiter.preferred_language),
            subject=words.subject,
            body=words.body,
            sms_body=words.sms_body,
        )
    except NoWayToReach:
        return False
    return True


def _thank(*, recruiter: CommunityRecruiter, event: Event) -> bool:
    """Thank a volunteer the draw did not take (once: not again when a later draw also does
    not). Whether a message went."""
    return _send(recruiter, event, Purpose.PANEL_THANKS, _thanks_words(recruiter, event))


class ReplacementRefused(Exception):
    """No reserve can be called for this recruiter; the message says why."""


def call_reserve(
    *, draw: PanelDraw, dropped_out: CommunityRecruiter, actor: User, now: datetime | None = None
) -> PanelReplacement:
    """A reserve takes the place of `dropped_out`, who was drawn and then withdrew.

    By the draw's own rules: among the reserves, those with whom the panel still meets every
    quota (else those with whom it misses the fewest, rules.panel_quotas.best_reserves), one
    drawn by lot from a generator seeded by the draw's seed and the replacement's number, so a
    replacement can be repeated too. The reserve is told, in their language. With a timetable
    already made, staff add the reserve to it as a late arrival (the run page's re-planning).
    """
    now = now or timezone.now()
    with transaction.atomic():
        PanelDraw.objects.select_for_update().get(pk=draw.pk)
        entry = PanelVolunteer.objects.filter(draw=draw, recruiter=dropped_out, drawn=True).first()
        if entry is None or dropped_out.withdrawn_at is None:
            raise ReplacementRefused(
                gettext("Only a recruiter who was drawn and then withdrew can be replaced.")
            )
        if PanelReplacement.objects.filter(draw=draw, dropped_out=dropped_out).exists():
            raise ReplacementRefused(gettext("This recruiter has already been replaced."))
        questions = questions_of(draw)
        bounds = bounds_of(draw)
        panel = [answers_of(r, questions) for r in panel_now(draw)]
        reserves = [
            e.recruiter
            for e in draw.volunteers.select_related("recruiter__equality_monitoring").order_by(
                "recruiter_id"
            )
            if e.recruiter.reserve_since is not None and e.recruiter.withdrawn_at is None
        ]
        best = best_reserves(
            bounds, panel, [(str(r.pk), answers_of(r, questions)) for r in reserves]
        )
        if not best:
            raise ReplacementRefused(gettext("There are no reserves left to call."))
        number = PanelReplacement.objects.filter(draw=draw).count() + 1
        chosen_key = random.Random(f"{draw.seed}-{number}").choice(best)  # noqa: S311
        reserve = next(r for r in reserves if str(r.pk) == chosen_key)
        call_from_reserve(recruiter=reserve)
        met = not unmet_quotas(bounds, [*panel, answers_of(reserve, questions)])
        replacement = PanelReplacement.objects.create(
            organisation=draw.organisation,
            draw=draw,
            dropped_out=dropped_out,
            reserve=reserve,
            quotas_met=met,
            replaced_at=now,
            replaced_by=actor,
        )
        told = _send(
            reserve, draw.event, Purpose.PANEL_RESERVE_CALLED, _called_words(reserve, draw.event)
        )
        audit.record(
            now=now,
            organisation=draw.organisation,
            actor=actor,
            action=AuditAction.PANEL_RESERVE_CALLED,
            target=replacement,
            after={
                "draw": draw.pk,
                "dropped_out": dropped_out.pk,
                "reserve": reserve.pk,
                "number": number,
                "quotas_met": met,
                "told": told,
            },
        )
    return replacement
