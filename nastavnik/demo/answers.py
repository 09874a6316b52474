"""Plausible, varied answers to the two bank questionnaires, drawn from a seeded random.

Bands and the young-specialist category follow the teacher's own record, so the bank
agrees with the staff list; difficulties, competencies and wishes vary.
"""

from __future__ import annotations

import datetime as dt
import random

from nastavnik.demo.staff import SUBJECTS
from nastavnik.platform.bands import age_band, experience_band
from nastavnik.tenants.teachers.models import Teacher

# What young teachers struggle with most, and what experienced ones ask about.
YOUNG_DIFFICULTIES = {"classroom_management": 5, "parents": 4, "documentation": 4, "methods": 3,
                      "subject_teaching": 2, "inclusive": 1, "exam_preparation": 1,
                      "digital_tools": 1}
SEASONED_DIFFICULTIES = {"digital_tools": 5, "inclusive": 4, "exam_preparation": 3,
                         "methods": 2, "parents": 1}
COMPETENCIES = {"methods": 5, "subject_teaching": 5, "classroom_management": 4,
                "exam_preparation": 3, "parents": 3, "documentation": 2, "digital_tools": 2,
                "inclusive": 1}
MENTEE_FORMATS = ["traditional", "group", "virtual", "situational", "peer"]
MENTOR_FORMATS = {"traditional": 6, "group": 3, "virtual": 2, "short_term": 2, "situational": 2,
                  "peer": 2, "reverse": 1, "speed": 1, "flash": 1}
QUALIFICATIONS = {"highest": 5, "first": 4, "mentor": 2, "methodologist": 1, "none": 1}
DETAILS = [
    "Трудно удерживать внимание класса на последних уроках, особенно в 7-х классах.",
    "Не всегда понимаю, как оформлять рабочую программу и вести электронный журнал.",
    "Волнуюсь перед родительскими собраниями, не знаю, как говорить о трудностях ребёнка.",
    "В классе есть ученик с ОВЗ, нужна помощь с адаптацией заданий.",
    "Впервые готовлю выпускников к ОГЭ, нужен разбор типичных ошибок.",
    "Хочу освоить цифровые тренажёры и сервисы для проверочных работ.",
]
ACHIEVEMENTS = [
    "Победитель муниципального этапа конкурса «Педагог года».",
    "Подготовила призёров регионального этапа всероссийской олимпиады школьников.",
    "Руководит школьным методическим объединением.",
    "Автор открытых уроков для молодых педагогов района.",
    "",
]


def mentee_answers(teacher: Teacher, rng: random.Random, today: dt.date) -> dict:
    young = teacher.is_young_specialist(today)
    category = ("young_specialist" if young else "new_in_post" if teacher.new_in_post
                else "on_request")
    pool = YOUNG_DIFFICULTIES if young or teacher.new_in_post else SEASONED_DIFFICULTIES
    return {
        "category": category,
        "experience": experience_band(teacher.experience_on(today)),
        "age": age_band(teacher.age_on(today)),
        "difficulties": pick(rng, pool, rng.randint(1, 3)),
        "difficulties_details": rng.choice(DETAILS) if rng.random() < 0.6 else "",
        "confidence": rng.randint(1, 3) if young else rng.randint(2, 4),
        "formats": rng.sample(MENTEE_FORMATS, rng.randint(0, 2)),
    }


def mentor_answers(teacher: Teacher, rng: random.Random, today: dt.date, *,
                   capacity: int | None = None, formats: tuple[str, ...] = ()) -> dict:
    """``capacity`` and ``formats`` pin what the story needs (a group needs room for it)."""
    chosen = pick(rng, MENTOR_FORMATS, rng.randint(2, 4))
    return {
        "subjects": [SUBJECTS.get(teacher.subjects, "primary")],
        "competencies": pick(rng, COMPETENCIES, rng.randint(2, 4)),
        "experience": experience_band(teacher.experience_on(today)),
        "qualification": pick(rng, QUALIFICATIONS, 1)[0],
        "capacity": capacity or rng.choices([1, 2, 3], weights=[3, 4, 2])[0],
        "formats": list(dict.fromkeys([*formats, *chosen])),
        "network_ready": "yes" if rng.random() < 0.3 else "no",
        "achievements": rng.choice(ACHIEVEMENTS),
    }


def pick(rng: random.Random, weights: dict[str, int], count: int) -> list[str]:
    """``count`` different codes, the heavier ones more likely, in the questionnaire's order."""
    pool, chosen = dict(weights), []
    while pool and len(chosen) < count:
        code = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(code)
        del pool[code]
    return [code for code in weights if code in chosen]
