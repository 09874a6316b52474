"""A form's submission as the request's one unit of work, and how a refusal is shown.

Services validate and refuse with ``Rejected`` (or marshmallow's ``ValidationError``),
whose ``messages`` map a field to Russian explanations. ``carried_out`` runs the service
on a valid submission and either commits with a success message or rolls back and puts
the messages next to the fields the person typed them in: nothing half-saved, nothing
typed lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import flash
from flask_wtf import FlaskForm
from marshmallow import ValidationError

from nastavnik.extensions import db

T = TypeVar("T")


class Rejected(Exception):
    """Nothing was saved; ``messages`` maps a field to Russian explanations."""

    def __init__(self, messages: dict[str, list[str]]):
        self.messages = messages
        super().__init__(str(messages))


def carried_out(form: FlaskForm, action: Callable[[], T], message: str | Callable[[T], str],
                prefix: str = "") -> bool:
    """On a valid submission run ``action``; commit and flash ``message`` if it succeeds.

    ``message`` may be a function of what ``action`` returned. If the service refuses,
    the transaction is rolled back and its messages shown on ``form``. Returns whether
    the work was done (the view then redirects).
    """
    if not form.validate_on_submit():
        return False
    try:
        result = action()
    except (Rejected, ValidationError) as refusal:
        db.session.rollback()
        show_on_form(form, refusal, prefix)
        return False
    db.session.commit()
    flash(message(result) if callable(message) else message, "success")
    return True


def show_on_form(form: FlaskForm, refusal: Rejected | ValidationError,
                 prefix: str = "") -> None:
    """Put each message on the form's field of that name, the rest above the form."""
    messages = refusal.messages
    if not isinstance(messages, dict):
        messages = {"_schema": messages}
    for name, problems in messages.items():
        if isinstance(problems, dict):
            problems = list(problems.values())
        elif not isinstance(problems, list):
            problems = [str(problems)]
        field = form._fields.get(prefix + name)
        if field is None:
            form.form_errors.extend(problems)
        else:
            field.errors = [*field.errors, *problems]
