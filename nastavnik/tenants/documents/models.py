"""The school's normative documents, their signed scans and the school's own wording."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import User
from nastavnik.platform.tenancy import SchoolOwned
from nastavnik.tenants.documents.kinds import DocumentKind, DocumentStatus

NUMBER_MAX = 32


class SchoolDocument(SchoolOwned, db.Model):
    """One edition of a document. A draft is rendered from the current texts and data;
    approval freezes it by storing the composed content, so later changes to texts,
    pairs or staff never alter what the director signed."""

    __tablename__ = "school_documents"
    __table_args__ = (
        # A number is given once per kind and academic year (each edition keeps it); a
        # double-clicked «create» cannot register the same order twice.
        Index("uq_school_documents_number", "school_id", "kind", "academic_year", "number",
              "version", unique=True, postgresql_where=text("number <> ''"),
              sqlite_where=text("number <> ''")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(String(32))
    academic_year: Mapped[int]  # start year: 2026 means 2026/2027
    number: Mapped[str] = mapped_column(String(NUMBER_MAX))
    date: Mapped[dt.date]
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[DocumentStatus] = mapped_column(String(16), default=DocumentStatus.DRAFT)
    # Edition: 1 for a new document; a text change after approval opens edition n + 1.
    version: Mapped[int] = mapped_column(default=1)
    # One edition follows each approved one: two text saves at once cannot fork it.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("school_documents.id"),
                                                    unique=True)
    content: Mapped[dict | None] = mapped_column(JSON)  # frozen at approval
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The pedagogical council that considered the Regulation (its protocol's number and
    # date), printed in the «РАССМОТРЕНО» stamp and the order adopting it.
    protocol_number: Mapped[str] = mapped_column(String(NUMBER_MAX), default="",
                                                 server_default="")
    protocol_date: Mapped[dt.date | None]

    approved_by: Mapped[User | None] = relationship()
    scan: Mapped[DocumentScan | None] = relationship(back_populates="document")

    @property
    def approved(self) -> bool:
        return self.status == DocumentStatus.APPROVED

    @property
    def kind_label(self) -> str:
        return DocumentKind(self.kind).label

    @property
    def academic_year_title(self) -> str:
        return f"{self.academic_year}/{self.academic_year + 1}"


class DocumentScan(SchoolOwned, db.Model):
    """The signed paper document, scanned; once uploaded it is "the" document.

    Stored in the database rather than on disk: it is then covered by the tenant filter
    like every school row, saved or rolled back in the same transaction as its event,
    backed up with the rest of the school's data, and shared by every web server without
    a common file system. At ≤ 10 MB per document, bytea handles it comfortably; the
    column is deferred so lists never load it.
    """

    __tablename__ = "document_scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("school_documents.id"), unique=True)
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    document: Mapped[SchoolDocument] = relationship(back_populates="scan")


class DocumentText(SchoolOwned, db.Model):
    """A school's own wording of one kind: ``sections`` maps a section key to its text."""

    __tablename__ = "document_texts"
    __table_args__ = (UniqueConstraint("school_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    sections: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp(),
        onupdate=clock.now)

    def as_override(self) -> dict:
        return {"title": self.title, "sections": self.sections}
