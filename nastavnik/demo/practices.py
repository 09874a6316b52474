"""The methodical bank in the demo: in each of the first three schools with a pair, the
curator submits practices of its pairs, and they stand at different steps of the path —
one still submitted, one best in the school, one chosen by the municipality, and in the
first school one chosen by the region — so every collection has something to show."""

from __future__ import annotations

import itertools

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.models import School
from nastavnik.platform.permissions import rule_for
from nastavnik.platform.roles import Role
from nastavnik.tenants.pairs.models import MentoringPair
from nastavnik.tenants.practices.models import ORDER, Practice, PracticeStatus
from nastavnik.tenants.practices.services import move, submit
from nastavnik.tenants.practices.transitions import step_between

PRACTICES = [
    ("Урок-погружение: наставник и молодой учитель готовят урок вместе",
     "Наставляемый планирует урок, наставник помогает выбрать приёмы и посещает урок; "
     "после урока — разбор по единой карте наблюдения.", "lesson",
     PracticeStatus.CHOSEN_REGION),
    ("Первые сто дней в школе",
     "Маршрут адаптации молодого специалиста: знакомство с коллективом, документы, "
     "классное руководство, первые родительские собрания.", "adaptation",
     PracticeStatus.CHOSEN_MUNICIPALITY),
    ("Цифровой класс: электронный журнал и онлайн-доска",
     "Наставник показывает, как вести электронный журнал и готовить задания на "
     "онлайн-доске; наставляемый ведёт по ним два урока.", "digital",
     PracticeStatus.SCHOOL_BEST),
    ("Проектная неделя в паре",
     "Наставник и наставляемый вместе ведут проект с учениками пятого класса.",
     "projects", PracticeStatus.SUBMITTED),
]


def seed_practices(schools: list[School]) -> None:
    if db.session.scalar(select(Practice.id).limit(1)) is not None:
        return  # told already
    told = 0
    for school in schools:
        pairs = list(db.session.scalars(select(MentoringPair).where(
            MentoringPair.school_id == school.id).order_by(MentoringPair.id)))
        if not pairs:
            continue
        chosen = PRACTICES if told == 0 else PRACTICES[1:]
        for number, (title, annotation, category, status) in enumerate(chosen):
            practice = submit(school, title=title, annotation=annotation, category=category,
                              pair=pairs[number % len(pairs)], roles={Role.CURATOR}, by=None)
            _bring_to(practice, status)
        told += 1
        if told == 3:
            return


def _bring_to(practice: Practice, status: PracticeStatus) -> None:
    for source, target in itertools.pairwise(ORDER[:ORDER.index(status) + 1]):
        step = step_between(source, target)
        move(practice, target, roles=set(rule_for(step.permission).roles), by=None)
