"""One page of a long list, and the query text that narrows it.

A list that grows with the platform (users, schools: 1,500 schools and their people) is
never sent whole: a page is ``PER_PAGE`` rows fetched with LIMIT/OFFSET plus one COUNT,
whatever the number of rows. A page number that is not a number or past the end shows
the last page rather than an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from sqlalchemy import Select, func, select

from nastavnik.extensions import db

PER_PAGE = 50
MAX_QUERY = 100


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    pages: int
    total: int
    query: str

    @property
    def numbers(self) -> list[int]:
        """The page numbers worth a link: the first, the last and those around this one."""
        near = range(max(1, self.number - 2), min(self.pages, self.number + 2) + 1)
        return sorted({1, self.pages, *near})


def search_text() -> str:
    """The list's search box, trimmed (an over-long one is cut, not refused)."""
    return (request.args.get("q") or "").strip()[:MAX_QUERY]


def _asked_page() -> int:
    text = request.args.get("page") or "1"
    return int(text) if text.isascii() and text.isdigit() and len(text) < 7 else 1


def paged(query: Select, query_text: str = "") -> Page:
    """The requested page of ``query`` (which must be ordered)."""
    total = db.session.scalar(select(func.count()).select_from(
        query.order_by(None).subquery()))
    pages = max(1, -(-total // PER_PAGE))
    number = min(max(1, _asked_page()), pages)
    rows = db.session.scalars(query.limit(PER_PAGE).offset((number - 1) * PER_PAGE)).all()
    return Page(list(rows), number, pages, total, query_text)
