"""Test fixtures: a fresh PostgreSQL database migrated from empty, Redis db 15.

Each test starts from empty tables (truncated after the test), so tests may commit,
use several connections and threads, and drive a live server, exactly as production does.

``NASTAVNIK_TEST_TODAY=2027-09-01`` runs the whole suite as if today were that day (noon
in the school's zone; a moment such as ``2027-08-31T23:30`` is on the school's wall
clock): the clock is moved before the application is created and ticks on from there.
A test whose result depends on the date sets its own (``travel_to``, ``autumn_2026``).
"""

from __future__ import annotations

import datetime as dt
import os
import re

import psycopg
import pytest
import time_machine
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.engine import make_url

from nastavnik import create_app
from nastavnik.extensions import db, limiter
from nastavnik.platform import clock
from nastavnik.platform.models import Municipality, Region, RoleAssignment, School, User
from nastavnik.platform.passwords import hash_password
from nastavnik.platform.reference import seed_reference
from nastavnik.platform.roles import Role

TEST_DATABASE_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/nastavnik_test")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PASSWORD = "correct-horse-battery"


def moment_of(value: str | dt.date | dt.datetime) -> dt.datetime:
    """A date (or its ISO text) means noon of that day in the school's zone; a moment
    without an offset is on the school's wall clock."""
    if isinstance(value, str):
        value = (dt.date.fromisoformat(value) if len(value) == len("2027-09-01")
                 else dt.datetime.fromisoformat(value))
    if not isinstance(value, dt.datetime):
        return clock.at_noon(value)
    return value if value.tzinfo else value.replace(tzinfo=clock.zone())


def pytest_configure(config: pytest.Config) -> None:
    today = os.environ.get("NASTAVNIK_TEST_TODAY")
    if today:
        traveller = time_machine.travel(moment_of(today), tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_report_header() -> str | None:
    today = os.environ.get("NASTAVNIK_TEST_TODAY")
    return f"as if today were {clock.today()} (NASTAVNIK_TEST_TODAY={today})" if today else None


@pytest.fixture
def travel_to():
    """Set this test's clock: ``travel_to(date)`` — noon that day in the school's zone —
    or a moment. Nested inside the session's travel, so it holds on any run date; pass
    ``tick=False`` to stop the clock there."""
    travellers: list[time_machine.travel] = []

    def travel(when: str | dt.date | dt.datetime, tick: bool = True) -> dt.datetime:
        moment = moment_of(when)
        traveller = time_machine.travel(moment, tick=tick)
        traveller.start()
        travellers.append(traveller)
        return moment

    yield travel
    for traveller in reversed(travellers):
        traveller.stop()


# The day from which the fixed dates of many tests (programs from 1 October 2026, the
# documents and roadmap of 2026/2027) are seen: late in the autumn of that school year.
AUTUMN_2026 = dt.date(2026, 11, 27)


@pytest.fixture
def autumn_2026(travel_to) -> dt.datetime:
    """``pytestmark = pytest.mark.usefixtures("autumn_2026")`` for a module of such tests."""
    return travel_to(AUTUMN_2026)


def recreate_database(url: str) -> None:
    parsed = make_url(url)
    with psycopg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                         dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{parsed.database}"')
        # A commit need not wait for its WAL to reach the disk: what other connections see
        # is the same, only a crash of the machine could lose the last commits of a test
        # database. Tests commit thousands of times; on a busy disk each flush took ms.
        conn.execute(f'ALTER DATABASE "{parsed.database}" SET synchronous_commit = off')


class IsolatedClient(FlaskClient):
    """Each request gets its own application context, as in production.

    Without this, requests reuse the test's app context: ``g`` (the scope, the cached
    login) and the database session would leak from one request into the next and into
    the test's own queries.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_test_app(**overrides):
    os.environ.setdefault("NASTAVNIK_ENV", "testing")
    os.environ.setdefault("SECRET_KEY", "test-secret")
    app = create_app({"SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL,
                      "REDIS_URL": TEST_REDIS_URL, "SERVER_NAME": None, **overrides})
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session")
def app():
    recreate_database(TEST_DATABASE_URL)
    app = make_test_app()
    with app.app_context():
        upgrade(revision="heads")
    return app


@pytest.fixture(autouse=True)
def _clean_state(app):
    with app.app_context():
        limiter.reset()
        seed_reference()  # what `flask reference seed` loads on every deployment
        db.session.commit()
        yield
        db.session.rollback()
        db.session.remove()
        with db.engine.begin() as conn:
            conn.execute(text(emptying(conn)))


_emptying: list[str] = []


def emptying(conn) -> str:
    """One statement that empties every table and restarts its id sequences, as
    ``TRUNCATE … RESTART IDENTITY`` would: TRUNCATE gives each of the ~170 tables, indexes
    and sequences a new file, 90 ms after every test, where deleting the few rows a test
    made takes a millisecond. Children are emptied before their parents."""
    if not _emptying:
        tables = [table.name for table in reversed(db.metadata.sorted_tables)]
        sequences = conn.execute(text(
            "SELECT s.oid::regclass::text FROM pg_class s JOIN pg_depend d ON d.objid = s.oid"
            " AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')"
            " JOIN pg_class t ON t.oid = d.refobjid"
            " WHERE s.relkind = 'S' AND t.relname = ANY(:tables)"
            " AND t.relnamespace = current_schema()::regnamespace"), {"tables": tables}).scalars()
        steps = [f'DELETE FROM "{table}";' for table in tables]
        steps += [f"ALTER SEQUENCE {sequence} RESTART;" for sequence in sequences]
        _emptying.append("DO $$ BEGIN " + " ".join(steps) + " END $$")
    return _emptying[0]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_region():
    def make(slug: str = "region-a", **fields) -> Region:
        region = Region(slug=slug, name=fields.pop("name", f"Область {slug}"),
                        code=fields.pop("code", slug), **fields)
        db.session.add(region)
        db.session.commit()
        return region
    return make


@pytest.fixture
def make_municipality(make_region):
    def make(slug: str = "mun-a", region: Region | None = None, **fields) -> Municipality:
        region = region or make_region(f"r-{slug}")
        municipality = Municipality(slug=slug, region=region,
                                    name=fields.pop("name", f"Округ {slug}"),
                                    code=fields.pop("code", slug), **fields)
        db.session.add(municipality)
        db.session.commit()
        return municipality
    return make


@pytest.fixture
def make_school(make_municipality):
    def make(slug: str = "school-a", municipality: Municipality | None = None,
             **fields) -> School:
        municipality = municipality or make_municipality(f"m-{slug}")
        school = School(slug=slug, municipality=municipality, region_id=municipality.region_id,
                        name=fields.pop("name", f"МБОУ «Школа {slug}»"),
                        short_name=fields.pop("short_name", f"Школа {slug}"),
                        code=fields.pop("code", slug), **fields)
        db.session.add(school)
        db.session.commit()
        return school
    return make


@pytest.fixture
def make_user():
    def make(role: Role, place=None, email: str | None = None,
             full_name: str = "Иванова Мария Петровна") -> User:
        email = email or f"{role.value}-{getattr(place, 'slug', 'platform')}@example.org"
        user = User(email=email, full_name=full_name, password_hash=hash_password(PASSWORD))
        user.roles.append(RoleAssignment.at(role, place))
        db.session.add(user)
        db.session.commit()
        return user
    return make


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                     r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


SECTIONS_RE = re.compile(r'<ul class="nav nav-tabs mb-3" id="place-sections">(.*?)</ul>', re.S)


def section_labels(page: str) -> list[str]:
    """The tabs of the place's navigation (school, municipality) on a page, in order."""
    match = SECTIONS_RE.search(page)
    return re.findall(r">([^<>]+)</a>", match.group(1)) if match else []


def login(client, user_or_email, password: str = PASSWORD):
    email = getattr(user_or_email, "email", user_or_email)
    token = csrf_token(client, "/login")
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token})


@pytest.fixture
def logged_in(client):
    def as_user(user):
        response = login(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client
    return as_user


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium; Playwright cannot download its own browser on these machines.
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium",
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@pytest.fixture
def live_server(app):
    """The application served by a real HTTP server in a thread, for the browser."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def csp_violations(page) -> list[str]:
    """Console reports of anything the Content-Security-Policy blocked on ``page``."""
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text)
            if "Content Security Policy" in message.text else None)
    return seen
