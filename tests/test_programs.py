"""Personalized programs: made with the pair from the mentee's difficulties, edited and
approved by the curator, completing roadmap 5.2 when every working pair has one."""

import datetime as dt

import pytest
from bank_helpers import events_of
from conftest import csrf_token
from program_helpers import END, START, formed_pair, person
from sqlalchemy import select

from nastavnik.extensions import db
from nastavnik.platform.rejections import Rejected
from nastavnik.platform.roles import Role
from nastavnik.tenants.pairs.services import cancel_pair, form_pair
from nastavnik.tenants.programs.models import ProgramStatus
from nastavnik.tenants.programs.services import (
    add_activity,
    approve_program,
    change_activity,
    program_of,
    remove_activity,
    update_program,
)
from nastavnik.tenants.roadmap.models import RoadmapActivity
from nastavnik.tenants.roadmap.services import ensure_school_roadmap

pytestmark = pytest.mark.usefixtures("autumn_2026")


@pytest.fixture
def school(make_school):
    return make_school("sch-1")


@pytest.fixture
def curator(school, make_user):
    return make_user(Role.CURATOR, school)


def test_a_formed_pair_gets_a_draft_program_from_the_mentees_difficulties(school):
    pair, _mentor, _mentee = formed_pair(school)
    program = program_of(pair)
    assert program.status == ProgramStatus.DRAFT
    assert program.difficulties == ["methods", "parents"]
    assert program.tasks == ["Освоить современные методики и технологии обучения",
                             "Научиться выстраивать взаимодействие с родителями обучающихся"]
    assert program.goal.startswith("Успешная адаптация наставляемого")
    assert program.expected_results.startswith("Преодоление наставляемым")
    plan = program.activities
    assert len(plan) == 4  # the opening, one per difficulty, the closing
    assert plan[0].planned_on == START and plan[-1].planned_on == END
    assert all(START <= a.planned_on <= END for a in plan)
    assert [a.planned_on for a in plan] == sorted(a.planned_on for a in plan)
    assert "родительского собрания" in plan[2].title
    created = events_of("program.created")[0].payload
    assert created["pair"] == pair.id and created["difficulties"] == ["methods", "parents"]
    assert created["activities"] == [a.id for a in plan]
    assert "Орлова" not in str(created) and "собрания" not in str(created)


def test_a_group_program_addresses_every_mentees_difficulties(school):
    mentor = person(school, "Орлова", mentor=True)
    first = person(school, "Лебедева", mentee=True)
    second = person(school, "Соколова", mentee=True, answers={
        "category": "young_specialist", "experience": "0_3", "age": "under_35",
        "difficulties": ["digital_tools", "parents"], "confidence": 3})
    group = form_pair(school, mentor, [first, second], "group", START, END, kind="group")
    db.session.commit()
    assert program_of(group).difficulties == ["methods", "parents", "digital_tools"]


def test_curator_edits_a_draft_and_a_repeat_records_nothing(school):
    pair, *_ = formed_pair(school)
    program = program_of(pair)
    update_program(school, program, " Освоить профессию ", ["Первая", "", "Вторая"], "Итог")
    update_program(school, program, "Освоить профессию", ["Первая", "Вторая"], "Итог")
    db.session.commit()
    assert (program.goal, program.tasks) == ("Освоить профессию", ["Первая", "Вторая"])
    assert len(events_of("program.updated")) == 1
    with pytest.raises(Rejected) as refused:
        update_program(school, program, "", [], "")
    assert set(refused.value.messages) == {"goal", "tasks"}


def test_plan_activities_are_added_changed_and_removed_within_the_period(school):
    pair, *_ = formed_pair(school)
    program = program_of(pair)
    added = add_activity(school, program, "Открытый урок", dt.date(2027, 3, 1), "Урок")
    change_activity(school, added, "Открытый урок по алгебре", dt.date(2027, 3, 2), "Урок", "")
    with pytest.raises(Rejected) as refused:
        add_activity(school, program, "Поздно", dt.date(2027, 7, 1), "")
    assert "planned_on" in refused.value.messages
    remove_activity(school, program.activities[0])
    db.session.commit()
    db.session.refresh(program)
    assert "Открытый урок по алгебре" in [a.title for a in program.activities]
    assert len(program.activities) == 4
    assert [len(events_of(t)) for t in ("program.activity_added", "program.activity_changed",
                                        "program.activity_removed")] == [1, 1, 1]


def test_approval_is_once_and_fixes_the_plan(school, curator):
    pair, *_ = formed_pair(school)
    program = program_of(pair)
    approve_program(school, program, curator)
    db.session.commit()
    assert program.status == ProgramStatus.APPROVED
    with pytest.raises(Rejected, match="уже утверждена"):
        approve_program(school, program, curator)
    with pytest.raises(Rejected, match="утверждена"):
        update_program(school, program, "Другая цель", ["Задача"], "")
    assert len(events_of("program.approved")) == 1


def activity_52(school) -> RoadmapActivity:
    return next(a for a in ensure_school_roadmap(school, 2026) if a.code == "5.2")


def test_roadmap_52_completes_only_when_every_working_pair_has_an_approved_program(
        school, curator):
    first, *_ = formed_pair(school, "Орлова", "Лебедева")
    second, *_ = formed_pair(school, "Волкова", "Соколова")
    ensure_school_roadmap(school, 2026)
    db.session.commit()
    approve_program(school, program_of(first), curator)
    db.session.commit()
    assert activity_52(school).status != "done"
    approve_program(school, program_of(second), curator)
    db.session.commit()
    done = activity_52(school)
    assert done.status == "done" and done.completed_automatically


def test_a_cancelled_pair_does_not_hold_52_back(school, curator):
    first, *_ = formed_pair(school, "Орлова", "Лебедева")
    second, *_ = formed_pair(school, "Волкова", "Соколова")
    ensure_school_roadmap(school, 2026)
    cancel_pair(school, second)
    db.session.commit()
    approve_program(school, program_of(first), curator)
    db.session.commit()
    assert activity_52(school).status == "done"
    with pytest.raises(Rejected, match="не работает"):
        approve_program(school, program_of(second), curator)


def test_each_pair_has_one_program(school):
    pair, *_ = formed_pair(school)
    from nastavnik.tenants.programs.models import Program
    assert len(db.session.scalars(select(Program).where(Program.pair_id == pair.id)).all()) == 1


def test_a_pair_formed_before_programs_gets_one_from_the_curators_button_once(
        school, curator, logged_in):
    pair, *_ = formed_pair(school)
    client = logged_in(curator)
    db.session.delete(program_of(pair))  # as a pair formed before this capability existed
    db.session.commit()
    page = client.get("/s/sch-1/programs/").get_data(as_text=True)
    assert "Составить программу" in page and "Лебедева" in page
    token = csrf_token(client, "/s/sch-1/programs/")
    for _ in range(2):  # a double click
        answer = client.post(f"/s/sch-1/programs/pair/{pair.id}/start",
                              data={"csrf_token": token})
        assert answer.status_code == 303
    db.session.expire_all()
    assert program_of(pair).status == ProgramStatus.DRAFT
    assert len(events_of("program.created")) == 2  # the first with the pair, then this one
    assert "Составить программу" not in client.get("/s/sch-1/programs/").get_data(
        as_text=True)
