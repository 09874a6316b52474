"""School pages through the real app: gunicorn, HTTP, a generated school of 300 teachers.

Printed as tables:

1. SQL statements per page for a school of 30 and of 300 teachers (the real WSGI app
   in-process, each statement counted): the count must not grow with the rows shown.
2. Each page's time through gunicorn, for the 300-teacher school, in a database whose
   event log holds ~10 thousand events and in a copy of it that holds many more
   (``BENCH_SIZE=full``: 10 million, generated with ``COPY``, several minutes; the
   default: 1 million). Rounds alternate between the two servers, request by request;
   the table shows each side's median and p95 and, over the rounds, the min/median/max
   of the ratio big/small of the medians. Targets: p95 < 150 ms, ratio ≈ 1.

The generated events belong to a separate generated region (1,500 schools), as the rest
of a real deployment's log would: the measured school's own history is the same in both.

Databases: ``BENCH_PAGES_DATABASE_URL`` (default ``…/nastavnik_bench_pages``) and the same
name with ``_big``; both are dropped and recreated (kept with ``BENCH_REUSE=1``).
``BENCH_REDIS_URL`` for the limiter.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
from flask_migrate import upgrade
from psycopg.types.json import Jsonb
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bench.generate import event_rows, make_schools
from bench.school import PASSWORD, SIZES, curator_email, seed_schools, slug_of
from nastavnik import create_app
from nastavnik.extensions import db

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_PAGES_DATABASE_URL",
    "postgresql+psycopg://postgres@127.0.0.1:5432/nastavnik_bench_pages")
BIG_DATABASE_URL = DATABASE_URL + "_big"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
FULL = os.environ.get("BENCH_SIZE", "") == "full"
SMALL_LOG = 10_000
BIG_LOG = 10_000_000 if FULL else 1_000_000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5 if FULL else 3))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 20 if FULL else 10))  # per page, side, round
TARGET_P95_MS = 150
CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
SCHOOL_PAGES = {
    "home": "/", "staff": "/teachers/", "bank of mentors": "/banks/mentors/",
    "bank of mentees": "/banks/mentees/", "pairs": "/pairs/", "roadmap": "/roadmap/",
    "documents": "/documents/", "consents": "/consents/",
    "mentors XLSX": "POST /banks/mentors/export.xlsx",
}


def environment() -> None:
    os.environ.setdefault("NASTAVNIK_ENV", "testing")
    os.environ.setdefault("SECRET_KEY", "bench")


def app_for(url: str):
    environment()
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": REDIS_URL,
                       "RATELIMIT_ENABLED": False})


# --- generation --------------------------------------------------------------------------

def generate() -> None:
    from tests.conftest import recreate_database

    started = time.perf_counter()
    recreate_database(DATABASE_URL)
    app = app_for(DATABASE_URL)
    with app.app_context():
        upgrade(revision="heads")
        seed_schools()
        places = make_schools(db.session, schools=1500, municipalities=60, prefix="gen")
        logged = db.session.scalar(text("SELECT count(*) FROM events"))
        copy_events(places, max(0, SMALL_LOG - logged), seed=11)
        db.session.remove()
        db.engine.dispose()
    print(f"school data and a log of {SMALL_LOG:,} events: "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    copy_database(DATABASE_URL, BIG_DATABASE_URL)
    app = app_for(BIG_DATABASE_URL)
    with app.app_context():
        copy_events(places, BIG_LOG - SMALL_LOG, seed=12)
        db.engine.dispose()
    print(f"the copy with {BIG_LOG:,} events: {time.perf_counter() - started:.0f} s",
          flush=True)


def copy_events(places, count: int, seed: int, samples: list[dict] | None = None) -> None:
    """``count`` events over ``places``: a few thousand rows made from the catalog's
    schemas (or the ``samples`` given) go in with ``COPY``, then PostgreSQL repeats them
    with fresh ids and random places (Python would take an hour for 10 million)."""
    if count <= 0:
        return
    samples = samples or list(event_rows(places, min(count, 5000), seed=seed))
    with Session(db.engine) as session:
        cursor = session.connection().connection.driver_connection.cursor()
        cursor.execute("CREATE TEMP TABLE sample_places (n int, school_id int, "
                       "municipality_id int, region_id int)")
        with cursor.copy("COPY sample_places FROM STDIN") as copy:
            for n, place in enumerate(places):
                copy.write_row([n, place.school_id, place.municipality_id, place.region_id])
        cursor.execute("CREATE TEMP TABLE sample_events AS SELECT 0 AS n, type, version, "
                       "payload, academic_year, occurred_at FROM events WITH NO DATA")
        with cursor.copy("COPY sample_events FROM STDIN") as copy:
            for n, row in enumerate(samples):
                copy.write_row([n, row["type"], row["version"], Jsonb(row["payload"]),
                                row["academic_year"], row["occurred_at"]])
        for first in range(0, count, 1_000_000):
            cursor.execute(
                "INSERT INTO events (event_id, school_id, municipality_id, region_id, "
                "academic_year, stream, type, version, payload, actor_id, occurred_at, "
                "recorded_at) "
                "SELECT gen_random_uuid(), p.school_id, p.municipality_id, p.region_id, "
                "s.academic_year, 'school:' || p.school_id, s.type, s.version, s.payload, "
                "NULL, s.occurred_at, now() FROM generate_series(%(first)s::bigint, %(last)s) AS g "
                "JOIN sample_events s ON s.n = g %% %(samples)s "
                "JOIN sample_places p ON p.n = (g * 7919) %% %(places)s",
                {"first": first, "last": min(count, first + 1_000_000) - 1,
                 "samples": len(samples), "places": len(places)})
            # Commit each million on this same connection: a session commit would hand
            # the connection back to the pool while the cursor still writes through it.
            cursor.connection.commit()


def vacuum_analyze(url: str) -> None:
    """``VACUUM ANALYZE`` every table, as autovacuum soon would (it is off on the bench
    machine): fresh tables estimated at one row get nested loops, and without a visibility
    map no index-only scan, that a settled database never runs."""
    parsed = make_url(url)
    started = time.perf_counter()
    with psycopg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                         dbname=parsed.database, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE of {parsed.database} before timing: "
          f"{time.perf_counter() - started:.0f} s", flush=True)


def copy_database(source: str, target: str) -> None:
    """``CREATE DATABASE … TEMPLATE``: a file copy, the same school data to the byte."""
    parsed, copy = make_url(source), make_url(target)
    with psycopg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                         dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{copy.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{copy.database}" TEMPLATE "{parsed.database}"')


# --- SQL statements per page -------------------------------------------------------------

@contextmanager
def counting_statements(engine):
    counted: list[str] = []

    def count(conn, cursor, statement, *args):
        counted.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", count)


def in_process_login(client, email: str) -> None:
    token = CSRF_RE.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302, response.status_code


def statements_per_page() -> dict[int, dict[str, int]]:
    from tests.conftest import IsolatedClient

    app = app_for(DATABASE_URL)
    app.test_client_class = IsolatedClient
    counts: dict[int, dict[str, int]] = {}
    with app.app_context():
        engine = db.engine
    for size in SIZES:
        client = app.test_client()
        in_process_login(client, curator_email(size))
        base = f"/s/{slug_of(size)}"
        token = CSRF_RE.search(client.get(base + "/banks/mentors/").get_data(as_text=True))
        counts[size] = {}
        for name, path in SCHOOL_PAGES.items():
            with counting_statements(engine) as counted:
                if path.startswith("POST "):
                    response = client.post(base + path[5:], data={"csrf_token": token.group(1)})
                else:
                    response = client.get(base + path)
            assert response.status_code == 200, (name, response.status_code)
            counts[size][name] = len(counted)
    return counts


# --- timing through gunicorn --------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(url: str, app: str = "wsgi:app"):
    port = free_port()
    env = {**os.environ, "NASTAVNIK_ENV": "production", "DATABASE_URL": url,
           "REDIS_URL": REDIS_URL, "SECRET_KEY": secrets.token_urlsafe(48),
           "SESSION_COOKIE_SECURE": "0", "GUNICORN_BIND": f"127.0.0.1:{port}",
           "GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "1",
           "LOGIN_RATE_LIMIT": "1000 per minute", "LOGIN_ADDRESS_RATE_LIMIT": "1000 per minute"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--access-logfile",
         "/dev/null", "--error-logfile", "-", "--log-level", "warning", app],
        cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)


class Browser:
    """One keep-alive HTTP connection with a session cookie, as a browser tab has."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""

    def request(self, method: str, path: str, body: str = "") -> tuple[int, str]:
        headers = {"Cookie": self.cookie, "Accept-Encoding": "gzip"}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body or None, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):
            # gunicorn closed the idle keep-alive connection: open another, as a browser does
            self.connection.close()
            self.connection.request(method, path, body=body or None, headers=headers)
            response = self.connection.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";")[0]
        if response.getheader("Content-Encoding") == "gzip":
            content = gzip.decompress(content)
        return response.status, content.decode("utf-8", "replace")

    def log_in(self, email: str) -> None:
        token = CSRF_RE.search(self.request("GET", "/login")[1]).group(1)
        status, _ = self.request("POST", "/login", form(email=email, password=PASSWORD,
                                                         csrf_token=token))
        assert status == 302, status
        _, page = self.request("GET", f"/s/{slug_of(SIZES[-1])}/banks/mentors/")
        self.token = CSRF_RE.search(page).group(1)

    def timed(self, path: str) -> float:
        method, body = "GET", ""
        if path.startswith("POST "):
            method, path, body = "POST", path[5:], form(csrf_token=self.token)
        started = time.perf_counter()
        status, _ = self.request(method, path, body)
        elapsed = time.perf_counter() - started
        assert status == 200, (path, status)
        return elapsed * 1000


def form(**values: str) -> str:
    from urllib.parse import urlencode

    return urlencode(values)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def timings() -> tuple[dict, dict]:
    """Per page: all times on each side, and each round's ratio of the medians."""
    base = f"/s/{slug_of(SIZES[-1])}"
    times = {name: {"small": [], "big": []} for name in SCHOOL_PAGES}
    ratios = {name: [] for name in SCHOOL_PAGES}
    with gunicorn(DATABASE_URL) as small_port, gunicorn(BIG_DATABASE_URL) as big_port:
        sides = {"small": Browser(small_port), "big": Browser(big_port)}
        for browser in sides.values():
            browser.log_in(curator_email(SIZES[-1]))
            for path in SCHOOL_PAGES.values():  # warm each worker's caches and pools
                for _ in range(3):
                    browser.timed(base + path if not path.startswith("POST ")
                                  else f"POST {base}{path[5:]}")
        for _round in range(ROUNDS):
            for name, path in SCHOOL_PAGES.items():
                full = f"POST {base}{path[5:]}" if path.startswith("POST ") else base + path
                this_round = {"small": [], "big": []}
                for _ in range(REQUESTS):
                    for side in ("small", "big"):  # interleaved, request by request
                        this_round[side].append(sides[side].timed(full))
                for side in sides:
                    times[name][side].extend(this_round[side])
                ratios[name].append(statistics.median(this_round["big"])
                                    / statistics.median(this_round["small"]))
    return times, ratios


# --- report -------------------------------------------------------------------------------

def report_statements(counts: dict[int, dict[str, int]]) -> bool:
    small, big = SIZES
    print(f"\nSQL statements per page (curator), school of {small} vs {big} teachers")
    print(f"{'page':<18} {small:>6} {big:>6}  same?")
    print("-" * 38)
    flat = True
    for name in SCHOOL_PAGES:
        same = counts[small][name] == counts[big][name]
        flat &= same
        print(f"{name:<18} {counts[small][name]:>6} {counts[big][name]:>6}  "
              f"{'yes' if same else 'GROWS'}")
    print(f"SQL statements independent of the rows: {'yes' if flat else 'NO'}", flush=True)
    return flat


def report_times(times: dict, ratios: dict) -> bool:
    big = SIZES[-1]
    print(f"\nSchool of {big} teachers through gunicorn, ms; event log of {SMALL_LOG:,} vs "
          f"{BIG_LOG:,} events; {ROUNDS} rounds × {REQUESTS} requests, interleaved")
    print(f"{'page':<18} {'median':>8} {'p95':>8} │ {'median':>8} {'p95':>8} │ "
          f"{'ratio big/small of medians: min':>32} {'median':>7} {'max':>6}")
    print(f"{'':<18} {f'{SMALL_LOG:,} events':>17} │ {f'{BIG_LOG:,} events':>17} │")
    print("-" * 104)
    fast = True
    for name in SCHOOL_PAGES:
        cells = []
        for side in ("small", "big"):
            values = times[name][side]
            fast &= p95(values) < TARGET_P95_MS
            cells.append(f"{statistics.median(values):>8.1f} {p95(values):>8.1f}")
        r = ratios[name]
        print(f"{name:<18} {cells[0]} │ {cells[1]} │ {min(r):>32.2f} "
              f"{statistics.median(r):>7.2f} {max(r):>6.2f}")
    every = [x for r in ratios.values() for x in r]
    print(f"\nall pages, ratio of medians over rounds: min {min(every):.2f}, "
          f"median {statistics.median(every):.2f}, max {max(every):.2f}")
    print(f"p95 < {TARGET_P95_MS} ms on every page: {'yes' if fast else 'NO'}")
    return fast


def main() -> None:
    if not os.environ.get("BENCH_REUSE"):  # BENCH_REUSE=1: measure the databases made before
        generate()
    for url in (DATABASE_URL, BIG_DATABASE_URL):
        vacuum_analyze(url)
    report_statements(statements_per_page())
    report_times(*timings())
