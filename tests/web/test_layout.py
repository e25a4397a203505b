"""The page layout every page shares: header, footer, security headers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_footer_offers_the_source_code_when_a_source_address_is_set(
    client: Client, settings
) -> None:
    settings.SOURCE_URL = "https://code.example.gov.uk/coappoint"
    html = client.get(reverse("pages:accessibility")).content.decode()
    assert 'href="https://code.example.gov.uk/coappoint">Get the source code' in html


def test_every_page_carries_a_strict_content_security_policy_with_a_fresh_nonce(
    client: Client,
) -> None:
    first = client.get(reverse("pages:home"))
    second = client.get(reverse("pages:home"))
    policy = first["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert policy != second["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in first.content.decode()


def test_the_header_names_the_council_running_the_service(client: Client, settings) -> None:
    settings.SERVICE_OWNER = "Riverside Borough Council"
    html = client.get(reverse("pages:home")).content.decode()
    assert ">Riverside Borough Council</a>" in html
