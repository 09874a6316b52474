"""The final event in the demo: the school furthest ahead («впереди», ``progress``) has
held its final event of the year today, with every mentor and mentee of its pairs, a
short programme and a nomination, so its page, the order, the protocol, the справка and
the encouragement order show it, and the indicators count it."""

from __future__ import annotations

from sqlalchemy import select

from nastavnik.demo.progress import AHEAD, SCHOOLS
from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.tenants.final_event.models import FinalEvent, ParticipantRole
from nastavnik.tenants.final_event.services import (
    add_nomination,
    mark_held,
    nominee_choices,
    save_event,
    year_people,
)

PROGRAMME = "\n".join(("10:00 Открытие, итоги года — куратор наставничества",
                       "10:20 Выступления наставнических пар",
                       "11:30 Награждение по номинациям"))


def seed_final_event(schools: list[School]) -> None:
    if db.session.scalar(select(FinalEvent.id).limit(1)) is not None:
        return  # told already
    for school in schools:
        if SCHOOLS.get(school.slug) is not AHEAD:
            continue
        year = clock.current_academic_year(school)
        people = year_people(school, year)
        if not people[ParticipantRole.MENTOR]:
            continue
        event = save_event(school, year, clock.today(school), "mixed",
                           [t.id for t in people[ParticipantRole.MENTOR]],
                           [t.id for t in people[ParticipantRole.MENTEE]], PROGRAMME)
        add_nomination(school, event, "Наставник года", nominee_choices(school, year)[0][0])
        mark_held(school, event)
        return
