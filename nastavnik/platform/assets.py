"""Static files a browser keeps for a year, and pages and files sent compressed.

Every ``url_for('static', ...)`` and ``url_for('bootstrap.static', ...)`` (Bootstrap-Flask's
CSS and JS) carries ``?v=`` the file's content hash, so a changed file gets a new URL.
A request whose ``v`` is the file's current hash is answered ``Cache-Control: public,
max-age=31536000, immutable``: the browser never asks again. Without it (or with an old
hash) the file stays ``no-cache``, so a stale URL is never pinned to new content.

HTML, CSS, JS and JSON go out compressed (Flask-Compress: zstd, br, gzip) when the
browser accepts it. In production nginx serves both static folders itself
(``deploy/nginx.conf``), with the same rule.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache

from flask import Flask, Response, current_app, request
from flask_compress import Compress
from werkzeug.security import safe_join

STATIC_ENDPOINTS = {"static": None, "bootstrap.static": "bootstrap"}
IMMUTABLE = "public, max-age=31536000, immutable"
VERSION_ARG = "v"
compress = Compress()


@cache
def _hash_of(path: str, modified_ns: int) -> str:
    """The file's content hash; the modification time in the key follows edits in
    development without hashing the file on every page."""
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:12]


def _static_folder(endpoint: str) -> str | None:
    blueprint = STATIC_ENDPOINTS[endpoint]
    owner = current_app.blueprints.get(blueprint) if blueprint else current_app
    return owner.static_folder if owner else None


def file_version(endpoint: str, filename: str) -> str | None:
    """The version a URL of this static file carries, or None if there is no such file."""
    folder = _static_folder(endpoint)
    path = safe_join(folder, filename) if folder else None
    try:
        return _hash_of(path, os.stat(path).st_mtime_ns) if path else None
    except OSError:
        return None


def versioned(endpoint: str, values: dict) -> None:
    """``url_defaults``: add the content hash to a static file's URL."""
    if endpoint not in STATIC_ENDPOINTS or "filename" not in values or VERSION_ARG in values:
        return
    if version := file_version(endpoint, values["filename"]):
        values[VERSION_ARG] = version


def cache_forever(response: Response) -> Response:
    """A static file asked for by its current version is cached for a year."""
    if request.endpoint not in STATIC_ENDPOINTS or response.status_code not in (200, 304):
        return response
    asked = request.args.get(VERSION_ARG)
    filename = (request.view_args or {}).get("filename", "")
    if asked and asked == file_version(request.endpoint, filename):
        response.headers["Cache-Control"] = IMMUTABLE
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_STREAMING_ENDPOINT_CONDITIONAL", list(STATIC_ENDPOINTS))
    app.url_defaults(versioned)
    app.after_request(cache_forever)
    compress.init_app(app)
