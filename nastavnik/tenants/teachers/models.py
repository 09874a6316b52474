"""A teacher of one school. Personal fields live here and nowhere else (152-ФЗ)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, ForeignKey, Index, String, Uuid, func, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column

from nastavnik.extensions import db
from nastavnik.platform.bands import young_specialist
from nastavnik.platform.privacy import ERASED
from nastavnik.platform.tenancy import SchoolOwned

# What replaces a name when the person's data are erased (a withdrawn consent, 152-ФЗ).
# The same person listed twice while employed: the same full name and year of birth.
# Erased teachers are no one in particular and may repeat.
_LISTED_PERSON = f"employed AND last_name <> '{ERASED}'"
# An account is the teacher of at most one employed record per school (a person may be a
# teacher in several schools: one record in each).
_LINKED_ACCOUNT = "employed AND user_id IS NOT NULL"


# Why a teacher left the school: a fixed list, so that events and the retention
# indicators count them (free text would be prose, and could name someone).
LEAVING_REASONS = {
    "dismissal": "увольнение",
    "transfer": "перевод в другую образовательную организацию",
    "parental_leave": "отпуск по уходу за ребёнком (декретный отпуск)",
    "retirement": "выход на пенсию",
    "other": "иное",
}


class Teacher(SchoolOwned, db.Model):
    __tablename__ = "teachers"
    __table_args__ = (
        Index("uq_teachers_person", "school_id", "last_name", "first_name", "middle_name",
              text("coalesce(birth_year, 0)"), unique=True,
              postgresql_where=text(_LISTED_PERSON), sqlite_where=text(_LISTED_PERSON)),
        Index("uq_teachers_account", "school_id", "user_id", unique=True,
              postgresql_where=text(_LINKED_ACCOUNT), sqlite_where=text(_LINKED_ACCOUNT)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The pseudonymous id that events carry; it outlives the erasure of personal fields.
    pseudonym: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    birth_year: Mapped[int | None]
    teaching_since: Mapped[int | None]
    position: Mapped[str] = mapped_column(String(200), default="учитель")
    subjects: Mapped[str] = mapped_column(String(300), default="")
    new_in_post: Mapped[bool] = mapped_column(default=False)
    employed: Mapped[bool] = mapped_column(default=True)
    # The year the teacher joined this school, and when and why they left it: a left
    # teacher's row stays (employed=False) for the history and the retention indicators.
    hired_in: Mapped[int | None]
    left_on: Mapped[dt.date | None]
    left_reason: Mapped[str | None] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    @hybrid_property
    def erased(self) -> bool:
        """The personal fields were erased (152-ФЗ): no one to list by name or act on."""
        return self.last_name == ERASED

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def left_reason_label(self) -> str:
        return LEAVING_REASONS.get(self.left_reason or "", "")

    def age_on(self, day: dt.date) -> int | None:
        return None if self.birth_year is None else day.year - self.birth_year

    def experience_on(self, day: dt.date) -> int | None:
        return None if self.teaching_since is None else day.year - self.teaching_since

    def is_young_specialist(self, day: dt.date) -> bool:
        return young_specialist(self.age_on(day), self.experience_on(day))


class TeacherImport(SchoolOwned, db.Model):
    """A confirmed import of a staff file: its preview token may be used once only."""

    __tablename__ = "teacher_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    teachers: Mapped[int]
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.current_timestamp())
