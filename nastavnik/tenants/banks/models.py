"""The mentee and mentor banks: one entry per teacher, its status and the coded answers.

The coded columns (difficulties, competencies, bands) are copied from the latest
response so that lists, filters and matching need no questionnaire join; the response
itself stays the record of what was answered.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, DateTime, ForeignKey, String, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.tenancy import SchoolOwned
from nastavnik.tenants.questionnaires.models import QuestionnaireResponse
from nastavnik.tenants.teachers.models import Teacher


class BankEntry(SchoolOwned):
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("questionnaire_responses.id"))
    experience_band: Mapped[str | None] = mapped_column(String(16))
    formats: Mapped[list] = mapped_column(JSON, default=list)
    entered_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())
    status_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class MenteeEntry(BankEntry, db.Model):
    __tablename__ = "mentee_entries"

    category: Mapped[str] = mapped_column(String(32))
    difficulties: Mapped[list] = mapped_column(JSON, default=list)
    age_band: Mapped[str | None] = mapped_column(String(16))
    young_specialist: Mapped[bool] = mapped_column(default=False)
    # Set while in a pair: the pair and its mentor as the pairs capability names them.
    pair: Mapped[int | None]
    mentor: Mapped[uuid.UUID | None] = mapped_column(Uuid)

    teacher: Mapped[Teacher] = relationship()
    response: Mapped[QuestionnaireResponse | None] = relationship()


class MentorEntry(BankEntry, db.Model):
    __tablename__ = "mentor_entries"

    subjects: Mapped[list] = mapped_column(JSON, default=list)
    competencies: Mapped[list] = mapped_column(JSON, default=list)
    qualification: Mapped[str] = mapped_column(String(16))
    capacity: Mapped[int] = mapped_column(default=1)
    load: Mapped[int] = mapped_column(default=0)
    network_ready: Mapped[bool] = mapped_column(default=False)

    teacher: Mapped[Teacher] = relationship()
    response: Mapped[QuestionnaireResponse | None] = relationship()


class PersonalLink(SchoolOwned, db.Model):
    """A personal questionnaire link the curator issued: one teacher, one bank, a few days.

    The signed token names this row, so the curator can revoke the link, and it opens only
    the questionnaire of ``bank`` for ``teacher`` until ``expires_at``.
    """

    __tablename__ = "personal_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), index=True)
    bank: Mapped[str] = mapped_column(String(16))
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    teacher: Mapped[Teacher] = relationship()

    def open_at(self, moment: dt.datetime) -> bool:
        return self.revoked_at is None and moment < self.expires_at
