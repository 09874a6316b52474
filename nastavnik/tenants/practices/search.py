"""Searching practices in Russian: PostgreSQL full text with the ``russian`` configuration
(word forms match: «наставнику» finds «наставник»), ranked by ``ts_rank``; on SQLite
(``make run``) a plain case-insensitive substring match, newest first."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, func, literal_column, or_

from nastavnik.extensions import db
from nastavnik.tenants.practices.models import Practice

QUERY_MAX = 200


def searched(query: Select, words: str | None) -> Select:
    """``query`` of practices narrowed to ``words`` and ordered by relevance (newest first
    without words)."""
    words = (words or "").strip()[:QUERY_MAX]
    if not words:
        return query.order_by(Practice.submitted_at.desc(), Practice.id.desc())
    if db.session.get_bind().dialect.name == "postgresql":
        config = literal_column("'russian'::regconfig")
        # The title weighs more than the annotation: a practice named after the words
        # comes before one that mentions them.
        document = _weighted(config, Practice.title, "A").op("||")(
            _weighted(config, Practice.annotation, "B"))
        wanted = func.websearch_to_tsquery(config, words)
        return query.where(document.op("@@")(wanted)).order_by(
            func.ts_rank(document, wanted).desc(), Practice.id.desc())
    pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return query.where(or_(Practice.title.ilike(pattern, escape="\\"),
                           Practice.annotation.ilike(pattern, escape="\\"))).order_by(
        Practice.submitted_at.desc(), Practice.id.desc())


def _weighted(config: ColumnElement, column: ColumnElement, weight: str) -> ColumnElement:
    return func.setweight(func.to_tsvector(config, column),
                          literal_column(f"'{weight}'::\"char\""))
