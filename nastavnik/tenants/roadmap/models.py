"""Roadmap templates (the seed and municipal copies) and each school's yearly roadmap."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events.registry import lookup
from nastavnik.platform.tenancy import SchoolOwned
from nastavnik.tenants.documents.models import SchoolDocument
from nastavnik.tenants.roadmap.statuses import CLOSED, Status

TITLE_MAX, RESULT_MAX, RESPONSIBLE_MAX = 500, 300, 200
URL_MAX, NOTE_MAX = 500, 1000


def rule_words(rule: dict | None) -> str | None:
    """A completion rule in words: the seed states each condition (``says``); a rule
    without one is described by its event type."""
    if not rule:
        return None
    if rule.get("says"):
        return f"выполняется автоматически, когда {rule['says']}"
    kind = lookup(rule["event"])
    what = kind.description.lower() if kind else rule["event"]
    return f"выполняется автоматически, когда произойдёт событие: {what}"


class RoadmapTemplate(db.Model):
    """A roadmap template: the platform default (no municipality) or a municipality's copy."""

    __tablename__ = "roadmap_templates"
    __table_args__ = (
        # One default per shipped seed; concurrent first loads cannot both insert it.
        Index("uq_roadmap_templates_default_seed", "seed", unique=True,
              postgresql_where=text("municipality_id IS NULL"),
              sqlite_where=text("municipality_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id"), unique=True)
    seed: Mapped[str] = mapped_column(String(80))  # the shipped seed it derives from
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())

    activities: Mapped[list[TemplateActivity]] = relationship(
        back_populates="template", cascade="all, delete-orphan",
        order_by="(TemplateActivity.stage, TemplateActivity.position)")


class TemplateActivity(db.Model):
    __tablename__ = "roadmap_template_activities"
    __table_args__ = (UniqueConstraint("template_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("roadmap_templates.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    stage: Mapped[int]
    position: Mapped[int]  # order inside the stage: "1.10" after "1.9"
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    result: Mapped[str] = mapped_column(String(RESULT_MAX), default="")
    responsible: Mapped[str] = mapped_column(String(RESPONSIBLE_MAX), default="")
    # Months from September of the academic year: 0 = September … 11 = August.
    due_from_month: Mapped[int]
    due_to_month: Mapped[int]
    # {"event": "<type>", "where": {"field": "value"}}: the event that completes it.
    auto_complete: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))

    template: Mapped[RoadmapTemplate] = relationship(back_populates="activities")

    @property
    def rule_words(self) -> str | None:
        return rule_words(self.auto_complete)


class RoadmapActivity(SchoolOwned, db.Model):
    """One activity of a school's roadmap for one academic year."""

    __tablename__ = "roadmap_activities"
    __table_args__ = (UniqueConstraint("school_id", "academic_year", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    academic_year: Mapped[int]  # start year: 2026 means 2026/2027
    code: Mapped[str] = mapped_column(String(16))
    stage: Mapped[int]
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    result: Mapped[str] = mapped_column(String(RESULT_MAX), default="")
    due_from: Mapped[dt.date]
    due_to: Mapped[dt.date]
    status: Mapped[Status] = mapped_column(String(16), default=Status.PLANNED)
    responsible: Mapped[str] = mapped_column(String(RESPONSIBLE_MAX), default="")
    evidence_url: Mapped[str] = mapped_column(String(URL_MAX), default="")
    evidence_note: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    # Copied from the template when the year's roadmap is made, so later template
    # changes never alter a year already under way.
    auto_complete: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The school's calendar day of the completion, kept so that «late» is a comparison
    # with ``due_to`` and needs no time zone when read.
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    # Evidence of a completion by hand: one of the school's documents, a link or a note.
    evidence_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("school_documents.id", ondelete="SET NULL"))
    completed_automatically: Mapped[bool] = mapped_column(default=False)
    # The event that completed it. Its position is handed out only at commit (the log
    # serialises appends there), so the id is what can be kept; it leads to the position.
    completed_by_event: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    completed_by_event_type: Mapped[str | None] = mapped_column(String(80))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp(),
        onupdate=clock.now)

    # Loaded with the list in one more query (selectin), never one per row.
    evidence_document: Mapped[SchoolDocument | None] = relationship(lazy="selectin")

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def applicable(self) -> bool:
        return self.status != Status.NOT_APPLICABLE

    def is_overdue(self, today: dt.date) -> bool:
        return self.due_to < today and self.status not in CLOSED

    @property
    def tracked(self) -> bool:
        """The platform completes it itself when its rule's condition comes true."""
        return bool(self.auto_complete)

    @property
    def completed_late(self) -> bool:
        """Done, but after the last day of its window."""
        return (self.status == Status.DONE and self.completed_on is not None
                and self.completed_on > self.due_to)

    @property
    def status_label(self) -> str:
        return "Выполнено с опозданием" if self.completed_late else self.status_enum.label

    @property
    def status_badge(self) -> str:
        return "warning" if self.completed_late else self.status_enum.badge

    @property
    def rule_words(self) -> str | None:
        """«выполняется автоматически, когда …», from the rule itself."""
        return rule_words(self.auto_complete)

    @property
    def completed_by_description(self) -> str | None:
        """What completed it, in words, when the platform saw it happen."""
        if not self.completed_automatically or self.completed_by_event_type is None:
            return None
        kind = lookup(self.completed_by_event_type)
        return kind.description if kind else self.completed_by_event_type
