"""Builders shared by the consents, questionnaires and banks tests."""

from __future__ import annotations

from conftest import csrf_token
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import Event
from nastavnik.tenants.consents.services import give_consent
from nastavnik.tenants.teachers.services import add_teacher

MENTEE_ANSWERS = {
    "category": "young_specialist", "experience": "0_3", "age": "under_35",
    "difficulties": ["methods", "parents"], "confidence": 2,
    "difficulties_details": "Трудно удержать внимание 7 «Б» на уроке",
    "formats": ["traditional"],
}
MENTOR_ANSWERS = {
    "subjects": ["math", "informatics"], "competencies": ["methods", "digital_tools"],
    "experience": "21_plus", "qualification": "highest", "capacity": 1,
    "formats": ["traditional", "group"], "network_ready": "yes",
    "achievements": "Победитель конкурса «Учитель года» 2019 года",
}


def teacher(school, last_name: str = "Смирнова", first_name: str = "Анна",
            birth_year: int | None = None, teaching_since: int | None = None, **fields):
    today = clock.today()
    created = add_teacher(school, last_name=last_name, first_name=first_name,
                          middle_name=fields.pop("middle_name", "Игоревна"),
                          birth_year=birth_year or today.year - 25,
                          teaching_since=teaching_since or today.year - 1, **fields)
    db.session.commit()
    return created


def consented(person, *purposes: str):
    for purpose in purposes or ("mentee_bank",):
        give_consent(person, purpose, given_on=clock.today(), form_reference="№ 12")
    db.session.commit()
    return person


def events_of(type_: str) -> list[Event]:
    return db.session.scalars(select(Event).where(Event.type == type_)
                              .order_by(Event.position)).all()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def form_data(answers: dict) -> dict:
    """Answers as a browser posts them: one ``q_<code>`` key per question."""
    return {f"q_{code}": value for code, value in answers.items()}


def post(client, path: str, data: dict, token_from: str | None = None):
    token = csrf_token(client, token_from or path)
    return client.post(path, data={**data, "csrf_token": token})


def in_mentor_bank(school, last_name: str, capacity: int = 3):
    """A teacher who consented and filled the mentor questionnaire."""
    from nastavnik.tenants.banks.services import enter_mentor

    person = consented(teacher(school, last_name), "mentor_bank")
    enter_mentor(person, {**MENTOR_ANSWERS, "capacity": capacity})
    db.session.commit()
    return person


def in_mentee_bank(school, last_name: str):
    """A teacher who consented and filled the professional-requests questionnaire."""
    from nastavnik.tenants.banks.services import enter_mentee

    person = consented(teacher(school, last_name))
    enter_mentee(person, MENTEE_ANSWERS)
    db.session.commit()
    return person
