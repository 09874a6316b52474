"""The school's public section as the log tells it: each published news item and each
document made public, from the day it went public; withdrawing or hiding dates its end,
and going public again opens it anew from that day."""

from __future__ import annotations

from sqlalchemy import Row

from nastavnik.platform.oversight.state import PublicationState
from nastavnik.workers.projections.engine import register
from nastavnik.workers.projections.versioned import Rows, StateProjection, day_of, placed

OPENS = {"publication.published": "news", "publication.document_shown": "document"}
CLOSES = frozenset({"publication.withdrawn", "publication.document_hidden"})


def item_of(event: Row) -> str:
    payload = event.payload
    if event.type.startswith("publication.document_"):
        return f"document:{payload['kind']}:{payload['academic_year']}"
    return f"news:{payload['publication']}"


class PublicationStateProjection(StateProjection):
    model = PublicationState
    event_types = frozenset(OPENS) | CLOSES
    subject_columns = ("school_id", "item")

    def subjects(self, event: Row) -> list[tuple]:
        return [(event.school_id, item_of(event))]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        if event.type in CLOSES:
            return {member: {**row, "ended_on": day_of(event)} for member, row in rows.items()}
        if rows and all(row["ended_on"] is None for row in rows.values()):
            return rows  # published again while public: it stands since the first day
        return {(): placed(event, kind=OPENS[event.type], since=day_of(event), ended_on=None)}


register(PublicationStateProjection())
