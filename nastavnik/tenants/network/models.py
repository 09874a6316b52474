"""Network mentoring across the schools of a municipality: which schools take part, and
the cross-school pairs the municipal methodologist proposes.

A proposal belongs to two schools at once, so it is not a school-owned row: the tenant
filter cannot confine it, and every reader asks for the proposals of its own school or
municipality explicitly (``services.proposals_of``). It holds ids only; what a school may
see of the other side is read through the network rules (``profiles.py``).
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DateTime, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from nastavnik.extensions import db
from nastavnik.platform.tenancy import SchoolOwned


class NetworkAgreement(SchoolOwned, db.Model):
    """The school takes part in its municipality's network mentoring (or has stopped)."""

    __tablename__ = "network_agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One row per school, switched on and off: a double click finds it.
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), unique=True)
    taking_part: Mapped[bool] = mapped_column(default=False)
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ProposalStatus(enum.StrEnum):
    PROPOSED = "proposed"  # waiting for one or both schools
    AGREED = "agreed"  # both schools agreed: the pair is formed in the mentee's school
    DECLINED = "declined"  # a school declined: nothing is formed


# What a school answered (None: not yet).
ANSWERS = {"agreed": "согласна", "declined": "отказалась"}


class NetworkProposal(db.Model):
    """A cross-school pair the methodologist proposed: a mentee of one school with a
    network mentor of another, and each school's answer."""

    __tablename__ = "network_proposals"
    __table_args__ = (
        # One open proposal of the same pair: a double-clicked «Предложить» proposes once.
        Index("uq_network_proposals_open", "mentee_id", "mentor_id", unique=True,
              postgresql_where=text("status = 'proposed'"),
              sqlite_where=text("status = 'proposed'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    mentee_school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    mentor_school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("teachers.id"), index=True)
    status: Mapped[ProposalStatus] = mapped_column(String(12), default=ProposalStatus.PROPOSED)
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    mentee_school_answer: Mapped[str | None] = mapped_column(String(12))
    mentor_school_answer: Mapped[str | None] = mapped_column(String(12))
    # The mentee's school says how the pair will work when it agrees: form and period.
    form_code: Mapped[str | None] = mapped_column(ForeignKey("mentoring_forms.code"))
    starts_on: Mapped[dt.date | None]
    ends_on: Mapped[dt.date | None]
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("mentoring_pairs.id"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
