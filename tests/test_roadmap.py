"""The school roadmap: made from the seed per academic year, adjusted by the municipality,
kept by the curator, completed by what the platform sees happening."""

import datetime as dt
import re
import uuid
from types import SimpleNamespace

import pytest
from bank_helpers import in_mentee_bank, in_mentor_bank
from conftest import AUTUMN_2026, csrf_token, section_labels
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform.events import Event
from nastavnik.platform.models import School
from nastavnik.platform.roles import Role
from nastavnik.tenants.pairs.services import form_pair
from nastavnik.tenants.roadmap.models import RoadmapActivity, RoadmapTemplate
from nastavnik.tenants.roadmap.services import (
    complete_from_event,
    ensure_school_roadmap,
    overdue,
    rule_matches,
    stage_progress,
    update_activity,
)
from nastavnik.tenants.roadmap.statuses import Status
from nastavnik.tenants.teachers.services import add_teacher

SEED_CODES = ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2",
              "4.3", "5.1", "5.2", "5.3", "6.1", "6.2", "6.3", "7.1"]
# The fixed dates below belong to the 2026/2027 school year, seen from its autumn.
pytestmark = pytest.mark.usefixtures("autumn_2026")


@pytest.fixture
def municipality(make_municipality):
    return make_municipality("mun-1")


@pytest.fixture
def school(make_school, municipality):
    return make_school("sch-1", municipality)


def activity(school, code: str, year: int = 2026) -> RoadmapActivity:
    return db.session.scalar(select(RoadmapActivity).where(
        RoadmapActivity.school_id == school.id, RoadmapActivity.academic_year == year,
        RoadmapActivity.code == code))


def stored_status(app, school, code: str) -> str:
    """Read back in a fresh app context, free of the scope the last request left on ``g``."""
    with app.app_context():
        return activity(school, code).status


def events_of(type_: str) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.type == type_)
                                   .order_by(Event.position)))


def text_of(response) -> str:
    """The page as a reader sees it: tags gone, spaces (also non-breaking) collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


# Made from the seed, once per school and year ---------------------------------------------

def test_roadmap_is_made_from_the_seed_with_seven_stages(school):
    activities = ensure_school_roadmap(school, 2026)
    db.session.commit()
    assert [a.code for a in activities] == SEED_CODES
    assert {a.stage for a in activities} == set(range(1, 8))
    assert all(a.status == Status.PLANNED for a in activities)
    first, whole_year = activities[0], activities[-1]
    assert (first.due_from, first.due_to) == (dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    assert (whole_year.due_from, whole_year.due_to) == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    assert activity(school, "6.2").due_from == dt.date(2027, 4, 1)
    assert activity(school, "1.1").responsible == "Руководитель ОО"
    [created] = events_of("roadmap.created")
    assert created.version == 2
    assert {k: created.payload[k] for k in ("academic_year", "activities",
                                             "municipal_template")} == {
        "academic_year": 2026, "activities": 19, "municipal_template": False}
    # The windows of every activity travel with it: the log alone tells what is overdue.
    assert created.payload["codes"] == SEED_CODES
    assert created.payload["due_from"][0] == "2026-09-01"
    assert created.payload["due_to"][-1] == "2027-08-31"


def test_roadmap_is_made_once(school):
    first = ensure_school_roadmap(school, 2026)
    db.session.commit()
    assert ensure_school_roadmap(school, 2026) == first
    db.session.commit()
    assert len(events_of("roadmap.created")) == 1


def test_each_academic_year_gets_its_own_roadmap(school, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    unopened = text_of(client.get("/s/sch-1/roadmap/"))
    assert "Дорожная карта на 2026/2027 учебный год ещё не открыта" in unopened
    token = csrf_token(client, "/s/sch-1/roadmap/")
    for year in (2026, 2025):
        opened = client.post(f"/s/sch-1/roadmap/open?year={year}", data={"csrf_token": token})
        assert opened.status_code == 302
    current = text_of(client.get("/s/sch-1/roadmap/"))
    assert "Дорожная карта на 2026/2027 учебный год" in current
    assert "1 сентября 2026" in current
    previous = text_of(client.get("/s/sch-1/roadmap/?year=2025"))
    assert "Дорожная карта на 2025/2026 учебный год" in previous
    assert "1 сентября 2025" in previous
    assert {e.payload["academic_year"] for e in events_of("roadmap.created")} == {2025, 2026}
    assert client.get("/s/sch-1/roadmap/?year=1999").status_code == 404


def test_page_shows_the_seven_stages_in_russian(school, make_user, logged_in):
    ensure_school_roadmap(school, 2026)
    db.session.commit()
    client = logged_in(make_user(Role.DIRECTOR, school))
    page = text_of(client.get("/s/sch-1/roadmap/"))
    assert "1. Подготовка условий для реализации системы (целевой модели) наставничества" in page
    assert "7. Информационная поддержка системы (целевой модели) наставничества" in page
    assert "«установочные сессии»" in page
    assert "Запланировано" in page
    assert "Изменить" not in page  # the director reads, the curator edits


# The municipality's template ------------------------------------------------------------

def methodologist_post(client, path: str, **data):
    token = csrf_token(client, "/m/mun-1/roadmap-template/")
    return client.post(path, data={"csrf_token": token, **data})


def test_municipal_adjustment_applies_to_new_roadmaps_only(app, school, make_school, make_user,
                                                           logged_in):
    other_school = make_school("sch-other")
    ensure_school_roadmap(school, 2026)
    db.session.commit()
    client = logged_in(make_user(Role.METHODOLOGIST, school.municipality))
    page = text_of(client.get("/m/mun-1/roadmap-template/"))
    assert "уже составленные дорожные карты школ не меняются" in page

    assert methodologist_post(client, "/m/mun-1/roadmap-template/1.2/edit",
                              title="Положение о наставничестве (новая редакция)",
                              result="Положение", responsible="Куратор",
                              due_from_month="1", due_to_month="2").status_code == 302
    assert methodologist_post(client, "/m/mun-1/roadmap-template/4.2/remove").status_code == 302
    assert methodologist_post(client, "/m/mun-1/roadmap-template/stage/7/add",
                              title="Публикация к Дню наставника (2 марта)",
                              due_from_month="5", due_to_month="6").status_code == 302

    # Next year's roadmap is made outside any request, as a worker would.
    with app.app_context():
        assert_adjusted_from_2027(db.session.get(School, school.id),
                                  db.session.get(School, other_school.id))


def assert_adjusted_from_2027(school, other_school):
    assert activity(school, "1.2").title.startswith("Положение о системе")  # 2026 kept
    assert activity(school, "4.2") is not None
    codes = [a.code for a in ensure_school_roadmap(school, 2027)]
    assert "4.2" not in codes and codes[-1] == "7.2"
    adjusted = activity(school, "1.2", 2027)
    assert adjusted.title == "Положение о наставничестве (новая редакция)"
    assert (adjusted.due_from, adjusted.due_to) == (dt.date(2027, 10, 1), dt.date(2027, 11, 30))
    assert activity(school, "7.2", 2027).due_to == dt.date(2028, 3, 31)
    other = [a.code for a in ensure_school_roadmap(other_school, 2027)]
    assert other == SEED_CODES  # another municipality keeps the default seed


def test_template_window_must_be_ordered_and_nothing_is_saved(school, make_user, logged_in):
    client = logged_in(make_user(Role.METHODOLOGIST, school.municipality))
    response = methodologist_post(client, "/m/mun-1/roadmap-template/1.2/edit", title="",
                                  due_from_month="5", due_to_month="2")
    assert response.status_code == 400
    assert "Заполните это поле." in text_of(response)
    response = methodologist_post(client, "/m/mun-1/roadmap-template/1.2/edit", title="Т",
                                  due_from_month="5", due_to_month="2")
    assert "Срок окончания не может быть раньше начала." in text_of(response)
    ensure_school_roadmap(school, 2027)
    assert activity(school, "1.2", 2027).due_from == dt.date(2027, 9, 1)
    assert methodologist_post(client, "/m/mun-1/roadmap-template/9.9/edit",
                              title="Т").status_code == 404


def test_template_is_the_methodologists_to_change(school, make_municipality, make_user,
                                                   logged_in, client):
    logged_in(make_user(Role.METHODOLOGIST, make_municipality("mun-2")))
    assert client.get("/m/mun-1/roadmap-template/").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_token(client, "/m/mun-2/")})
    logged_in(make_user(Role.CURATOR, school))
    assert client.get("/m/mun-1/roadmap-template/").status_code == 404


def test_the_template_is_a_tab_of_the_municipality(school, make_user, logged_in):
    client = logged_in(make_user(Role.METHODOLOGIST, school.municipality))
    page = client.get("/m/mun-1/").get_data(as_text=True)
    assert section_labels(page) == ["Муниципалитет", "Шаблон дорожной карты",
                                   "Обучение наставников", "Сетевое наставничество",
                                   "Сборник практик", "Отчёты"]
    assert 'href="/m/mun-1/roadmap-template/"' in page


# The curator keeps the roadmap ----------------------------------------------------------

def edit(client, school_slug: str, activity_id: int, **data):
    path = f"/s/{school_slug}/roadmap/{activity_id}/edit"
    token = csrf_token(client, f"/s/{school_slug}/")
    return client.post(path, data={"csrf_token": token, **data})


def test_curator_updates_an_activity_and_it_is_recorded(school, make_user, logged_in):
    ensure_school_roadmap(school, 2026)
    target = activity(school, "6.3")
    target.auto_complete = None  # kept by hand, as a municipality's template may keep it
    db.session.commit()
    client = logged_in(make_user(Role.CURATOR, school))
    assert client.get(f"/s/sch-1/roadmap/{target.id}/edit").status_code == 200
    response = edit(client, "sch-1", target.id, status="done", responsible="Петрова А. И.",
                    evidence_url="https://school.ru/nastavnichestvo/sessiya",
                    evidence_note="Установочная сессия 12.10, 8 наставников.")
    assert response.status_code == 302
    db.session.expire_all()
    saved = activity(school, "6.3")
    assert (saved.status, saved.responsible, saved.completed_automatically) == (
        "done", "Петрова А. И.", False)
    assert [e.payload for e in events_of("roadmap.activity_updated")] == [
        {"activity": "6.3", "academic_year": 2026, "status": "done", "automatic": False,
         "due_from": "2027-05-01", "due_to": "2027-05-31", "completed_on": "2026-11-27"}]
    page = text_of(client.get("/s/sch-1/roadmap/"))
    assert "Выполнено" in page and "Петрова А. И." in page and "Открыть подтверждение" in page


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.MENTOR])
def test_only_the_curator_edits(app, school, make_user, logged_in, role):
    ensure_school_roadmap(school, 2026)
    db.session.commit()
    target = activity(school, "1.1")
    client = logged_in(make_user(role, school))
    assert client.get(f"/s/sch-1/roadmap/{target.id}/edit").status_code == 403
    assert edit(client, "sch-1", target.id, status="done").status_code == 403
    assert stored_status(app, school, "1.1") == "planned"


def test_another_schools_user_gets_404(app, school, make_school, make_user, logged_in):
    ensure_school_roadmap(school, 2026)
    db.session.commit()
    target = activity(school, "1.1")
    stranger_school = make_school("sch-2")
    client = logged_in(make_user(Role.CURATOR, stranger_school))
    assert client.get("/s/sch-1/roadmap/").status_code == 404
    assert client.get(f"/s/sch-2/roadmap/{target.id}/edit").status_code == 404
    assert edit(client, "sch-2", target.id, status="done").status_code == 404
    assert stored_status(app, school, "1.1") == "planned"


@pytest.mark.parametrize(("data", "message"), [
    ({"status": "finished"}, "Выберите статус из списка."),
    ({"status": "done", "evidence_note": "я" * 1001}, "Не длиннее 1000 символов."),
    ({"status": "done", "responsible": "я" * 201}, "Не длиннее 200 символов."),
    ({"status": "done", "evidence_url": "school.ru/doc"}, "Укажите ссылку целиком"),
    ({"status": "done", "evidence_url": "javascript:alert(1)"}, "Укажите ссылку целиком"),
])
def test_bad_input_is_explained_in_russian_and_nothing_saved(app, school, make_user, logged_in,
                                                             data, message):
    ensure_school_roadmap(school, 2026)
    db.session.commit()
    target = activity(school, "2.1")
    client = logged_in(make_user(Role.CURATOR, school))
    response = edit(client, "sch-1", target.id, **data)
    assert response.status_code == 400
    assert message in text_of(response)
    assert stored_status(app, school, "2.1") == "planned"
    assert events_of("roadmap.activity_updated") == []


def test_unknown_activity_is_404(school, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, school))
    assert client.get("/s/sch-1/roadmap/999999/edit").status_code == 404
    assert edit(client, "sch-1", 999999, status="done").status_code == 404


# Overdue and progress -------------------------------------------------------------------

def test_overdue_is_past_due_and_not_closed(school):
    activities = ensure_school_roadmap(school, 2026)
    activity(school, "1.1").status = Status.DONE
    activity(school, "1.4").status = Status.NOT_APPLICABLE
    activity(school, "4.1").status = Status.IN_PROGRESS
    late = [a.code for a in overdue(activities, AUTUMN_2026)]
    # Stage 1–3 and 4.1, 5.1 ended by 31 October; 4.2, 4.3, 5.2 run to 30 November.
    assert late == ["1.2", "1.3", "1.5", "2.1", "2.2", "3.1", "3.2", "4.1", "5.1"]
    assert overdue(activities, dt.date(2026, 9, 30)) == []


def test_progress_counts_done_of_applicable(school):
    activities = ensure_school_roadmap(school, 2026)
    activity(school, "1.1").status = Status.DONE
    activity(school, "1.2").status = Status.DONE
    activity(school, "1.4").status = Status.NOT_APPLICABLE
    first = stage_progress(activities)[0]
    assert (first["done"], first["applicable"], first["percent"]) == (2, 4, 50)


def test_home_panel_shows_progress_and_overdue_and_follows_updates(school, make_user,
                                                                   logged_in):
    ensure_school_roadmap(school, 2026)
    db.session.commit()
    client = logged_in(make_user(Role.CURATOR, school))
    home = text_of(client.get("/s/sch-1/"))
    assert "Дорожная карта 2026/2027" in home
    assert "1. Подготовка условий" in home and "0 из 5" in home
    assert "Срок прошёл: 11 мероприятий" in home
    assert "1.1. Приказ «Об утверждении положения" in home
    edit(client, "sch-1", activity(school, "1.1").id, status="not_applicable")
    home = text_of(client.get("/s/sch-1/"))
    assert "0 из 4" in home
    assert "Срок прошёл: 10 мероприятий" in home
    assert "1.1. Приказ «Об утверждении положения" not in home


def test_mentor_home_page_has_no_roadmap_panel(school, make_user, logged_in):
    client = logged_in(make_user(Role.MENTOR, school))
    assert "Дорожная карта" not in text_of(client.get("/s/sch-1/"))
    assert client.get("/s/sch-1/roadmap/").status_code == 403


# What the platform sees happening completes itself --------------------------------------

def pair_completions():
    return [e for e in events_of("roadmap.activity_updated") if e.payload["activity"] == "5.1"]


def test_forming_the_first_pair_completes_5_1(school, make_user, logged_in):
    mentor = in_mentor_bank(school, "Орлова")
    mentees = [in_mentee_bank(school, name) for name in ("Лебедева", "Соколова")]
    form_pair(school, mentor, mentees[:1], "traditional", dt.date(2026, 10, 1),
              dt.date(2027, 5, 31))
    db.session.commit()
    done = activity(school, "5.1")
    pair_event = events_of("pair.formed")[0]
    assert (done.status, done.completed_automatically) == ("done", True)
    assert done.completed_by_event == pair_event.event_id
    assert [e.payload for e in pair_completions()] == [
        {"activity": "5.1", "academic_year": 2026, "status": "done", "automatic": True,
         "due_from": "2026-10-01", "due_to": "2026-10-31", "completed_on": "2026-11-27"}]

    form_pair(school, mentor, mentees[1:], "traditional", dt.date(2026, 10, 1),
              dt.date(2027, 5, 31))
    db.session.commit()
    assert len(pair_completions()) == 1  # already done: said once

    client = logged_in(make_user(Role.CURATOR, school))
    page = text_of(client.get("/s/sch-1/roadmap/"))
    assert "Выполнено автоматически: Сформирована наставническая пара или группа" in page


def approved(kind: str, year: int = 2026) -> SimpleNamespace:
    """An event as the documents capability will record it when a document is approved."""
    return SimpleNamespace(event_id=uuid.uuid4(), type="document.approved",
                           payload={"document": 7, "kind": kind}, academic_year=year,
                           occurred_at=dt.datetime(2026, 9, 20, 9, 0, tzinfo=dt.UTC))


def test_approving_the_regulation_completes_1_2(school):
    ensure_school_roadmap(school, 2026)
    event = approved("regulation")
    completed = complete_from_event(event, school=school)
    db.session.commit()
    assert [a.code for a in completed] == ["1.2"]
    regulation = activity(school, "1.2")
    assert regulation.completed_automatically
    assert regulation.completed_by_event == event.event_id
    assert regulation.completed_at == event.occurred_at
    assert activity(school, "1.1").status == "planned"


def test_rules_match_type_and_payload_fields():
    rule = {"event": "consent.given", "where": {"bank": "mentees"}}
    given = SimpleNamespace(type="consent.given", payload={"bank": "mentees", "teacher": "x"})
    assert rule_matches(rule, given)
    assert not rule_matches(rule, SimpleNamespace(type="consent.given",
                                                  payload={"bank": "mentors"}))
    assert not rule_matches(rule, SimpleNamespace(type="consent.withdrawn",
                                                  payload={"bank": "mentees"}))
    assert rule_matches({"event": "pair.formed", "where": {}},
                        SimpleNamespace(type="pair.formed", payload={}))
    assert not rule_matches(None, given)


def test_a_done_or_not_required_activity_is_left_alone(school):
    ensure_school_roadmap(school, 2026)
    activity(school, "1.2").status = Status.NOT_APPLICABLE
    assert complete_from_event(approved("regulation"), school=school) == []
    assert activity(school, "1.2").status == "not_applicable"


def test_unrelated_events_make_no_roadmap(school):
    add_teacher(school, last_name="Орлова", first_name="Анна")
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(RoadmapActivity)) == 0
    # Only the platform's default template, which `flask reference seed` loads.
    assert db.session.scalar(select(func.count()).select_from(RoadmapTemplate)) == 1
    assert [e.type for e in db.session.scalars(select(Event))] == ["teacher.added"]


def test_a_completing_event_of_a_new_year_makes_that_years_roadmap(school):
    completed = complete_from_event(approved("roadmap", year=2027), school=school)
    db.session.commit()
    assert [(a.code, a.academic_year) for a in completed] == [("1.3", 2027)]
    assert len(ensure_school_roadmap(school, 2027)) == 19


def test_an_update_leaves_the_fields_it_does_not_name(school):
    ensure_school_roadmap(school, 2026)
    target = activity(school, "6.3")
    target.auto_complete = None  # kept by hand, as a municipality's template may keep it
    update_activity(school, target, {"status": "in_progress", "responsible": "Орлова Н. С.",
                                     "evidence_note": "Установочная сессия 12 октября"})
    update_activity(school, target, {"status": "done"})  # the note is its evidence
    db.session.commit()
    assert (target.status, target.responsible, target.evidence_note) == (
        "done", "Орлова Н. С.", "Установочная сессия 12 октября")
