"""The browser walk's English detector catches English and lets Welsh, Arabic and names pass."""

from __future__ import annotations

import pytest

from tests.browser.no_english import english_in


@pytest.mark.parametrize(
    ("language", "english"),
    [
        ("cy", "Sign up"),  # a message of the catalogue, untranslated
        ("cy", "Hello, Gwen Morgan"),  # a message with its placeholder filled
        ("cy", "Rhowch eich enw and your phone number"),  # English words inside Welsh
        ("ar", "سجّلوا Continue"),  # in Arabic, any word in Latin letters
    ],
)
def test_english_is_caught(language: str, english: str) -> None:
    assert english_in([english], language, names=["Gwen Morgan"])


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("cy", "Helo, Gwen Morgan"),
        ("cy", "Mae problem wedi codi"),  # "problem" is Welsh too
        ("cy", "Ffoniwch 07700 900 982 neu e-bostiwch name@example.com"),
        ("ar", "مرحبًا، Gwen Morgan"),  # a name stays as it is written
        ("ar", "رمزكم ABCD 2345"),  # a sign-in code is not English
        ("ar", "Northfield"),
    ],
)
def test_welsh_arabic_and_names_pass(language: str, text: str) -> None:
    assert english_in([text], language, names=["Gwen Morgan", "Northfield"]) == []
