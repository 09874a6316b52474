"""Personalized mentoring programs (roadmap 5.2): one per pair or group, its plan of dated
activities, the meetings the mentor logs and each side's marks on them."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.tenancy import SchoolOwned
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.teachers.models import Teacher

GOAL_MAX, TEXT_MAX, COMMENT_MAX, TASK_MAX, TASKS_MAX = 2000, 4000, 2000, 500, 20


class ProgramStatus(enum.StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return {"draft": "Черновик", "approved": "Утверждена"}[self.value]


class Side(enum.StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"


# How a meeting was held (a fixed list: the code goes into the event log).
MEETING_FORMATS = {
    "in_person": "Очно",
    "online": "Дистанционно",
    "lesson_visit": "Посещение урока",
    "consultation": "Консультация",
    "other": "Иное",
}


class Program(SchoolOwned, db.Model):
    """The personalized program of one pair or group; owned by the pair's school (the
    mentee's), whichever school the mentor works in."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("mentoring_pairs.id"), unique=True)
    status: Mapped[ProgramStatus] = mapped_column(String(12), default=ProgramStatus.DRAFT)
    goal: Mapped[str] = mapped_column(Text, default="")
    # The mentee's difficulties the program addresses: option codes of the questionnaire.
    difficulties: Mapped[list[str]] = mapped_column(JSON, default=list)
    tasks: Mapped[list[str]] = mapped_column(JSON, default=list)
    expected_results: Mapped[str] = mapped_column(Text, default="")
    achieved_results: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())
    approved_on: Mapped[dt.date | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    pair: Mapped[MentoringPair] = relationship()
    activities: Mapped[list[ProgramActivity]] = relationship(
        back_populates="program", order_by="(ProgramActivity.planned_on, ProgramActivity.id)",
        cascade="all, delete-orphan")
    meetings: Mapped[list[ProgramMeeting]] = relationship(
        back_populates="program", order_by="(ProgramMeeting.held_on, ProgramMeeting.id)",
        cascade="all, delete-orphan")


class ProgramActivity(SchoolOwned, db.Model):
    """One dated activity of the plan: planned and actual date, expected and achieved
    result. ``done_on`` is the mentor's mark (the actual date)."""

    __tablename__ = "program_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"),
                                            index=True)
    title: Mapped[str] = mapped_column(String(500))
    planned_on: Mapped[dt.date]
    done_on: Mapped[dt.date | None]
    expected_result: Mapped[str] = mapped_column(Text, default="")
    achieved_result: Mapped[str] = mapped_column(Text, default="")

    program: Mapped[Program] = relationship(back_populates="activities")
    marks: Mapped[list[ProgramMark]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="ProgramMark.id")


class ProgramMeeting(SchoolOwned, db.Model):
    """A meeting the mentor logged: date, format, topic, duration."""

    __tablename__ = "program_meetings"
    __table_args__ = (CheckConstraint("minutes BETWEEN 1 AND 1440", name="minutes"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"),
                                            index=True)
    held_on: Mapped[dt.date]
    format: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(500))
    minutes: Mapped[int]
    logged_by_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())

    program: Mapped[Program] = relationship(back_populates="meetings")
    marks: Mapped[list[ProgramMark]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="ProgramMark.id")


class ProgramMark(SchoolOwned, db.Model):
    """One side's word on an activity or a meeting: the mentor's «выполнено» (a comment
    or a file) or a mentee's «как прошло» (a rating 1–5 and a comment).

    Each person says it once (the unique constraints): a double submit finds the first
    mark. In a group every mentee speaks for themselves, so the mentee's side is one
    mark per mentee; the mentor's side is one person.
    """

    __tablename__ = "program_marks"
    __table_args__ = (
        UniqueConstraint("activity_id", "side", "teacher_id", name="uq_program_marks_activity"),
        UniqueConstraint("meeting_id", "side", "teacher_id", name="uq_program_marks_meeting"),
        CheckConstraint("(activity_id IS NULL) <> (meeting_id IS NULL)", name="one_subject"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
        CheckConstraint("side IN ('mentor', 'mentee')", name="side"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"),
                                            index=True)
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("program_activities.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("program_meetings.id", ondelete="CASCADE"), index=True)
    side: Mapped[Side] = mapped_column(String(8))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"))
    rating: Mapped[int | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    # A file the mentor attaches (kept in the row like a document's scan: the tenant
    # filter covers it, it is saved with its event and backed up with the school).
    file_name: Mapped[str | None] = mapped_column(String(200))
    file_type: Mapped[str | None] = mapped_column(String(64))
    file_size: Mapped[int | None]
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    file_data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())

    teacher: Mapped[Teacher] = relationship()
    activity: Mapped[ProgramActivity | None] = relationship(back_populates="marks")
    meeting: Mapped[ProgramMeeting | None] = relationship(back_populates="marks")
