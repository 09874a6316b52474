"""The methodical bank (методическая копилка): a school's practices, their files and the
history of their statuses.

A practice is the school's own row (``SchoolOwned``): the tenant filter confines it to
the school, and the municipality and the region read the practices of their schools
through the same filter. Its files and its history are reached only through it.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
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


class PracticeStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    SCHOOL_BEST = "school_best"
    PROPOSED_MUNICIPALITY = "proposed_municipality"
    CHOSEN_MUNICIPALITY = "chosen_municipality"
    PROPOSED_REGION = "proposed_region"
    CHOSEN_REGION = "chosen_region"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    PracticeStatus.SUBMITTED: "Подана в копилку школы",
    PracticeStatus.SCHOOL_BEST: "Лучшая практика школы",
    PracticeStatus.PROPOSED_MUNICIPALITY: "Предложена муниципалитету",
    PracticeStatus.CHOSEN_MUNICIPALITY: "Отобрана муниципалитетом",
    PracticeStatus.PROPOSED_REGION: "Предложена региону",
    PracticeStatus.CHOSEN_REGION: "Отобрана регионом",
}
# In the order of the path: a status is "at least" another when it stands later here.
ORDER = list(PracticeStatus)
# Best in the school or higher: what the school shows publicly and counts as its best.
BEST_OR_HIGHER = frozenset(ORDER[ORDER.index(PracticeStatus.SCHOOL_BEST):])
# The municipality has chosen it (it may have gone on to the region since).
CHOSEN_BY_MUNICIPALITY = frozenset(ORDER[ORDER.index(PracticeStatus.CHOSEN_MUNICIPALITY):])
# What a municipal collection shows: proposed to it and everything it chose.
AT_MUNICIPALITY = frozenset(ORDER[ORDER.index(PracticeStatus.PROPOSED_MUNICIPALITY):])
AT_REGION = frozenset({PracticeStatus.PROPOSED_REGION, PracticeStatus.CHOSEN_REGION})

# A fixed list: the collections group by it and the indicators may one day break down by it.
CATEGORIES = {
    "adaptation": "Адаптация молодого специалиста",
    "lesson": "Урок и методика преподавания",
    "upbringing": "Воспитательная и классная работа",
    "digital": "Цифровые инструменты",
    "projects": "Проектная и исследовательская деятельность",
    "other": "Другое",
}
TITLE_MAX = 200
ANNOTATION_MAX = 2000
LINKS_MAX = 5
FILES_MAX = 5


class Practice(SchoolOwned, db.Model):
    __tablename__ = "practices"
    __table_args__ = (
        # A double-clicked «Подать» stores one practice: the second finds the first.
        UniqueConstraint("school_id", "title", name="uq_practices_school_title"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    annotation: Mapped[str] = mapped_column(String(ANNOTATION_MAX))
    category: Mapped[str] = mapped_column(String(16))
    links: Mapped[list] = mapped_column(JSON, default=list)
    # The pair or group behind it (optional); shown above the school as its number only.
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("mentoring_pairs.id"), index=True)
    status: Mapped[PracticeStatus] = mapped_column(String(24),
                                                   default=PracticeStatus.SUBMITTED)
    submitted_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    files: Mapped[list[PracticeFile]] = relationship(
        back_populates="practice", cascade="all, delete-orphan", order_by="PracticeFile.id")
    steps: Mapped[list[PracticeStep]] = relationship(
        back_populates="practice", cascade="all, delete-orphan", order_by="PracticeStep.id")

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)

    @property
    def status_label(self) -> str:
        return PracticeStatus(self.status).label


class PracticeFile(db.Model):
    """A file of a practice, checked as a methodical material is (``training/files.py``)."""

    __tablename__ = "practice_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id", ondelete="CASCADE"),
                                             index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

    practice: Mapped[Practice] = relationship(back_populates="files")


class PracticeStep(db.Model):
    """One change of a practice's status: from, to, on whose role, when (its history)."""

    __tablename__ = "practice_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id", ondelete="CASCADE"),
                                             index=True)
    source: Mapped[str | None] = mapped_column(String(24))  # None: the submission
    target: Mapped[str] = mapped_column(String(24))
    role: Mapped[str] = mapped_column(String(24))
    at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())

    practice: Mapped[Practice] = relationship(back_populates="steps")
