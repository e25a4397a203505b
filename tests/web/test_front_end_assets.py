"""The stylesheet and GOV.UK Frontend's scripts hold only the components pages use (issue 20):
these tests fail when a template starts using one that assets/scss/coappoint.scss or
assets/govuk/govuk-frontend.js leaves out."""

from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path

from django.contrib.staticfiles import finders

PROJECT = Path(__file__).resolve().parents[2]
COMPONENTS = PROJECT / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "components"
_JINJA = find_spec("govuk_frontend_jinja")
assert _JINJA is not None
assert _JINJA.origin is not None
JINJA_COMPONENTS = Path(_JINJA.origin).parent / "templates" / "components"


def _source_text() -> str:
    files = [
        *(PROJECT / "src" / "coappoint").rglob("*.html"),
        *(PROJECT / "src" / "coappoint").rglob("*.py"),
    ]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def components_used() -> set[str]:
    """GOV.UK Frontend components some template or view uses: by class, or by its macro."""
    text = _source_text()
    names = {path.name for path in COMPONENTS.iterdir() if path.is_dir()}
    by_class = {name for name in names if re.search(rf"govuk-{name}(?![a-z-])", text)}
    by_macro = set(
        re.findall(r"""(?:gds_component|govuk|render_macro\(?)\s*["']([a-z-]+)["']""", text)
    )
    return by_class | (by_macro & names)


def _class_name(component: str) -> str:
    return "".join(part.capitalize() for part in component.split("-"))


def test_the_stylesheet_styles_every_component_a_page_uses() -> None:
    built = finders.find("css/coappoint.css")
    assert built is not None, "run `make install` to build the stylesheet"
    css = Path(str(built)).read_text(encoding="utf-8")

    unstyled = sorted(name for name in components_used() if f".govuk-{name}" not in css)

    assert not unstyled, f"add these to assets/scss/coappoint.scss: {unstyled}"


def test_the_bundled_scripts_start_every_component_a_page_uses_that_has_one() -> None:
    bundle = "\n".join(
        path.read_text(encoding="utf-8") for path in (PROJECT / "assets" / "govuk").glob("*.js")
    )
    with_scripts = {
        path.parent.name
        for path in JINJA_COMPONENTS.glob("*/template.html")
        if "data-module=" in path.read_text(encoding="utf-8")
    }

    missing = sorted(
        name
        for name in components_used() & with_scripts
        if not re.search(rf"\b{_class_name(name)}\b", bundle)
    )

    assert not missing, (
        f"add them to assets/govuk/govuk-frontend.js or a bundle beside it: {missing}"
    )


def test_the_components_left_out_are_ones_no_page_uses() -> None:
    # A guard on the guard: the scan finds the components the pages are known to use.
    used = components_used()

    assert {"button", "radios", "error-summary", "summary-list", "service-navigation"} <= used
    assert "accordion" not in used
