"""Monitoring in the demo: last year's pairs finished in May, and their mentors and
mentees answered the final questionnaires in early June — all but one participant per
school, whose request still waits (the curator's page shows a personal link for it)."""

from __future__ import annotations

import random

from sqlalchemy import select

from nastavnik.demo.dates import on, workday
from nastavnik.extensions import db
from nastavnik.platform.events import occurring_at
from nastavnik.platform.models import School
from nastavnik.tenants.monitoring.models import MonitoringRequest
from nastavnik.tenants.monitoring.services import answer

COMMENTS = ("Особенно помогли совместные разборы уроков.",
            "Хотелось бы больше времени на встречи во второй четверти.", "")


def seed_monitoring(schools: list[School], year: int) -> None:
    if db.session.scalar(select(MonitoringRequest.id).where(
            MonitoringRequest.response_id.is_not(None)).limit(1)) is not None:
        return  # told already
    rng = random.Random(61)
    for school in schools:
        asked = db.session.scalars(select(MonitoringRequest).where(
            MonitoringRequest.school_id == school.id,
            MonitoringRequest.academic_year == year - 1).order_by(MonitoringRequest.id)).all()
        for number, request in enumerate(asked[:-1]):
            with occurring_at(workday(on(year - 1, 6, 2 + number % 5))):
                answer(school, request, _answers(request, rng))


def _answers(request: MonitoringRequest, rng: random.Random) -> dict:
    answers = {code: rng.randint(3, 5) for code in ("satisfaction", "meetings")}
    answers["usefulness" if request.participant == "mentee" else "support"] = rng.randint(3, 5)
    for code in ("methods", "classroom_management", "parents"):
        before = rng.randint(3, 5)
        answers |= {f"before_{code}": before, f"after_{code}": before - rng.randint(0, 2)}
    answers["comment"] = rng.choice(COMMENTS)
    return answers
