"""Forms of mentoring (editable data) and the school's mentoring pairs and groups."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    func,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.tenancy import SchoolOwned
from nastavnik.tenants.teachers.models import Teacher


class PairKind(enum.StrEnum):
    PAIR = "pair"
    GROUP = "group"


class PairStatus(enum.StrEnum):
    ACTIVE = "active"
    FINISHED = "finished"  # the program ran its course
    ENDED_EARLY = "ended_early"  # stopped before its end, with a reason: not completed
    CANCELLED = "cancelled"  # formed by mistake: counts nowhere, as if never formed


# Why a program stopped early (a fixed list: the reason goes into the event log as a code).
END_REASONS = {
    "mentor_left": "Увольнение наставника",
    "mentee_left": "Увольнение наставляемого",
    "mutual": "По инициативе сторон",
    "form_changed": "Смена формы наставничества",
    "other": "Иное",
}
# What the program had achieved by then.
END_OUTCOMES = {
    "goals_met": "Цели программы достигнуты",
    "partly_met": "Цели достигнуты частично",
    "not_met": "Цели не достигнуты",
}


class MentoringForm(db.Model):
    """A form of mentoring (DOMAIN.md): seeded from ``seed/forms.json``, editable later."""

    __tablename__ = "mentoring_forms"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class MentoringPair(SchoolOwned, db.Model):
    """One mentor with one mentee (a pair) or with several (a group)."""

    __tablename__ = "mentoring_pairs"
    __table_args__ = (
        # An early end always has its date and reason, and nothing else has them.
        CheckConstraint("(status = 'ended_early') = (ended_on IS NOT NULL "
                        "AND end_reason IS NOT NULL AND end_outcome IS NOT NULL)",
                        name="early_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), index=True)
    form_code: Mapped[str] = mapped_column(ForeignKey("mentoring_forms.code"))
    kind: Mapped[PairKind] = mapped_column(String(8))
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    status: Mapped[PairStatus] = mapped_column(String(12), default=PairStatus.ACTIVE)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())
    # An early end: when, why (END_REASONS) and with what result (END_OUTCOMES).
    ended_on: Mapped[dt.date | None]
    end_reason: Mapped[str | None] = mapped_column(String(16))
    end_outcome: Mapped[str | None] = mapped_column(String(16))
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    mentor: Mapped[Teacher] = relationship()
    form: Mapped[MentoringForm] = relationship()
    mentees: Mapped[list[PairMentee]] = relationship(
        back_populates="pair", cascade="all, delete-orphan", lazy="selectin")
    # The approved order that fixed the pair (set at its approval): a later order of the
    # year lists only the pairs not fixed yet, and the pair list names its order.
    fixed_by_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("school_documents.id"), index=True)


class PairMentee(db.Model):
    """A mentee of a pair or group; reached only through its (school-owned) pair."""

    __tablename__ = "pair_mentees"
    __table_args__ = (
        UniqueConstraint("pair_id", "teacher_id"),
        # A mentee is in one working pair or group at a time; a double-clicked «form»
        # cannot put the same person in two.
        Index("uq_pair_mentees_active", "teacher_id", unique=True,
              postgresql_where=text("active"), sqlite_where=text("active")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("mentoring_pairs.id", ondelete="CASCADE"),
                                         index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), index=True)
    # The pair's program runs (copied from the pair's status for the index above).
    active: Mapped[bool] = mapped_column(default=True, server_default=true())

    pair: Mapped[MentoringPair] = relationship(back_populates="mentees")
    teacher: Mapped[Teacher] = relationship()
