"""Event types and their payload schemas; the event catalog is generated from here.

Payloads carry ids and non-identifying attributes only (DESIGN.md, "No personal data in
events"). That is enforced when a type is registered, not left to review: a payload field
may be a UUID, number, boolean, date, a ``Code`` (short Latin identifier) or a string
limited to a fixed list of choices, or a list of those. A free-text field — where a name,
a phone number or a comment could slip in — makes registration fail.
"""

from __future__ import annotations

from dataclasses import dataclass

from marshmallow import Schema, fields
from marshmallow.validate import OneOf, Regexp

CODE_PATTERN = r"^[a-z0-9][a-z0-9._:-]{0,63}$"
REQUISITE_PATTERN = r"^[0-9A-Za-zА-Яа-яЁё№][0-9A-Za-zА-Яа-яЁё№ ./-]{0,31}$"


class Code(fields.String):
    """A short machine code (``regulation``, ``1.2``, ``digital_tools``), never prose."""

    def __init__(self, **kwargs):
        super().__init__(validate=Regexp(CODE_PATTERN, error="Not a code."), **kwargs)


class Requisite(fields.String):
    """A document's requisite as printed on it (its number: «12-од», «45/1»), never prose."""

    def __init__(self, **kwargs):
        super().__init__(validate=Regexp(REQUISITE_PATTERN, error="Not a requisite."), **kwargs)


class EventPayload(Schema):
    """Base of every payload schema (unknown keys are refused, marshmallow's default)."""


@dataclass(frozen=True)
class EventType:
    name: str
    version: int
    schema: type[EventPayload]
    description: str


_TYPES: dict[str, EventType] = {}
_SAFE_FIELDS = (fields.UUID, fields.Integer, fields.Float, fields.Boolean, fields.Date,
                fields.DateTime, fields.Decimal, Code, Requisite)


def event_type(name: str, description: str, version: int = 1):
    """Class decorator registering a payload schema under ``name``."""

    def register(schema: type[EventPayload]) -> type[EventPayload]:
        for field_name, field in schema().fields.items():
            if not _is_non_identifying(field):
                raise TypeError(
                    f"{name}.{field_name}: event payloads may hold ids, numbers, dates, codes "
                    "and choices only, never free text"
                )
        known = _TYPES.get(name)
        if known and known.schema is not schema:
            raise ValueError(f"event type {name} is registered twice")
        _TYPES[name] = EventType(name, version, schema, description)
        return schema

    return register


def _is_non_identifying(field: fields.Field) -> bool:
    if isinstance(field, fields.List):
        return _is_non_identifying(field.inner)
    if isinstance(field, _SAFE_FIELDS):
        return True
    return isinstance(field, fields.String) and any(
        isinstance(v, OneOf) for v in field.validators
    )


def lookup(name: str) -> EventType | None:
    return _TYPES.get(name)


def catalog() -> list[EventType]:
    return sorted(_TYPES.values(), key=lambda t: t.name)
