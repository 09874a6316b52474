"""A service's refusal and how a form shows it: one rule for every capability.

Services validate and refuse with ``Rejected`` (or marshmallow's ``ValidationError``),
whose ``messages`` map a field to Russian explanations; nothing has been written then.
Views put those messages next to the fields the person typed them in.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from marshmallow import ValidationError


class Rejected(Exception):
    """Nothing was saved; ``messages`` maps a field to Russian explanations."""

    def __init__(self, messages: dict[str, list[str]]):
        self.messages = messages
        super().__init__(str(messages))


def show_on_form(form: FlaskForm, refusal: Rejected | ValidationError,
                 prefix: str = "") -> None:
    """Put each message on the form's field of that name, the rest above the form."""
    messages = refusal.messages
    if not isinstance(messages, dict):
        messages = {"_schema": messages}
    for name, problems in messages.items():
        problems = list(problems.values()) if isinstance(problems, dict) else list(problems)
        field = form._fields.get(prefix + name)
        if field is None:
            form.form_errors.extend(problems)
        else:
            field.errors = [*field.errors, *problems]
