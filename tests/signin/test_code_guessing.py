"""Guessing access codes is slowed, never refused outright: a hall sharing one address still signs
in, a guesser waits longer and longer, told how long in plain words; many guessers together slow
everyone and the event's staff are told; tries at the same moment never get past the allowance."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import partial

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coappoint.audit.models import AuditEvent
from coappoint.organisations.models import Role
from coappoint.rules.guessing import WaitCurve, most_wrong_codes
from coappoint.signin.models import AccessCodeAttempt, AccessCodeSlowdown
from coappoint.signin.services import (
    SYSTEM,
    MustWait,
    Refusal,
    SignInRefused,
    forget_old_attempts,
    guessing_place,
    issue_access_code,
    use_access_code,
)
from coappoint.signin.views import wait_message
from tests.factories import EventFactory, RecruiterFactory, staff_member

pytestmark = pytest.mark.django_db

HALL = "203.0.113.7"
WRONG = "WXYZ2345"
NOON = datetime(2026, 12, 5, 12, 0, tzinfo=timezone.get_current_timezone())


def _code_for(recruiter, now: datetime = NOON) -> str:
    return issue_access_code(
        person=recruiter,
        organisation=recruiter.organisation,
        event=recruiter.event,
        actor=SYSTEM,
        now=now - timedelta(hours=1),
    ).code


def _try(code: str, at: datetime, address: str = HALL) -> str:
    """What happened to one try: "signed in", "wrong", or "wait <seconds>"."""
    try:
        use_access_code(typed_code=code, ip_address=address, now=at)
    except MustWait as waiting:
        return f"wait {waiting.seconds}"
    except SignInRefused as refused:
        return "wrong" if refused.reason is Refusal.UNKNOWN else refused.reason.value
    return "signed in"


def _wrong_codes(count: int) -> list[str]:
    """Different wrong codes (a guesser tries each once)."""
    return [f"WXYZ{n:04d}".replace("0", "A").replace("1", "B") for n in range(count)]


def test_a_hall_sharing_one_address_signs_in_with_right_codes_among_many_wrong_ones() -> None:
    event = EventFactory.create()
    recruiters = RecruiterFactory.create_batch(60, event=event)
    codes = [_code_for(recruiter) for recruiter in recruiters]

    # 60 people over ten minutes; every other one mistypes twice first: 60 wrong codes in all,
    # three times the free allowance of one address, yet nobody is ever asked to wait.
    outcomes = []
    for n, code in enumerate(codes):
        at = NOON + timedelta(seconds=10 * n)
        if n % 2:
            outcomes += [_try(WRONG, at), _try(code[::-1], at + timedelta(seconds=2))]
        outcomes.append(_try(code, at + timedelta(seconds=4)))

    assert outcomes.count("signed in") == 60
    assert outcomes.count("wrong") == 60
    assert not [outcome for outcome in outcomes if outcome.startswith("wait")]


def test_an_address_that_keeps_guessing_waits_longer_and_longer(settings) -> None:
    settings.ACCESS_CODE_FREE_WRONG_PER_ADDRESS = 20
    settings.ACCESS_CODE_FIRST_WAIT_SECONDS = 5
    settings.ACCESS_CODE_LONGEST_WAIT_SECONDS = 120
    at = NOON
    guesses = iter(_wrong_codes(100))
    assert [_try(next(guesses), at) for _ in range(20)] == ["wrong"] * 20

    waits = []
    for _ in range(8):
        told = _try(next(guesses), at)
        waits.append(int(told.removeprefix("wait ")))
        at += timedelta(seconds=waits[-1])
        assert _try(next(guesses), at) == "wrong"

    assert waits == [5, 10, 20, 40, 80, 120, 120, 120]


def test_a_try_while_the_address_must_wait_is_neither_checked_nor_counted() -> None:
    recruiter = RecruiterFactory.create()
    right = _code_for(recruiter)
    for guess in _wrong_codes(20):
        _try(guess, NOON)
    checked = AccessCodeAttempt.objects.count()

    assert _try(right, NOON + timedelta(seconds=1)) == "wait 4"
    assert _try(WRONG, NOON + timedelta(seconds=2)) == "wait 3"
    assert AccessCodeAttempt.objects.count() == checked
    # The wait did not grow with the tries made during it, and the right code then works.
    assert _try(right, NOON + timedelta(seconds=5)) == "signed in"


def test_a_right_code_from_a_neighbour_is_never_kept_waiting_by_a_guesser_elsewhere() -> None:
    recruiter = RecruiterFactory.create()
    right = _code_for(recruiter)
    for guess in _wrong_codes(25):
        _try(guess, NOON, address="198.51.100.20")

    assert _try(right, NOON) == "signed in"


def test_old_wrong_codes_are_forgotten_after_their_window(settings) -> None:
    settings.ACCESS_CODE_WINDOW_MINUTES = 15
    for guess in _wrong_codes(20):
        _try(guess, NOON)
    assert _try(WRONG, NOON + timedelta(seconds=1)).startswith("wait")

    # A window later none of them counts: 20 more wrong codes are free again.
    later = NOON + timedelta(minutes=15, seconds=1)
    assert [_try(guess, later) for guess in _wrong_codes(20)[:19]] == ["wrong"] * 19
    assert forget_old_attempts(now=NOON + timedelta(days=1, seconds=1)) == 20
    assert AccessCodeAttempt.objects.count() == 19


def test_addresses_in_one_ipv6_network_share_their_waits() -> None:
    assert guessing_place("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::"
    assert guessing_place("::ffff:203.0.113.7") == "203.0.113.7"
    for n, guess in enumerate(_wrong_codes(20)):
        _try(guess, NOON, address=f"2001:db8:1:2::{n + 1:x}")

    assert _try(WRONG, NOON, address="2001:db8:1:2:ffff::9") == "wait 5"
    assert _try(WRONG, NOON, address="2001:db8:1:3::9") == "wrong"


@pytest.mark.parametrize(
    ("seconds", "everywhere", "words"),
    [
        (1, False, "Too many wrong codes have been tried from here. Wait 1 second, then try your"),
        (40, False, "Wait 40 seconds, then try your code again. Or ask your facilitator"),
        (119, False, "Wait 119 seconds, then try your code again."),
        (120, False, "Wait 2 minutes, then try your code again."),
        (150, True, "so everyone has to wait between tries. Wait 3 minutes, then try your code"),
        (5, True, "A personal sign-in link sent to you by email works straight away."),
    ],
)
def test_the_wait_is_told_in_plain_words(seconds: int, everywhere: bool, words: str) -> None:
    assert words in wait_message(MustWait(seconds=seconds, everywhere=everywhere))


def test_the_code_page_tells_the_wait_in_its_error_summary(
    client: Client, settings, monkeypatch
) -> None:
    settings.ACCESS_CODE_FREE_WRONG_PER_ADDRESS = 2
    settings.ACCESS_CODE_FIRST_WAIT_SECONDS = 40
    started = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: started)  # the clock, faked
    for guess in _wrong_codes(2):
        client.post(reverse("signin:code"), {"code": guess})
    monkeypatch.setattr(timezone, "now", lambda: started + timedelta(seconds=13))

    response = client.post(reverse("signin:code"), {"code": WRONG})

    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "27"
    assert "There is a problem" in html
    assert 'href="#id_code"' in html
    assert html.count("Wait 27 seconds, then try your code again.") == 2  # summary and field


def test_without_a_configured_proxy_a_forwarded_address_does_not_escape_the_wait(
    settings,
) -> None:
    settings.PROXY_COUNT = 0
    settings.ACCESS_CODE_FREE_WRONG_PER_ADDRESS = 3
    for n, guess in enumerate(_wrong_codes(4)):
        guesser = Client(headers={"X-Forwarded-For": f"192.0.2.{n}"})
        response = guesser.post(reverse("signin:code"), {"code": guess})

    assert response.status_code == 429
    assert set(AccessCodeAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_a_load_balancer_only_the_guessers_own_address_waits(settings) -> None:
    settings.PROXY_COUNT = 1
    settings.ACCESS_CODE_FREE_WRONG_PER_ADDRESS = 3
    recruiter = RecruiterFactory.create()
    right = _code_for(recruiter, now=timezone.now())
    # Everyone reaches the app through the balancer at 10.0.0.2, which adds their address.
    guesser = Client(REMOTE_ADDR="10.0.0.2", headers={"X-Forwarded-For": "198.51.100.20"})
    hall = Client(REMOTE_ADDR="10.0.0.2", headers={"X-Forwarded-For": HALL})
    for guess in _wrong_codes(3):
        guesser.post(reverse("signin:code"), {"code": guess})

    assert guesser.post(reverse("signin:code"), {"code": WRONG}).status_code == 429
    spoofing = Client(REMOTE_ADDR="10.0.0.2", headers={"X-Forwarded-For": f"{HALL}, 198.51.100.20"})
    assert spoofing.post(reverse("signin:code"), {"code": WRONG}).status_code == 429
    assert hall.post(reverse("signin:code"), {"code": right}).status_code == 302
    assert set(AccessCodeAttempt.objects.values_list("ip_address", flat=True)) == {
        "198.51.100.20",
        HALL,
    }


def test_many_addresses_guessing_slow_everyone_and_the_events_staff_are_told(
    client: Client, settings
) -> None:
    settings.ACCESS_CODE_FREE_WRONG_ALL_ADDRESSES = 5
    start = timezone.now()
    recruiter = RecruiterFactory.create(full_name="Amina Hassan")
    right = _code_for(recruiter, now=start)
    quiet_event = EventFactory.create()  # no code that works: nothing to guess, nothing to tell
    guesses = _wrong_codes(10)
    one_each = [_try(guess, start, address=f"192.0.2.{n}") for n, guess in enumerate(guesses[:5])]
    assert one_each == ["wrong"] * 5

    # A sixth address, and the right code from the hall, are asked to wait: everyone is.
    assert _try(guesses[5], start, address="192.0.2.99") == "wait 5"
    with pytest.raises(MustWait) as waiting:
        use_access_code(typed_code=right, ip_address=HALL, now=start + timedelta(seconds=1))
    assert waiting.value.everywhere
    assert _try(right, start + timedelta(seconds=5)) == "signed in"
    # The right code earned one more free mistake, so the wait starts again from 5 seconds.
    assert _try(guesses[6], start + timedelta(seconds=6), address="192.0.2.98") == "wrong"
    assert _try(guesses[7], start + timedelta(seconds=6), address="192.0.2.97") == "wait 5"

    slowed = AuditEvent.objects.filter(action="access_codes.slowed")
    assert [
        (audit.target_id, (audit.after or {})["wrong_codes_in_window"]) for audit in slowed
    ] == [(str(recruiter.event.pk), 5)]
    assert AccessCodeSlowdown.objects.get(event=recruiter.event).wrong_codes == 6
    assert not AccessCodeSlowdown.objects.filter(event=quiet_event).exists()

    client.force_login(staff_member(recruiter.organisation, Role.FACILITATOR))
    url = reverse("events:detail", args=[recruiter.organisation.slug, recruiter.event.pk])
    page = client.get(url).content.decode()
    assert "Access codes are slowed for everyone" in page
    audit_rows = str(list(AuditEvent.objects.values()))
    for secret in (right, *guesses):
        assert secret not in page
        assert secret not in audit_rows


def test_the_event_page_says_nothing_once_the_slowdown_is_over(client: Client, settings) -> None:
    recruiter = RecruiterFactory.create()
    now = timezone.now()
    AccessCodeSlowdown.objects.create(
        event=recruiter.event,
        started_at=now - timedelta(minutes=30),
        ends_at=now - timedelta(minutes=1),
        wrong_codes=140,
    )
    client.force_login(staff_member(recruiter.organisation, Role.FACILITATOR))
    url = reverse("events:detail", args=[recruiter.organisation.slug, recruiter.event.pk])
    assert "Access codes are slowed" not in client.get(url).content.decode()

    AccessCodeSlowdown.objects.update(ends_at=now + timedelta(minutes=14))
    page = client.get(url).content.decode()
    assert "Access codes are slowed for everyone" in page
    assert "140 wrong codes in a short time" in page
    assert "may have to wait up to 2 minutes between tries" in page


def test_with_the_default_numbers_one_address_alone_cannot_slow_everyone(settings) -> None:
    lone_guesser = WaitCurve(
        free_wrong_codes=settings.ACCESS_CODE_FREE_WRONG_PER_ADDRESS,
        first_wait_seconds=settings.ACCESS_CODE_FIRST_WAIT_SECONDS,
        longest_wait_seconds=settings.ACCESS_CODE_LONGEST_WAIT_SECONDS,
    )
    window = settings.ACCESS_CODE_WINDOW_MINUTES * 60
    most_in_a_window = most_wrong_codes(lone_guesser, window_seconds=window, over_seconds=window)
    assert most_in_a_window < settings.ACCESS_CODE_FREE_WRONG_ALL_ADDRESSES


def _at_the_same_moment(tries: Sequence[Callable[[], str]]) -> list[str]:
    """Run each try in its own thread (its own database connection), released together."""
    barrier = threading.Barrier(len(tries))
    outcomes: list[str] = []

    def run(attempt: Callable[[], str]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes.append(attempt())
        except BaseException as error:  # reported by the test below
            outcomes.append(f"error {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in tries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


# Fewer than PostgreSQL's 100 connections, more than twice the allowance.
AT_ONCE = 80


@pytest.mark.django_db(transaction=True)
def test_guesses_from_one_address_at_the_same_moment_are_never_checked_past_the_allowance(
    settings,
) -> None:
    settings.ACCESS_CODE_FREE_WRONG_PER_ADDRESS = 30
    now = timezone.now()
    guesses = _wrong_codes(AT_ONCE)

    outcomes = _at_the_same_moment([partial(_try, guess, now) for guess in guesses])

    assert outcomes.count("wrong") == 30
    assert [outcome for outcome in outcomes if outcome != "wrong"] == ["wait 5"] * (AT_ONCE - 30)
    assert AccessCodeAttempt.objects.count() == 30


@pytest.mark.django_db(transaction=True)
def test_guesses_from_many_addresses_at_the_same_moment_are_never_checked_past_the_allowance(
    settings,
) -> None:
    settings.ACCESS_CODE_FREE_WRONG_ALL_ADDRESSES = 30
    now = timezone.now()
    tries = [
        partial(_try, guess, now, address=f"192.0.2.{n}")
        for n, guess in enumerate(_wrong_codes(AT_ONCE))
    ]

    outcomes = _at_the_same_moment(tries)

    assert outcomes.count("wrong") == 30
    assert [outcome for outcome in outcomes if outcome != "wrong"] == ["wait 5"] * (AT_ONCE - 30)
    assert AccessCodeAttempt.objects.count() == 30
    assert not [outcome for outcome in outcomes if outcome.startswith("error")]
