"""htmx helpers for the page views: one URL, two renderings (NetBox's ``utilities/htmx.py`` idea).

A view renders the whole page for a normal request and only the region htmx asked for
(``HX-Target``) for an htmx request. Edits answer with the changed region plus out-of-band
swaps of the secondary regions (table list, version bar, problems), so one response keeps the
whole page in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django_htmx.http import reswap, retarget
from django_htmx.middleware import HtmxDetails

# The status of an answer whose form has errors: htmx is configured (see _base.html) to swap it,
# so the form comes back with the messages next to the fields and what the user typed.
INVALID = 422
# The status of a stale edit: someone else changed the schema since the page was loaded.
CONFLICT = 409


class HtmxHttpRequest(HttpRequest):
    """A request as seen by views behind ``HtmxMiddleware`` and ``AuthenticationMiddleware``."""

    htmx: HtmxDetails
    user: User | AnonymousUser


def is_partial(request: HtmxHttpRequest, target: str | None = None) -> bool:
    """True for an htmx request that wants a fragment (of ``target``, when given), not the page.

    History restores (``HX-History-Restore-Request``) want the full page back.
    """
    if not request.htmx or request.htmx.history_restore_request or request.htmx.boosted:
        return False
    return target is None or request.htmx.target == target


def render_fragments(request: HttpRequest, templates: Iterable[str], context: Mapping[str, Any],
                     status: int = 200) -> HttpResponse:
    """Several partials in one response: the first is the swap target, the rest carry hx-swap-oob."""
    body = "".join(render_to_string(name, dict(context), request=request) for name in templates)
    return HttpResponse(body, status=status)


def swap_into(response: HttpResponse, target: str, method: str = "innerHTML") -> HttpResponse:
    """Send ``response`` to another element than the one the request came from."""
    return reswap(retarget(response, target), method)  # type: ignore[arg-type]
