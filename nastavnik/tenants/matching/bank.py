"""The school's banks read into the scoring model: who waits for a mentor, who may be one.

A mentor is proposed only while the bank says he or she can take a mentee: listed as
«может взять наставляемых» (not busy, inactive or withdrawn), with a place left, employed,
and with a mentor-bank consent in force (152-ФЗ: no consent, no processing for matching).
The consent is checked in SQL for the whole bank, never per person.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import exists, select
from sqlalchemy.orm import contains_eager

from nastavnik.extensions import db
from nastavnik.platform.models import School
from nastavnik.tenants.banks.models import MenteeEntry, MentorEntry
from nastavnik.tenants.banks.services import bank_template
from nastavnik.tenants.consents.models import ConsentRecord
from nastavnik.tenants.consents.purposes import BANK_PURPOSE
from nastavnik.tenants.matching.scoring import Mentee, Mentor
from nastavnik.tenants.teachers.models import Teacher

# Mentees still looking for a mentor: waiting, or supported without a pair meanwhile.
LOOKING = ("waiting", "supported")


@dataclass
class Bank:
    """The school's waiting mentees and proposable mentors, keyed by teacher id."""

    mentees: list[Mentee]
    mentors: list[Mentor]
    teachers: dict[int, Teacher]
    mentee_entries: dict[int, MenteeEntry]
    mentor_entries: dict[int, MentorEntry]
    # Option labels of the questionnaires: the reasons name a request in the school's words.
    labels: Mapping[str, str] = field(default_factory=dict)


def _consented(model, bank: str):
    return exists().where(ConsentRecord.teacher_id == model.teacher_id,
                          ConsentRecord.purpose == BANK_PURPOSE[bank],
                          ConsentRecord.withdrawn_on.is_(None))


def read_bank(school: School) -> Bank:
    """The school's bank as the scoring model sees it (two queries, whatever its size)."""
    mentee_rows = db.session.scalars(
        select(MenteeEntry).join(Teacher, MenteeEntry.teacher_id == Teacher.id)
        .where(MenteeEntry.school_id == school.id, MenteeEntry.status.in_(LOOKING),
               Teacher.employed, _consented(MenteeEntry, "mentees"))
        .options(contains_eager(MenteeEntry.teacher))
        .order_by(Teacher.last_name, Teacher.first_name, Teacher.id)).all()
    mentor_rows = db.session.scalars(
        select(MentorEntry).join(Teacher, MentorEntry.teacher_id == Teacher.id)
        .where(MentorEntry.school_id == school.id, MentorEntry.status == "available",
               MentorEntry.load < MentorEntry.capacity, Teacher.employed,
               _consented(MentorEntry, "mentors"))
        .options(contains_eager(MentorEntry.teacher))
        .order_by(Teacher.last_name, Teacher.first_name, Teacher.id)).all()
    codes = subject_codes(school)
    return Bank(
        mentees=[mentee_of(entry, codes) for entry in mentee_rows],
        mentors=[mentor_of(entry) for entry in mentor_rows],
        teachers={e.teacher_id: e.teacher for e in [*mentee_rows, *mentor_rows]},
        mentee_entries={e.teacher_id: e for e in mentee_rows},
        mentor_entries={e.teacher_id: e for e in mentor_rows},
        labels=option_labels(school))


def mentee_of(entry: MenteeEntry, subject_codes: Mapping[str, str]) -> Mentee:
    """A mentee's requests are the difficulties of the questionnaire; the subjects come
    from the staff list (the mentee questionnaire does not ask them), read as the mentor
    questionnaire's subject codes."""
    return Mentee(key=entry.teacher_id, requests=frozenset(entry.difficulties or ()),
                  subjects=subjects_of(entry.teacher.subjects, subject_codes),
                  experience_band=entry.experience_band,
                  forms=frozenset(entry.formats or ()))


def mentor_of(entry: MentorEntry) -> Mentor:
    return Mentor(key=entry.teacher_id, competencies=frozenset(entry.competencies or ()),
                  subjects=frozenset(entry.subjects or ()),
                  experience_band=entry.experience_band,
                  qualification=entry.qualification or "none", capacity=entry.capacity,
                  load=entry.load, forms=frozenset(entry.formats or ()))


def option_labels(school: School) -> dict[str, str]:
    """Request and competency codes with their labels, lower-cased to sit inside a sentence
    («закрывает запрос «взаимодействие с родителями обучающихся»»)."""
    labels: dict[str, str] = {}
    for bank, question in (("mentors", "competencies"), ("mentees", "difficulties")):
        asked = bank_template(bank, school).question(question)
        if asked is not None:
            labels.update({code: label[:1].lower() + label[1:]
                           for code, label in asked.option_labels.items()})
    return labels


def subject_codes(school: School) -> dict[str, str]:
    """The mentor questionnaire's subjects: each label, and each part of it («русский язык»
    of «Русский язык и литература»), lower-cased → its code."""
    asked = bank_template("mentors", school).question("subjects")
    codes: dict[str, str] = {}
    for code, label in (asked.option_labels.items() if asked is not None else ()):
        for name in [label, *re.split(r",| и ", label)]:
            if _normal(name):
                codes.setdefault(_normal(name), code)
    return codes


def subjects_of(text: str | None, codes: Mapping[str, str]) -> frozenset[str]:
    """«Математика, физика» → {"math", "physics"}: the staff list's free text, read by the
    questionnaire's subject names; a word the list does not know is left out."""
    found = set()
    for name in re.split(r"[,;/]", text or ""):
        name = _normal(name)
        if not name:
            continue
        code = codes.get(name) or next(
            (c for label, c in codes.items() if label.startswith(name) or name.startswith(label)),
            None)
        if code:
            found.add(code)
    return frozenset(found)


def _normal(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").split())
