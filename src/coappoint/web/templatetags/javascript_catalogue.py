"""`{% javascript_catalogue_url %}`: the versioned static address of the page's language's
JavaScript catalogue (coappoint.web.javascript_catalogues)."""

from __future__ import annotations

from django import template
from django.templatetags.static import static

from coappoint.web.javascript_catalogues import catalogue_static_name

register = template.Library()


@register.simple_tag
def javascript_catalogue_url() -> str:
    return static(catalogue_static_name())
