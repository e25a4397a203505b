"""The patched, cached component rendering: for the pinned library, the library's own HTML."""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest
from govuk_frontend_django.components.base import GovUKComponent
from govuk_frontend_django.components.button import GovUKButton
from govuk_frontend_django.components.error_message import GovUKErrorMessage
from govuk_frontend_django.components.hint import GovUKHint
from govuk_frontend_django.components.input import GovUKInput
from govuk_frontend_django.components.label import GovUKLabel
from govuk_frontend_django.components.select import GovUKSelect, SelectItems
from govuk_frontend_django.components.warning_text import GovUKWarningText

from coappoint.web.govuk_rendering import LIBRARY_RENDER, PATCHED_VERSION


def test_the_installed_library_is_the_version_the_patch_was_written_for() -> None:
    assert version("govuk-frontend-django") == PATCHED_VERSION


@pytest.mark.parametrize(
    "make_component",
    [
        lambda: GovUKButton(text="Save & continue", isStartButton=True),
        lambda: GovUKInput(
            name="name",
            id="name",
            label=GovUKLabel(text="Name"),
            hint=GovUKHint(text="<b>As you like to be called</b>"),
            errorMessage=GovUKErrorMessage(text="Enter your name"),
            attributes={"autocomplete": "name", "data-empty": None},
        ),
        lambda: GovUKWarningText(text="Once recorded, the decision is locked."),
    ],
    ids=["button", "input with a label, hint, error and attributes", "warning text"],
)
def test_the_cached_rendering_gives_the_librarys_own_html(make_component) -> None:
    assert GovUKComponent.render is not LIBRARY_RENDER  # the patch is in place
    # Each side gets its own component: the library's render removes None values in place.
    assert str(make_component()) == LIBRARY_RENDER(make_component())


def test_a_long_select_keeps_its_options_and_loses_only_the_templates_indentation() -> None:
    items = [SelectItems(value=str(number), text=f"Person  {number}") for number in range(50)]
    component = GovUKSelect(id="person", name="person", label=GovUKLabel(text="Who"), items=items)
    ours, library = (
        str(component),
        LIBRARY_RENDER(
            GovUKSelect(id="person", name="person", label=GovUKLabel(text="Who"), items=items)
        ),
    )

    assert re.sub(r"\s+", " ", ours) == re.sub(r"\s+", " ", library)  # the same, read as HTML
    assert ours.count("<option") == 50
    assert "Person  7" in ours  # a name's own spaces are kept
    assert len(ours) < len(library) * 0.6
