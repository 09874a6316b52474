"""The only code writing the school's news. Services flush, never commit; publishing and
withdrawing record their events (ids, no words)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import record
from nastavnik.platform.locks import locked
from nastavnik.platform.models import School, User
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.tenants.publications.images import checked_image
from nastavnik.tenants.publications.models import (
    ELSEWHERE,
    TEXT_MAX,
    TITLE_MAX,
    Publication,
    PublicationStatus,
)
from nastavnik.tenants.training.files import checked_link

refuse_duplicates("uq_publications_school_id", {"title": [
    "Новость с таким заголовком и датой уже есть: форма была отправлена дважды?"]})


def _title(value: str | None) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise Rejected({"title": ["Укажите заголовок новости."]})
    if len(value) > TITLE_MAX:
        raise Rejected({"title": [f"Заголовок не длиннее {TITLE_MAX} знаков."]})
    return value


def _text(value: str | None) -> str:
    value = (value or "").strip().replace("\r\n", "\n")
    if not value:
        raise Rejected({"text": ["Напишите текст новости."]})
    if len(value) > TEXT_MAX:
        raise Rejected({"text": [f"Текст не длиннее {TEXT_MAX} знаков."]})
    return value


def _link(field: str, value: str | None) -> str | None:
    if not (value or "").strip():
        return None
    try:
        return checked_link(value or "")
    except Rejected as refusal:
        raise Rejected({field: refusal.messages["url"]}) from None


def _values(title: str | None, text: str | None, dated: dt.date | None,
            links: dict[str, str | None]) -> dict:
    if dated is None:
        raise Rejected({"dated": ["Укажите дату новости."]})
    return {"title": _title(title), "text": _text(text), "dated": dated,
            **{field: _link(field, links.get(field)) for field in ELSEWHERE}}


def save_news(school: School, by: User | None, news: Publication | None, *, title: str | None,
              text: str | None, dated: dt.date | None, links: dict[str, str | None],
              image: bytes | None = None, image_type: str | None = None,
              drop_image: bool = False) -> Publication:
    """Create a draft (``news`` None) or change one; a published news item is changed too
    (a typo), and the public page shows the change at once."""
    values = _values(title, text, dated, links)
    if image:
        values.update(image_type=checked_image(image, image_type), image=image)
    elif drop_image:
        values.update(image_type=None, image=None)
    if news is None:
        news = Publication(school_id=school.id, created_by_id=by and by.id,
                           status=PublicationStatus.DRAFT)
        db.session.add(news)
    else:
        news = locked(news)
    for field, value in values.items():
        setattr(news, field, value)
    db.session.flush()
    return news


def publish(school: School, news: Publication) -> Publication:
    """Publish a draft (a second click changes nothing)."""
    news = locked(news)
    if news.published:
        return news
    news.status = PublicationStatus.PUBLISHED
    news.published_at = clock.now()
    record("publication.published", {
        "publication": news.id, "dated": news.dated.isoformat(),
        "image": news.image_type is not None, "links": len(news.links())}, school=school)
    return news


def withdraw(school: School, news: Publication) -> Publication:
    """Take a news item off the public page: it is a draft again."""
    news = locked(news)
    if not news.published:
        return news
    news.status = PublicationStatus.DRAFT
    news.published_at = None
    record("publication.withdrawn", {"publication": news.id}, school=school)
    return news


def school_news(school: School, *, published_only: bool) -> list[Publication]:
    query = select(Publication).where(Publication.school_id == school.id)
    if published_only:
        query = query.where(Publication.status == PublicationStatus.PUBLISHED)
    return list(db.session.scalars(query.order_by(Publication.dated.desc(),
                                                  Publication.id.desc())))


def news_of_school(school: School, news_id: int) -> Publication | None:
    return db.session.scalar(select(Publication).where(
        Publication.school_id == school.id, Publication.id == news_id))
