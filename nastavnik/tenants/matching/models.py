"""What the curator decided about matching, the school's weights, and the support plans of
mentees left without a pair. Names stay in these school tables; events carry pseudonyms."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import User
from nastavnik.platform.tenancy import SchoolOwned
from nastavnik.tenants.teachers.models import Teacher

# How the curator answered a proposal.
DECISIONS = {"accepted": "Принято", "edited": "Выбран другой наставник",
             "rejected": "Отклонено"}
# Why a proposal was turned down: a fixed list, so that the reason can enter the log.
REJECTION_REASONS = {
    "mentor_refused": "Наставник отказался или не может взять наставляемого",
    "mentee_refused": "Наставляемый просит другого наставника",
    "incompatible": "Не подходят друг другу (расписание, предмет, нагрузка)",
    "conflict": "Конфликт интересов или служебная подчинённость",
    "other": "Иная причина",
}
# Who supports a mentee while no mentor is found (roadmap 5.3).
SUPPORTERS = {
    "psychologist": "Педагог-психолог",
    "methodologist": "Методист",
    "deputy_director": "Заместитель директора",
    "curator": "Куратор наставничества",
    "other_teacher": "Другой педагог",
}


class MatchingWeights(SchoolOwned, db.Model):
    """The school's weights of the matching criteria (one row; none: the defaults)."""

    __tablename__ = "matching_weights"
    __table_args__ = (Index("uq_matching_weights_school", "school_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    requests: Mapped[float] = mapped_column(Float)
    subject: Mapped[float] = mapped_column(Float)
    experience: Mapped[float] = mapped_column(Float)
    qualification: Mapped[float] = mapped_column(Float)
    capacity: Mapped[float] = mapped_column(Float)
    forms: Mapped[float] = mapped_column(Float)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class MatchingDecision(SchoolOwned, db.Model):
    """The curator's answer to one proposal: the evidence of roadmap activity 4.1.

    A proposal is answered once: the mentee's entry is locked while deciding, and the
    unique index makes a second answer to the same mentor impossible; a mentee paired
    after an accepted answer is no longer waiting, so nothing more is proposed.
    """

    __tablename__ = "matching_decisions"
    __table_args__ = (
        Index("uq_matching_decisions_proposal", "mentee_id", "proposed_id", "round",
              unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), index=True)
    proposed_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"))
    # Which wait of the mentee this answers: a mentee waiting again (a cancelled pair)
    # gets fresh proposals, the earlier answers stay as they were.
    round: Mapped[int] = mapped_column(default=0)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    decision: Mapped[str] = mapped_column(String(16))
    chosen_id: Mapped[int | None] = mapped_column(ForeignKey("teachers.id"))
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("mentoring_pairs.id"))
    reason: Mapped[str | None] = mapped_column(String(32))
    from_optimal: Mapped[bool] = mapped_column(default=False)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())

    mentee: Mapped[Teacher] = relationship(foreign_keys=[mentee_id])
    proposed: Mapped[Teacher] = relationship(foreign_keys=[proposed_id])
    chosen: Mapped[Teacher | None] = relationship(foreign_keys=[chosen_id])
    decider: Mapped[User | None] = relationship(foreign_keys=[decided_by])

    @property
    def decision_label(self) -> str:
        return DECISIONS[self.decision]

    @property
    def reason_label(self) -> str:
        return REJECTION_REASONS.get(self.reason or "", "")


class SupportPlan(SchoolOwned, db.Model):
    """How a mentee left without a pair is supported while the search goes on (5.3)."""

    __tablename__ = "support_plans"
    __table_args__ = (Index("uq_support_plans_mentee", "mentee_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"))
    made_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    mentee: Mapped[Teacher] = relationship()
    items: Mapped[list[SupportItem]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", lazy="selectin",
        order_by="SupportItem.position")


class SupportItem(db.Model):
    """Who supports, with what, by when; reached only through its (school-owned) plan."""

    __tablename__ = "support_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("support_plans.id", ondelete="CASCADE"),
                                         index=True)
    position: Mapped[int] = mapped_column(default=0)
    supporter: Mapped[str] = mapped_column(String(32))
    # The supporter's name, optional: it stays in the school, never in an event.
    person: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))
    support: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date] = mapped_column(Date)

    plan: Mapped[SupportPlan] = relationship(back_populates="items")

    @property
    def supporter_label(self) -> str:
        return SUPPORTERS.get(self.supporter, self.supporter)
