"""Programs: made with their pair, filled from the mentee's difficulties, edited by the
curator and the mentor, approved by the curator. The only writers of ``programs`` and
``program_activities`` (the work of mentor and mentee is in ``work.py``).

A program is made by ``on_event_recorded`` on ``pair.formed``, in the transaction that
formed the pair: a pair formed by hand, by matching or across schools gets one alike.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path

from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import Event, record
from nastavnik.platform.locks import locked
from nastavnik.platform.models import School, User
from nastavnik.platform.rejections import Rejected
from nastavnik.tenants.banks.models import MenteeEntry
from nastavnik.tenants.banks.services import bank_template
from nastavnik.tenants.documents.content import wording_for
from nastavnik.tenants.documents.kinds import DocumentKind
from nastavnik.tenants.documents.texts import paragraphs
from nastavnik.tenants.pairs.models import MentoringPair, PairStatus
from nastavnik.tenants.programs.models import (
    GOAL_MAX,
    TASK_MAX,
    TASKS_MAX,
    TEXT_MAX,
    Program,
    ProgramActivity,
    ProgramStatus,
)

DEFAULTS = Path(__file__).parent / "defaults.toml"


@cache
def defaults() -> dict:
    return tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))


def program_of(pair: MentoringPair) -> Program | None:
    """The program of ``pair`` (every pair formed since programs exist has one)."""
    return db.session.scalar(select(Program).where(Program.pair_id == pair.id))


def stream(program: Program) -> str:
    return f"program:{program.school_id}:{program.id}"


def record_program_event(type_: str, program: Program, school: School,
                         **payload) -> None:
    record(type_, {"program": program.id, "pair": program.pair_id, **payload},
           school=school, stream=stream(program))


def difficulty_labels(school: School) -> dict[str, str]:
    """The questionnaire's wording of each difficulty code («Взаимодействие с родителями…»);
    none before the questionnaires are seeded (the codes then stand for themselves)."""
    try:
        question = bank_template("mentees", school).question("difficulties")
    except LookupError:
        return {}
    return question.option_labels if question is not None else {}


def mentee_difficulties(pair: MentoringPair) -> list[str]:
    """The difficulties the mentees named in the bank, each once: the first mentee's in
    the order they were answered, then what the next adds (a group's program addresses
    all of its mentees' difficulties)."""
    mentees = [m.teacher_id for m in sorted(pair.mentees, key=lambda m: m.id)]
    named = dict(db.session.execute(select(MenteeEntry.teacher_id, MenteeEntry.difficulties)
                                    .where(MenteeEntry.teacher_id.in_(mentees))).all())
    return list(dict.fromkeys(code for teacher in mentees
                              for code in named.get(teacher) or []))


def _spread(starts_on: dt.date, ends_on: dt.date, count: int) -> list[dt.date]:
    """``count`` dates from the start to the end of the period, evenly apart."""
    if count == 1:
        return [starts_on]
    step = (ends_on - starts_on) / (count - 1)
    return [starts_on + step * i for i in range(count)]


def create_program(school: School, pair: MentoringPair) -> Program:
    """The draft program of a newly formed pair, from the school's template wording and the
    mentee's difficulties; ``program.created`` (the caller commits)."""
    texts, labels = defaults(), difficulty_labels(school)
    codes = mentee_difficulties(pair)
    fallback = texts["fallback"]
    per_code = [texts["difficulties"].get(code) or {
        "task": f"{fallback['task']}: «{labels.get(code, code)}»",
        "activity": fallback["activity"], "result": fallback["result"]} for code in codes]
    plan = [texts["opening"], *({"title": d["activity"], "result": d["result"]}
                                for d in per_code), texts["closing"]]
    wording = wording_for(school, DocumentKind.PROGRAM_TEMPLATE)
    # The school's own wording of the expected results is where the program starts.
    expected = " ".join(paragraphs(wording.section("results").text)[:1]).removeprefix(
        "Ожидаемые результаты: ")
    program = Program(
        school_id=school.id, pair_id=pair.id, status=ProgramStatus.DRAFT,
        goal=texts["goal"], difficulties=codes, tasks=[d["task"] for d in per_code],
        expected_results=expected[:1].upper() + expected[1:],
        activities=[ProgramActivity(school_id=school.id, title=item["title"], planned_on=day,
                                    expected_result=item["result"])
                    for item, day in zip(plan, _spread(pair.starts_on, pair.ends_on,
                                                       len(plan)), strict=True)])
    db.session.add(program)
    db.session.flush()
    record_program_event("program.created", program, school, difficulties=codes,
            activities=[a.id for a in program.activities],
            planned_on=[a.planned_on for a in program.activities])
    return program


def on_event_recorded(event: Event, school: School, **_kwargs) -> None:
    """Receiver of ``event_recorded``: a formed pair gets its draft program."""
    if event.type != "pair.formed":
        return
    pair = db.session.get(MentoringPair, int(event.payload["pair"]))
    if pair is not None and program_of(pair) is None:
        create_program(school, pair)


def start_program(school: School, pair: MentoringPair) -> Program:
    """The draft program of a working pair formed before programs came to the platform
    (the curator's button); a double click finds the first one (the caller commits)."""
    pair = locked(pair)
    if (program := program_of(pair)) is not None:
        return program
    if pair.status != PairStatus.ACTIVE:
        raise Rejected(NOT_WORKING)
    return create_program(school, pair)


NOT_WORKING = "Пара (группа) уже не работает: её программу изменить нельзя."
APPROVED = "Программа утверждена: её цель, задачи и план больше не меняются."


def require_working(program: Program) -> None:
    if program.pair.status != PairStatus.ACTIVE:
        raise Rejected(NOT_WORKING)


def _require_draft(program: Program) -> None:
    require_working(program)
    if program.status != ProgramStatus.DRAFT:
        raise Rejected(APPROVED)


def _text(value: str | None) -> str:
    return (value or "").strip()


def update_program(school: School, program: Program, goal: str, tasks: list[str],
                   expected_results: str) -> Program:
    """Change a draft's goal, tasks and expected results; ``program.updated`` if anything
    changed (the same values submitted again record nothing)."""
    program = locked(program)
    _require_draft(program)
    goal, expected = _text(goal), _text(expected_results)
    tasks = [t for t in (_text(t) for t in tasks) if t]
    errors: dict[str, list[str]] = {}
    if not goal:
        errors["goal"] = ["Сформулируйте цель программы."]
    elif len(goal) > GOAL_MAX:
        errors["goal"] = [f"Цель — не длиннее {GOAL_MAX} символов."]
    if not tasks:
        errors["tasks"] = ["Укажите хотя бы одну задачу: по одной в строке."]
    elif len(tasks) > TASKS_MAX or any(len(t) > TASK_MAX for t in tasks):
        errors["tasks"] = [f"Не больше {TASKS_MAX} задач, каждая не длиннее {TASK_MAX} "
                           "символов."]
    if len(expected) > TEXT_MAX:
        errors["expected_results"] = [f"Не длиннее {TEXT_MAX} символов."]
    if errors:
        raise Rejected(errors)
    if (program.goal, program.tasks, program.expected_results) == (goal, tasks, expected):
        return program
    program.goal, program.tasks, program.expected_results = goal, tasks, expected
    db.session.flush()
    record_program_event("program.updated", program, school, tasks=len(tasks))
    return program


def record_results(school: School, program: Program, achieved_results: str) -> Program:
    """The achieved results, written while the program runs (draft or approved)."""
    program = locked(program)
    require_working(program)
    achieved = _text(achieved_results)
    if len(achieved) > TEXT_MAX:
        raise Rejected({"achieved_results": [f"Не длиннее {TEXT_MAX} символов."]})
    if program.achieved_results == achieved:
        return program
    program.achieved_results = achieved
    db.session.flush()
    record_program_event("program.results_recorded", program, school)
    return program


def _activity_errors(program: Program, title: str, planned_on: dt.date | None,
                     expected: str, achieved: str = "") -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    pair = program.pair
    if not title:
        errors["title"] = ["Назовите мероприятие."]
    elif len(title) > 500:
        errors["title"] = ["Название — не длиннее 500 символов."]
    if planned_on is None or not pair.starts_on <= planned_on <= pair.ends_on:
        errors["planned_on"] = [
            f"Планируемая дата — в пределах срока программы: с {pair.starts_on:%d.%m.%Y} "
            f"по {pair.ends_on:%d.%m.%Y}."]
    if len(expected) > TEXT_MAX or len(achieved) > TEXT_MAX:
        errors["expected_result"] = [f"Результат — не длиннее {TEXT_MAX} символов."]
    return errors


def add_activity(school: School, program: Program, title: str, planned_on: dt.date | None,
                 expected_result: str) -> ProgramActivity:
    program = locked(program)
    _require_draft(program)
    title, expected = _text(title), _text(expected_result)
    if errors := _activity_errors(program, title, planned_on, expected):
        raise Rejected(errors)
    activity = ProgramActivity(school_id=school.id, program=program, title=title,
                               planned_on=planned_on, expected_result=expected)
    db.session.add(activity)
    db.session.flush()
    record_program_event("program.activity_added", program, school, activity=activity.id,
            planned_on=planned_on)
    return activity


def change_activity(school: School, activity: ProgramActivity, title: str,
                    planned_on: dt.date | None, expected_result: str,
                    achieved_result: str) -> ProgramActivity:
    """Edit an activity. Its planned date and wording are fixed once the program is
    approved; the achieved result is written at any time while the pair works."""
    program = locked(activity.program)
    require_working(program)
    title, expected, achieved = (_text(title), _text(expected_result),
                                 _text(achieved_result))
    if program.status == ProgramStatus.APPROVED and (
            title, planned_on, expected) != (activity.title, activity.planned_on,
                                             activity.expected_result):
        raise Rejected(APPROVED + " Можно записать только достигнутый результат.")
    if errors := _activity_errors(program, title, planned_on, expected, achieved):
        raise Rejected(errors)
    before = (activity.title, activity.planned_on, activity.expected_result,
              activity.achieved_result)
    if before == (title, planned_on, expected, achieved):
        return activity
    activity.title, activity.planned_on = title, planned_on
    activity.expected_result, activity.achieved_result = expected, achieved
    db.session.flush()
    record_program_event("program.activity_changed", program, school, activity=activity.id,
            planned_on=planned_on)
    return activity


def remove_activity(school: School, activity: ProgramActivity) -> None:
    program = locked(activity.program)
    _require_draft(program)
    if activity.done_on is not None:
        raise Rejected("Мероприятие уже выполнено: удалить его из плана нельзя.")
    activity_id = activity.id
    db.session.delete(activity)
    db.session.flush()
    record_program_event("program.activity_removed", program, school, activity=activity_id)


def approve_program(school: School, program: Program, by: User) -> Program:
    """«Утвердить программу»: the draft becomes the pair's program; ``program.approved``.
    A second click finds it approved and is told so (nothing is recorded twice)."""
    program = locked(program)
    require_working(program)
    if program.status == ProgramStatus.APPROVED:
        raise Rejected("Программа уже утверждена.")
    problems = []
    if not program.goal.strip():
        problems.append("Сформулируйте цель программы.")
    if not program.tasks:
        problems.append("Укажите задачи программы.")
    if not program.activities:
        problems.append("Добавьте в план хотя бы одно мероприятие.")
    if problems:
        raise Rejected(" ".join(problems))
    program.status, program.approved_on, program.approved_by_id = (
        ProgramStatus.APPROVED, clock.today(), by.id)
    db.session.flush()
    record_program_event("program.approved", program, school, activities=len(program.activities))
    return program


def working_pairs_of_year(school: School, academic_year: int):
    """The school's working pairs whose program runs during ``academic_year``."""
    return select(MentoringPair.id).where(
        MentoringPair.school_id == school.id, MentoringPair.status == PairStatus.ACTIVE,
        MentoringPair.starts_on <= dt.date(academic_year + 1, 8, 31),
        MentoringPair.ends_on >= dt.date(academic_year, 9, 1))


def every_pair_has_approved_program(school: School) -> bool:
    """Roadmap 5.2's condition: the year has working pairs, and each has an approved
    program (checked in the approving transaction: the program just approved counts)."""
    pairs = working_pairs_of_year(school, clock.current_academic_year(school))
    if db.session.scalar(pairs.limit(1)) is None:
        return False
    approved = select(Program.pair_id).where(Program.status == ProgramStatus.APPROVED)
    return db.session.scalar(pairs.where(MentoringPair.id.not_in(approved)).limit(1)) is None
