"""Planning the final event, marking it held and awarding nominations; reading the year's
results for the documents (the order, the protocol, the справка, the encouragement)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import record
from nastavnik.platform.locks import locked
from nastavnik.platform.models import School
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.tenants.final_event.models import (
    TITLE_MAX,
    EventFormat,
    EventParticipant,
    EventStatus,
    FinalEvent,
    Nomination,
    ParticipantRole,
)
from nastavnik.tenants.pairs.models import MentoringPair, PairStatus
from nastavnik.tenants.teachers.models import Teacher

PROGRAMME_MAX = 30
refuse_duplicates("uq_final_event_nominations_title", {"title": [
    "Такая номинация уже есть; назовите её иначе."]})
refuse_duplicates("uq_final_events_school_year", {"_schema": [
    "Итоговое мероприятие этого учебного года уже записано."]})
HELD_FROZEN = "Итоговое мероприятие уже проведено: его сведения больше не меняются."
_ITEM_RE = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*[-–—]?\s*(.+?)\s*$")


def year_pairs(school: School, academic_year: int) -> list[MentoringPair]:
    """The pairs and groups whose program runs during the year (cancelled ones never)."""
    return list(db.session.scalars(
        select(MentoringPair).where(
            MentoringPair.school_id == school.id,
            MentoringPair.status != PairStatus.CANCELLED,
            MentoringPair.starts_on <= dt.date(academic_year + 1, 8, 31),
            MentoringPair.ends_on >= dt.date(academic_year, 9, 1))
        .order_by(MentoringPair.starts_on, MentoringPair.id)))


def year_people(school: School, academic_year: int) -> dict[ParticipantRole, list[Teacher]]:
    """Whom the curator may list as participants: the year's mentors and mentees.

    A network pair's mentor belongs to another school and is not listed here."""
    people: dict[ParticipantRole, dict[int, Teacher]] = {r: {} for r in ParticipantRole}
    for pair in year_pairs(school, academic_year):
        if pair.mentor is not None:
            people[ParticipantRole.MENTOR][pair.mentor.id] = pair.mentor
        for mentee in pair.mentees:
            people[ParticipantRole.MENTEE][mentee.teacher.id] = mentee.teacher
    return {role: sorted(found.values(), key=lambda t: t.full_name)
            for role, found in people.items()}


def event_of(school: School, academic_year: int) -> FinalEvent | None:
    return db.session.scalar(select(FinalEvent).where(
        FinalEvent.school_id == school.id, FinalEvent.academic_year == academic_year))


def parse_programme(text: str) -> list[dict]:
    """«10:00 Открытие» a line → {"time": "10:00", "title": "Открытие"}; refuses the
    lines it cannot read, saying which."""
    items, errors = [], []
    lines = [line for line in (text or "").splitlines() if line.strip()]
    for number, line in enumerate(lines, 1):
        match = _ITEM_RE.match(line)
        if match is None:
            errors.append(f"Строка {number}: укажите время и название, например "
                          "«10:00 Открытие».")
        elif len(match.group(3)) > TITLE_MAX:
            errors.append(f"Строка {number}: название длиннее {TITLE_MAX} символов.")
        else:
            items.append({"time": f"{int(match.group(1)):02d}:{match.group(2)}",
                          "title": match.group(3)})
    if len(lines) > PROGRAMME_MAX:
        errors.append(f"В программе не больше {PROGRAMME_MAX} пунктов.")
    if errors:
        raise Rejected({"programme": errors})
    return items


def save_event(school: School, academic_year: int, held_on: dt.date, event_format: str,
               mentor_ids: Sequence[int], mentee_ids: Sequence[int],
               programme: str) -> FinalEvent:
    """Plan the year's final event, or change it while it is not held yet; records
    ``final_event.planned`` when anything changed (a repeated submit records nothing)."""
    locked(school)  # two submits of the first plan: the second waits and edits the first
    errors: dict[str, list[str]] = {}
    first, last = dt.date(academic_year, 9, 1), dt.date(academic_year + 1, 8, 31)
    if not first <= held_on <= last:
        errors["held_on"] = [f"Дата должна быть в {academic_year}/{academic_year + 1} "
                             f"учебном году: с {first:%d.%m.%Y} по {last:%d.%m.%Y}."]
    if event_format not in set(EventFormat):
        errors["format"] = ["Выберите формат: очно, дистанционно или смешанный."]
    people = year_people(school, academic_year)
    chosen = {}
    for role, ids, field in ((ParticipantRole.MENTOR, mentor_ids, "mentors"),
                             (ParticipantRole.MENTEE, mentee_ids, "mentees")):
        allowed = {t.id: t for t in people[role]}
        if set(ids) - set(allowed):
            errors[field] = ["Выберите участников из наставников и наставляемых пар "
                             "этого учебного года."]
        chosen[role] = [allowed[i] for i in dict.fromkeys(ids) if i in allowed]
    # A teacher both mentoring and mentored this year takes part once, as a mentor.
    mentors = {t.id for t in chosen[ParticipantRole.MENTOR]}
    chosen[ParticipantRole.MENTEE] = [t for t in chosen[ParticipantRole.MENTEE]
                                      if t.id not in mentors]
    try:
        items = parse_programme(programme)
    except Rejected as refusal:
        errors.update(refusal.messages)
    if errors:
        raise Rejected(errors)
    event = event_of(school, academic_year)
    if event is not None and event.status == EventStatus.HELD:
        raise Rejected(HELD_FROZEN)
    wanted = {(t.id, role) for role, teachers in chosen.items() for t in teachers}
    if event is None:
        event = FinalEvent(school_id=school.id, academic_year=academic_year,
                           status=EventStatus.PLANNED)
        db.session.add(event)
    elif (event.held_on, event.format, event.programme,
          {(p.teacher_id, p.role) for p in event.participants}) == (
            held_on, event_format, items, wanted):
        return event
    event.held_on, event.format, event.programme = held_on, EventFormat(event_format), items
    event.participants = [p for p in event.participants if (p.teacher_id, p.role) in wanted]
    present = {(p.teacher_id, p.role) for p in event.participants}
    event.participants += [EventParticipant(teacher_id=t.id, role=role)
                           for role, teachers in chosen.items() for t in teachers
                           if (t.id, role) not in present]
    db.session.flush()
    record("final_event.planned", {
        "event": event.id, "academic_year": academic_year, "held_on": held_on,
        "format": event_format, "mentors": len(chosen[ParticipantRole.MENTOR]),
        "mentees": len(chosen[ParticipantRole.MENTEE]), "programme_items": len(items),
    }, school=school, stream=_stream(school, event))
    return event


def mark_held(school: School, event: FinalEvent) -> FinalEvent:
    """The event took place: ``final_event.held`` (roadmap 6.3 completes from it)."""
    event = locked(event)  # a double click marks it once
    if event.status == EventStatus.HELD:
        raise Rejected("Итоговое мероприятие уже отмечено проведённым.")
    if event.held_on > clock.today():
        raise Rejected(f"Мероприятие назначено на {event.held_on:%d.%m.%Y}: отметить его "
                       "проведённым можно в этот день или позже.")
    event.status = EventStatus.HELD
    record("final_event.held", {
        "event": event.id, "academic_year": event.academic_year, "held_on": event.held_on,
        "format": EventFormat(event.format).value,
        "mentors": event.count(ParticipantRole.MENTOR),
        "mentees": event.count(ParticipantRole.MENTEE),
        "nominations": len(event.nominations),
    }, school=school, stream=_stream(school, event))
    return event


def nominee_choices(school: School, academic_year: int) -> list[tuple[str, str]]:
    """«mentor:<id>» for each mentor of the year, «pair:<id>» for each pair or group."""
    people = year_people(school, academic_year)
    choices = [(f"mentor:{t.id}", f"Наставник: {t.full_name}")
               for t in people[ParticipantRole.MENTOR]]
    for pair in year_pairs(school, academic_year):
        if pair.mentor is None:
            continue
        mentees = ", ".join(m.teacher.full_name for m in pair.mentees)
        choices.append((f"pair:{pair.id}",
                        f"Пара (группа): {pair.mentor.full_name} — {mentees}"))
    return choices


def add_nomination(school: School, event: FinalEvent, title: str, nominee: str) -> Nomination:
    """Award a nomination of the event to a mentor or a pair of the year."""
    title = " ".join((title or "").split())
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = ["Укажите название номинации."]
    elif len(title) > TITLE_MAX:
        errors["title"] = [f"Название номинации — не длиннее {TITLE_MAX} символов."]
    if nominee not in dict(nominee_choices(school, event.academic_year)):
        errors["nominee"] = ["Выберите наставника или пару (группу) этого учебного года."]
    if errors:
        raise Rejected(errors)
    kind, ident = nominee.split(":")
    nomination = Nomination(event_id=event.id, title=title,
                            mentor_id=int(ident) if kind == "mentor" else None,
                            pair_id=int(ident) if kind == "pair" else None)
    db.session.add(nomination)
    return nomination


def _stream(school: School, event: FinalEvent) -> str:
    return f"final_event:{school.id}:{event.id}"
