"""GOV.UK Frontend components rendered from the Jinja port with one shared, cached environment.

govuk-frontend-django builds a new Jinja environment and compiles the macro's template on every
render: about 0.13 s a component here, 0.8 s for a form page. The markup comes from the same
maintained macros; only the environment and compiled templates are kept between renders.
This patches the library's internals, so pyproject.toml pins it to `PATCHED_VERSION` exactly;
why, and what to check before upgrading, is docs/decisions/0007-patching-govuk-frontend-django.md.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.base import GovUKComponent
from jinja2 import (
    ChoiceLoader,
    Environment,
    PackageLoader,
    PrefixLoader,
    Template,
    select_autoescape,
)

# The version whose GovUKComponent.render this replaces (its private `_jinja2_template` and
# `_macro_name`, its data passed to the macro as `data`); pyproject.toml pins the same.
PATCHED_VERSION = "0.22.0"
# The library's own rendering, kept so a test can check ours gives the same HTML.
LIBRARY_RENDER = GovUKComponent.render

_ENVIRONMENT = Environment(
    loader=ChoiceLoader(
        [PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    ),
    autoescape=select_autoescape(),
)


@cache
def _macro_template(jinja_template: str, macro_name: str) -> Template:
    return _ENVIRONMENT.from_string(
        f"{{%- from '{jinja_template}' import {macro_name} -%}}{{{{ {macro_name}(data) }}}}"
    )


def _without_none(data: Any) -> Any:
    """The macros test `params.x is defined`, so absent values must be left out, not None."""
    if isinstance(data, dict):
        return {key: _without_none(value) for key, value in data.items() if value is not None}
    if isinstance(data, list):
        return [_without_none(item) for item in data]
    return data


# Macros whose every option costs a few hundred bytes of the template's own indentation: a
# select of 50 people was 20 KB, most of it spaces (issue 20). Only these, which hold no text
# a person typed across lines (a textarea's value must keep its line breaks and spaces).
LISTS_OF_CHOICES = frozenset({"govukSelect", "govukRadios", "govukCheckboxes"})
INDENTATION = re.compile(r"\n\s*")


def render_component(jinja_template: str, macro_name: str, params: dict[str, Any]) -> SafeString:
    """The HTML of one GOV.UK Frontend macro called with `params`; a list of choices without the
    template's blank lines and indentation (a browser shows them as the one newline kept)."""
    rendered = _macro_template(jinja_template, macro_name).render(data=_without_none(params))
    if macro_name in LISTS_OF_CHOICES:
        rendered = INDENTATION.sub("\n", rendered)
    return mark_safe(rendered)  # noqa: S308 (the macros escape every value they are given)


def _cached_render(
    self: GovUKComponent,
    template_name: str | None = None,
    context: object = None,
    renderer: object = None,
    component_data: dict[str, Any] | None = None,
) -> SafeString:
    data = dict(self.__dict__)
    data.pop("_jinja2_template", None)
    data.pop("_macro_name", None)
    if component_data:
        data.update(component_data)
    return render_component(self._jinja2_template, self._macro_name, data)


def use_cached_rendering() -> None:
    """Make every govuk-frontend-django component render through the cached environment."""
    GovUKComponent.render = _cached_render  # type: ignore[method-assign]
    GovUKComponent.__str__ = _cached_render  # type: ignore[method-assign,assignment]
    GovUKComponent.__html__ = _cached_render
