"""The program as the school's document: composed into the same ``Content`` as the other
documents and rendered by the same DOCX and PDF renderers, under the headings of the
school's program template (its own wording if it has one)."""

from __future__ import annotations

import datetime as dt

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.models import School
from nastavnik.tenants.documents.content import (
    Block,
    Content,
    initials,
    school_values,
    settlement,
    wording_for,
)
from nastavnik.tenants.documents.docx_file import content_docx
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.documents.pdf_file import content_pdf
from nastavnik.tenants.documents.texts import BLANK, fill
from nastavnik.tenants.pairs.models import PairKind
from nastavnik.tenants.programs.models import MEETING_FORMATS, Program, ProgramStatus
from nastavnik.tenants.programs.overview import OTHER_SCHOOL_MENTOR
from nastavnik.tenants.programs.services import difficulty_labels

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEMPLATE_MARK = " (шаблон)"


def _day(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _person(name: str, position: str | None) -> str:
    return f"{name}, {position}" if position else name


def compose_program(program: Program) -> Content:
    """What the program's DOCX and PDF say: participants, form, period, goal and
    difficulties, tasks, the plan with its dates and results, meetings, results and the
    signature lines of the mentor, the mentees and the curator."""
    school = db.session.get(School, program.school_id)
    pair = program.pair
    values = school_values(school, clock.academic_year_of(pair.starts_on))
    wording = wording_for(school, DocumentKind.PROGRAM_TEMPLATE)
    labels = difficulty_labels(school)
    mentor = pair.mentor
    mentor_line = _person(mentor.full_name, mentor.position) if mentor else OTHER_SCHOOL_MENTOR
    mentees = [m.teacher for m in pair.mentees]
    text = {
        "participants": [
            f"Наставник: {mentor_line}.",
            "Наставляемый (наставляемые): "
            + "; ".join(_person(t.full_name, t.position) for t in mentees) + ".",
            f"Куратор: {_person(values['curator_name'] or BLANK, values['curator_position'])}.",
        ],
        "form": [f"Форма наставничества: {pair.form.name}.",
                 "Состав: " + ("группа" if pair.kind == PairKind.GROUP else "пара") + "."],
        "period": [f"С {_day(pair.starts_on)} по {_day(pair.ends_on)}."],
        "goals": [f"Цель: {program.goal}",
                  "Профессиональные затруднения наставляемого, выявленные по результатам "
                  "анкетирования: " + ("; ".join(labels.get(c, c) for c in program.difficulties)
                                       or "не указаны") + "."],
        "tasks": [f"{i}) {task}" for i, task in enumerate(program.tasks, 1)],
        "activities": [],
        "results": [f"Ожидаемые результаты: {program.expected_results or BLANK}",
                    f"Достигнутые результаты: {program.achieved_results or BLANK}"],
        "signatures": [
            f"Наставник: ______________ / {initials(mentor.full_name) if mentor else BLANK}",
            *(f"Наставляемый: ______________ / {initials(t.full_name)}" for t in mentees),
            f"Согласовано. Куратор: ______________ / {values['curator_initials'] or BLANK}",
        ],
    }
    blocks: list[Block] = []
    for section in wording.sections:
        blocks.append(Block("heading", fill(section.heading, values)))
        blocks += [Block("paragraph", line) for line in text.get(section.key, [])]
        if section.key == "activities":
            blocks.append(_plan(program))
            if program.meetings:
                blocks += [Block("paragraph", "Встречи наставника и наставляемого:"),
                           _meetings(program)]
    approved = program.status == ProgramStatus.APPROVED
    return Content(
        kind="program", school_name=school.name, place=settlement(school),
        title=fill(wording.title, values).replace(TEMPLATE_MARK, ""), is_order=False,
        number=str(program.id), date=_day(program.approved_on), stamp_left=[],
        stamp_right=["УТВЕРЖДЕНА", "куратором наставничества",
                     f"{_day(program.approved_on)}"] if approved else ["ПРОЕКТ"],
        blocks=blocks, signer_position="", signer="", acquainted=[])


def _plan(program: Program) -> Block:
    return Block(
        "table",
        header=["№", "Мероприятие", "Планируемая дата", "Фактическая дата",
                "Ожидаемый результат", "Достигнутый результат"],
        rows=[[f"{i}.", a.title, _day(a.planned_on), _day(a.done_on), a.expected_result,
               a.achieved_result] for i, a in enumerate(program.activities, 1)],
        widths=[5, 31, 13, 13, 19, 19])


def _meetings(program: Program) -> Block:
    return Block(
        "table", header=["Дата", "Формат", "Тема", "Минут"],
        rows=[[_day(m.held_on), MEETING_FORMATS.get(m.format, m.format), m.topic,
               str(m.minutes)] for m in program.meetings],
        widths=[15, 20, 53, 12])


def program_docx(program: Program) -> bytes:
    return content_docx(compose_program(program))


def program_pdf(program: Program) -> bytes:
    return content_pdf(compose_program(program))
