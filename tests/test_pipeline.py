"""The one request pipeline: every request declares where it stands, a request that has
entered no scope sees no school, a GET never writes, a write commits once, and a refusal
is one type shown on the form, as a page, or as JSON under /api/."""

from __future__ import annotations

import pytest
from conftest import csrf_token, make_test_app, section_labels
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from nastavnik.extensions import db
from nastavnik.platform.events import Event
from nastavnik.platform.models import Region
from nastavnik.platform.pipeline import (
    Standing,
    WriteInSafeRequest,
    check_declared,
    stands_in,
    undeclared_endpoints,
)
from nastavnik.platform.rejections import Rejected
from nastavnik.platform.roles import Role
from nastavnik.tenants.roadmap.models import RoadmapActivity
from nastavnik.tenants.roadmap.services import open_current_roadmaps, school_roadmap
from nastavnik.tenants.teachers.models import Teacher
from nastavnik.tenants.teachers.services import add_teacher


def count(model) -> int:
    db.session.rollback()  # read what is committed, not what this session holds
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def probe_app(app):
    """A second app over the same database, to which a test may add its own routes."""
    return make_test_app()


@pytest.fixture
def commits():
    """The number of commits made while the test runs, by anyone in this process."""
    made = []

    def counted(_session):
        made.append(1)

    event.listen(Session, "after_commit", counted)
    yield made
    event.remove(Session, "after_commit", counted)


def test_every_endpoint_declares_where_it_stands(app):
    assert undeclared_endpoints(app) == []


def test_an_endpoint_that_declares_nothing_stops_the_start(probe_app):
    probe_app.add_url_rule("/forgotten", "forgotten", lambda: "everything")
    with pytest.raises(RuntimeError, match="forgotten"):
        check_declared(probe_app)


def test_an_endpoint_that_declares_nothing_is_refused(probe_app):
    probe_app.add_url_rule("/forgotten", "forgotten", lambda: "everything")
    response = probe_app.test_client().get("/forgotten")
    assert response.status_code == 404
    assert "everything" not in response.get_data(as_text=True)


def test_a_request_that_entered_no_scope_sees_no_school(probe_app, make_school):
    school = make_school()
    add_teacher(school, last_name="Орлова", first_name="Наталья")
    db.session.commit()

    @stands_in(Standing.PUBLIC)
    def teachers_seen():
        return str(db.session.scalar(select(func.count()).select_from(Teacher)))

    probe_app.add_url_rule("/teachers-seen", "teachers_seen", teachers_seen)
    assert count(Teacher) == 1
    assert probe_app.test_client().get("/teachers-seen").get_data(as_text=True) == "0"


def test_a_get_that_tries_to_write_fails_and_writes_nothing(probe_app):
    @stands_in(Standing.PUBLIC)
    def sneaky():
        db.session.add(Region(slug="sneaky", name="Записанный GET", code="sneaky"))
        db.session.flush()
        return "written"

    probe_app.add_url_rule("/sneaky", "sneaky", sneaky)
    with pytest.raises(WriteInSafeRequest):  # in production: the Russian 500 page
        probe_app.test_client().get("/sneaky")
    assert count(Region) == 0


@pytest.fixture
def school_world(make_school, make_user):
    school = make_school("sch-1")
    users = {role: make_user(role, school) for role in (Role.CURATOR, Role.DIRECTOR,
                                                        Role.MENTOR, Role.MENTEE)}
    users[Role.METHODOLOGIST] = make_user(Role.METHODOLOGIST, school.municipality)
    users[Role.REGIONAL_OPERATOR] = make_user(Role.REGIONAL_OPERATOR, school.region)
    users[Role.ADMIN] = make_user(Role.ADMIN)
    return school, users


SCHOOL_PAGES = ["/s/sch-1/", "/s/sch-1/roadmap/", "/s/sch-1/pairs/", "/s/sch-1/documents/",
                "/s/sch-1/teachers/", "/s/sch-1/banks/mentees/", "/s/sch-1/consents/",
                "/s/sch-1/audit/"]


@pytest.mark.parametrize("role", [Role.METHODOLOGIST, Role.REGIONAL_OPERATOR, Role.ADMIN,
                                  Role.CURATOR, Role.DIRECTOR, Role.MENTOR, Role.MENTEE])
def test_opening_pages_writes_nothing(school_world, logged_in, commits, role):
    school, users = school_world
    client = logged_in(users[role])
    events_before, commits_before = count(Event), len(commits)
    places = [f"/m/{school.municipality.slug}/", f"/m/{school.municipality.slug}/roadmap-template/",
              f"/r/{school.region.slug}/", "/admin/"]
    statuses = {path: client.get(path).status_code for path in SCHOOL_PAGES + places}
    assert 500 not in statuses.values(), statuses
    assert len(commits) == commits_before  # not one commit, even of nothing
    assert count(Event) == events_before
    assert count(RoadmapActivity) == 0  # looking at a roadmap does not open one


def test_a_write_commits_once_and_a_refused_write_not_at_all(school_world, logged_in,
                                                               commits):
    _school, users = school_world
    client = logged_in(users[Role.CURATOR])
    token = csrf_token(client, "/s/sch-1/teachers/")
    before = len(commits)
    added = client.post("/s/sch-1/teachers/", data={
        "csrf_token": token, "last_name": "Орлова", "first_name": "Наталья",
        "middle_name": "Сергеевна", "position": "учитель"})
    assert added.status_code == 302
    assert len(commits) == before + 1
    refused = client.post("/s/sch-1/teachers/", data={"csrf_token": token, "last_name": ""})
    assert refused.status_code == 400
    assert len(commits) == before + 1
    assert count(Teacher) == 1


def test_this_years_roadmap_opens_by_the_job_by_a_new_school_and_by_the_curator(
        school_world, logged_in, make_user):
    school, users = school_world
    assert open_current_roadmaps() == 1
    db.session.commit()
    assert open_current_roadmaps() == 0  # idempotent: the daily job opens each year once

    admin = logged_in(users[Role.ADMIN])
    token = csrf_token(admin, "/admin/schools")
    created = admin.post("/admin/schools", data={
        "csrf_token": token, "municipality_id": school.municipality_id, "name": "МБОУ «СОШ № 9»",
        "short_name": "СОШ № 9", "slug": "sch-9", "code": "sch-9"})
    assert created.status_code == 302, created.get_data(as_text=True)
    opened = db.session.scalars(select(Event.type).where(Event.type == "roadmap.created"))
    assert len(opened.all()) == 2

    admin.post("/logout", data={"csrf_token": csrf_token(admin, "/")})
    curator = logged_in(users[Role.CURATOR])
    next_year = school_roadmap(school, 2025)  # the seed's year: never opened
    assert next_year == []
    page = curator.get("/s/sch-1/roadmap/?year=2025").get_data(as_text=True)
    assert "ещё не открыта" in page
    opened = curator.post("/s/sch-1/roadmap/open?year=2025",
                          data={"csrf_token": csrf_token(curator, "/s/sch-1/roadmap/")})
    assert opened.status_code == 302
    db.session.rollback()
    assert len(school_roadmap(school, 2025)) == 19


def test_only_the_curator_may_open_a_roadmap(school_world, logged_in):
    _school, users = school_world
    client = logged_in(users[Role.METHODOLOGIST])
    token = csrf_token(client, "/s/sch-1/roadmap/")
    assert client.post("/s/sch-1/roadmap/open", data={"csrf_token": token}).status_code == 403
    assert count(RoadmapActivity) == 0


@pytest.mark.parametrize("role", [Role.CURATOR, Role.DIRECTOR, Role.MENTOR, Role.MENTEE,
                                  Role.METHODOLOGIST, Role.REGIONAL_OPERATOR, Role.ADMIN])
def test_the_tabs_a_user_sees_are_the_pages_they_may_open(school_world, logged_in, role):
    """Navigation and routes ask the same permission table."""
    _school, users = school_world
    client = logged_in(users[role])
    shown = set(section_labels(client.get("/s/sch-1/").get_data(as_text=True)))
    tabs = {"Дорожная карта": "/s/sch-1/roadmap/", "Документы": "/s/sch-1/documents/",
            "Педагоги": "/s/sch-1/teachers/", "Банки": "/s/sch-1/banks/mentees/",
            "Согласия": "/s/sch-1/consents/", "Пары и группы": "/s/sch-1/pairs/",
            "Обучение": "/s/sch-1/training/", "Подбор": "/s/sch-1/matching/",
            "Программы": "/s/sch-1/programs/"}
    for label, path in tabs.items():
        reachable = client.get(path).status_code == 200
        assert (label in shown) == reachable, (label, role)


def test_a_refusal_under_the_api_is_a_json_error(probe_app):
    @stands_in(Standing.PUBLIC)
    def refuse():
        raise Rejected({"name": ["Укажите имя."]})

    probe_app.add_url_rule("/api/v1/probe", "api_probe", refuse, methods=["POST"])
    probe_app.config["WTF_CSRF_ENABLED"] = False
    response = probe_app.test_client().post("/api/v1/probe")
    assert response.status_code == 422
    assert response.json["errors"] == {"name": ["Укажите имя."]}
    assert response.json["status"] == "Данные не приняты"


def test_a_refusal_no_form_caught_is_a_russian_page_listing_why(probe_app):
    @stands_in(Standing.PUBLIC)
    def refuse():
        raise Rejected({"name": ["Укажите имя."], "_schema": ["Ничего не сохранено."]})

    probe_app.add_url_rule("/probe", "probe", refuse)
    response = probe_app.test_client().get("/probe")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Укажите имя." in page and "Ничего не сохранено." in page


def test_can_applies_the_rule_roles_here_and_the_object_rule(app):
    from flask import g
    from werkzeug.exceptions import Forbidden, NotFound

    from nastavnik.platform.permissions import allow, can, declare, require

    probe = declare("probe", own=allow(Role.MENTOR, when=lambda item: item == "mine"),
                    secret=allow(Role.CURATOR, hidden=True))
    with app.test_request_context("/"):
        g.roles = {Role.MENTOR}  # as entering a school where the user is a mentor sets it
        assert can(probe.own) and can(probe.own, "mine")
        assert not can(probe.own, "theirs")
        with pytest.raises(Forbidden):
            require(probe.own, "theirs")
        with pytest.raises(NotFound):  # a hidden page does not reveal that it exists
            require(probe.secret)
        g.roles = set()  # a role held elsewhere is not held here
        assert not can(probe.own, "mine")
