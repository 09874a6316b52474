"""The school's audit page and activity panel: who sees them, and bad filters."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import Event, record
from nastavnik.platform.i18n import plural
from nastavnik.platform.roles import Role
from nastavnik.workers.projections import advance, find


def add_event(school, occurred_at: dt.datetime) -> None:
    record("teacher.added", {"teacher": str(uuid.uuid4()), "young_specialist": True},
           school=school, occurred_at=occurred_at)


@pytest.fixture
def school_with_log(make_school, travel_to):
    # The page shows when each event was recorded: today, set well after the events.
    travel_to("2027-03-15")
    school = make_school("audited")
    for day in range(1, 61):  # 60 events, one a day from 1 October 2026
        add_event(school, dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=day - 1))
    db.session.commit()
    return school


@pytest.mark.parametrize("role", [Role.CURATOR, Role.DIRECTOR])
def test_curator_and_director_page_through_events_newest_first(
        school_with_log, make_user, logged_in, role):
    client = logged_in(make_user(role, school_with_log))
    page = client.get("/s/audited/audit/").get_data(as_text=True)
    assert "60 событий" in page
    assert "Педагог внесён в список педагогических работников школы" in page
    assert page.index("29 ноября 2026") < page.index("28 ноября 2026")  # newest first
    assert "Страница 1 из 2" in page
    assert "15 марта 2027" in page  # recorded today
    second = client.get("/s/audited/audit/?page=2").get_data(as_text=True)
    assert "1 октября 2026" in second and "29 ноября 2026" not in second


@pytest.mark.parametrize("role", [Role.MENTOR, Role.MENTEE])
def test_mentors_and_mentees_may_not_read_the_audit_log(
        school_with_log, make_user, logged_in, role):
    client = logged_in(make_user(role, school_with_log))
    assert client.get("/s/audited/audit/").status_code == 403


def test_another_schools_curator_gets_not_found(school_with_log, make_school, make_user,
                                                logged_in):
    client = logged_in(make_user(Role.CURATOR, make_school("other")))
    assert client.get("/s/audited/audit/").status_code == 404


def test_filters_by_type_and_date_range(school_with_log, make_user, logged_in):
    client = logged_in(make_user(Role.CURATOR, school_with_log))
    page = client.get("/s/audited/audit/?type=teacher.added&since=2026-10-05&until=2026-10-07")
    assert "3 события" in page.get_data(as_text=True)


@pytest.mark.parametrize("query, message", [
    ("since=2026-13-45", "Неверное значение даты"),
    ("type=teacher.vanished", "Такого типа событий нет."),
    ("since=2026-10-10&until=2026-10-01", "Дата окончания раньше даты начала."),
    ("page=-5", None),
    ("page=abc", None),
    ("page=99999999999999999999", None),
])
def test_bad_filter_input_gets_a_russian_message_or_is_ignored(
        school_with_log, make_user, logged_in, query, message):
    client = logged_in(make_user(Role.DIRECTOR, school_with_log))
    response = client.get(f"/s/audited/audit/?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "60 событий" in page  # an invalid filter filters nothing
    if message:
        assert message in page


def test_school_home_shows_the_years_activity_from_the_projection(make_school, make_user,
                                                                   logged_in):
    school = make_school("active")
    now = clock.now()
    for _ in range(3):
        add_event(school, now)
    db.session.commit()
    client = logged_in(make_user(Role.CURATOR, school))
    assert "пока не было" in client.get("/s/active/").get_data(as_text=True)
    advance(find("school_year_activity"))
    # Opening the home page also created the year's roadmap, itself an event.
    recorded = db.session.scalar(select(func.count()).select_from(Event))
    page = client.get("/s/active/").get_data(as_text=True)
    assert plural(recorded, "событие", "события", "событий") in page
    assert "Журнал событий школы" in page
