"""The platform's one clock: the school's day turns at the school's midnight, the academic
year on 1 September, and the region's time zone is the administrator's to set."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from conftest import csrf_token, moment_of
from sqlalchemy import select

from config import load_config
from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.events import Event, occurring_at, record
from nastavnik.platform.models import Region
from nastavnik.platform.roles import Role

# 21:30 UTC on 31 August 2027: already 1 September in Moscow (00:30) and Vladivostok
# (07:30), still 31 August in Kaliningrad (23:30).
TURN_OF_THE_YEAR = dt.datetime(2027, 8, 31, 21, 30, tzinfo=dt.UTC)


@pytest.fixture
def schools(make_region, make_municipality, make_school):
    """A school in each of three zones, by zone."""
    found = {}
    for zone in ("Europe/Kaliningrad", "Europe/Moscow", "Asia/Vladivostok"):
        slug = zone.split("/")[1].lower()
        region = make_region(f"r-{slug}", timezone=zone)
        found[zone] = make_school(slug, make_municipality(f"m-{slug}", region))
    return found


def added(school) -> Event:
    return record("teacher.added", {"teacher": str(uuid.uuid4()), "young_specialist": True},
                  school=school)


@pytest.mark.parametrize(("day", "start_year"), [
    (dt.date(2027, 8, 31), 2026), (dt.date(2027, 9, 1), 2027),
    (dt.date(2027, 12, 31), 2027), (dt.date(2028, 1, 1), 2027),
    (dt.date(2028, 2, 29), 2027),
])
def test_the_academic_year_runs_from_1_september_to_31_august(day, start_year):
    assert clock.academic_year_of(day) == start_year


def test_each_school_turns_the_day_and_the_year_at_its_own_midnight(schools, travel_to):
    travel_to(TURN_OF_THE_YEAR, tick=False)
    days = {zone: clock.today(school) for zone, school in schools.items()}
    assert days == {"Europe/Kaliningrad": dt.date(2027, 8, 31),
                    "Europe/Moscow": dt.date(2027, 9, 1),
                    "Asia/Vladivostok": dt.date(2027, 9, 1)}
    events = {zone: added(school) for zone, school in schools.items()}
    db.session.commit()
    assert {zone: e.academic_year for zone, e in events.items()} == {
        "Europe/Kaliningrad": 2026, "Europe/Moscow": 2027, "Asia/Vladivostok": 2027}
    assert {e.occurred_at for e in events.values()} == {TURN_OF_THE_YEAR}


def test_a_bare_date_is_noon_at_the_school_and_never_a_moment_to_come(schools, travel_to):
    travel_to(TURN_OF_THE_YEAR, tick=False)
    vladivostok, moscow = schools["Asia/Vladivostok"], schools["Europe/Moscow"]
    with occurring_at(dt.date(2027, 3, 15)):
        past = added(vladivostok)
    with occurring_at(dt.date(2027, 9, 1)):  # today in Moscow, where it is 00:30
        today = added(moscow)
    db.session.commit()
    assert past.occurred_at == dt.datetime(2027, 3, 15, 2, tzinfo=dt.UTC)  # 12:00 at UTC+10
    assert (today.occurred_at, today.academic_year) == (TURN_OF_THE_YEAR, 2027)


def test_pages_show_moments_on_the_schools_wall_clock(schools, make_user, logged_in,
                                                       travel_to):
    travel_to(TURN_OF_THE_YEAR, tick=False)
    school = schools["Asia/Vladivostok"]
    added(school)
    db.session.commit()
    client = logged_in(make_user(Role.CURATOR, school))
    page = client.get(f"/s/{school.slug}/audit/").get_data(as_text=True)
    assert "1 сентября 2027 г., 07:30" in page and "31 августа" not in page


def test_the_session_clock_and_a_tests_own_travel_nest(travel_to):
    assert moment_of("2027-09-01") == clock.at_noon(dt.date(2027, 9, 1))
    assert moment_of("2027-09-01T00:30") == dt.datetime(2027, 9, 1, 0, 30, tzinfo=clock.zone())
    outer = clock.today()
    travel_to("2031-03-15")
    assert clock.today() == dt.date(2031, 3, 15) and clock.current_academic_year() == 2030
    travel_to(dt.date(2031, 3, 15) + dt.timedelta(days=200))
    assert clock.today() == dt.date(2031, 10, 1)
    assert outer <= dt.date(2031, 3, 15) or outer > dt.date(2031, 10, 1)  # any run date


# The region's zone, set by the administrator --------------------------------------------

def test_the_deployments_zone_is_configured_and_checked():
    development = {"NASTAVNIK_ENV": "development"}
    assert load_config(development)["SCHOOL_TIMEZONE"] == clock.DEFAULT_ZONE
    omsk = load_config({**development, "SCHOOL_TIMEZONE": "Asia/Omsk"})
    assert omsk["BABEL_DEFAULT_TIMEZONE"] == "Asia/Omsk"
    with pytest.raises(RuntimeError, match="SCHOOL_TIMEZONE"):
        load_config({**development, "SCHOOL_TIMEZONE": "Omsk"})


def test_a_new_region_has_the_deployments_zone(app, make_region):
    assert make_region("plain").timezone == app.config["SCHOOL_TIMEZONE"]


@pytest.fixture
def admin(make_user, logged_in):
    return logged_in(make_user(Role.ADMIN))


def post(client, path: str, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def test_the_administrator_adds_a_region_in_its_zone(admin):
    response = post(admin, "/admin/regions", name="Новосибирская область", slug="nsk",
                    code="54", timezone=" Asia/Novosibirsk ")
    assert response.status_code == 302
    region = db.session.scalar(select(Region).where(Region.slug == "nsk"))
    assert region.timezone == "Asia/Novosibirsk"
    assert "Asia/Novosibirsk" in admin.get("/admin/regions").get_data(as_text=True)


@pytest.mark.parametrize("zone", [
    "Mars/Olympus", "Москва", "../../../etc/passwd", "/etc/localtime", "Europe/Moscow\nX",
    "MSK+3", "x" * 300, "",
])
def test_an_unknown_zone_is_refused_in_russian_and_nothing_saved(admin, make_region, zone):
    response = post(admin, "/admin/regions", name="Область", slug="new", code="99",
                    timezone=zone)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Неизвестный часовой пояс" in page or "Заполните это поле." in page \
        or "Не длиннее 64 символов." in page
    assert db.session.scalar(select(Region).where(Region.slug == "new")) is None
    region = make_region("kept")
    response = post(admin, f"/admin/regions/{region.id}/timezone", timezone=zone)
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Region, region.id).timezone == clock.DEFAULT_ZONE


def test_the_administrator_moves_a_region_to_another_zone(admin, make_region, make_school,
                                                          make_municipality):
    region = make_region("east")
    school = make_school("east-1", make_municipality("east-m", region))
    page = admin.get(f"/admin/regions/{region.id}/timezone").get_data(as_text=True)
    assert f'value="{clock.DEFAULT_ZONE}"' in page
    response = post(admin, f"/admin/regions/{region.id}/timezone", timezone="Europe/Kaliningrad")
    assert response.status_code == 302
    db.session.expire_all()
    assert clock.zone(db.session.get(type(school), school.id)).key == "Europe/Kaliningrad"
    assert admin.get("/admin/regions/2147483648/timezone").status_code == 404
    assert admin.get("/admin/regions/999/timezone").status_code == 404


@pytest.mark.parametrize("role", [Role.REGIONAL_OPERATOR, Role.CURATOR])
def test_only_the_administrator_sets_a_zone(make_region, make_school, make_user, logged_in,
                                            role):
    region = make_region("guarded")
    place = region if role is Role.REGIONAL_OPERATOR else make_school("g-1")
    client = logged_in(make_user(role, place))
    path = f"/admin/regions/{region.id}/timezone"
    assert client.get(path).status_code == 404
    assert client.post(path, data={"timezone": "Asia/Omsk"}).status_code in (400, 404)
    db.session.expire_all()
    assert db.session.get(Region, region.id).timezone == clock.DEFAULT_ZONE
