"""Requests no page can answer: a NUL in the path, a database that goes away, a value
that would forge a log line."""

from __future__ import annotations

import logging

import psycopg
import pytest
from conftest import TEST_DATABASE_URL, csrf_token, make_test_app
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from nastavnik.extensions import db
from nastavnik.platform.pipeline import Standing, stands_in
from nastavnik.platform.roles import Role
from nastavnik.tenants.teachers.models import Teacher

NUL_PATHS = ["/s/%00/", "/login%00", "/s/sch%00/teachers/", "/s/sch/teachers/%00",
             "/s/sch/banks/%00/", "/m/%00/", "/static/%00nastavnik.css", "/%00"]
CLOSED_PORT = "postgresql+psycopg://postgres@127.0.0.1:1/nastavnik"


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_nul_in_the_path_is_not_found(client, make_school, make_user, logged_in, signed_in):
    school = make_school("sch")
    if signed_in:
        logged_in(make_user(Role.CURATOR, school))
    for path in NUL_PATHS:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Страница не найдена" in response.get_data(as_text=True), path


def probe_app(**overrides):
    """The application with two extra pages that read the teachers, one of which loses
    its database connection half-way: killed from another connection, as a restart or
    a failover would."""
    app = make_test_app(**overrides)

    def count() -> str:
        return str(db.session.scalar(select(func.count()).select_from(Teacher)))

    def count_after_losing_the_connection() -> str:
        pid = db.session.scalar(text("SELECT pg_backend_pid()"))
        url = make_url(TEST_DATABASE_URL)
        with psycopg.connect(host=url.host, port=url.port, user=url.username,
                             dbname=url.database, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        return count()

    def a_query_the_database_refuses() -> str:
        return str(db.session.scalar(text("SELECT 1 / 0")))

    for path, view in (("/probe/count", count), ("/api/probe/count", count),
                       ("/probe/lost", count_after_losing_the_connection),
                       ("/api/probe/lost", count_after_losing_the_connection),
                       ("/probe/refused", a_query_the_database_refuses)):
        app.add_url_rule(path, path, stands_in(Standing.PUBLIC)(view))
    return app


def assert_unavailable_page(response) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 503, page
    assert "Сервис временно недоступен" in page and "Нет связи с базой данных" in page
    assert int(response.headers["Retry-After"]) > 0


def test_a_connection_killed_mid_request_is_a_russian_503(app):
    probe = probe_app()
    client = probe.test_client()
    assert client.get("/probe/count").get_data(as_text=True) == "0"

    assert_unavailable_page(client.get("/probe/lost"))
    response = client.get("/api/probe/lost")
    assert response.status_code == 503 and response.is_json
    assert response.json["message"].startswith("Нет связи с базой данных")
    # The pool threw the dead connection away: the next request is served.
    assert client.get("/probe/count").get_data(as_text=True) == "0"


def signed_in_without_a_database(signed_in_client):
    """A browser holding a valid session cookie, talking to a server whose database
    refuses connections."""
    client = make_test_app(SQLALCHEMY_DATABASE_URI=CLOSED_PORT).test_client()
    client.set_cookie("session", signed_in_client.get_cookie("session").value)
    return client


def test_a_database_that_refuses_connections_is_a_russian_503_on_real_pages(
        make_school, make_user, logged_in):
    school = make_school("sch")
    client = signed_in_without_a_database(logged_in(make_user(Role.CURATOR, school)))
    for path in ("/s/sch/", "/s/sch/teachers/", "/s/sch/banks/mentees/"):
        assert_unavailable_page(client.get(path))
    anonymous = make_test_app(SQLALCHEMY_DATABASE_URI=CLOSED_PORT).test_client()
    assert_unavailable_page(anonymous.post("/login", data={
        "email": "curator@example.org", "password": "x",
        "csrf_token": csrf_token(anonymous, "/login")}))
    response = probe_app(SQLALCHEMY_DATABASE_URI=CLOSED_PORT).test_client().get(
        "/api/probe/count")
    assert response.status_code == 503 and response.json["code"] == 503


def test_a_query_the_database_refuses_is_still_a_500_not_an_outage(app, caplog):
    client = probe_app(PROPAGATE_EXCEPTIONS=False).test_client()
    response = client.get("/probe/refused")
    assert response.status_code == 500
    assert "Внутренняя ошибка" in response.get_data(as_text=True)
    assert any("division by zero" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


def test_a_path_cannot_forge_a_log_line(make_school, make_user, logged_in, caplog):
    client = signed_in_without_a_database(logged_in(make_user(Role.CURATOR,
                                                              make_school("sch"))))
    forged = "2026-11-29 12:00:00 INFO login succeeded for admin@school.ru"
    with caplog.at_level(logging.ERROR):
        response = client.get("/s/x%0D%0A" + forged.replace(" ", "%20") + "/teachers/")
    assert response.status_code == 503
    [record] = [r for r in caplog.records if "Database unreachable" in r.getMessage()]
    assert "\n" not in record.getMessage() and "\r" not in record.getMessage()
    assert "\\r\\n" + forged in record.getMessage()
    lines = caplog.text.splitlines()
    assert not any(line.startswith(forged) for line in lines)


def test_any_logger_writes_a_typed_value_on_one_line(app, caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("nastavnik.anything").info("teacher %s added", "Иванова\nFAKE\u2028X")
        logging.getLogger("werkzeug").info("GET /s/x\r\nFAKE HTTP/1.1")
    assert [r.getMessage() for r in caplog.records[-2:]] == [
        "teacher Иванова\\nFAKE\\u2028X added", "GET /s/x\\r\\nFAKE HTTP/1.1"]
    assert len(caplog.text.splitlines()) == 2
