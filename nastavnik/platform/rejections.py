"""The one refusal type, and a form's submission as the request's unit of work.

Services validate and refuse with ``Rejected`` (marshmallow's ``ValidationError`` is
treated alike), whose ``messages`` map a field to Russian explanations. ``carried_out``
runs the service on a valid submission and either flashes a success message or rolls
back and puts the messages next to the fields the person typed them in: nothing
half-saved, nothing typed lost. The request pipeline commits (``platform/pipeline.py``).
A refusal no form catches is shown by the error handler: a page listing the messages,
or a JSON error under ``/api/``.

A unique constraint that turns away a concurrent duplicate (a double click that slipped
past a service's lock) is a refusal too, not an error: ``refuse_duplicates`` says, once
per constraint, what the person is told, and ``duplicate_refusal`` is the one place an
``IntegrityError`` becomes a ``Rejected``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import flash, redirect
from flask_wtf import FlaskForm
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from nastavnik.extensions import db

T = TypeVar("T")


class Rejected(Exception):
    """Nothing was saved; ``messages`` maps a field to Russian explanations.

    A bare string is a message about the whole submission (field ``_schema``).
    """

    def __init__(self, messages: dict[str, list[str]] | str):
        self.messages = messages if isinstance(messages, dict) else {"_schema": [messages]}
        super().__init__(str(self.messages))

    @property
    def message(self) -> str:
        return " ".join(flat_messages(self.messages))


def flat_messages(messages: dict | list | str) -> list[str]:
    """Every message of a (possibly nested) refusal, in order."""
    if isinstance(messages, str):
        return [messages]
    if isinstance(messages, dict):
        messages = list(messages.values())
    return [text for item in messages for text in flat_messages(item)]


ALREADY_DONE = "Это уже сделано: форма была отправлена дважды. Обновите страницу."
_DUPLICATES: dict[str, dict[str, list[str]]] = {}


def refuse_duplicates(constraint: str, messages: dict[str, list[str]]) -> None:
    """Register what a person is told when ``constraint`` refuses a duplicate row."""
    _DUPLICATES[constraint] = messages


def duplicate_refusal(error: IntegrityError) -> Rejected | None:
    """The refusal for a unique constraint's ``error``; ``None`` for any other integrity
    error (a missing reference, an empty required column), which is a bug to surface."""
    original = error.orig
    if getattr(original, "sqlstate", None) == "23505":  # PostgreSQL: unique_violation
        name = original.diag.constraint_name
        return Rejected(_DUPLICATES.get(name, {"_schema": [ALREADY_DONE]}))
    if str(original).startswith("UNIQUE constraint failed"):  # SQLite names the columns only
        return Rejected({"_schema": [ALREADY_DONE]})
    return None


def carried_out(form: FlaskForm, action: Callable[[], T], message: str | Callable[[T], str],
                prefix: str = "") -> bool:
    """On a valid submission run ``action``; flash ``message`` if it succeeds.

    ``message`` may be a function of what ``action`` returned. If the service refuses,
    the session is rolled back and its messages shown on ``form``. Returns whether the
    work was done (the view then redirects, and the pipeline commits).
    """
    if not form.validate_on_submit():
        return False
    try:
        result = action()
        db.session.flush()  # a constraint the service did not foresee refuses here, not later
    except (Rejected, ValidationError) as refusal:
        db.session.rollback()
        show_on_form(form, refusal, prefix)
        return False
    except IntegrityError as error:
        db.session.rollback()
        refusal = duplicate_refusal(error)
        if refusal is None:
            raise
        show_on_form(form, refusal, prefix)
        return False
    flash(message(result) if callable(message) else message, "success")
    return True


class ActionForm(FlaskForm):
    """A button that acts (approve, finish, remove): its CSRF token is its only field."""


def flash_refusal(form: FlaskForm) -> None:
    """Show a button's refusal as a message: it has no fields to put it next to."""
    for problem in [*form.form_errors, *(e for f in form for e in f.errors)]:
        flash(problem, "danger")


def pressed(action: Callable[[], object], message: str | Callable, back: str,
            code: int = 303) -> Response:
    """A button that acts (``ActionForm``): run ``action``, flash how it went, go ``back``."""
    form = ActionForm()
    if not carried_out(form, action, message):
        flash_refusal(form)
    return redirect(back, code)


def show_on_form(form: FlaskForm, refusal: Rejected | ValidationError,
                 prefix: str = "") -> None:
    """Put each message on the form's field of that name, the rest above the form."""
    messages = refusal.messages
    if not isinstance(messages, dict):
        messages = {"_schema": messages}
    for name, problems in messages.items():
        field = form._fields.get(prefix + name)
        if field is None:
            form.form_errors.extend(flat_messages(problems))
        else:
            field.errors = [*field.errors, *flat_messages(problems)]
