"""The only code writing the training tables: materials, the school's set, sessions and
attendance sheets. Services flush, never commit; every school act records its event."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import record
from nastavnik.platform.locks import locked
from nastavnik.platform.models import Municipality, School, User
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.tenants.banks.models import MentorEntry
from nastavnik.tenants.banks.statuses import LISTED
from nastavnik.tenants.teachers.models import Teacher
from nastavnik.tenants.training.files import checked_file, checked_link
from nastavnik.tenants.training.kinds import (
    SESSION_FORMATS,
    SESSION_KINDS,
    TOPICS,
    TRAINING_KINDS,
)
from nastavnik.tenants.training.models import (
    MaterialChoice,
    SessionAttendance,
    TrainingMaterial,
    TrainingSession,
)
from nastavnik.tenants.training.places import Place, placement

refuse_duplicates("uq_training_material_choices_school_id", {"_schema": [
    "Этот материал уже есть в наборе школы: форма была отправлена дважды."]})
refuse_duplicates("uq_training_attendance_session_id", {"_schema": [
    "Лист регистрации уже сохранён: форма была отправлена дважды. Обновите страницу."]})


def _text(value: str | None, field: str, limit: int, *, required: bool,
          what: str) -> str | None:
    value = " ".join((value or "").split())
    if required and not value:
        raise Rejected({field: [f"Укажите {what}."]})
    if len(value) > limit:
        raise Rejected({field: [f"Не длиннее {limit} знаков."]})
    return value or None


def _choice(value: str | None, field: str, choices: dict[str, str], what: str) -> str:
    if value not in choices:
        raise Rejected({field: [f"Выберите {what} из списка."]})
    return value


def add_material(place: Place, by: User | None, *, title: str, topic: str,
                 description: str | None = None, url: str | None = None,
                 data: bytes | None = None, filename: str | None = None) -> TrainingMaterial:
    """A material of ``place``: a file (checked by its bytes) or a link, never both."""
    values = {"title": _text(title, "title", 200, required=True, what="название материала"),
              "description": _text(description, "description", 500, required=False,
                                   what="описание"),
              "topic": _choice(topic, "topic", TOPICS, "тему")}
    has_file, has_link = bool(data), bool((url or "").strip())
    if has_file == has_link:
        raise Rejected({"file": ["Загрузите файл или укажите ссылку — что-то одно."]})
    if has_link:
        values["url"] = checked_link(url or "")
    else:
        values["content_type"], values["filename"] = checked_file(data or b"", filename)
        values.update(data=data, size=len(data or b""),
                      sha256=hashlib.sha256(data or b"").hexdigest())
    material = TrainingMaterial(**values, **placement(place), added_by_id=by and by.id)
    db.session.add(material)
    db.session.flush()
    if isinstance(place, School):
        _record_added(place, material)
    return material


def _record_added(school: School, material: TrainingMaterial) -> None:
    record("training.material_added", {"material": material.id, "level": material.level,
                                       "topic": material.topic, "link": material.is_link},
           school=school)


def remove_material(place: Place, material: TrainingMaterial) -> None:
    """Remove a material of ``place``; a shared one leaves every school's set that held it,
    each school's log saying so."""
    for choice in db.session.scalars(select(MaterialChoice)
                                     .where(MaterialChoice.material_id == material.id)):
        _record_removed(db.session.get(School, choice.school_id), material)
        db.session.delete(choice)
    if isinstance(place, School):
        _record_removed(place, material)
    db.session.delete(material)


def _record_removed(school: School, material: TrainingMaterial) -> None:
    record("training.material_removed", {"material": material.id, "level": material.level},
           school=school)


def sets_holding(material: TrainingMaterial) -> int:
    """How many schools' sets hold a shared material (a number: the schools stay unnamed)."""
    return db.session.scalar(select(func.count()).select_from(MaterialChoice)
                             .where(MaterialChoice.material_id == material.id))


def school_set(school: School) -> set[int]:
    """The shared materials the school included in its set, by id."""
    return set(db.session.scalars(select(MaterialChoice.material_id)
                                  .where(MaterialChoice.school_id == school.id)))


def include_material(school: School, material: TrainingMaterial) -> MaterialChoice | None:
    """Put a shared material in the school's set (a second click changes nothing)."""
    if material.level == "school":
        raise Rejected("Материал школы уже входит в её набор.")
    locked(school)  # inclusions of one school take turns: the check below holds
    if material.id in school_set(school):
        return None
    choice = MaterialChoice(school_id=school.id, material_id=material.id)
    db.session.add(choice)
    _record_added(school, material)
    return choice


def exclude_material(school: School, material: TrainingMaterial) -> None:
    locked(school)
    choice = db.session.scalar(select(MaterialChoice).where(
        MaterialChoice.school_id == school.id, MaterialChoice.material_id == material.id))
    if choice is None:
        return
    db.session.delete(choice)
    _record_removed(school, material)


def plan_session(place: School | Municipality, by: User | None, *, held_on: dt.date | None,
                 topic: str, kind: str, format: str, organiser: str) -> TrainingSession:
    """A consultation, установочная сессия or exchange of experience of ``place``."""
    if held_on is None:
        raise Rejected({"held_on": ["Укажите дату."]})
    if not 2000 <= held_on.year <= 2100:
        raise Rejected({"held_on": ["Укажите дату между 2000 и 2100 годом."]})
    session = TrainingSession(
        held_on=held_on,
        topic=_text(topic, "topic", 300, required=True, what="тему"),
        kind=_choice(kind, "kind", SESSION_KINDS, "вид мероприятия"),
        format=_choice(format, "format", SESSION_FORMATS, "формат"),
        organiser=_text(organiser, "organiser", 200, required=True, what="организатора"),
        created_by_id=by and by.id, **placement(place))
    db.session.add(session)
    db.session.flush()
    if isinstance(place, School):
        record("training.session_planned", {"session": session.id, "kind": session.kind,
                                            "format": session.format,
                                            "held_on": session.held_on}, school=place)
    return session


def sheet_mentors(school: School, session: TrainingSession | None) -> list[Teacher]:
    """The mentors of the school's bank, and (on a session's attendance sheet) anyone
    already marked there: a mentor who has left the bank since keeps their mark."""
    wanted = select(MentorEntry.teacher_id).where(MentorEntry.school_id == school.id,
                                                  MentorEntry.status.in_(LISTED["mentors"]))
    if session is not None:
        wanted = wanted.union(select(SessionAttendance.teacher_id).where(
            SessionAttendance.school_id == school.id, SessionAttendance.session_id == session.id))
    return list(db.session.scalars(
        select(Teacher).where(Teacher.school_id == school.id, Teacher.id.in_(wanted))
        .order_by(Teacher.last_name, Teacher.first_name, Teacher.id)))


def attendance_marks(school: School, session: TrainingSession) -> dict[int, bool]:
    """teacher id → present, as the school's sheet stands."""
    return dict(db.session.execute(
        select(SessionAttendance.teacher_id, SessionAttendance.present).where(
            SessionAttendance.school_id == school.id,
            SessionAttendance.session_id == session.id)).all())


def record_attendance(school: School, session: TrainingSession,
                      present: set[int]) -> bool:
    """Mark the school's mentors on ``session``'s sheet: those in ``present`` present, the
    rest absent. Returns whether anything changed; the same sheet sent twice (a double
    click, a second tab) changes nothing and records nothing the second time."""
    session = locked(session)  # sheets of one session take turns: the check below holds
    if session.held_on > clock.today():
        raise Rejected("Присутствие отмечают в день мероприятия или после него.")
    mentors = sheet_mentors(school, session)
    if present - {t.id for t in mentors}:
        raise Rejected({"present": ["Отметьте только наставников с листа регистрации школы."]})
    if not mentors:
        raise Rejected("В банке наставников школы пока никого нет: отмечать некого.")
    marks = attendance_marks(school, session)
    wanted = {t.id: t.id in present for t in mentors}
    if marks == wanted:
        return False
    rows = {row.teacher_id: row for row in db.session.scalars(select(SessionAttendance).where(
        SessionAttendance.school_id == school.id, SessionAttendance.session_id == session.id))}
    for teacher_id, here in wanted.items():
        row = rows.get(teacher_id)
        if row is None:
            db.session.add(SessionAttendance(school_id=school.id, session_id=session.id,
                                             teacher_id=teacher_id, present=here))
        elif row.present != here:
            row.present, row.marked_at = here, clock.now()
    record("training.attendance_recorded", {
        "session": session.id, "level": session.level, "kind": session.kind,
        "held_on": session.held_on,
        # Sorted by pseudonym: the log keeps no trace of the sheet's alphabetical order.
        "present": sorted(str(t.pseudonym) for t in mentors if wanted[t.id]),
        "absent": sorted(str(t.pseudonym) for t in mentors if not wanted[t.id]),
        "anyone_present": any(wanted.values())}, school=school)
    return True


def trained_on(school: School) -> dict[int, dt.date]:
    """teacher id → the first day the mentor was present at a training session
    (``kinds.TRAINED_RULE``); a mentor absent from the result is not trained."""
    return dict(db.session.execute(
        select(SessionAttendance.teacher_id, func.min(TrainingSession.held_on))
        .join(TrainingSession, TrainingSession.id == SessionAttendance.session_id)
        .where(SessionAttendance.school_id == school.id, SessionAttendance.present,
               TrainingSession.kind.in_(TRAINING_KINDS),
               TrainingSession.held_on <= clock.today())
        .group_by(SessionAttendance.teacher_id)).all())


def school_counts(session: TrainingSession) -> list[tuple[int, int, int]]:
    """A municipal session seen from the municipality: (school id, present, on the sheet)
    per school that recorded its sheet — numbers only, never who."""
    return [tuple(row) for row in db.session.execute(
        select(SessionAttendance.school_id,
               func.count().filter(SessionAttendance.present),
               func.count())
        .where(SessionAttendance.session_id == session.id)
        .group_by(SessionAttendance.school_id).order_by(SessionAttendance.school_id))]
