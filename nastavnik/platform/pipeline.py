"""The one path every request takes: declared standing → permission → view → one commit.

1. **Standing.** Every endpoint declares where it stands. A blueprint made by
   ``scopes.scoped_blueprint`` stands in a school, a municipality or a region and enters
   that place's scope; any other view or blueprint says so with ``stands_in(...)``:
   ``PUBLIC`` (the login page, the front page, static files), ``PLATFORM`` (the admin
   area), ``OWN_RECORD`` (a personal link: the scope is entered from the record the
   link names). An endpoint that declares nothing stops the application at start-up
   and, should one be added after it, is refused with 404 at request time. Until a
   scope is entered, tenancy confines every query to no school at all.
2. **Permission.** ``permissions.requires("capability.action")`` on the view.
3. **Unit of work.** Views and services only stage changes; the pipeline commits once,
   after a successful unsafe request (POST and friends answered below 400), and rolls
   back everything else. A GET, HEAD or OPTIONS that tries to write fails loudly
   (``WriteInSafeRequest``), so a page that merely looks never changes the record.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from contextlib import suppress

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    has_request_context,
    request,
    session,
)
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from nastavnik.extensions import db
from nastavnik.platform.events import EventLogBusy

log = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Standing(enum.StrEnum):
    PUBLIC = "public"
    OWN_RECORD = "own_record"
    SCHOOL = "school"
    MUNICIPALITY = "municipality"
    REGION = "region"
    PLATFORM = "platform"


class WriteInSafeRequest(RuntimeError):
    """A GET (HEAD, OPTIONS) tried to write: a programming error, never user input."""


_blueprint_standing: dict[str, Standing] = {}


def stands_in(standing: Standing) -> Callable:
    """Declare the standing of one view function."""
    def decorator(view: Callable) -> Callable:
        view.standing = standing
        return view
    return decorator


def blueprint_stands_in(blueprint: Blueprint, standing: Standing) -> Blueprint:
    """Declare the standing of every view of ``blueprint``."""
    _blueprint_standing[blueprint.name] = standing
    return blueprint


def standing_of(app: Flask, endpoint: str) -> Standing | None:
    view = app.view_functions.get(endpoint)
    declared = getattr(view, "standing", None)
    if declared is not None:
        return declared
    blueprint = endpoint.rpartition(".")[0]
    return _blueprint_standing.get(blueprint)


def undeclared_endpoints(app: Flask) -> list[str]:
    return sorted(e for e in app.view_functions if standing_of(app, e) is None)


def is_safe_request() -> bool:
    return has_request_context() and request.method in SAFE_METHODS


def _declare_standing() -> None:
    if request.endpoint is None:
        return  # routing failed: its 404 or 405 is on its way
    standing = standing_of(current_app, request.endpoint)
    if standing is None:
        log.error("endpoint %s declares no standing; refused", request.endpoint)
        abort(404)


def _finish_unit_of_work(response):
    """Commit once after a successful write; roll back everything else."""
    if request.method in SAFE_METHODS or response.status_code >= 400:
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except (DBAPIError, EventLogBusy) as error:
        # Refused at commit — a duplicate that raced past the locks (say, the same event
        # id), the event log held too long by another writer, the database gone: the
        # request's work is undone whole, it must not claim success, and the error
        # handler says why (409, 503), or a bug surfaces as the 500 page.
        with suppress(DBAPIError):  # a dead connection may refuse even the rollback
            db.session.rollback()
        session.pop("_flashes", None)
        return current_app.make_response(current_app.handle_user_exception(error))
    return response


def _refuse_writes_in_safe_requests(session_: Session, _context, _instances) -> None:
    if is_safe_request() and (session_.new or session_.dirty or session_.deleted):
        raise WriteInSafeRequest(f"{request.method} {request.path} tried to write")


def init_app(app: Flask) -> None:
    app.view_functions["static"].standing = Standing.PUBLIC
    _blueprint_standing["bootstrap"] = Standing.PUBLIC  # Bootstrap-Flask's static files
    app.before_request(_declare_standing)
    app.after_request(_finish_unit_of_work)
    if not event.contains(Session, "before_flush", _refuse_writes_in_safe_requests):
        event.listen(Session, "before_flush", _refuse_writes_in_safe_requests)


def check_declared(app: Flask) -> None:
    """Stop the start-up if any endpoint forgot to say where it stands."""
    missing = undeclared_endpoints(app)
    if missing:
        raise RuntimeError("Endpoints without a declared standing (see platform/pipeline.py): "
                           + ", ".join(missing))
