"""The staff list: reading it, adding teachers one by one or from a file."""

import datetime as dt
import uuid

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from marshmallow import ValidationError
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.bands import age_band, experience_band
from nastavnik.platform.events import record
from nastavnik.platform.inserts import insert_new
from nastavnik.platform.locks import locked
from nastavnik.platform.memberships import revoke_role
from nastavnik.platform.models import School, User
from nastavnik.platform.privacy import ERASED, PROGRAMME_ROLES, erase_account
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.platform.roles import Role
from nastavnik.platform.signals import teacher_leaving
from nastavnik.tenants.teachers.events import EDITABLE_FIELDS
from nastavnik.tenants.teachers.importing import ParsedRow
from nastavnik.tenants.teachers.models import LEAVING_REASONS, Teacher, TeacherImport
from nastavnik.tenants.teachers.schemas import TeacherSchema

IMPORT_TTL = 3600  # seconds a checked preview stays valid for confirmation
ALREADY_LISTED = "Такой педагог уже есть в списке школы."
# On the surname field: the form shows it there (a bare message would reach no field).
LISTED_TWICE = {"last_name": [ALREADY_LISTED]}
refuse_duplicates("uq_teachers_person", LISTED_TWICE)


def staff_panel(school: School) -> dict:
    teachers = db.session.scalars(
        select(Teacher).where(Teacher.school_id == school.id, Teacher.employed)
    ).all()
    today = clock.today(school)
    return {
        "template": "teachers/panel.html",
        "total": len(teachers),
        "young": sum(t.is_young_specialist(today) for t in teachers),
    }


def add_teacher(school: School, **fields) -> Teacher:
    """Add a teacher to the staff list and record it (the caller commits)."""
    teacher = Teacher(school_id=school.id, **fields)
    db.session.add(teacher)
    db.session.flush()
    today = clock.today(school)
    record("teacher.added", {
        "teacher": teacher.pseudonym,
        "age_band": age_band(teacher.age_on(today)),
        "experience_band": experience_band(teacher.experience_on(today)),
        "young_specialist": teacher.is_young_specialist(today),
        "new_in_post": teacher.new_in_post,
        "hired_in": teacher.hired_in,
    }, school=school, stream=f"teacher:{teacher.pseudonym}")
    return teacher


def update_teacher_from_input(school: School, teacher: Teacher, data: dict) -> Teacher:
    """Validate the edited record and save what changed; the event names the changed
    fields and the new bands, never the values (``ValidationError`` if bad)."""
    values = TeacherSchema().load(data)
    school = locked(school)  # as for additions: the duplicate check below holds
    teacher = locked(teacher)
    if not teacher.employed:
        raise ValidationError("Педагог выбыл из школы: его запись хранится для истории и "
                              "не изменяется. Сначала верните его в список.")
    if teacher.last_name == ERASED:
        raise ValidationError("Персональные данные педагога удалены: запись не изменяется.")
    same = _find_same(school, values)
    if same is not None and same.id != teacher.id:
        raise ValidationError(LISTED_TWICE)
    changed = [name for name in EDITABLE_FIELDS if getattr(teacher, name) != values.get(name)]
    for name in changed:
        setattr(teacher, name, values.get(name))
    db.session.flush()
    if changed:
        today = clock.today(school)
        record("teacher.updated", {
            "teacher": teacher.pseudonym, "changed": changed,
            "age_band": age_band(teacher.age_on(today)),
            "experience_band": experience_band(teacher.experience_on(today)),
            "young_specialist": teacher.is_young_specialist(today),
            "new_in_post": teacher.new_in_post, "hired_in": teacher.hired_in,
        }, school=school, stream=f"teacher:{teacher.pseudonym}")
    return teacher


def mark_left(school: School, teacher: Teacher, left_on: dt.date, reason: str) -> Teacher:
    """The teacher left the school: off every active list, kept for the history.

    The account tied to the teacher loses its mentor's and mentee's roles in this
    school (it no longer reaches the school's pages); its other roles stay.
    """
    teacher = locked(teacher)
    if not teacher.employed:
        raise Rejected("Педагог уже отмечен как выбывший: обновите страницу.")
    if reason not in LEAVING_REASONS:
        raise Rejected({"reason": ["Выберите причину из списка."]})
    today = clock.today(school)
    if left_on > today:
        raise Rejected({"left_on": ["Дата выбытия не может быть позже сегодняшнего дня: "
                                    "отметьте выбытие в этот день или позже."]})
    if teacher.hired_in and left_on.year < teacher.hired_in:
        raise Rejected({"left_on": [f"Дата выбытия раньше года приёма в школу "
                                    f"({teacher.hired_in})."]})
    teacher_leaving.send(teacher=teacher, school=school)
    teacher.employed, teacher.left_on, teacher.left_reason = False, left_on, reason
    if teacher.user_id is not None:
        _drop_programme_roles(db.session.get(User, teacher.user_id), school)
    db.session.flush()
    record("teacher.left", {
        "teacher": teacher.pseudonym, "left_on": left_on, "reason": reason,
        "hired_in": teacher.hired_in, "young_specialist": teacher.is_young_specialist(left_on),
    }, school=school, stream=f"teacher:{teacher.pseudonym}")
    return teacher


def return_teacher(school: School, teacher: Teacher) -> Teacher:
    """Put a teacher marked as left back on the list (back from leave, or a mistake).
    The leaving stays in the event log; the account's roles are given anew by invitation."""
    school = locked(school)
    teacher = locked(teacher)
    if teacher.employed:
        raise Rejected("Педагог уже в списке школы: обновите страницу.")
    values = {name: getattr(teacher, name) for name in
              ("last_name", "first_name", "middle_name", "birth_year")}
    if _find_same(school, values) is not None:
        raise Rejected(ALREADY_LISTED)
    teacher.employed, teacher.left_on, teacher.left_reason = True, None, None
    db.session.flush()
    record("teacher.returned", {"teacher": teacher.pseudonym,
                                "returned_on": clock.today(school)},
           school=school, stream=f"teacher:{teacher.pseudonym}")
    return teacher


def _drop_programme_roles(user: User, school: School) -> None:
    for assignment in list(user.roles):
        if assignment.school_id == school.id and Role(assignment.role) in PROGRAMME_ROLES:
            revoke_role(user, assignment, None)


def left_teachers() -> list[Teacher]:
    """Those who left the school in scope, latest first: the history of the staff."""
    return db.session.scalars(select(Teacher).where(
        Teacher.employed.is_(False)).order_by(Teacher.left_on.desc().nulls_last(),
                                              Teacher.last_name)).all()


def list_teachers() -> list[Teacher]:
    """The staff of the school in scope, in Russian alphabetical order; an anonymised
    teacher is no one to list by name."""
    return sorted(db.session.scalars(select(Teacher).where(Teacher.employed,
                                                           ~Teacher.erased)).all(),
                  key=lambda t: (t.last_name.lower(), t.first_name.lower()))


def add_teacher_from_input(school: School, data: dict) -> Teacher:
    """Validate raw input (form or file row) and add the teacher; ``ValidationError`` if bad."""
    values = TeacherSchema().load(data)
    school = locked(school)  # additions to the list take turns, so the check below holds
    if _find_same(school, values):
        raise ValidationError(LISTED_TWICE)
    return add_teacher(school, **values)


def _find_same(school: School, values: dict) -> Teacher | None:
    """The employed teacher of the same name and birth year (one who left may return)."""
    return db.session.scalar(select(Teacher).where(
        Teacher.school_id == school.id, Teacher.employed,
        Teacher.last_name == values["last_name"], Teacher.first_name == values["first_name"],
        Teacher.middle_name == values.get("middle_name", ""),
        Teacher.birth_year == values.get("birth_year")).limit(1))


def check_duplicates(school: School, rows: list[ParsedRow]) -> None:
    """Mark rows that repeat a teacher already listed or an earlier row of the file."""
    seen = set()
    for row in rows:
        if row.errors:
            continue
        key = tuple(row.values.get(k) for k in ("last_name", "first_name", "middle_name",
                                                "birth_year"))
        if key in seen:
            row.errors.append("Повторяет одну из строк выше.")
        elif _find_same(school, row.values):
            row.errors.append("Такой педагог уже есть в списке школы.")
        seen.add(key)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="teacher-import")


def sign_rows(school: School, rows: list[ParsedRow]) -> str:
    """A tamper-proof, single-use token carrying a checked preview to the import."""
    return _serializer().dumps({"id": str(uuid.uuid4()), "school": school.id,
                                "rows": [r.values for r in rows]})


def import_signed_rows(school: School, token: str, imported_by: int | None = None) -> int:
    """Add every teacher of a confirmed preview, all or none, once; return how many.

    The token's id goes into ``teacher_imports`` in the same transaction as the rows: a
    replayed token, or a second confirmation racing the first, finds it there (waiting
    for the first to commit) and imports nothing.
    """
    try:
        data = _serializer().loads(token, max_age=IMPORT_TTL)
        token_id = uuid.UUID(data["id"])
    except (BadSignature, KeyError, TypeError, ValueError) as error:
        raise ValidationError("Предпросмотр устарел или повреждён: загрузите файл ещё раз.") \
            from error
    if data.get("school") != school.id:
        raise ValidationError("Предпросмотр относится к другой школе.")
    if not insert_new(TeacherImport, [{"token": token_id, "school_id": school.id,
                                       "teachers": len(data["rows"]),
                                       "imported_by": imported_by}]):
        raise ValidationError("Этот список уже импортирован (подтверждение пришло повторно).")
    teachers = [add_teacher_from_input(school, values) for values in data["rows"]]
    return len(teachers)


def anonymise_teacher(school: School, teacher: Teacher) -> None:
    """Erase what identifies the teacher; keep the pseudonym events refer to (152-ФЗ).

    Events already hold the bands a report needs (age, experience, young specialist), so
    the birth and start years go too, and every aggregate built from the log stays true.
    Position and employment stay: they are the school's staffing, not the person. The
    teacher's account goes too (``erase_account``).
    """
    teacher.last_name, teacher.first_name, teacher.middle_name = ERASED, ERASED, ""
    teacher.birth_year = teacher.teaching_since = None
    teacher.subjects = ""
    if teacher.user_id is not None:
        erase_account(db.session.get(User, teacher.user_id), school)
    teacher.user_id = None
    record("teacher.anonymised", {"teacher": teacher.pseudonym}, school=school,
           stream=f"teacher:{teacher.pseudonym}")
