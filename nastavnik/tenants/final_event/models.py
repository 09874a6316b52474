"""The school's final event of the year (roadmap 6.2–6.3): when, in which format, who took
part, its programme and the nominations it awarded."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.tenancy import SchoolOwned
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.teachers.models import Teacher


class EventFormat(enum.StrEnum):
    IN_PERSON = "in_person"
    REMOTE = "remote"
    MIXED = "mixed"

    @property
    def label(self) -> str:
        return FORMAT_LABEL[self]

    @property
    def in_text(self) -> str:
        """As a document says it: «провести … очно»."""
        return FORMAT_IN_TEXT[self]


FORMAT_LABEL = {EventFormat.IN_PERSON: "Очно", EventFormat.REMOTE: "Дистанционно",
                EventFormat.MIXED: "Смешанный"}
FORMAT_IN_TEXT = {EventFormat.IN_PERSON: "очно", EventFormat.REMOTE: "дистанционно",
                  EventFormat.MIXED: "в смешанном формате (очно и дистанционно)"}


class EventStatus(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"


class ParticipantRole(enum.StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"


TITLE_MAX = 300


class FinalEvent(SchoolOwned, db.Model):
    """One final event per school and academic year: a second «save» edits it."""

    __tablename__ = "final_events"
    __table_args__ = (UniqueConstraint("school_id", "academic_year",
                                       name="uq_final_events_school_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    academic_year: Mapped[int]  # its start year
    held_on: Mapped[dt.date]
    format: Mapped[EventFormat] = mapped_column(String(12))
    status: Mapped[EventStatus] = mapped_column(String(8), default=EventStatus.PLANNED)
    # [{"time": "10:00", "title": "…"}] in the order of the day.
    programme: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())

    participants: Mapped[list[EventParticipant]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="EventParticipant.id")
    nominations: Mapped[list[Nomination]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Nomination.id")

    def count(self, role: ParticipantRole) -> int:
        return sum(1 for p in self.participants if p.role == role)


class EventParticipant(db.Model):
    """A mentor or mentee of the year's pairs who takes part (reached through its event)."""

    __tablename__ = "final_event_participants"
    __table_args__ = (UniqueConstraint("event_id", "teacher_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("final_events.id", ondelete="CASCADE"),
                                          index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"))
    role: Mapped[ParticipantRole] = mapped_column(String(8))

    teacher: Mapped[Teacher] = relationship(lazy="joined")


class Nomination(db.Model):
    """A nomination of the event, awarded to a mentor or to a pair (group), not both."""

    __tablename__ = "final_event_nominations"
    __table_args__ = (
        UniqueConstraint("event_id", "title", name="uq_final_event_nominations_title"),
        CheckConstraint("(mentor_id IS NULL) <> (pair_id IS NULL)", name="one_nominee"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("final_events.id", ondelete="CASCADE"),
                                          index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("teachers.id"))
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("mentoring_pairs.id"))

    mentor: Mapped[Teacher | None] = relationship(lazy="joined")
    pair: Mapped[MentoringPair | None] = relationship(lazy="joined")

    @property
    def nominee(self) -> Teacher:
        """The mentor honoured: named, or the mentor of the pair named."""
        return self.mentor if self.mentor is not None else self.pair.mentor
