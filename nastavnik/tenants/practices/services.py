"""The methodical bank's writes: submit a practice (with its links and files) and move it
along its path (``transitions.py``); the only writers of these tables.

A step checks the practice's current status under a row lock: a double-clicked button
waits for the first request, then finds the step taken and does nothing more.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import record
from nastavnik.platform.locks import locked
from nastavnik.platform.models import School, User
from nastavnik.platform.permissions import rule_for
from nastavnik.platform.rejections import Rejected, refuse_duplicates
from nastavnik.platform.roles import ROLE_LABEL, Role
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.practices.models import (
    ANNOTATION_MAX,
    CATEGORIES,
    FILES_MAX,
    LINKS_MAX,
    TITLE_MAX,
    Practice,
    PracticeFile,
    PracticeStatus,
    PracticeStep,
)
from nastavnik.tenants.practices.permissions import PRACTICES
from nastavnik.tenants.practices.transitions import step_between
from nastavnik.tenants.teachers.models import Teacher
from nastavnik.tenants.training.files import checked_file, checked_link

refuse_duplicates("uq_practices_school_title", {"title": [
    "Практика с таким названием уже есть в копилке школы."]})


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str | None


def _text(value: str | None, limit: int, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Rejected({field: [f"Укажите {what}."]})
    if len(value) > limit:
        raise Rejected({field: [f"Не длиннее {limit} знаков."]})
    return value


def submit(school: School, *, title: str, annotation: str, category: str,
           links: Iterable[str] = (), files: Iterable[Upload] = (),
           pair: MentoringPair | None = None, roles: set[Role], by: User | None) -> Practice:
    """Put a practice into the school's copilka (status «подана»): by the curator, or by a
    mentor for their own pair. The same title twice is one practice: a double submit
    returns the first."""
    own = rule_for(PRACTICES.submit_own).roles & roles
    if not rule_for(PRACTICES.submit).roles & roles:
        if not own:
            raise Rejected("Подать практику может куратор наставничества или наставник — "
                           "свою.")
        if pair is None or by is None or not _leads(pair, by):
            raise Rejected({"pair": ["Наставник подаёт практику своей пары или группы: "
                                     "выберите её."]})
    title = _text(title, TITLE_MAX, "title", "название практики")
    annotation = _text(annotation, ANNOTATION_MAX, "annotation", "аннотацию")
    if category not in CATEGORIES:
        raise Rejected({"category": ["Выберите направление из списка."]})
    links = [checked_link(link) for link in links if (link or "").strip()]
    if len(links) > LINKS_MAX:
        raise Rejected({"links": [f"Не больше {LINKS_MAX} ссылок."]})
    files = [upload for upload in files if upload.data]
    if len(files) > FILES_MAX:
        raise Rejected({"files": [f"Не больше {FILES_MAX} файлов."]})
    checked = [(checked_file(upload.data, upload.filename), upload.data) for upload in files]
    if pair is not None and pair.school_id != school.id:
        raise Rejected({"pair": ["Выберите пару или группу своей школы."]})

    locked(school)  # a double click waits here, then finds the first practice
    existing = db.session.scalar(select(Practice).where(Practice.school_id == school.id,
                                                        Practice.title == title))
    if existing is not None:
        return existing
    practice = Practice(school_id=school.id, title=title, annotation=annotation,
                        category=category, links=links,
                        pair_id=pair.id if pair is not None else None,
                        status=PracticeStatus.SUBMITTED,
                        submitted_by_id=by.id if by is not None else None)
    for (content_type, name), data in checked:
        practice.files.append(PracticeFile(filename=name, content_type=content_type,
                                           size=len(data), data=data,
                                           sha256=hashlib.sha256(data).hexdigest()))
    role = Role.CURATOR if not own or rule_for(PRACTICES.submit).roles & roles \
        else Role.MENTOR
    practice.steps.append(PracticeStep(source=None, target=PracticeStatus.SUBMITTED,
                                       role=role, at=clock.now()))
    db.session.add(practice)
    db.session.flush()
    record("practice.submitted", {"practice": practice.id, "category": category,
                                  "pair": practice.pair_id,
                                  "authors": [str(p) for p in _authors(pair, by, school)]},
           school=school, stream=f"practice:{practice.id}")
    return practice


def _leads(pair: MentoringPair, user: User) -> bool:
    return db.session.scalar(select(Teacher.user_id).where(
        Teacher.id == pair.mentor_id)) == user.id


def _authors(pair: MentoringPair | None, by: User | None, school: School) -> list:
    """The authors by pseudonym: the pair's mentor and mentees, else the submitting
    teacher (a curator who is no teacher of the school adds nobody)."""
    if pair is not None:
        return [pair.mentor.pseudonym, *(m.teacher.pseudonym for m in pair.mentees)]
    if by is None:
        return []
    own = db.session.scalar(select(Teacher.pseudonym).where(Teacher.user_id == by.id,
                                                           Teacher.school_id == school.id))
    return [own] if own is not None else []


def move(practice: Practice, target: PracticeStatus | str, *, roles: set[Role],
         by: User | None) -> Practice:
    """Take one step of the path; the table of ``transitions.py`` decides whether it is
    allowed and for whom. A step already taken (a double submit) changes nothing."""
    practice = locked(practice)
    target = PracticeStatus(target)
    if practice.status == target:
        return practice
    source = PracticeStatus(practice.status)
    step = step_between(source, target)
    if step is None:
        raise Rejected(f"Практику со статусом «{source.label}» нельзя перевести "
                       f"в статус «{target.label}».")
    allowed = rule_for(step.permission).roles
    acting = sorted(allowed & roles)
    if not acting:
        who = ", ".join(ROLE_LABEL[role] for role in sorted(allowed))
        raise Rejected(f"Этот шаг («{step.button}») выполняет {who}.")
    practice.status = target
    practice.steps.append(PracticeStep(source=source, target=target, role=acting[0],
                                       at=clock.now()))
    db.session.flush()
    school = db.session.get(School, practice.school_id)
    record("practice.status_changed", {"practice": practice.id, "source": source.value,
                                       "target": target.value, "role": acting[0].value},
           school=school, stream=f"practice:{practice.id}")
    return practice
