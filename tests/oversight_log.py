"""A hand-built event log for oversight tests: events written straight to the log (each
payload validated by its registered schema), then the state projections advanced."""

from __future__ import annotations

import datetime as dt
import uuid

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import append_batch
from nastavnik.platform.events.registry import lookup
from nastavnik.platform.models import School
from nastavnik.platform.oversight.state import STATE_PROJECTIONS
from nastavnik.workers.projections import advance, find


class HandLog:
    """``log.add(school, "teacher.added", {...}, on="2026-09-01")``, then ``log.write()``."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, school: School, kind: str, payload: dict, on: str) -> None:
        event_type = lookup(kind)
        schema = event_type.schema()
        day = dt.date.fromisoformat(on)
        self.rows.append({
            "event_id": uuid.uuid4(), "school_id": school.id,
            "municipality_id": school.municipality_id, "region_id": school.region_id,
            "academic_year": clock.academic_year_of(day), "stream": f"test:{kind}",
            "type": kind, "version": event_type.version,
            "payload": schema.dump(schema.load(payload)), "actor_id": None,
            "occurred_at": clock.at_noon(day)})

    def write(self) -> None:
        """Append what was added and bring every state projection up to the head."""
        append_batch(db.session, self.rows)
        db.session.commit()
        self.rows = []
        project()


def project() -> None:
    for name in STATE_PROJECTIONS:
        advance(find(name))


def teacher(n: int) -> str:
    """A stable pseudonym for teacher ``n`` of a test."""
    return str(uuid.UUID(int=n))
