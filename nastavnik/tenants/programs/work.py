"""The mentor's and the mentees' work in their program: an activity marked done (with a
comment or a file), a meeting logged, and a mentee's word on how it went.

Each person marks an activity or a meeting once. The service locks the activity (or the
meeting) before it checks for an earlier mark, so a double submit waits and then finds
the first one; the unique constraints of ``program_marks`` stay the last word.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.locks import locked
from nastavnik.platform.models import School
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.tenants.documents.scans import checked_content_type
from nastavnik.tenants.programs.models import (
    COMMENT_MAX,
    MEETING_FORMATS,
    Program,
    ProgramActivity,
    ProgramMark,
    ProgramMeeting,
    Side,
)
from nastavnik.tenants.programs.services import record_program_event, require_working
from nastavnik.tenants.teachers.models import Teacher

ALREADY_DONE = "Вы уже отметили это мероприятие выполненным: повторная отметка не нужна."
ALREADY_RATED = "Вы уже оценили это: оценка записывается один раз."
refuse_duplicates("uq_program_marks_activity", {"_schema": [ALREADY_DONE]})
refuse_duplicates("uq_program_marks_meeting", {"_schema": [ALREADY_RATED]})
FILE_NAME_MAX = 200


def side_of(program: Program, teacher: Teacher | None) -> Side | None:
    """Whether ``teacher`` is the program's mentor, one of its mentees, or neither."""
    if teacher is None:
        return None
    pair = program.pair
    if pair.mentor_id == teacher.id:
        return Side.MENTOR
    if any(m.teacher_id == teacher.id for m in pair.mentees):
        return Side.MENTEE
    return None


def _require(program: Program, teacher: Teacher, side: Side) -> None:
    if side_of(program, teacher) is not side:
        raise Rejected("Это может сделать только "
                       + ("наставник" if side is Side.MENTOR else "наставляемый")
                       + " этой пары или группы.")
    require_working(program)


def _day(value: dt.date | None, program: Program, field: str) -> dict[str, list[str]]:
    if value is None:
        return {field: ["Укажите дату."]}
    if value > clock.today():
        return {field: ["Дата не может быть позже сегодняшнего дня."]}
    if value < program.pair.starts_on:
        return {field: ["Дата не может быть раньше начала программы."]}
    return {}


def _mine(model, subject_id: int, teacher: Teacher, side: Side) -> ProgramMark | None:
    column = ProgramMark.activity_id if model is ProgramActivity else ProgramMark.meeting_id
    return db.session.scalar(select(ProgramMark).where(
        column == subject_id, ProgramMark.side == side, ProgramMark.teacher_id == teacher.id))


def mark_done(school: School, activity: ProgramActivity, mentor: Teacher, done_on: dt.date,
              comment: str, file: tuple[bytes, str | None, str | None] | None = None
              ) -> ProgramMark:
    """The mentor's «выполнено» with the actual date and a comment or a file
    (``(bytes, declared type, name)``, checked like a document's scan)."""
    activity = locked(activity)  # a double submit waits here, then finds the first mark
    program = activity.program
    _require(program, mentor, Side.MENTOR)
    if _mine(ProgramActivity, activity.id, mentor, Side.MENTOR) is not None:
        raise Rejected(ALREADY_DONE)
    comment = (comment or "").strip()
    errors = _day(done_on, program, "done_on")
    if not comment and file is None:
        errors["comment"] = ["Напишите комментарий или приложите файл: что сделано."]
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [f"Комментарий — не длиннее {COMMENT_MAX} символов."]
    if errors:
        raise Rejected(errors)
    mark = ProgramMark(school_id=school.id, program_id=program.id, activity=activity,
                       side=Side.MENTOR, teacher_id=mentor.id, comment=comment)
    if file is not None:
        _attach(mark, *file)
    activity.done_on = done_on
    db.session.add(mark)
    db.session.flush()
    record_program_event("program.activity_done", program, school, activity=activity.id,
            mentor=mentor.pseudonym, planned_on=activity.planned_on, done_on=done_on,
            with_file=file is not None)
    return mark


def _attach(mark: ProgramMark, data: bytes, declared_type: str | None,
            name: str | None) -> None:
    try:
        content_type = checked_content_type(data, declared_type)
    except Rejected as refusal:  # the same checks, said next to the file field
        raise Rejected({"file": refusal.messages["scan"]}) from None
    mark.file_data, mark.file_type, mark.file_size = data, content_type, len(data)
    mark.file_sha256 = hashlib.sha256(data).hexdigest()
    mark.file_name = (name or "файл").replace("/", "_").replace("\\", "_")[-FILE_NAME_MAX:]


def log_meeting(school: School, program: Program, mentor: Teacher, held_on: dt.date,
                format_: str, topic: str, minutes: int | None) -> ProgramMeeting:
    """A meeting the mentor held: date, format, topic, duration in minutes."""
    program = locked(program)
    _require(program, mentor, Side.MENTOR)
    topic = (topic or "").strip()
    errors = _day(held_on, program, "held_on")
    if format_ not in MEETING_FORMATS:
        errors["format"] = ["Выберите формат встречи из списка."]
    if not topic:
        errors["topic"] = ["Укажите тему встречи."]
    elif len(topic) > 500:
        errors["topic"] = ["Тема — не длиннее 500 символов."]
    if minutes is None or not 1 <= minutes <= 1440:
        errors["minutes"] = ["Продолжительность — от 1 до 1440 минут."]
    if errors:
        raise Rejected(errors)
    # A double submit of the same meeting is one meeting.
    same = db.session.scalar(select(ProgramMeeting).where(
        ProgramMeeting.program_id == program.id, ProgramMeeting.held_on == held_on,
        ProgramMeeting.topic == topic, ProgramMeeting.format == format_,
        ProgramMeeting.minutes == minutes))
    if same is not None:
        raise Rejected("Эта встреча уже записана: форма была отправлена дважды.")
    meeting = ProgramMeeting(school_id=school.id, program=program, held_on=held_on,
                             format=format_, topic=topic, minutes=minutes,
                             logged_by_id=mentor.id)
    db.session.add(meeting)
    db.session.flush()
    record_program_event("program.meeting_logged", program, school, meeting=meeting.id,
            mentor=mentor.pseudonym, held_on=held_on, format=format_, minutes=minutes)
    return meeting


def give_feedback(school: School, mentee: Teacher, rating: int | None, comment: str, *,
                  activity: ProgramActivity | None = None,
                  meeting: ProgramMeeting | None = None) -> ProgramMark:
    """A mentee's «как прошло» on a done activity or a meeting: a rating 1–5, a comment."""
    subject = locked(activity if activity is not None else meeting)
    program = subject.program
    _require(program, mentee, Side.MENTEE)
    model = ProgramActivity if activity is not None else ProgramMeeting
    if _mine(model, subject.id, mentee, Side.MENTEE) is not None:
        raise Rejected(ALREADY_RATED)
    comment = (comment or "").strip()
    errors: dict[str, list[str]] = {}
    if activity is not None and subject.done_on is None:
        errors["_schema"] = ["Оценить можно мероприятие, которое наставник отметил "
                             "выполненным."]
    if rating is None or not 1 <= rating <= 5:
        errors["rating"] = ["Поставьте оценку от 1 до 5."]
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [f"Комментарий — не длиннее {COMMENT_MAX} символов."]
    if errors:
        raise Rejected(errors)
    mark = ProgramMark(school_id=school.id, program_id=program.id, side=Side.MENTEE,
                       teacher_id=mentee.id, rating=rating, comment=comment,
                       activity=activity, meeting=meeting)
    db.session.add(mark)
    db.session.flush()
    about = {"activity": subject.id} if activity is not None else {"meeting": subject.id}
    record_program_event("program.feedback_given", program, school, mentee=mentee.pseudonym,
                         rating=rating, **about)
    return mark
