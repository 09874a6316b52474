"""A teacher of one school. Personal fields live here and nowhere else (152-ФЗ)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from nastavnik.extensions import db
from nastavnik.platform.bands import young_specialist
from nastavnik.platform.tenancy import SchoolOwned


class Teacher(SchoolOwned, db.Model):
    __tablename__ = "teachers"

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
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    def age_on(self, day: dt.date) -> int | None:
        return None if self.birth_year is None else day.year - self.birth_year

    def experience_on(self, day: dt.date) -> int | None:
        return None if self.teaching_since is None else day.year - self.teaching_since

    def is_young_specialist(self, day: dt.date) -> bool:
        return young_specialist(self.age_on(day), self.experience_on(day))
