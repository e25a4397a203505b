"""English, Welsh and Arabic from day one: the switcher works without JavaScript; Arabic is RTL."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _switch(client: Client, language: str, next_path: str = "/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_path})


def test_pages_are_english_and_left_to_right_by_default(client: Client) -> None:
    html = client.get(reverse("pages:home")).content.decode()
    assert '<html lang="en" dir="ltr"' in html


def test_the_switcher_is_a_form_per_language_that_works_without_javascript(client: Client) -> None:
    html = client.get(reverse("signin:code")).content.decode()

    assert html.count(f'action="{reverse("set_language")}"') == 2  # Welsh and Arabic
    response = _switch(client, "cy", reverse("signin:code"))

    assert response.status_code == 302
    assert response.url == reverse("signin:code")


def test_welsh_pages_carry_welsh_text(client: Client) -> None:
    _switch(client, "cy")
    html = client.get(reverse("signin:code")).content.decode()

    assert '<html lang="cy" dir="ltr"' in html
    assert "Cod mynediad" in html
    assert "Neidio i&#x27;r prif gynnwys" in html or "Neidio i'r prif gynnwys" in html


def test_arabic_pages_render_right_to_left_with_arabic_text(client: Client) -> None:
    _switch(client, "ar")
    html = client.get(reverse("pages:home")).content.decode()

    assert '<html lang="ar" dir="rtl"' in html
    assert "التوظيف المجتمعي" in html
    # Each language's own name is marked with its language, so screen readers say it right.
    assert 'lang="cy"' in html
    assert "Cymraeg" in html


def test_error_messages_are_translated_too(client: Client) -> None:
    _switch(client, "cy")
    html = client.post(reverse("signin:code"), {"code": ""}).content.decode()
    assert "Mae problem wedi codi" in html
    assert "Rhowch eich cod mynediad" in html
