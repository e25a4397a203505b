"""Pages and htmx fragments go compressed, except a response holding a secret (BREACH).

BREACH: a page compressed with a secret in it, beside text an attacker can choose (a query
string, a name typed into a form, the `next` address every page's language switcher repeats),
leaks the secret byte by byte through the compressed length, to someone who can see the sizes
of encrypted responses and make the victim's browser ask for pages. So a view whose response
holds a secret (an access code or sign-in link shown to its person, a sign-in link's or an
invitation's or a password reset's token in the address, two-factor set-up and recovery codes,
the one-use link to someone's equality answers, the event's sign-up link) marks it with
`holds_secret` (or is decorated with `secret_holding`), and `CompressionMiddleware` leaves it
as it is. Everything else is compressed, for a phone on a hall's poor signal (issue 20).

Django's CSRF token is the one secret on nearly every page, and it needs no marking: Django
masks it afresh for each response (a random mask, XORed in), so its bytes differ every time and
compression cannot be used to guess it. The session cookie is a header, never compressed.
Static files never reach this middleware: whitenoise answers them first, with the `.gz` twin
made at collectstatic.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware

MARK = "coappoint_holds_secret"  # an attribute of the response object

Response = TypeVar("Response", bound=HttpResponseBase)
Arguments = ParamSpec("Arguments")


def holds_secret(response: Response) -> Response:
    """`response`, marked as holding a secret: it is sent as it is, never compressed."""
    setattr(response, MARK, True)
    return response


def is_holding_secret(response: HttpResponseBase) -> bool:
    return bool(getattr(response, MARK, False))


def secret_holding(
    view: Callable[Arguments, Response],
) -> Callable[Arguments, Response]:
    """A view decorator: every response of the view is marked with `holds_secret`."""

    @wraps(view)
    def marked(*args: Arguments.args, **kwargs: Arguments.kwargs) -> Response:
        return holds_secret(view(*args, **kwargs))

    return marked


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (gzip when the browser accepts it, `Vary: Accept-Encoding`),
    except for a response marked `holds_secret`."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if is_holding_secret(response):
            return response
        return super().process_response(request, response)
