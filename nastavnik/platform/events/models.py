"""The append-only ``events`` table."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, BigInteger, DateTime, Identity, Index, Integer, String, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from nastavnik.extensions import db
from nastavnik.platform import clock

# JSONB on PostgreSQL (indexable, compact); plain JSON on SQLite.
Payload = JSON().with_variant(JSONB(), "postgresql")
# BIGINT identity on PostgreSQL; SQLite only auto-increments an INTEGER PRIMARY KEY.
Position = BigInteger().with_variant(Integer(), "sqlite")


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_school_position", "school_id", "position"),
        Index("ix_events_school_type_occurred", "school_id", "type", "occurred_at"),
    )

    position: Mapped[int] = mapped_column(Position, Identity(), primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    # No foreign keys: the log outlives any row it mentions, and a distributed
    # PostgreSQL (Citus) shards it by school without reference checks.
    school_id: Mapped[int]
    municipality_id: Mapped[int]
    region_id: Mapped[int]
    academic_year: Mapped[int]  # start year: 2026 means 2026/2027
    stream: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(default=1)
    payload: Mapped[dict] = mapped_column(Payload)
    actor_id: Mapped[int | None]
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    recorded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp()
    )

    def __repr__(self) -> str:
        return f"<Event {self.position} {self.type} school={self.school_id}>"
