"""The event log: the only record of what schools did, from which every aggregate is built.

Public surface: ``record`` (append within the caller's transaction), ``append_batch`` (the
bulk path), ``event_type`` (register a payload schema), ``recorded`` (look up by
idempotency key), the ``Event`` model, and the signal ``events_committed`` that workers
listen to.
"""

from nastavnik.platform.events.log import (
    EventLogBusy,
    append_batch,
    event_recorded,
    events_committed,
    install,
    moment_of_record,
    occurring_at,
    record,
    recorded,
)
from nastavnik.platform.events.models import Event
from nastavnik.platform.events.registry import (
    Code,
    EventPayload,
    Requisite,
    catalog,
    event_type,
)

__all__ = [
    "Code",
    "Event",
    "EventLogBusy",
    "EventPayload",
    "Requisite",
    "append_batch",
    "catalog",
    "event_recorded",
    "event_type",
    "events_committed",
    "install",
    "moment_of_record",
    "occurring_at",
    "record",
    "recorded",
]
