"""The condition of the roadmap's 6.1 (registered in ``tenants/roadmap/conditions.py``),
checked in the transaction of a ``monitoring.answered`` event."""

from __future__ import annotations

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.tenants.monitoring.models import MonitoringRequest, Round


def every_finished_pair_answered(school: School) -> bool:
    """6.1: every pair that finished its program this academic year (each was sent the
    final round) has at least one answer to it — the mentor's or a mentee's."""
    final = select(MonitoringRequest.pair_id, MonitoringRequest.response_id).where(
        MonitoringRequest.school_id == school.id, MonitoringRequest.round == Round.FINAL,
        MonitoringRequest.academic_year == clock.current_academic_year(school))
    answered: dict[int, bool] = {}
    for pair_id, response_id in db.session.execute(final):
        answered[pair_id] = answered.get(pair_id, False) or response_id is not None
    return bool(answered) and all(answered.values())
