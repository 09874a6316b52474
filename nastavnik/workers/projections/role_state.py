"""The school roles each account holds (granted and revoked), by account id."""

from __future__ import annotations

from sqlalchemy import Row

from nastavnik.platform.oversight.state import RoleState
from nastavnik.workers.projections.engine import register
from nastavnik.workers.projections.versioned import Rows, StateProjection, day_of, placed


class RoleStateProjection(StateProjection):
    model = RoleState
    event_types = frozenset({"account.role_granted", "account.role_revoked"})
    subject_columns = ("school_id", "account")
    member_columns = ("role",)

    def subjects(self, event: Row) -> list[tuple]:
        return [(event.school_id, event.payload["account"])]

    def fold(self, rows: Rows, event: Row, subject: tuple) -> Rows:
        role = (event.payload["role"],)
        if event.type == "account.role_revoked":
            rows.pop(role, None)
        elif role not in rows:
            rows[role] = placed(event, granted_on=day_of(event))
        return rows


register(RoleStateProjection())
