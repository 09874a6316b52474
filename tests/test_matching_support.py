"""Support for mentees left without a pair (roadmap 5.3): the plan, the queue with the days
waited and the mentors proposed now, and the roadmap completing when everyone has a plan."""

from __future__ import annotations

import datetime as dt

import pytest
from bank_helpers import events_of
from conftest import csrf_token
from sqlalchemy import func, select
from test_double_submit import ROUNDS, clicks
from test_matching_pages import mentee, mentor, tab  # noqa: F401 - a fixture

from nastavnik.extensions import db
from nastavnik.platform.events import occurring_at
from nastavnik.platform.roles import Role
from nastavnik.tenants.matching import support
from nastavnik.tenants.matching.bank import subject_codes, subjects_of
from nastavnik.tenants.matching.models import SupportItem, SupportPlan
from nastavnik.tenants.matching.support import queue, save_plan
from nastavnik.tenants.roadmap.services import ensure_school_roadmap, school_roadmap

pytestmark = pytest.mark.usefixtures("autumn_2026")
DUE = dt.date(2027, 1, 31)


@pytest.fixture
def school(make_school):
    return make_school("sch-1")


@pytest.fixture
def curator(school, make_user, logged_in):
    return logged_in(make_user(Role.CURATOR, school))


def plan_rows(*rows: dict) -> dict:
    data = {}
    for n, row in enumerate(rows):
        data.update({f"items-{n}-{key}": value for key, value in row.items()})
    return data


PSYCHOLOGIST = {"supporter": "psychologist", "person": "Петрова Инна Сергеевна",
                "support": "Еженедельные консультации по работе с классом",
                "due_on": DUE.isoformat()}


def test_the_curator_makes_a_plan_and_the_queue_shows_it(school, curator):
    young = mentee(school, "Лебедева")
    path = f"/s/sch-1/matching/queue/{young.id}/plan"
    response = curator.post(path, data={**plan_rows(PSYCHOLOGIST, {
        "supporter": "methodologist", "support": "Разбор рабочей программы",
        "due_on": "2026-12-20"}), "csrf_token": csrf_token(curator, path)})
    assert response.status_code == 303, response.get_data(as_text=True)
    plan = db.session.scalar(select(SupportPlan))
    assert [(i.supporter, i.due_on) for i in plan.items] == [
        ("psychologist", DUE), ("methodologist", dt.date(2026, 12, 20))]
    event = events_of("support.plan_saved")[0]
    assert event.payload == {"mentee": str(young.pseudonym), "items": 2,
                             "supporters": ["methodologist", "psychologist"], "first": True}
    page = curator.get("/s/sch-1/matching/queue").get_data(as_text=True)
    assert "Очередь ожидания наставника" in page
    assert "Педагог-психолог" in page and "Петрова Инна Сергеевна" in page
    assert "Разбор рабочей программы" in page


def test_a_plan_needs_a_filled_row_and_says_what_is_missing(school, curator):
    young = mentee(school, "Лебедева")
    path = f"/s/sch-1/matching/queue/{young.id}/plan"
    empty = curator.post(path, data={"csrf_token": csrf_token(curator, path)})
    assert empty.status_code == 400
    assert "Добавьте хотя бы одну строку плана" in empty.get_data(as_text=True)
    half = curator.post(path, data={**plan_rows({"person": "Петрова"}),
                                    "csrf_token": csrf_token(curator, path)})
    text = half.get_data(as_text=True)
    assert half.status_code == 400
    assert "Строка 1: выберите, кто сопровождает, из списка." in text
    assert "Строка 1: опишите, в чём состоит поддержка." in text
    assert "Строка 1: укажите срок." in text
    assert db.session.scalar(select(func.count()).select_from(SupportPlan)) == 0


def test_saving_the_same_plan_twice_records_it_once(school, curator):
    young = mentee(school, "Лебедева")
    path = f"/s/sch-1/matching/queue/{young.id}/plan"
    token = csrf_token(curator, path)
    for _ in range(2):
        curator.post(path, data={**plan_rows(PSYCHOLOGIST), "csrf_token": token})
    assert len(events_of("support.plan_saved")) == 1
    assert db.session.scalar(select(func.count()).select_from(SupportItem)) == 1
    edited = {**PSYCHOLOGIST, "support": "Посещение уроков и разбор"}
    curator.post(path, data={**plan_rows(edited), "csrf_token": token})
    assert [e.payload["first"] for e in events_of("support.plan_saved")] == [True, False]
    assert db.session.scalar(select(SupportItem.support)) == "Посещение уроков и разбор"


def test_the_queue_counts_days_and_marks_mentors_new_since_the_plan(school, travel_to):
    travel_to("2026-10-01")
    with occurring_at(dt.date(2026, 10, 1)):
        young = mentee(school, "Лебедева")
    old = mentor(school, "Орлова")
    travel_to("2026-10-10")
    save_plan(school, young, [{"supporter": "curator", "support": "Встречи раз в неделю",
                               "due_on": DUE}])
    db.session.commit()
    travel_to("2026-10-20")
    new = mentor(school, "Соколова")
    travel_to("2026-11-27")
    [row] = queue(school)
    assert (row.since, row.days) == (dt.date(2026, 10, 1), 57)
    assert {p.mentor.id for p in row.proposals} == {old.id, new.id}
    assert row.new_mentors == {new.id}
    assert row.network == []  # the school is not in the municipality's network


def test_network_mentors_are_shown_through_the_hook(school, curator, monkeypatch):
    mentee(school, "Лебедева")
    monkeypatch.setattr(support, "_NETWORK_PROPOSALS", [])
    support.add_network_proposals(lambda school, mentee: ["Наставник № 7 (другая школа)"])
    page = curator.get("/s/sch-1/matching/queue").get_data(as_text=True)
    assert "Сетевые наставники" in page and "Наставник № 7 (другая школа)" in page


def test_5_3_completes_when_every_waiting_mentee_has_a_plan(school):
    ensure_school_roadmap(school, 2026)
    first, second = mentee(school, "Лебедева"), mentee(school, "Волкова")
    item = {"supporter": "psychologist", "support": "Консультации", "due_on": DUE}

    def status() -> str:
        return next(a for a in school_roadmap(school, 2026) if a.code == "5.3").status

    save_plan(school, first, [item])
    db.session.commit()
    assert status() != "done"  # Волкова still has no plan
    save_plan(school, second, [item])
    db.session.commit()
    assert status() == "done"


def test_a_plan_is_for_a_waiting_mentee_only(school, curator):
    young, elder = mentee(school, "Лебедева"), mentor(school, "Орлова")
    from nastavnik.tenants.matching.services import accept
    accept(school, young, elder, "traditional", dt.date(2026, 12, 1), dt.date(2027, 5, 31))
    db.session.commit()
    assert curator.get(f"/s/sch-1/matching/queue/{young.id}/plan").status_code == 404


def test_staff_subjects_are_read_as_questionnaire_codes(school):
    codes = subject_codes(school)
    assert subjects_of("Математика, физика", codes) == {"math", "physics"}
    assert subjects_of("русский язык", codes) == {"russian"}
    assert subjects_of("Начальные классы; ОБЖ", codes) == {"primary"}
    assert subjects_of("", codes) == frozenset()


def test_concurrent_clicks_save_one_plan(school, tab):  # noqa: F811 - the fixture above
    for round_ in range(ROUNDS):
        young = mentee(school, f"Лебедева{round_}")
        clicks(tab, f"/s/sch-1/matching/queue/{young.id}/plan", plan_rows(PSYCHOLOGIST))
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(SupportPlan)) == ROUNDS
    assert db.session.scalar(select(func.count()).select_from(SupportItem)) == ROUNDS
    assert len(events_of("support.plan_saved")) == ROUNDS


def test_hostile_plan_text_is_escaped(school, curator):
    young = mentee(school, "Лебедева")
    hostile = "<script>alert(1)</script>"
    save_plan(school, young, [{"supporter": "other_teacher", "person": hostile,
                               "support": hostile, "due_on": DUE}])
    db.session.commit()
    for path in ("/s/sch-1/matching/queue", f"/s/sch-1/matching/queue/{young.id}/plan"):
        page = curator.get(path).get_data(as_text=True)
        assert hostile not in page and "&lt;script&gt;" in page, path
    assert hostile not in str(events_of("support.plan_saved")[0].payload)
