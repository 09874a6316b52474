"""Helpers of the publications tests: a picture, a news item, a public document."""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image

from nastavnik.extensions import db
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.documents.services import approve_document, create_document
from nastavnik.tenants.publications.public_documents import show_document
from nastavnik.tenants.publications.services import publish, save_news

NO_LINKS = {"site_url": None, "vk_url": None, "telegram_url": None}


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def news(school, title: str = "Установочная сессия наставников", *, text: str = "Прошла сессия.",
         dated: dt.date = dt.date(2026, 11, 20), published: bool = True, **links):
    item = save_news(school, None, None, title=title, text=text, dated=dated,
                     links={**NO_LINKS, **links})
    if published:
        publish(school, item)
    db.session.commit()
    return item


def approved(school, director, kind: DocumentKind = DocumentKind.REGULATION, year: int = 2026):
    document = create_document(school, kind, year, "", dt.date(2026, 9, 3))
    approve_document(document, director)
    db.session.commit()
    return document


def made_public(school, director, kind: DocumentKind = DocumentKind.REGULATION,
                year: int = 2026):
    document = approved(school, director, kind, year)
    show_document(school, kind.value, year)
    db.session.commit()
    return document
