"""News about the school's mentoring (roadmap 7.1): a draft the curator writes, then
publishes on the school's public «Наставничество» page and in its feed."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.tenancy import SchoolOwned

TITLE_MAX = 200
TEXT_MAX = 10000
URL_MAX = 2000


class PublicationStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return {PublicationStatus.DRAFT: "Черновик",
                PublicationStatus.PUBLISHED: "Опубликована"}[self]


# Where else the news was posted: a column per place, http(s) only (``services._link``).
ELSEWHERE = {"site_url": "Сайт школы", "vk_url": "ВКонтакте", "telegram_url": "Telegram"}


class Publication(SchoolOwned, db.Model):
    __tablename__ = "publications"
    # A double-clicked «create» makes one news item, not two alike.
    __table_args__ = (UniqueConstraint("school_id", "title", "dated"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    text: Mapped[str] = mapped_column(Text)
    dated: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(16), default=PublicationStatus.DRAFT)
    site_url: Mapped[str | None] = mapped_column(String(URL_MAX))
    vk_url: Mapped[str | None] = mapped_column(String(URL_MAX))
    telegram_url: Mapped[str | None] = mapped_column(String(URL_MAX))
    # A picture checked by its bytes (PNG or JPEG); deferred so lists never load it.
    image_type: Mapped[str | None] = mapped_column(String(32))
    image: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp(),
        onupdate=clock.now)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    @property
    def status_label(self) -> str:
        return PublicationStatus(self.status).label

    def links(self) -> list[tuple[str, str]]:
        """(where, address) of every place the news was also posted."""
        return [(label, getattr(self, field)) for field, label in ELSEWHERE.items()
                if getattr(self, field)]


class PublicDocument(SchoolOwned, db.Model):
    """A document the curator put in the public section, by kind and academic year: its
    permanent link serves the current approved edition, whatever edition that is now."""

    __tablename__ = "public_documents"
    __table_args__ = (UniqueConstraint("school_id", "kind", "academic_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    academic_year: Mapped[int]
    shown_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, server_default=func.current_timestamp())
