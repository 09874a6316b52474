"""The training of mentors in the story: the region's and each municipality's shared
materials, the school's own material and set, an установочная сессия of the school and
the municipality's, with the attendance sheets the curators kept."""

from __future__ import annotations

from sqlalchemy import select

from nastavnik.demo.dates import on, past, workday
from nastavnik.demo.progress import Story
from nastavnik.extensions import db
from nastavnik.platform.events import occurring_at
from nastavnik.platform.models import Municipality, Region
from nastavnik.platform.pdf import build_pdf, paragraph
from nastavnik.tenants.banks.models import MentorEntry
from nastavnik.tenants.training.models import TrainingMaterial, TrainingSession
from nastavnik.tenants.training.places import owned_by
from nastavnik.tenants.training.services import (
    add_material,
    include_material,
    plan_session,
    record_attendance,
)

MEMO = ("Памятка наставнику", "Роль наставника, этапы работы пары, персонализированная "
        "программа, мониторинг: коротко о главном.")
REGIONAL_LINK = ("Методические рекомендации по внедрению целевой модели наставничества",
                 "https://edu.example/metodicheskie-rekomendacii-nastavnichestvo")
MUNICIPAL_LINK = ("Материалы ММС: как составить персонализированную программу",
                  "https://mms.example/nastavnichestvo/programma")
SCHOOL_LINK = ("Подборка кейсов наставников школы", "/nastavnichestvo/keysy")
LAST_YEARS_LINK = ("Методические рекомендации для наставников школы",
                   "/nastavnichestvo/metodichka")


def train_mentors(story: Story, mentors: list[MentorEntry]) -> None:
    """The school's part, as its ``progress.training`` says (see ``progress.Progress``).
    Every school prepared a material of its own last year (4.2 of last year's roadmap)."""
    school = story.school
    with occurring_at(workday(on(story.year - 1, 10, 6))):
        add_material(school, None, title=LAST_YEARS_LINK[0], topic="methods",
                     url=school.website + LAST_YEARS_LINK[1])
    shared = _shared_materials(school.municipality, school.region)
    if story.progress.training < 1:
        return
    with occurring_at(past(workday(on(story.year, 10, 2)))):
        include_material(school, shared)
    if story.progress.training < 2:
        return
    with occurring_at(past(workday(on(story.year, 10, 5)))):
        add_material(school, None, title=SCHOOL_LINK[0], topic="practices",
                     description="Разборы ситуаций из практики наставников школы.",
                     url=school.website + SCHOOL_LINK[1])
    held_on = past(workday(on(story.year, 10, 9)))
    with occurring_at(held_on):
        session = plan_session(school, None, held_on=held_on, kind="setup", format="in_person",
                               topic="Роль наставника и персонализированная программа",
                               organiser="куратор наставничества")
        present = {entry.teacher_id for number, entry in enumerate(mentors) if number % 4 != 3}
        if mentors:
            record_attendance(school, session, present)
    municipal = _municipal_session(school.municipality, story.year)
    if municipal.held_on <= story.today and mentors:
        with occurring_at(municipal.held_on):
            record_attendance(school, municipal, {mentors[0].teacher_id})


def _shared_materials(municipality: Municipality, region: Region) -> TrainingMaterial:
    """The region's memo (a PDF) and link, the municipality's link (made once); returns
    the municipality's, which the schools include in their sets."""
    if _first(TrainingMaterial, region) is None:
        add_material(region, None, title=MEMO[0], description=MEMO[1], topic="methods",
                     data=build_pdf([paragraph(MEMO[0], "Title"), paragraph(MEMO[1], "Body")],
                                    title=MEMO[0]), filename="Памятка наставнику.pdf")
        add_material(region, None, title=REGIONAL_LINK[0], topic="normative",
                     url=REGIONAL_LINK[1])
    return _first(TrainingMaterial, municipality) or add_material(
        municipality, None, title=MUNICIPAL_LINK[0], topic="programs", url=MUNICIPAL_LINK[1],
        description="Пошаговое руководство с примерами программ для разных форм "
                    "наставничества.")


def _municipal_session(municipality: Municipality, year: int) -> TrainingSession:
    """The municipality's consultation in November (planned once); each school marks its
    own mentors."""
    found = _first(TrainingSession, municipality)
    if found is not None:
        return found
    return plan_session(municipality, None, held_on=past(workday(on(year, 11, 12))),
                        kind="consultation", format="remote",
                        topic="Консультация для наставников: мониторинг программ",
                        organiser="ММС")


def _first(model, place):
    return db.session.scalar(select(model).where(owned_by(model, place)).order_by(model.id)
                             .limit(1))

