"""A panel drawn from volunteers by stratified random selection against the ward's figures."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from coappoint.audit.actions import AuditAction
from coappoint.audit.models import AuditEvent
from coappoint.notify.models import Message, Purpose
from coappoint.panels import drawing
from coappoint.panels.models import PanelDraw
from coappoint.panels.queries import panel_now, quota_statuses, repeat_draw
from coappoint.panels.services import DrawRefused, call_reserve, draw_panel
from coappoint.recruiters.models import CommunityRecruiter
from coappoint.recruiters.queries import list_access_and_catering
from coappoint.rules.panel_quotas import PreferNotToSay
from coappoint.timetables.services import withdraw_recruiter
from tests.factories import TimetableFactory
from tests.panels.conftest import AGE_BANDS

pytestmark = pytest.mark.django_db


def _draw(event, manager, seed: int | None = 4242, **options) -> PanelDraw:
    return draw_panel(
        event=event,
        places=options.get("places", 12),
        prefer_not_to_say=options.get("prefer_not_to_say", PreferNotToSay.OWN_CATEGORY),
        tolerance=options.get("tolerance", 0),
        actor=manager,
        now=timezone.now(),
        seed=seed,
    )


def _drawn(draw: PanelDraw) -> set[int]:
    return set(draw.volunteers.filter(drawn=True).values_list("recruiter_id", flat=True))


def test_a_panel_of_twelve_drawn_from_thirty_meets_every_quota_of_the_ward(
    event, manager, ward, thirty_volunteers
) -> None:
    draw = _draw(event, manager)

    drawn = CommunityRecruiter.objects.filter(pk__in=_drawn(draw))
    assert drawn.count() == 12
    # The ward's 52% women of 12 places: 6.24, so 6; and 48% men: 5.76, so 6.
    assert drawn.filter(equality_monitoring__sex="female").count() == 6
    # A quarter aged 65 or over: 3 of the 12.
    assert drawn.filter(equality_monitoring__age_band="65_plus").count() == 3
    statuses = quota_statuses(draw)
    assert len(statuses) == 2 + 1 + len(AGE_BANDS) + 1  # every answer, "Prefer not to say" too
    assert all(status.met for status in statuses)


def test_the_same_seed_gives_the_same_panel(event, manager, ward, thirty_volunteers) -> None:
    first = _drawn(_draw(event, manager, seed=777))
    again = _drawn(_draw(event, manager, seed=777))
    assert first == again
    other_seeds = [_drawn(_draw(event, manager, seed=seed)) for seed in (1, 2, 3)]
    assert any(panel != first for panel in other_seeds)


def test_the_draw_keeps_its_seed_library_version_and_every_volunteers_chance(
    event, manager, ward, thirty_volunteers
) -> None:
    draw = _draw(event, manager, seed=99)
    assert draw.seed == 99
    assert draw.library == "sortition-algorithms"
    assert draw.library_version == drawing.library_version()
    assert (draw.algorithm, draw.solver) == ("maximin", "highspy")
    chances = [v.probability_millionths for v in draw.volunteers.all()]
    assert len(chances) == 30
    # The chances of selection add up to the places (within the solver's rounding).
    assert abs(sum(chances) - 12_000_000) < 1000
    row = AuditEvent.objects.get(action=AuditAction.PANEL_DRAWN)
    assert row.after is not None
    assert row.after["seed"] == 99
    assert row.after["library"] == f"sortition-algorithms {drawing.library_version()}"
    assert len(row.after["drawn"]) == 12
    assert len(row.after["reserves"]) == 18


def test_an_impossible_quota_is_refused_naming_its_category(
    event, manager, ward, volunteer
) -> None:
    # Nobody aged 65 or over volunteered, and the ward's quota for them is 3.
    for index in range(20):
        volunteer(event, sex=("female", "male")[index % 2], age_band=AGE_BANDS[index % 5])
    with pytest.raises(DrawRefused) as refusal:
        _draw(event, manager)
    assert "“65 or over” (What is your age?)" in str(refusal.value)
    assert "“Female”" not in str(refusal.value)
    assert not PanelDraw.objects.exists()


def test_quotas_that_cannot_be_met_together_are_refused_with_the_librarys_reasons(
    event, manager, ward, volunteer
) -> None:
    # Enough women and enough people aged 65 or over, but every one of them is both: 6 women
    # and 3 people over 65 cannot be met with 6 men and 9 under 65 from the rest.
    for _ in range(6):
        volunteer(event, sex="female", age_band="65_plus")
    for index in range(14):
        volunteer(event, sex="male", age_band=AGE_BANDS[index % 5])
    with pytest.raises(DrawRefused) as refusal:
        _draw(event, manager)
    assert "No panel of 12 meets every quota together" in str(refusal.value)


def test_volunteers_not_drawn_are_thanked_in_their_language_and_kept_as_reserves(
    event, manager, ward, thirty_volunteers
) -> None:
    CommunityRecruiter.objects.filter(pk__in=[r.pk for r in thirty_volunteers]).update(
        preferred_language="cy"
    )
    draw = _draw(event, manager)
    reserves = CommunityRecruiter.objects.filter(event=event, reserve_since__isnull=False)
    assert reserves.count() == 18
    assert set(reserves.values_list("pk", flat=True)).isdisjoint(_drawn(draw))
    thanks = Message.objects.filter(purpose=Purpose.PANEL_THANKS)
    assert thanks.count() == 18
    assert set(thanks.values_list("language", flat=True)) == {"cy"}
    # Reserves are off the day's lists until called.
    assert list_access_and_catering(event).recruiter_count == 12


def test_a_reserve_replaces_a_drawn_recruiter_who_withdrew_by_the_same_quotas(
    event, manager, ward, thirty_volunteers
) -> None:
    draw = _draw(event, manager)
    dropped = CommunityRecruiter.objects.get(pk=sorted(_drawn(draw))[0])
    withdraw_recruiter(recruiter=dropped, actor=dropped)

    replacement = call_reserve(draw=draw, dropped_out=dropped, actor=manager)

    reserve = replacement.reserve
    reserve.refresh_from_db()
    assert reserve.reserve_since is None
    assert replacement.quotas_met
    assert reserve.equality_monitoring.sex == dropped.equality_monitoring.sex
    assert reserve.equality_monitoring.age_band == dropped.equality_monitoring.age_band
    assert len(panel_now(draw)) == 12
    assert all(status.met for status in quota_statuses(draw))
    row = AuditEvent.objects.get(action=AuditAction.PANEL_RESERVE_CALLED)
    assert row.after is not None
    assert row.after["reserve"] == reserve.pk
    assert row.after["dropped_out"] == dropped.pk
    assert Message.objects.filter(purpose=Purpose.PANEL_RESERVE_CALLED).count() == 1


def test_prefer_not_to_say_left_out_lets_those_who_did_not_answer_be_drawn(
    event, manager, ward, thirty_volunteers, volunteer
) -> None:
    for _ in range(3):
        volunteer(event, sex="prefer_not_to_say", age_band="prefer_not_to_say")
    # As its own category with no figure of its own, "Prefer not to say" gets no places.
    own = _draw(event, manager, seed=5)
    pnts = set(
        CommunityRecruiter.objects.filter(equality_monitoring__sex="prefer_not_to_say").values_list(
            "pk", flat=True
        )
    )
    assert own.volunteers.filter(recruiter__in=pnts, probability_millionths__gt=0).count() == 0
    left_out = _draw(event, manager, seed=5, prefer_not_to_say=PreferNotToSay.LEFT_OUT)
    assert left_out.volunteers.filter(recruiter__in=pnts, probability_millionths__gt=0).exists()


def test_the_draw_repeats_from_its_seed_and_says_so(
    event, manager, ward, thirty_volunteers
) -> None:
    draw = _draw(event, manager, seed=31337)
    out = io.StringIO()
    call_command("repeat_panel_draw", str(draw.pk), stdout=out)
    assert "Same pool as kept: yes" in out.getvalue()
    assert "Same panel: yes" in out.getvalue()
    repeat = repeat_draw(draw)
    assert repeat.drawn == _drawn(draw)


def test_a_volunteer_who_changes_their_answers_shows_the_repeat_had_another_pool(
    event, manager, ward, thirty_volunteers
) -> None:
    draw = _draw(event, manager, seed=8)
    answers = thirty_volunteers[0].equality_monitoring
    answers.sex = "male" if answers.sex == "female" else "female"
    answers.save()
    assert not repeat_draw(draw).same_pool


def test_no_draw_once_the_timetable_is_made(event, manager, ward, thirty_volunteers) -> None:
    TimetableFactory.create(event=event)
    with pytest.raises(DrawRefused, match="Draw the panel before making the timetable"):
        _draw(event, manager)
