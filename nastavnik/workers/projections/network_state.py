"""Network mentoring per school: in the network or not, the mentors who consented to be
offered, and each proposed cross-school pair with how it ended (``network.*`` and the
network consent's events). A school leaving, or a consent withdrawn, closes its row."""

from __future__ import annotations

from sqlalchemy import Row

from nastavnik.platform.oversight.state import NetworkState
from nastavnik.workers.projections.engine import register
from nastavnik.workers.projections.versioned import Rows, StateProjection, day_of, placed

PROPOSAL_ENDS = {"network.agreed": "agreed", "network.declined": "declined"}


class NetworkStateProjection(StateProjection):
    model = NetworkState
    event_types = frozenset({"network.agreement_changed", "consent.network_given",
                             "consent.network_withdrawn", "network.proposed",
                             "network.agreed", "network.declined"})
    subject_columns = ("school_id", "item")

    def subjects(self, event: Row) -> list[tuple]:
        payload = event.payload
        if event.type == "network.agreement_changed":
            return [(event.school_id, "school")]
        if event.type.startswith("consent."):
            return [(event.school_id, f"mentor:{payload['teacher']}")]
        return [(event.school_id, f"proposal:{payload['proposal']}")]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        kind, payload = event.type, event.payload
        if kind == "network.agreement_changed":
            return {(): placed(event, kind="school", status="in", since=day_of(event))} \
                if payload["taking_part"] else {}
        if kind == "consent.network_given":
            return {(): placed(event, kind="mentor", status="consented", since=day_of(event))}
        if kind == "consent.network_withdrawn":
            return {}
        if kind == "network.proposed":
            return {(): placed(event, kind="proposal", status="proposed", since=day_of(event))}
        return {key: {**row, "status": PROPOSAL_ENDS[kind]} for key, row in rows.items()}


register(NetworkStateProjection())
