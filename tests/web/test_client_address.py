"""The client's address: X-Forwarded-For believed only as far as the load balancers we run."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from coappoint.web.client_address import UNKNOWN_ADDRESS, client_address


def _address(forwarded_for: str | None = None, remote: str = "10.0.0.2") -> str:
    headers = {} if forwarded_for is None else {"X-Forwarded-For": forwarded_for}
    return client_address(RequestFactory(REMOTE_ADDR=remote).get("/", headers=headers))


def test_without_a_configured_proxy_the_forwarded_header_is_ignored(settings) -> None:
    settings.PROXY_COUNT = 0
    assert _address("203.0.113.7") == "10.0.0.2"
    assert _address("203.0.113.7, 198.51.100.1") == "10.0.0.2"


def test_behind_one_load_balancer_the_address_it_added_is_used(settings) -> None:
    settings.PROXY_COUNT = 1
    assert _address("203.0.113.7") == "203.0.113.7"


def test_addresses_a_client_put_in_the_header_before_the_balancer_are_not_believed(
    settings,
) -> None:
    settings.PROXY_COUNT = 1
    # The client sent "X-Forwarded-For: 192.0.2.99"; the balancer appended their real address.
    assert _address("192.0.2.99, 203.0.113.7") == "203.0.113.7"


def test_behind_two_proxies_the_outer_ones_entry_is_used(settings) -> None:
    settings.PROXY_COUNT = 2
    # client -> CDN (adds the client) -> balancer (adds the CDN) -> app server
    assert _address("192.0.2.99, 203.0.113.7, 198.51.100.20") == "203.0.113.7"


def test_a_request_that_did_not_pass_every_proxy_counts_as_its_direct_peer(settings) -> None:
    settings.PROXY_COUNT = 2
    assert _address("203.0.113.7") == "10.0.0.2"
    assert _address(None) == "10.0.0.2"
    assert _address("") == "10.0.0.2"


@pytest.mark.parametrize(
    ("entry", "address"),
    [
        ("203.0.113.7:51234", "203.0.113.7"),
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("2001:DB8:0:0::7", "2001:db8::7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("unknown", "10.0.0.2"),
    ],
)
def test_forwarded_entries_are_read_with_ports_and_in_canonical_form(
    settings, entry: str, address: str
) -> None:
    settings.PROXY_COUNT = 1
    assert _address(entry) == address


def test_a_missing_or_unreadable_peer_address_is_counted_as_one_unknown_place(settings) -> None:
    settings.PROXY_COUNT = 0
    assert _address(remote="") == UNKNOWN_ADDRESS
    assert _address(remote="not an address") == UNKNOWN_ADDRESS
