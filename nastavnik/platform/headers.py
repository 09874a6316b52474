"""Security headers on every response the application sends, pages and files alike.

The Content-Security-Policy allows scripts, styles, fonts and images from this site only:
no inline ``<script>``, no ``onclick=``, no ``style=`` attribute (templates keep behaviour
in ``nastavnik/static/`` and looks in CSS classes). ``data:`` images stay allowed because
Bootstrap's own CSS draws its icons (menu toggler, close button, select arrow) as inline
SVG data URIs. Pages may not be framed anywhere (clickjacking) unless the view is marked
``@embeddable`` — reserved for the public snippet that other sites will embed.

A header a view set itself wins (a questionnaire link sends ``Referrer-Policy:
no-referrer``); HSTS is sent only when ``HSTS_SECONDS`` is set (production).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, Response, current_app, request

View = TypeVar("View", bound=Callable)

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
NOT_FRAMED = "'none'"
EMBEDDABLE = "_nastavnik_embeddable"


def kept_private(response: Response) -> Response:
    """A page that carries a secret (a token in its URL, a link shown once): no cache keeps
    it, and no Referer header carries its URL to another site."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def embeddable(view: View) -> View:
    """Let other sites frame this view's page (the one exception to ``frame-ancestors``)."""
    setattr(view, EMBEDDABLE, True)
    return view


def content_security_policy(framed_by: str) -> str:
    return "; ".join(f"{name} {value}"
                     for name, value in {**POLICY, "frame-ancestors": framed_by}.items())


def _is_embeddable() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, EMBEDDABLE, False))


def secure(response: Response) -> Response:
    headers = response.headers
    framed_by = "*" if _is_embeddable() else NOT_FRAMED
    headers.setdefault("Content-Security-Policy", content_security_policy(framed_by))
    if framed_by == NOT_FRAMED:
        headers.setdefault("X-Frame-Options", "DENY")  # for browsers without CSP level 2
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if hsts := current_app.config["HSTS_SECONDS"]:
        headers.setdefault("Strict-Transport-Security", f"max-age={hsts}; includeSubDomains")
    return response


def init_app(app: Flask) -> None:
    app.after_request(secure)
