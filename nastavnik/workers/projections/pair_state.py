"""Each pair or group, one row per member: form, period, how it ended and the order that
fixed it. A cancelled pair (formed by mistake) closes its rows: it never counts."""

from __future__ import annotations

from sqlalchemy import Row

from nastavnik.platform.oversight.state import PairMemberState
from nastavnik.workers.projections.engine import register
from nastavnik.workers.projections.versioned import (
    Rows,
    StateProjection,
    date_or_none,
    placed,
)


class PairStateProjection(StateProjection):
    model = PairMemberState
    event_types = frozenset({"pair.formed", "pair.updated", "pair.finished", "pair.ended_early",
                             "pair.cancelled", "document.approved"})
    subject_columns = ("school_id", "pair_id")
    member_columns = ("teacher",)

    def subjects(self, event: Row) -> list[tuple]:
        if event.type == "document.approved":  # version 2 lists the pairs an order fixed
            return [(event.school_id, pair) for pair in event.payload.get("pairs", [])]
        return [(event.school_id, event.payload["pair"])]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        payload, kind = event.payload, event.type
        if kind == "pair.formed":
            return _formed(event)
        if kind == "pair.cancelled":
            return {}
        changes = {
            "pair.updated": lambda: {"form": payload["form"],
                                     "starts_on": date_or_none(payload["starts_on"]),
                                     "ends_on": date_or_none(payload["ends_on"])},
            "pair.finished": lambda: {"status": "finished", "on_time": payload["on_time"],
                                      "ended_on": date_or_none(payload["finished_on"])},
            "pair.ended_early": lambda: {"status": "ended_early", "on_time": False,
                                         "ended_on": date_or_none(payload["ended_on"])},
            "document.approved": lambda: {"order_document": payload["document"]},
        }[kind]()
        return {member: {**row, **changes} for member, row in rows.items()}


def _formed(event: Row) -> Rows:
    payload = event.payload
    facts = placed(event, form=payload["form"], is_group=payload["group"],
                   starts_on=date_or_none(payload["starts_on"]),
                   ends_on=date_or_none(payload["ends_on"]), status="active", ended_on=None,
                   on_time=None, order_document=None)
    rows = {(str(mentee),): {**facts, "role": "mentee"} for mentee in payload["mentees"]}
    return {**rows, (str(payload["mentor"]),): {**facts, "role": "mentor"}}


register(PairStateProjection())
