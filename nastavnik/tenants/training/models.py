"""Methodical materials, training sessions and their attendance sheets.

A material or a session belongs to a school or is shared from above (a material by the
municipality or the region, a session by the municipality), so these two tables are not
``SchoolOwned``: the tenant filter would hide the shared rows from every school. Every
read and write of them goes through ``places.py``, which states who reaches which row.
Attendance marks are the school's own rows (``SchoolOwned``): a school marks its own
mentors, even at a municipal session, and the tenant filter keeps them in the school.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    LargeBinary,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.tenancy import SchoolOwned
from nastavnik.tenants.teachers.models import Teacher


class PlacedRow:
    """Where a shared row stands: always its region; its municipality unless the region
    shares it; its school when it is the school's own."""

    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"),
                                                        index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)

    @property
    def level(self) -> str:
        if self.school_id is not None:
            return "school"
        return "municipality" if self.municipality_id is not None else "region"


class TrainingMaterial(PlacedRow, db.Model):
    """A methodical material: a stored file (checked, ``files.py``) or a web link."""

    __tablename__ = "training_materials"
    __table_args__ = (
        CheckConstraint("(url IS NULL) <> (data IS NULL)", name="file_or_link"),
        CheckConstraint("school_id IS NULL OR municipality_id IS NOT NULL", name="placed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(500))
    topic: Mapped[str] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(String(2000))
    filename: Mapped[str | None] = mapped_column(String(200))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None]
    sha256: Mapped[str | None] = mapped_column(String(64))
    # In the database like the documents' scans (one backup, no shared disk); deferred so
    # lists never load it.
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    added_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def is_link(self) -> bool:
        return self.url is not None


class MaterialChoice(SchoolOwned, db.Model):
    """A shared material the school's curator included in the school's set."""

    __tablename__ = "training_material_choices"
    __table_args__ = (UniqueConstraint("school_id", "material_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(
        ForeignKey("training_materials.id", ondelete="CASCADE"), index=True)
    chosen_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())

    material: Mapped[TrainingMaterial] = relationship()


class TrainingSession(PlacedRow, db.Model):
    """A consultation, установочная сессия or exchange of experience for mentors,
    organised by a school (its curator) or by the municipality (its methodologist)."""

    __tablename__ = "training_sessions"
    __table_args__ = (
        CheckConstraint("municipality_id IS NOT NULL", name="in_municipality"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date]
    topic: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(16))
    organiser: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))


class SessionAttendance(SchoolOwned, db.Model):
    """One mentor of the school on a session's attendance sheet: present or absent."""

    __tablename__ = "training_attendance"
    __table_args__ = (UniqueConstraint("session_id", "teacher_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), index=True)
    present: Mapped[bool]
    marked_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())

    session: Mapped[TrainingSession] = relationship()
    teacher: Mapped[Teacher] = relationship()
