"""A ward and thirty volunteers, for the panel's tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from coappoint.events.models import Event
from coappoint.organisations.models import Role
from coappoint.panels.services import record_area_figures
from coappoint.recruiters.models import CommunityRecruiter
from tests.factories import (
    EventFactory,
    RecruiterEqualityMonitoringFactory,
    RecruiterFactory,
    staff_member,
)

# Census-style figures for the ward: 52% women; a quarter aged 65 or over.
WARD_FIGURES = {
    ("sex", "female"): 5200,
    ("sex", "male"): 4800,
    ("age_band", "16_24"): 1500,
    ("age_band", "25_34"): 1700,
    ("age_band", "35_44"): 1600,
    ("age_band", "45_54"): 1400,
    ("age_band", "55_64"): 1300,
    ("age_band", "65_plus"): 2500,
}
AGE_BANDS = ["16_24", "25_34", "35_44", "45_54", "55_64", "65_plus"]


@pytest.fixture
def event() -> Event:
    return EventFactory.create(name="Northfield community day")


@pytest.fixture
def manager(event):
    return staff_member(event.organisation, Role.PROGRAMME_MANAGER)


@pytest.fixture
def ward(event, manager):
    record_area_figures(
        area=event.campaign.vacancy.area, figures=WARD_FIGURES, actor=manager, now=timezone.now()
    )
    return event.campaign.vacancy.area


@pytest.fixture
def volunteer() -> Callable[..., CommunityRecruiter]:
    def make(event: Event, *, sex: str, age_band: str, **fields: str) -> CommunityRecruiter:
        recruiter = RecruiterFactory.create(event=event, **fields)
        RecruiterEqualityMonitoringFactory.create(recruiter=recruiter, sex=sex, age_band=age_band)
        return recruiter

    return make


@pytest.fixture
def thirty_volunteers(event, volunteer) -> list[CommunityRecruiter]:
    """Fifteen women and fifteen men, a woman and a man in each age band in turn."""
    return [
        volunteer(
            event,
            sex="female" if index % 2 == 0 else "male",
            age_band=AGE_BANDS[(index // 2) % 6],
            email=f"volunteer{index}@example.com",
        )
        for index in range(30)
    ]
