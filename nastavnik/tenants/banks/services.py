"""Entering teachers in the banks, their statuses, and exports: the only writers here.

No one enters a bank without a consent in force for it (152-ФЗ). Statuses then follow
the pairs through the event log: ``on_event_recorded`` reacts, in the writer's own
transaction, to ``pair.formed``, ``pair.finished`` and ``consent.withdrawn``.
"""

from __future__ import annotations

import uuid

from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.bands import young_specialist_by_bands
from nastavnik.platform.events import Event, record
from nastavnik.platform.locks import locked
from nastavnik.platform.models import School
from nastavnik.platform.tenancy import across_municipality_of
from nastavnik.tenants.banks.exports import bank_rows, build_export
from nastavnik.tenants.banks.links import revoke_all
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.banks.statuses import BANKS, LISTED
from nastavnik.tenants.consents.models import ConsentRecord
from nastavnik.tenants.consents.purposes import BANK_PURPOSE
from nastavnik.tenants.consents.services import has_consent
from nastavnik.tenants.questionnaires.models import QuestionnaireResponse, QuestionnaireTemplate
from nastavnik.tenants.questionnaires.schemas import clean_answers
from nastavnik.tenants.questionnaires.services import (
    erase_free_text,
    known_answers,
    submit_response,
    template_for,
)
from nastavnik.tenants.teachers.models import Teacher

AUDIENCE = {"mentees": "mentee", "mentors": "mentor"}
ENTRY = {"mentees": MenteeEntry, "mentors": MentorEntry}
# Curators move a mentee between waiting and support without a pair (roadmap 5.3), and
# back to waiting after a program stopped early; pairs move everyone else through events.
CURATOR_MOVES = {("waiting", "supported"), ("supported", "waiting"), ("ended_early", "waiting")}


def _school(teacher: Teacher) -> School:
    return db.session.get(School, teacher.school_id)


def bank_template(bank: str, school: School) -> QuestionnaireTemplate:
    """The questionnaire a teacher of ``school`` answers to enter ``bank``."""
    template = template_for(AUDIENCE[bank], school)
    if template is None:
        raise LookupError("the shipped questionnaires are not seeded: "
                          "run `flask --app wsgi reference seed`")
    return template


def require_consent(teacher: Teacher, bank: str) -> None:
    if not has_consent(teacher, BANK_PURPOSE[bank]):
        raise ValidationError({"consent": [
            f"{BANKS[bank]}: у педагога нет действующего согласия на обработку персональных "
            "данных. Внести в банк можно только после того, как согласие записано."]})


def _values(response: QuestionnaireResponse) -> dict:
    values = {}
    for answer in response.answers:
        kind = answer.question.kind
        values[answer.question.code] = (answer.choices[0] if kind == "single" else
                                        answer.choices if kind == "multiple" else
                                        answer.score if kind == "scale" else answer.text)
    return values


def previous_answers(teacher: Teacher, bank: str, free_text: bool = True) -> dict:
    """The teacher's stored answers in ``bank`` by question code, to refill the form with;
    nothing once the teacher has left the bank (the free text was erased then). Without
    ``free_text`` only the choices come back."""
    model = ENTRY[bank]
    entry = db.session.scalar(select(model).where(model.teacher_id == teacher.id))
    if entry is None or entry.status == "withdrawn" or entry.response is None:
        return {}
    texts = {a.question.code for a in entry.response.answers if a.question.kind == "text"}
    return {code: value for code, value in _values(entry.response).items()
            if free_text or code not in texts}


def _answered(bank: str, teacher: Teacher, answers: dict):
    """Check the consent, store the questionnaire and attach it to the teacher's entry
    (made if new); return the school, the entry and the answers by question code.

    The answers are ``None`` when the teacher is listed with exactly these answers
    already (a double-clicked submit): nothing is stored or recorded again.
    """
    teacher = locked(teacher)  # one entry per teacher: a concurrent submit waits here
    require_consent(teacher, bank)
    school = _school(teacher)
    template = bank_template(bank, school)
    # What the staff list knows is taken from it, whatever the form sent.
    answers = {**answers, **known_answers(template, teacher)}
    model = ENTRY[bank]
    listed = db.session.scalar(select(model).where(model.teacher_id == teacher.id))
    if _same_answers(listed, template, answers):
        return school, listed, None
    response = submit_response(school, teacher, template, answers)
    entry = _entry(bank, teacher)
    entry.response = response
    return school, entry, _values(response)


def _same_answers(entry, template: QuestionnaireTemplate, answers: dict) -> bool:
    response = entry.response if entry is not None else None
    return (response is not None and entry.status != "withdrawn"
            and response.template_id == template.id
            and _values(response) == clean_answers(template, answers))


def _entry(bank: str, teacher: Teacher):
    model = ENTRY[bank]
    entry = db.session.scalar(select(model).where(model.teacher_id == teacher.id))
    if entry is None:
        entry = model(school_id=teacher.school_id, teacher_id=teacher.id)
        db.session.add(entry)
    return entry


def enter_mentee(teacher: Teacher, answers: dict) -> MenteeEntry:
    """Store the professional-requests questionnaire and (re)enter the teacher in the bank.

    Raises ``ValidationError`` (Russian messages) without writing anything when there is
    no consent or an answer is wrong.
    """
    school, entry, values = _answered("mentees", teacher, answers)
    if values is None:
        return entry
    entry.category, entry.difficulties = values["category"], values.get("difficulties", [])
    entry.age_band, entry.experience_band = values["age"], values["experience"]
    entry.formats = values.get("formats", [])
    entry.young_specialist = young_specialist_by_bands(entry.age_band, entry.experience_band)
    if entry.status in (None, "withdrawn"):
        entry.status, entry.pair, entry.mentor = "waiting", None, None
        entry.status_changed_at = clock.now()
    db.session.flush()
    record("mentee.entered", {
        "teacher": teacher.pseudonym, "difficulties": entry.difficulties,
        "category": entry.category, "young_specialist": entry.young_specialist,
        "age_band": entry.age_band, "experience_band": entry.experience_band,
    }, school=school, stream=f"teacher:{teacher.pseudonym}")
    return entry


def enter_mentor(teacher: Teacher, answers: dict) -> MentorEntry:
    """Store the potential-mentor questionnaire and (re)enter the teacher in the bank."""
    school, entry, values = _answered("mentors", teacher, answers)
    if values is None:
        return entry
    entry.subjects, entry.competencies = values["subjects"], values["competencies"]
    entry.experience_band, entry.qualification = values["experience"], values["qualification"]
    entry.capacity, entry.formats = values["capacity"], values["formats"]
    entry.network_ready = values["network_ready"] == "yes"
    entry.load = entry.load or 0
    if entry.status in (None, "withdrawn"):
        entry.status, entry.status_changed_at = "available", clock.now()
    entry.status = _mentor_status(entry)
    db.session.flush()
    record("mentor.entered", {
        "teacher": teacher.pseudonym, "competencies": entry.competencies,
        "subjects": entry.subjects, "capacity": entry.capacity,
        "network_ready": entry.network_ready, "qualification": entry.qualification,
        "experience_band": entry.experience_band,
    }, school=school, stream=f"teacher:{teacher.pseudonym}")
    return entry


def change_mentee_status(entry: MenteeEntry, status: str) -> None:
    """The curator's move: «Сопровождается без пары» for a waiting mentee, or back."""
    if (entry.status, status) not in CURATOR_MOVES:
        raise ValidationError({"status": [
            "Так изменить статус нельзя: без пары можно сопровождать только ожидающего "
            "наставника, а вернуть в ожидание — только сопровождаемого без пары или того, "
            "чья программа прекращена досрочно."]})
    _set_mentee_status(db.session.get(School, entry.school_id), entry, status)


def _set_mentee_status(school: School, entry: MenteeEntry, status: str) -> None:
    entry.status, entry.status_changed_at = status, clock.now()
    record("mentee.status_changed", {"teacher": entry.teacher.pseudonym, "status": status},
           school=school, stream=f"teacher:{entry.teacher.pseudonym}")


def _mentor_status(entry: MentorEntry) -> str:
    if entry.status in ("inactive", "withdrawn"):
        return entry.status
    return "busy" if entry.load >= entry.capacity else "available"


def _refresh_mentor(school: School, mentor: uuid.UUID) -> None:
    """Recount a mentor's load from the mentees paired with him or her in every school of
    the municipality: a network pair in another school takes a place too. The mentor's
    row and its ``mentor.status_changed`` belong to the mentor's own school, which may
    not be ``school`` (a network pair formed or ended in the mentee's school)."""
    with across_municipality_of(school):
        found = db.session.execute(select(MentorEntry, School).select_from(MentorEntry).join(
            Teacher, MentorEntry.teacher_id == Teacher.id).join(
            School, MentorEntry.school_id == School.id).where(
            Teacher.pseudonym == mentor,
            School.municipality_id == school.municipality_id)).first()
        if found is None:
            return  # not in a mentor bank of the municipality
        entry, home = found
        before = (entry.status, entry.load)
        entry.load = db.session.scalar(select(func.count(MenteeEntry.id)).join(
            School, MenteeEntry.school_id == School.id).where(
            School.municipality_id == school.municipality_id, MenteeEntry.mentor == mentor,
            MenteeEntry.status == "in_pair"))
        entry.status = _mentor_status(entry)
        if (entry.status, entry.load) != before:
            entry.status_changed_at = clock.now()
            record("mentor.status_changed", {"teacher": mentor, "status": entry.status,
                                             "load": entry.load},
                   school=home, stream=f"teacher:{mentor}")


def _mentees_by_pseudonym(school: School, pseudonyms: list) -> list[MenteeEntry]:
    return db.session.scalars(select(MenteeEntry).join(Teacher).where(
        MenteeEntry.school_id == school.id,
        Teacher.pseudonym.in_([uuid.UUID(str(p)) for p in pseudonyms]))).all()


def _pair_formed(school: School, payload: dict) -> None:
    pair, mentor = int(payload["pair"]), uuid.UUID(str(payload["mentor"]))
    for entry in _mentees_by_pseudonym(school, payload["mentees"]):
        if entry.status != "withdrawn":
            entry.pair, entry.mentor = pair, mentor
            _set_mentee_status(school, entry, "in_pair")
    _refresh_mentor(school, mentor)


def _pair_closed(school: School, payload: dict, status: str) -> None:
    """The mentees still in the pair take ``status``; their mentor's load is recounted."""
    entries = db.session.scalars(select(MenteeEntry).where(
        MenteeEntry.school_id == school.id, MenteeEntry.pair == int(payload["pair"]),
        MenteeEntry.status == "in_pair")).all()
    mentors = {entry.mentor for entry in entries}
    for entry in entries:
        if status == "waiting":  # a cancelled pair never was: no pair, no mentor
            entry.pair, entry.mentor = None, None
        _set_mentee_status(school, entry, status)
    db.session.flush()
    for mentor in mentors:
        _refresh_mentor(school, mentor)


def _pair_finished(school: School, payload: dict) -> None:
    _pair_closed(school, payload, "finished")


def _pair_ended_early(school: School, payload: dict) -> None:
    _pair_closed(school, payload, "ended_early")


def _pair_cancelled(school: School, payload: dict) -> None:
    _pair_closed(school, payload, "waiting")


def _consent_withdrawn(school: School, payload: dict) -> None:
    bank = payload["bank"]
    teacher = db.session.scalar(select(Teacher).where(
        Teacher.pseudonym == uuid.UUID(str(payload["teacher"]))))
    model = ENTRY[bank]
    entry = db.session.scalar(select(model).where(model.teacher_id == teacher.id))
    if entry is not None and entry.status != "withdrawn":
        if bank == "mentees":
            _set_mentee_status(school, entry, "withdrawn")
            if entry.mentor is not None:
                _refresh_mentor(school, entry.mentor)
        else:
            entry.status, entry.status_changed_at = "withdrawn", clock.now()
            record("mentor.status_changed", {"teacher": teacher.pseudonym,
                                             "status": "withdrawn", "load": entry.load},
                   school=school, stream=f"teacher:{teacher.pseudonym}")
    erase_free_text(school, teacher, AUDIENCE[bank])
    revoke_all(teacher, bank)


REACTIONS = {"pair.formed": _pair_formed, "pair.finished": _pair_finished,
             "pair.ended_early": _pair_ended_early, "pair.cancelled": _pair_cancelled,
             "consent.withdrawn": _consent_withdrawn}


def on_event_recorded(event: Event, school: School, **_kwargs) -> None:
    """Receiver of ``event_recorded``: runs inside the transaction that records ``event``."""
    reaction = REACTIONS.get(event.type)
    if reaction is not None:
        reaction(school, event.payload)


def bank_entries(school: School, bank: str, *, status: str | None = None,
                 code: str | None = None, subject: str | None = None,
                 young_only: bool = False) -> list:
    """The people listed in ``bank``, filtered.

    ``code`` is a difficulty (mentees) or a competency (mentors). The list of one school
    is short (tens of people), so the JSON filters run here rather than in
    dialect-specific SQL.
    """
    model = ENTRY[bank]
    entries = db.session.scalars(select(model).join(Teacher).where(
        model.school_id == school.id,
        model.status.in_([status] if status else LISTED[bank]))
        # The list shows names and option labels of the version each person answered: the
        # teachers come joined, and the responses, their templates and questions in three
        # queries for the whole list, never one per row.
        .options(contains_eager(model.teacher),
                 selectinload(model.response).selectinload(QuestionnaireResponse.template)
                 .selectinload(QuestionnaireTemplate.questions))
        .order_by(Teacher.last_name, Teacher.first_name)).all()
    codes = "difficulties" if bank == "mentees" else "competencies"
    return [e for e in entries
            if (not code or code in getattr(e, codes))
            and (not subject or subject in getattr(e, "subjects", []))
            and (not young_only or getattr(e, "young_specialist", False))]


def requests_summary(school: School) -> list[dict]:
    """The professional requests of the school's mentees: each difficulty with how many
    mentees name it, how many of those still wait for a mentor, and how many of the bank's
    mentors offer help in it — where the choice of mentors and the training plan start.

    Two queries of coded columns, whatever the size of the school; the most asked first.
    """
    labels = bank_template("mentees", school).question("difficulties").option_labels
    asked = db.session.execute(select(MenteeEntry.difficulties, MenteeEntry.status).where(
        MenteeEntry.school_id == school.id,
        MenteeEntry.status.in_(LISTED["mentees"]))).all()
    offered = db.session.scalars(select(MentorEntry.competencies).where(
        MentorEntry.school_id == school.id,
        MentorEntry.status.in_(LISTED["mentors"]))).all()
    rows = {}
    for difficulties, status in asked:
        for code in dict.fromkeys(difficulties):
            row = rows.setdefault(code, {"code": code, "label": labels.get(code, code),
                                         "mentees": 0, "waiting": 0, "mentors": 0})
            row["mentees"] += 1
            row["waiting"] += status in ("waiting", "supported")
    for competencies in offered:
        for code in set(competencies) & rows.keys():
            rows[code]["mentors"] += 1
    order = list(labels)
    return sorted(rows.values(), key=lambda r: (-r["mentees"], order.index(r["code"])
                                                if r["code"] in order else len(order)))


def candidates(school: School, bank: str) -> list[Teacher]:
    """Teachers with a consent for ``bank`` who are not listed in it yet."""
    model = ENTRY[bank]
    listed = select(model.teacher_id).where(model.school_id == school.id,
                                            model.status.in_(LISTED[bank]))
    consented = select(ConsentRecord.teacher_id).where(
        ConsentRecord.school_id == school.id, ConsentRecord.purpose == BANK_PURPOSE[bank],
        ConsentRecord.withdrawn_on.is_(None))
    # One query however many teachers: the consent is checked in SQL, not per person.
    return list(db.session.scalars(select(Teacher).where(
        Teacher.school_id == school.id, Teacher.employed, Teacher.id.not_in(listed),
        Teacher.id.in_(consented))
        .order_by(Teacher.last_name, Teacher.first_name)))


def available_mentors(school: School) -> list[Teacher]:
    """Mentors of the bank with room for another mentee."""
    return _bank_teachers(school, MentorEntry, ("available",))


def waiting_mentees(school: School) -> list[Teacher]:
    """Mentees of the bank still looking for a mentor, with or without interim support."""
    return _bank_teachers(school, MenteeEntry, ("waiting", "supported"))


def _bank_teachers(school: School, model, statuses: tuple[str, ...]) -> list[Teacher]:
    return list(db.session.scalars(
        select(Teacher).join(model, model.teacher_id == Teacher.id)
        .where(model.school_id == school.id, model.status.in_(statuses), Teacher.employed)
        .order_by(Teacher.last_name, Teacher.first_name, Teacher.id)))


def export_bank(school: School, bank: str, entries: list, fmt: str) -> bytes:
    """The file of ``entries`` in ``fmt`` ("csv" or "xlsx") and its ``bank.exported`` event.

    An export carries names out of the platform, so the school's log says who took how
    many rows and when (the caller commits before sending the file).
    """
    rows = bank_rows(bank, entries)
    content = build_export(bank, rows, fmt)
    record("bank.exported", {"bank": bank, "rows": len(rows), "format": fmt}, school=school)
    return content


def bank_counts(school: School) -> dict:
    def count(model, statuses):
        return db.session.scalar(select(func.count(model.id)).where(
            model.school_id == school.id, model.status.in_(statuses)))

    return {"mentees": count(MenteeEntry, LISTED["mentees"]),
            "waiting": count(MenteeEntry, ["waiting"]),
            "mentors": count(MentorEntry, LISTED["mentors"])}
