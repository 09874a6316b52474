"""Consents to personal-data processing (152-ФЗ), one record per teacher and purpose.

A record is kept after withdrawal: the school must be able to show that processing had a
basis while it lasted and stopped when the consent was withdrawn.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.tenancy import SchoolOwned
from nastavnik.tenants.teachers.models import Teacher


class ConsentRecord(SchoolOwned, db.Model):
    __tablename__ = "consent_records"
    __table_args__ = (
        # One consent in force per teacher and purpose: a double-clicked form cannot leave
        # a second active record that a withdrawal would then miss.
        Index("uq_consent_records_active", "teacher_id", "purpose", unique=True,
              postgresql_where=text("withdrawn_on IS NULL"),
              sqlite_where=text("withdrawn_on IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(Text)
    given_on: Mapped[dt.date]
    form_reference: Mapped[str] = mapped_column(String(200))
    withdrawn_on: Mapped[dt.date | None]
    # The fields a purpose that shares some (network mentoring) lets be shown, by code.
    shared_fields: Mapped[list | None] = mapped_column(JSON)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())

    teacher: Mapped[Teacher] = relationship()

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None
