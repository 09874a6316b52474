"""Test fixtures: a fresh PostgreSQL database migrated from empty, Redis db 15 (under
pytest-xdist, a database and a Redis db for each worker: see ``WORKER``).

Each test starts from empty tables (emptied after the test), so tests may commit,
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
from urllib.parse import urlsplit, urlunsplit

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

# Under pytest-xdist (``make test`` runs ``-n auto``) each worker gw0, gw1, … has databases
# of its own, named after the worker, and the Redis database ``base + N`` of worker gwN, so
# that one worker's emptying, flushes, limits and queues never touch another's.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
WORKER_NUMBER = int(WORKER.removeprefix("gw") or 0)
WORKER_COUNT = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
REDIS_DATABASES = 16  # Redis's default; db 0 is the development server's


def database_of_this_worker(url: str) -> str:
    """``url``, or under xdist its database suffixed with the worker: ``nastavnik_test_gw1``."""
    if not WORKER:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{WORKER}").render_as_string(
        hide_password=False)


def redis_of_this_worker(url: str | None) -> str:
    """Worker gwN uses Redis database ``base + N``: the base is ``TEST_REDIS_URL``'s, by
    default the one that puts the last worker on 15 (15 itself without xdist)."""
    base = (REDIS_DATABASES - WORKER_COUNT if url is None
            else int(urlsplit(url).path.strip("/") or 0))
    number = base + WORKER_NUMBER
    if WORKER and not 0 < number < REDIS_DATABASES:
        raise RuntimeError(f"worker {WORKER} would use Redis database {number}: with "
                           f"{WORKER_COUNT} workers TEST_REDIS_URL may name 1…"
                           f"{REDIS_DATABASES - WORKER_COUNT}")
    parts = urlsplit(url or "redis://127.0.0.1:6379")
    return urlunsplit(parts._replace(path=f"/{number}"))


TEST_DATABASE_URL = database_of_this_worker(os.environ.get(
    "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/nastavnik_test"))
# The migrations' test builds its schema from empty in a database of its own.
SCRATCH_DATABASE_URL = database_of_this_worker(os.environ.get(
    "SCRATCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/nastavnik_scratch"))
TEST_REDIS_URL = redis_of_this_worker(os.environ.get("TEST_REDIS_URL"))
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
        TABLES.survey()
    return app


@pytest.fixture(autouse=True)
def _clean_state(app):
    with app.app_context():
        limiter.reset()
        TABLES.seed()
        yield
        db.session.rollback()
        db.session.remove()
        TABLES.empty()


class Tables:
    """Each test starts from empty tables but for the reference data, what ``flask
    reference seed`` loads on every deployment (the forms of mentoring, the shipped
    questionnaires, the default roadmap template).

    The reference data is seeded once and kept while tests leave it as seeded — its rows,
    where they lie and its id sequences, compared by one fingerprint after each test — and
    seeded again after a test that changed it: seeding took a fifth of a test's time.
    The other tables are emptied and their id sequences restarted, as ``TRUNCATE … RESTART
    IDENTITY`` would, by deleting their rows in one statement: a TRUNCATE gives each of the
    ~170 tables, indexes and sequences a new file, 90 ms a test, where a test's few rows
    are deleted in a millisecond.
    """

    def __init__(self) -> None:
        self.seeded: str | None = None  # the reference data's fingerprint, while it is there

    def survey(self) -> None:
        """On the migrated, empty database: which tables the reference data fills."""
        tables = [table.name for table in reversed(db.metadata.sorted_tables)]  # children first
        seed_reference()
        db.session.commit()
        with db.engine.begin() as conn:
            reference = [t for t in tables
                         if conn.execute(text(f'SELECT EXISTS (SELECT FROM "{t}")')).scalar()]
            self.everything = self.emptying(conn, tables)
            self.all_but_reference = self.emptying(
                conn, [t for t in tables if t not in reference])
            self.fingerprinting = " || '|' || ".join(
                [f"coalesce((SELECT string_agg(ctid::text || row.*::text, ',' ORDER BY ctid)"
                 f""" FROM "{t}" row), '')""" for t in reference]
                + [f"(SELECT last_value || '/' || is_called FROM {sequence})"
                   for sequence in self.sequences(conn, reference)])
            self.seeded = self.fingerprint(conn)

    @staticmethod
    def sequences(conn, tables: list[str]) -> list[str]:
        return list(conn.execute(text(
            "SELECT s.oid::regclass::text FROM pg_class s JOIN pg_depend d ON d.objid = s.oid"
            " AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')"
            " JOIN pg_class t ON t.oid = d.refobjid"
            " WHERE s.relkind = 'S' AND t.relname = ANY(:tables)"
            " AND t.relnamespace = current_schema()::regnamespace ORDER BY 1"),
            {"tables": tables}).scalars())

    def emptying(self, conn, tables: list[str]) -> str:
        steps = [f'DELETE FROM "{table}";' for table in tables]
        steps += [f"ALTER SEQUENCE {sequence} RESTART;"
                  for sequence in self.sequences(conn, tables)]
        return "DO $$ BEGIN " + " ".join(steps) + " END $$"

    def fingerprint(self, conn) -> str:
        return conn.execute(text(f"SELECT md5({self.fingerprinting})")).scalar()

    def seed(self) -> None:
        if self.seeded is None:
            seed_reference()
            db.session.commit()
            with db.engine.connect() as conn:
                self.seeded = self.fingerprint(conn)

    def empty(self) -> None:
        with db.engine.begin() as conn:
            kept = self.fingerprint(conn) == self.seeded
            conn.execute(text(self.all_but_reference if kept else self.everything))
        if not kept:
            self.seeded = None


TABLES = Tables()


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
