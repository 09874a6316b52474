"""Oversight at the size of a region: ``python -m bench oversight``.

A generated region — ``BENCH_SCHOOLS`` schools (4,000 with ``BENCH_SIZE=full``, else 1,000)
in ``BENCH_MUNICIPALITIES`` municipalities (60) — whose log tells each school's year
2026/27 as the state projections read it: staff with young specialists and leavers, the
mentee bank with those still waiting, pairs and groups (some finished, ended early or
cancelled), approved documents with a pair order listing pairs, a curator, the roadmap of
the shipped seed with work done on time or late. Every payload is validated by its
registered schema. Filler events of the other types (questionnaires, exports …) bring the
log to its size, by ``COPY`` as ``bench/pages.py`` does. The clock stands at ``BENCH_TODAY``
(2027-03-01) for every measurement, in this process and in gunicorn.

Printed as tables:

1. Catch-up of every registered projection together from a cold checkpoint: events/s
   of the whole and of each (target ≥ 50,000 for the whole).
2. The municipal and regional pages through gunicorn, logged in as a methodologist and a
   regional operator: a log of N/10 events against N (``BENCH_SIZE=full``: 10 million,
   else ``BENCH_EVENTS`` or 1 million) in interleaved rounds, min/median/max of the ratio
   (target p95 < 100 ms, ratio ≈ 1).
3. The same figures (teachers, young specialists, working pairs per municipality) from the
   state tables (``figures``) and by ``GROUP BY`` over the raw events, with the ratio.
4. The regional PDF and XLSX for all schools (``time_regional_reports``; targets 10 s, 5 s).
5. Projection lag while a writer appends 200 realistic events/s (``BENCH_LAG_SECONDS``,
   60) and a worker loop advances every projection: p50/p95/p99/max (target p99 < 2 s),
   on the smaller log (the big copy's filler is not sealed unless ``BENCH_SEAL_BIG=1``).

Databases: ``BENCH_OVERSIGHT_DATABASE_URL`` (default ``…/nastavnik_obench_region``) and
the same name with ``_big``, dropped and recreated (kept with ``BENCH_REUSE=1``).
Both are ``VACUUM ANALYZE``d before timing (the machine's autovacuum is off).
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import queue
import random
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from zoneinfo import ZoneInfo

import psycopg
import time_machine
from flask_migrate import upgrade
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bench import pages
from bench.generate import Place, event_rows, make_schools
from nastavnik.extensions import db
from nastavnik.platform import clock
from nastavnik.platform.aggregates import ProjectionCheckpoint
from nastavnik.platform.events import Event, append_batch
from nastavnik.platform.events.log import copy_rows
from nastavnik.platform.events.registry import catalog, lookup
from nastavnik.platform.models import Municipality, Region, RoleAssignment, User
from nastavnik.platform.passwords import hash_password
from nastavnik.platform.roles import Role
from nastavnik.tenants.roadmap.seed import seed as roadmap_seed
from nastavnik.workers.figures import store_figures
from nastavnik.workers.projections import advance, projections

FULL = pages.FULL
TODAY = dt.date.fromisoformat(os.environ.get("BENCH_TODAY", "2027-03-01"))
YEAR = 2026
YEAR_STARTS = dt.date(YEAR, 9, 1)
LAST_DAY = TODAY - dt.timedelta(days=1)  # the log ends the day before the measured day
SCHOOLS = int(os.environ.get("BENCH_SCHOOLS") or (4000 if FULL else 1000))
MUNICIPALITIES = int(os.environ.get("BENCH_MUNICIPALITIES") or 60)
BIG_LOG = int(os.environ.get("BENCH_EVENTS") or (10_000_000 if FULL else 1_000_000))
DATABASE_URL = os.environ.get(
    "BENCH_OVERSIGHT_DATABASE_URL",
    "postgresql+psycopg://postgres@127.0.0.1:5432/nastavnik_obench_region")
BIG_DATABASE_URL = DATABASE_URL + "_big"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5 if FULL else 3))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 20 if FULL else 10))
LAG_SECONDS = float(os.environ.get("BENCH_LAG_SECONDS", 60))
LAG_RATE = 200  # events per second
LAG_COMMIT_EVERY = 0.05  # seconds: 10 events per commit, 20 commits a second
PREFIX = "obl"
PASSWORD = pages.PASSWORD
METHODOLOGIST = "metodist.obl@bench.example"
OPERATOR = "operator.obl@bench.example"
TARGET_PAGE_P95_MS = 100
TARGET_CATCH_UP = 50_000
DEPLOYED_WORKERS = 2  # deploy/README.md: nastavnik-worker@1 and @2
TARGET_LAG_P99 = 2.0


@contextmanager
def measured_day() -> Iterator[None]:
    """The platform's clock at noon of ``TODAY`` in Moscow, ticking."""
    moment = dt.datetime.combine(TODAY, dt.time(12), tzinfo=ZoneInfo(clock.DEFAULT_ZONE))
    with time_machine.travel(moment, tick=True):
        yield


# --- the region's story ------------------------------------------------------------------

def state_types() -> frozenset[str]:
    """Every type a state projection folds: the generator writes these with meaning."""
    from nastavnik.platform.oversight.state import STATE_PROJECTIONS
    from nastavnik.workers.projections import find

    return frozenset().union(*(find(name).event_types for name in STATE_PROJECTIONS))


def filler_types() -> list[str]:
    return sorted(kind.name for kind in catalog() if kind.name not in state_types())


def month_window(start: int, end: int) -> tuple[dt.date, dt.date]:
    """The seed's month offsets (0: September) as the first and the last day."""
    first = dt.date(YEAR + (8 + start) // 12, (8 + start) % 12 + 1, 1)
    after = dt.date(YEAR + (9 + end) // 12, (9 + end) % 12 + 1, 1)
    return first, after - dt.timedelta(days=1)


class Story:
    """One school's year as events: ``(day, type, payload)`` in the order they happen."""

    def __init__(self, number: int, rng: random.Random):
        self.number, self.rng = number, rng
        self.events: list[tuple[dt.date, str, dict]] = []

    def add(self, day: dt.date, kind: str, payload: dict) -> None:
        if day <= LAST_DAY:
            self.events.append((day, kind, payload))

    def day(self, start: dt.date, end: dt.date = LAST_DAY) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def pseudonym(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def tell(self) -> list[tuple[dt.date, str, dict]]:
        staff = self.staff()
        waiting = self.mentee_bank(staff)
        pairs = self.pairs(staff, waiting)
        self.leavers(staff, pairs)
        self.documents(pairs)
        if self.rng.random() < 0.92:
            self.add(self.day(YEAR_STARTS, dt.date(YEAR, 9, 20)), "account.role_granted",
                     {"account": 1_000_000 + self.number, "role": "curator"})
        if self.rng.random() < 0.88:
            self.roadmap()
        self.events.sort(key=lambda event: event[0])  # stable: same-day order kept
        return self.events

    def staff(self) -> list[tuple[str, bool, dt.date]]:
        rng, staff = self.rng, []
        for _ in range(rng.randint(32, 48)):
            teacher, young = self.pseudonym(), rng.random() < 0.18
            day = YEAR_STARTS if rng.random() < 0.85 else self.day(YEAR_STARTS)
            self.add(day, "teacher.added", {
                "teacher": teacher, "young_specialist": young,
                "age_band": "under_35" if young else rng.choice(
                    ["under_35", "36_60", "36_60", "61_plus"]),
                "experience_band": "0_3" if young else rng.choice(["4_10", "11_20", "21_plus"]),
                "new_in_post": False, "hired_in": YEAR if young else rng.randint(1995, 2025)})
            staff.append((teacher, young, day))
        return staff

    def mentee_bank(self, staff) -> list[tuple[str, dt.date]]:
        entered = []
        for teacher, young, day in staff:
            if young and self.rng.random() < 0.9:
                on = day + dt.timedelta(days=self.rng.randint(1, 20))
                self.add(on, "mentee.entered", {
                    "teacher": teacher, "difficulties": [], "category": "young_specialist",
                    "young_specialist": True, "age_band": "under_35",
                    "experience_band": "0_3"})
                entered.append((teacher, on))
        return entered

    def pairs(self, staff, waiting) -> list[dict]:
        """Pairs and groups: mentors of the older staff, mentees from the bank (some stay
        waiting); a fifth short-term (finished), some ended early, a few cancelled."""
        rng, made = self.rng, []
        mentors = [t for t, young, _day in staff if not young]
        queue = list(waiting)
        rng.shuffle(queue)
        for k in range(rng.randint(5, 10)):
            group = rng.random() < 0.15
            taken = [queue.pop() for _ in range(min(len(queue), 3 if group else 1))]
            if not taken or rng.random() < 0.1:
                break  # the rest of the bank waits
            starts = max(max(on for _t, on in taken) + dt.timedelta(days=1),
                         self.day(dt.date(YEAR, 9, 15), dt.date(YEAR, 12, 1)))
            short = starts <= dt.date(YEAR, 12, 1) and rng.random() < 0.2
            pair = {"pair": self.number * 100 + k, "mentor": rng.choice(mentors),
                    "mentees": [t for t, _on in taken],
                    "form": "group" if group else rng.choice(
                        ["teacher_teacher", "teacher_teacher", "traditional", "virtual"]),
                    "group": group, "starts_on": starts.isoformat(),
                    "ends_on": (dt.date(YEAR, 12, 28) if short else
                                dt.date(YEAR + 1, 5, 31)).isoformat()}
            self.add(starts, "pair.formed", pair)
            for mentee in pair["mentees"]:
                self.add(starts, "mentee.status_changed", {"teacher": mentee,
                                                           "status": "in_pair"})
            fate = rng.random()
            if fate < 0.05:
                self.add(starts + dt.timedelta(days=1), "pair.cancelled", {"pair": pair["pair"]})
                continue
            if short:
                self.add(dt.date(YEAR, 12, 28), "pair.finished", {
                    "pair": pair["pair"], "finished_on": f"{YEAR}-12-28",
                    "on_time": rng.random() < 0.8})
            elif fate < 0.15:
                ended = self.day(starts + dt.timedelta(days=30))
                self.add(ended, "pair.ended_early", {
                    "pair": pair["pair"], "ended_on": ended.isoformat(),
                    "reason": rng.choice(["mentor_left", "mentee_left", "mutual"]),
                    "outcome": rng.choice(["partly_met", "not_met"])})
            made.append({**pair, "starts": starts})
        return made

    def leavers(self, staff, pairs) -> None:
        paired = {t for pair in pairs for t in (pair["mentor"], *pair["mentees"])}
        for teacher, young, day in staff:
            if teacher not in paired and self.rng.random() < 0.06:
                left = self.day(day + dt.timedelta(days=20))
                self.add(left, "teacher.left", {
                    "teacher": teacher, "left_on": left.isoformat(),
                    "reason": self.rng.choice(["dismissal", "transfer", "retirement"]),
                    "young_specialist": young})

    def documents(self, pairs) -> None:
        kinds = {"regulation_order": 0.9, "regulation": 0.9, "roadmap": 0.85,
                 "curator_order": 0.7, "program_template": 0.6, "pair_order": 0.75,
                 "encouragement_order": 0.1, "final_event_order": 0.05}
        for k, (kind, chance) in enumerate(kinds.items()):
            if self.rng.random() >= chance:
                continue
            payload = {"document": self.number * 20 + k, "kind": kind, "academic_year": YEAR,
                       "number": f"{k + 1}-од"}
            if kind == "pair_order":
                fixed = [p for p in pairs if p["starts"] <= dt.date(YEAR, 11, 1)]
                if not fixed:
                    continue
                approved = max(p["starts"] for p in fixed) + dt.timedelta(
                    days=self.rng.randint(1, 5))
                payload["pairs"] = [p["pair"] for p in fixed]
            else:
                approved = self.day(YEAR_STARTS, dt.date(YEAR, 12, 20))
            self.add(approved, "document.approved", {
                **payload, "date": (approved - dt.timedelta(days=1)).isoformat(),
                "approved_on": approved.isoformat()})

    def roadmap(self) -> None:
        activities = roadmap_seed()["activities"]
        windows = {a["code"]: month_window(a["due_from"], a["due_to"]) for a in activities}
        created = self.day(YEAR_STARTS, dt.date(YEAR, 9, 10))
        self.add(created, "roadmap.created", {
            "academic_year": YEAR, "activities": len(windows), "municipal_template": False,
            "codes": list(windows), "due_from": [w[0].isoformat() for w in windows.values()],
            "due_to": [w[1].isoformat() for w in windows.values()]})
        for code, (start, end) in windows.items():
            fate = self.rng.random()
            if start > LAST_DAY or fate >= 0.8:
                continue
            common = {"activity": code, "academic_year": YEAR, "automatic": False,
                      "due_from": start.isoformat(), "due_to": end.isoformat()}
            if fate < 0.65:  # done: mostly in its window, some late
                done = self.day(max(start, created), end + dt.timedelta(
                    days=30 if self.rng.random() < 0.2 else 0))
                self.add(done, "roadmap.activity_updated", {
                    **common, "status": "done", "completed_on": done.isoformat()})
            else:
                self.add(self.day(max(start, created)), "roadmap.activity_updated", {
                    **common, "status": "in_progress", "completed_on": None})


def validated(kind: str, payload: dict) -> tuple[int, dict]:
    """The type's version and the payload as its registered schema stores it."""
    event_type = lookup(kind)
    schema = event_type.schema()
    return event_type.version, schema.dump(schema.load(payload))


def region_rows(places: list[Place], seed: int = 1) -> list[dict]:
    """Every school's story as event rows, in the order of the days (validated)."""
    told = []
    for number, place in enumerate(places):
        for day, kind, payload in Story(number, random.Random(seed * 1_000_003 + number)).tell():
            told.append((day, number, place, kind, payload))
    told.sort(key=lambda item: item[0])
    rows, rng = [], random.Random(seed)
    for day, _number, place, kind, payload in told:
        version, stored = validated(kind, payload)
        rows.append(row_of(place, kind, version, stored, clock.at_noon(day) + dt.timedelta(
            seconds=rng.randint(-10_800, 10_800))))
    return rows


def row_of(place: Place, kind: str, version: int, payload: dict, at: dt.datetime) -> dict:
    return {"event_id": uuid.uuid4(), "school_id": place.school_id,
            "municipality_id": place.municipality_id, "region_id": place.region_id,
            "academic_year": clock.academic_year_of(clock.local_date(at)),
            "stream": f"school:{place.school_id}", "type": kind, "version": version,
            "payload": payload, "actor_id": None, "occurred_at": at}


def filler_samples(places: list[Place], count: int, seed: int) -> list[dict]:
    """Rows of the other types (random valid payloads), on days of the year 2026/27."""
    rng = random.Random(seed)
    span = (LAST_DAY - YEAR_STARTS).days * 86400
    rows = []
    for row in event_rows(places, count, types=filler_types(), seed=seed):
        at = clock.at_noon(YEAR_STARTS) + dt.timedelta(seconds=rng.randint(0, span))
        rows.append({**row, "occurred_at": at, "academic_year": YEAR})
    return rows


# --- generation --------------------------------------------------------------------------

def generate() -> tuple[int, int]:
    """Both databases; returns the sizes of the two logs."""
    from tests.conftest import recreate_database

    started = time.perf_counter()
    recreate_database(DATABASE_URL)
    app = pages.app_for(DATABASE_URL)
    with app.app_context():
        upgrade(revision="heads")
        places = make_schools(db.session, schools=SCHOOLS, municipalities=MUNICIPALITIES,
                              prefix=PREFIX)
        make_users()
        rows = region_rows(places)
        print(f"{len(rows):,} state-bearing events for {SCHOOLS:,} schools, validated: "
              f"{time.perf_counter() - started:.0f} s", flush=True)
        write_rows(rows)
        small = max(BIG_LOG // 10, len(rows))
        pages.copy_events(places, small - len(rows), seed=21,
                          samples=filler_samples(places, 5000, seed=21))
        db.engine.dispose()
    print(f"the region with a log of {small:,} events: "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    pages.copy_database(DATABASE_URL, BIG_DATABASE_URL)
    app = pages.app_for(BIG_DATABASE_URL)
    with app.app_context():
        pages.copy_events(places, BIG_LOG - small, seed=22,
                          samples=filler_samples(places, 5000, seed=22))
        db.engine.dispose()
    print(f"the copy with {BIG_LOG:,} events: {time.perf_counter() - started:.0f} s",
          flush=True)
    return small, BIG_LOG


def make_users() -> None:
    """A methodologist of the first municipality and the region's operator (committed)."""
    region = db.session.scalar(select(Region).where(Region.slug == f"{PREFIX}-region"))
    town = db.session.scalar(select(Municipality).where(Municipality.slug == f"{PREFIX}-m0"))
    hashed = hash_password(PASSWORD)
    for email, name, role, place in (
            (METHODOLOGIST, "Методистова Мария Ивановна", Role.METHODOLOGIST, town),
            (OPERATOR, "Операторов Олег Петрович", Role.REGIONAL_OPERATOR, region)):
        user = User(email=email, full_name=name, password_hash=hashed)
        user.roles.append(RoleAssignment.at(role, place))
        db.session.add(user)
    db.session.commit()


def write_rows(rows: list[dict]) -> None:
    """The rows as they are, by ``COPY`` (the log's own ``copy_rows``), a chunk a commit."""
    with Session(db.engine) as session:
        cursor = session.connection().connection.driver_connection.cursor()
        for start in range(0, len(rows), 100_000):
            copy_rows(cursor, rows[start:start + 100_000])
            cursor.connection.commit()


def vacuum_analyze(url: str) -> None:
    """``VACUUM ANALYZE`` the whole database: autovacuum is off on this machine."""
    parsed = make_url(url)
    started = time.perf_counter()
    with psycopg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                         dbname=parsed.database, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE {parsed.database}: done in {time.perf_counter() - started:.0f} s",
          flush=True)


def log_size() -> int:
    return db.session.scalar(select(func.count()).select_from(Event)) or 0


# --- 1. catch-up from a cold checkpoint --------------------------------------------------

def catch_up_cold(url: str) -> dict[str, float]:
    """Empty every projection and replay the whole log into each; seconds per projection."""
    emptied(url)
    app = pages.app_for(url)
    seconds: dict[str, float] = {}
    with app.app_context(), measured_day():
        for projection in projections():
            started = time.perf_counter()
            advance(projection)
            seconds[projection.name] = time.perf_counter() - started
            print(f"  {projection.name}: {seconds[projection.name]:.1f} s", flush=True)
        db.session.remove()
        db.engine.dispose()
    return seconds


def emptied(url: str) -> None:
    """Every projection back to a cold checkpoint: tables truncated, checkpoints gone."""
    app = pages.app_for(url)
    with app.app_context():
        for projection in projections():
            with db.engine.begin() as connection:
                for table in projection.tables:
                    connection.execute(text(f'TRUNCATE "{table.name}"'))
                connection.execute(ProjectionCheckpoint.__table__.delete().where(
                    ProjectionCheckpoint.name == projection.name))
        db.engine.dispose()


def _worker(url: str, names: multiprocessing.Queue) -> None:
    """One RQ worker's share: the next projection job waiting, until none is left."""
    from nastavnik.workers.projections import find

    app = pages.app_for(url)
    with app.app_context(), measured_day():
        with suppress(queue.Empty):
            while True:
                advance(find(names.get_nowait()))
        db.engine.dispose()


def catch_up_by_workers(url: str, workers: int) -> float:
    """Seconds for ``workers`` processes to bring every projection from a cold checkpoint
    to the head, each taking the next projection as RQ workers take the nudges' jobs (one
    job per projection): the platform as deployed (``nastavnik-worker@1..N``)."""
    emptied(url)
    names: multiprocessing.Queue = multiprocessing.Queue()
    for projection in projections():
        names.put(projection.name)
    time.sleep(0.2)  # the queue's feeder thread has put every name
    started = time.perf_counter()
    running = [multiprocessing.Process(target=_worker, args=(url, names))
               for _ in range(workers)]
    for process in running:
        process.start()
    for process in running:
        process.join()
    return time.perf_counter() - started


def report_catch_up(seconds: dict[str, float], events: int) -> bool:
    total = sum(seconds.values())
    print(f"\nCatch-up of every projection from a cold checkpoint, log of {events:,} events")
    print(f"{'projection':<26} {'seconds':>8} {'events/s':>10}")
    print("-" * 46)
    for name, spent in seconds.items():
        print(f"{name:<26} {spent:>8.1f} {events / spent:>10,.0f}")
    print("-" * 46)
    rate = events / total
    print(f"{'all together':<26} {total:>8.1f} {rate:>10,.0f}   "
          f"target ≥ {TARGET_CATCH_UP:,}: {'yes' if rate >= TARGET_CATCH_UP else 'NO'}",
          flush=True)
    return rate >= TARGET_CATCH_UP


def advance_all(url: str, skipped: tuple[str, ...] = ()) -> float:
    """Bring the projections (but ``skipped``) to the head; seconds taken."""
    app = pages.app_for(url)
    with app.app_context(), measured_day():
        started = time.perf_counter()
        for projection in projections():
            if projection.name not in skipped:
                advance(projection)
        spent = time.perf_counter() - started
        store_figures()  # what the catch-up job does after advancing: the dashboards' figures
        db.engine.dispose()
    return spent


# --- 2. dashboards through gunicorn ------------------------------------------------------

DASHBOARDS = {"municipal (methodologist)": (METHODOLOGIST, f"/m/{PREFIX}-m0/"),
              "regional (operator)": (OPERATOR, f"/r/{PREFIX}-region/")}


def log_in(browser: pages.Browser, email: str) -> None:
    token = pages.CSRF_RE.search(browser.request("GET", "/login")[1]).group(1)
    status, _ = browser.request("POST", "/login", pages.form(
        email=email, password=PASSWORD, csrf_token=token))
    assert status == 302, status
    browser.email = email


LOST_SESSIONS: list[str] = []


def timed(browser: pages.Browser, path: str) -> float:
    """One page's time, ms. A page that sends the reader to the login page lost the
    session: logged in again, counted and printed under the table, then timed again."""
    try:
        return browser.timed(path)
    except AssertionError as failed:
        if failed.args and failed.args[0][1:] != (302,):
            raise
        LOST_SESSIONS.append(path)
        log_in(browser, browser.email)
        return browser.timed(path)


def dashboard_timings() -> tuple[dict, dict]:
    """Per page: all times on each side, and each round's ratio big/small of the medians."""
    os.environ["BENCH_TODAY"] = TODAY.isoformat()
    os.environ["BENCH_CLOCK_ORIGIN"] = str(time.time())  # one clock for all the workers
    times = {name: {"small": [], "big": []} for name in DASHBOARDS}
    ratios = {name: [] for name in DASHBOARDS}
    app = "bench.frozen_wsgi:app"
    with pages.gunicorn(DATABASE_URL, app) as small, pages.gunicorn(BIG_DATABASE_URL, app) as big:
        browsers = {}
        for side, port in (("small", small), ("big", big)):
            for name, (email, path) in DASHBOARDS.items():
                browser = browsers[side, name] = pages.Browser(port)
                log_in(browser, email)
                for _ in range(3):  # warm each worker's caches and pools
                    timed(browser, path)
        for _round in range(ROUNDS):
            for name, (_email, path) in DASHBOARDS.items():
                this_round = {"small": [], "big": []}
                for _ in range(REQUESTS):
                    for side in ("small", "big"):  # interleaved, request by request
                        this_round[side].append(timed(browsers[side, name], path))
                for side in this_round:
                    times[name][side].extend(this_round[side])
                ratios[name].append(statistics.median(this_round["big"])
                                    / statistics.median(this_round["small"]))
    return times, ratios


def report_dashboards(times: dict, ratios: dict, sizes: tuple[int, int]) -> bool:
    small, big = sizes
    print(f"\nDashboards through gunicorn, ms; event log of {small:,} vs {big:,} events; "
          f"{ROUNDS} rounds × {REQUESTS} requests, interleaved")
    print(f"{'page':<27} {'median':>8} {'p95':>8} │ {'median':>8} {'p95':>8} │ "
          f"{'ratio big/small: min':>21} {'median':>7} {'max':>6}")
    print(f"{'':<27} {f'{small:,} events':>17} │ {f'{big:,} events':>17} │")
    print("-" * 104)
    fast = True
    for name in DASHBOARDS:
        cells = []
        for side in ("small", "big"):
            values = times[name][side]
            fast &= pages.p95(values) < TARGET_PAGE_P95_MS
            cells.append(f"{statistics.median(values):>8.1f} {pages.p95(values):>8.1f}")
        r = ratios[name]
        print(f"{name:<27} {cells[0]} │ {cells[1]} │ {min(r):>21.2f} "
              f"{statistics.median(r):>7.2f} {max(r):>6.2f}")
    print(f"p95 < {TARGET_PAGE_P95_MS} ms on both pages and logs: {'yes' if fast else 'NO'}",
          flush=True)
    if LOST_SESSIONS:
        print(f"sessions lost and logged in again: {len(LOST_SESSIONS)} "
              f"({', '.join(sorted(set(LOST_SESSIONS)))})")
    return fast


# --- 3. the same figures by GROUP BY over the raw events ---------------------------------

RAW_FIGURES = text("""
WITH added AS (  -- a teacher added twice (a re-sent import) is one teacher: the latest
    SELECT DISTINCT ON (school_id, payload->>'teacher') municipality_id, school_id,
           payload->>'teacher' AS teacher, (payload->>'young_specialist')::boolean AS young
    FROM events WHERE type = 'teacher.added' AND region_id = :region
    ORDER BY school_id, payload->>'teacher', position DESC
), gone AS (
    SELECT DISTINCT school_id, payload->>'teacher' AS teacher
    FROM events WHERE type = 'teacher.left' AND region_id = :region
      AND (payload->>'left_on')::date <= :day
), formed AS (
    SELECT municipality_id, school_id, (payload->>'pair')::int AS pair
    FROM events WHERE type = 'pair.formed' AND region_id = :region
      AND (payload->>'starts_on')::date <= :day
), ended AS (
    SELECT DISTINCT school_id, (payload->>'pair')::int AS pair
    FROM events WHERE region_id = :region AND (type = 'pair.cancelled'
      OR (type = 'pair.finished' AND (payload->>'finished_on')::date <= :day)
      OR (type = 'pair.ended_early' AND (payload->>'ended_on')::date <= :day))
), people AS (
    SELECT a.municipality_id, count(*) AS teachers, count(*) FILTER (WHERE a.young) AS young
    FROM added a WHERE NOT EXISTS (
        SELECT 1 FROM gone g WHERE g.school_id = a.school_id AND g.teacher = a.teacher)
    GROUP BY a.municipality_id
), working AS (
    SELECT f.municipality_id, count(*) AS pairs FROM formed f WHERE NOT EXISTS (
        SELECT 1 FROM ended e WHERE e.school_id = f.school_id AND e.pair = f.pair)
    GROUP BY f.municipality_id
)
SELECT p.municipality_id, p.teachers, p.young, coalesce(w.pairs, 0)
FROM people p LEFT JOIN working w USING (municipality_id)
""")
COMPARED = ("teachers", "young_specialists", "pairs")


def raw_figures(region: Region) -> dict[int, tuple[int, int, int]]:
    rows = db.session.execute(RAW_FIGURES, {"region": region.id, "day": TODAY})
    return {town: (int(t), int(y), int(p)) for town, t, y, p in rows}


def compared(values_of: dict[int, dict]) -> dict[int, tuple[int, int, int]]:
    return {town: tuple(int(values[code].amount) for code in COMPARED)
            for town, values in values_of.items() if any(
                values[code].amount for code in COMPARED if code in values)}


def stored_figures(region: Region) -> dict[int, tuple[int, int, int]]:
    """The three indicators per municipality as the dashboard reads them: the figures the
    catch-up stored (``workers/figures.py``)."""
    from nastavnik.platform.oversight.figures import figures, snapshot

    return compared({row.place.id: row.values for row in figures(region, snapshot()).rows})


def state_figures(region: Region) -> dict[int, tuple[int, int, int]]:
    """The same computed from the state tables, every indicator of every school."""
    from nastavnik.platform.oversight.figures import by_municipality, per_school, snapshot

    return compared(by_municipality(region, per_school(region, snapshot())))


def median_ms(work: Callable[[], object], times: int) -> tuple[float, object]:
    spent, result = [], None
    for _ in range(times):
        started = time.perf_counter()
        result = work()
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent), result


def group_by_comparison(url: str) -> dict[str, float | bool]:
    """The regional figures from the state tables and from the raw log, timed in-process."""
    app = pages.app_for(url)
    with app.app_context(), measured_day():
        region = db.session.scalar(select(Region).where(Region.slug == f"{PREFIX}-region"))
        stored_ms, from_stored = median_ms(lambda: stored_figures(region), 5)
        state_ms, from_state = median_ms(lambda: state_figures(region), 3)
        raw_ms, from_raw = median_ms(lambda: raw_figures(region), 3)
        events = log_size()
        db.session.remove()
        db.engine.dispose()
    return {"events": events, "stored": stored_ms, "state": state_ms, "raw": raw_ms,
            "same": from_stored == from_state == {k: v for k, v in from_raw.items() if any(v)}}


def report_group_by(results: list[dict]) -> None:
    print(f"\nRegional figures ({', '.join(COMPARED)} per municipality, {SCHOOLS:,} schools)"
          f", ms (median, in-process): as the dashboard reads them (stored), every indicator"
          f" computed from the state tables, and GROUP BY over the raw events")
    print(f"{'event log':>14} {'stored':>8} {'state':>8} {'GROUP BY':>10} "
          f"{'GROUP BY/stored':>16} {'same numbers':>13}")
    print("-" * 74)
    for r in results:
        print(f"{r['events']:>14,} {r['stored']:>8.1f} {r['state']:>8.1f} {r['raw']:>10.1f} "
              f"{r['raw'] / r['stored']:>15.0f}× {'yes' if r['same'] else 'NO':>13}",
              flush=True)


# --- 4. the regional report files --------------------------------------------------------

def time_regional_reports(url: str = DATABASE_URL) -> dict[str, float] | None:
    """Seconds to build the regional PDF and XLSX for every school of the region (content
    and rendering, as the RQ job does), or None while the report builders are missing."""
    try:
        from nastavnik.workers.reports import content, pdf, xlsx
    except ImportError:
        return None
    app = pages.app_for(url)
    seconds = {}
    with app.app_context(), measured_day(), app.test_request_context():
        from nastavnik.platform.oversight.figures import snapshot

        region = db.session.scalar(select(Region).where(Region.slug == f"{PREFIX}-region"))
        for name, render in (("PDF", pdf.render), ("XLSX", xlsx.render)):
            started = time.perf_counter()
            render(content.place_report(region, snapshot(), clock.now(), lambda _done: None))
            seconds[name] = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    return seconds


def report_reports(seconds: dict[str, float] | None) -> None:
    print(f"\nRegional report for {SCHOOLS:,} schools")
    if seconds is None:
        print("not measured: nastavnik/workers/reports (content, pdf, xlsx) is not there yet")
        return
    for name, target in (("PDF", 10), ("XLSX", 5)):
        print(f"{name:<5} {seconds[name]:>6.1f} s   target < {target} s: "
              f"{'yes' if seconds[name] < target else 'NO'}", flush=True)


# --- 5. projection lag at a sustained rate -----------------------------------------------

def live_rows(places: list[Place], count: int, seed: int = 31) -> list[dict]:
    """Events of an ordinary school day: a fifth move state (a teacher hired and entered in
    the bank, roadmap work done), the rest the other types; validated, fresh ids."""
    rng = random.Random(seed)
    fillers = filler_samples(places, 1000, seed)
    now, rows = clock.now(), []
    while len(rows) < count:
        place = rng.choice(places)
        if rng.random() < 0.2:
            teacher = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            for kind, payload in (
                    ("teacher.added", {"teacher": teacher, "young_specialist": True,
                                       "age_band": "under_35", "experience_band": "0_3",
                                       "hired_in": YEAR + 1}),
                    ("mentee.entered", {"teacher": teacher, "difficulties": [],
                                        "category": "young_specialist",
                                        "young_specialist": True, "age_band": "under_35",
                                        "experience_band": "0_3"}),
                    ("roadmap.activity_updated", {
                        "activity": "5.1", "academic_year": YEAR, "status": "done",
                        "automatic": False, "completed_on": TODAY.isoformat()})):
                rows.append(row_of(place, kind, *validated(kind, payload), now))
        else:
            rows.append({**rng.choice(fillers), "event_id": uuid.uuid4(), "occurred_at": now})
    return rows[:count]


def write_steadily(url: str, rows: list[dict], results) -> None:
    """The writer (its own process): ``LAG_RATE`` events/s in small commits, each commit's
    event ids with the moment it returned (``perf_counter``: one clock for the machine)."""
    app = pages.app_for(url)
    committed = []
    per_commit = max(1, round(LAG_RATE * LAG_COMMIT_EVERY))
    with app.app_context():
        started = time.perf_counter()
        for n, first in enumerate(range(0, len(rows), per_commit)):
            pause = started + n * LAG_COMMIT_EVERY - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            batch = rows[first:first + per_commit]
            append_batch(db.session, batch)
            db.session.commit()
            committed.append((time.perf_counter(), [str(r["event_id"]) for r in batch]))
        db.session.remove()
        db.engine.dispose()
    results.put(json.dumps(committed))


def lag_under_load(url: str) -> tuple[list[float], float]:
    """Seconds from each event's commit until every projection had passed it."""
    app = pages.app_for(url)
    with app.app_context(), measured_day():
        places = [Place(*row) for row in db.session.execute(
            text("SELECT id, municipality_id, region_id FROM schools WHERE slug LIKE :p"),
            {"p": f"{PREFIX}-s%"})]
        rows = live_rows(places, int(LAG_RATE * LAG_SECONDS))
        db.session.remove()
        db.engine.dispose()
        names = [p.name for p in projections()]
        context = multiprocessing.get_context("fork")
        results = context.Queue()
        writer = context.Process(target=write_steadily, args=(url, rows, results))
        passes: list[tuple[float, int]] = []  # (moment, position all projections passed)
        started = time.perf_counter()
        writer.start()
        committed = None
        while True:
            if committed is None:  # the writer is done once it has sent its commits
                with suppress(queue.Empty):
                    committed = json.loads(results.get_nowait())
            moved = sum(advance(projection) for projection in projections())
            reached = db.session.scalar(
                select(func.min(ProjectionCheckpoint.position))
                .where(ProjectionCheckpoint.name.in_(names)))
            db.session.remove()
            passes.append((time.perf_counter(), reached))
            if committed is not None and not moved:
                break
            if not moved:
                time.sleep(0.02)
        writer.join()
        wall = time.perf_counter() - started
        ids = [i for _at, batch in committed for i in batch]
        position_of = dict(db.session.execute(
            select(Event.event_id, Event.position).where(Event.event_id.in_(
                [uuid.UUID(i) for i in ids]))).all())
        db.session.remove()
        db.engine.dispose()
    lags = []
    for at, batch in committed:
        last = max(position_of[uuid.UUID(i)] for i in batch)
        seen = next(moment for moment, reached in passes if moment >= at and reached >= last)
        lags.extend([seen - at] * len(batch))
    return lags, len(ids) / wall


def report_lag(lags: list[float], rate: float) -> bool:
    q = statistics.quantiles(lags, n=100, method="inclusive")
    print(f"\nProjection lag: {len(lags):,} events written at {rate:.0f} events/s "
          f"(target {LAG_RATE}) while one worker advanced all projections, seconds")
    print(f"{'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    print(f"{q[49]:>7.3f} {q[94]:>7.3f} {q[98]:>7.3f} {max(lags):>7.3f}")
    print(f"p99 < {TARGET_LAG_P99:.0f} s: {'yes' if q[98] < TARGET_LAG_P99 else 'NO'}",
          flush=True)
    return q[98] < TARGET_LAG_P99


# --- the run -----------------------------------------------------------------------------

def main() -> None:
    pages.environment()
    print(f"Region: {SCHOOLS:,} schools in {MUNICIPALITIES} municipalities; logs of "
          f"{BIG_LOG // 10:,} (or the state events, if more) and {BIG_LOG:,} events; "
          f"the clock at {TODAY.isoformat()}", flush=True)
    reuse = bool(os.environ.get("BENCH_REUSE"))
    if not reuse:  # BENCH_REUSE=1: measure the databases made before
        generate()
    else:  # made by an earlier version of the code: bring their schema up to date
        for url in (DATABASE_URL, BIG_DATABASE_URL):
            with pages.app_for(url).app_context():
                upgrade(revision="heads")
                db.engine.dispose()
    vacuum_analyze(DATABASE_URL)
    small = events_in(DATABASE_URL)
    print("catch-up from a cold checkpoint:", flush=True)
    report_catch_up(catch_up_cold(DATABASE_URL), small)
    # The workers' start-up (each builds the application) is inside the time measured.
    spent = catch_up_by_workers(DATABASE_URL, DEPLOYED_WORKERS)
    rate = small / spent
    print(f"all together with {DEPLOYED_WORKERS} workers (as deployed): {spent:.1f} s, "
          f"{rate:,.0f} events/s   target ≥ {TARGET_CATCH_UP:,}: "
          f"{'yes' if rate >= TARGET_CATCH_UP else 'NO'}", flush=True)
    advance_all(DATABASE_URL)  # nothing left to advance: the figures are stored
    # The seal chain is no part of what the dashboards read, and sealing the big copy's
    # filler takes long while the chain is the slowest projection: BENCH_SEAL_BIG=1 does.
    skipped = () if os.environ.get("BENCH_SEAL_BIG") else ("event_seals",)
    big_spent = advance_all(BIG_DATABASE_URL, skipped)
    big = events_in(BIG_DATABASE_URL)
    if not reuse:  # a database made before was projected then
        print(f"the big copy's {big - small:,} further events projected in {big_spent:.0f} s"
              f" ({(big - small) / max(big_spent, 1e-9):,.0f} events/s, all projections"
              f"{' but ' + ', '.join(skipped) if skipped else ''})", flush=True)
    vacuum_analyze(DATABASE_URL)
    vacuum_analyze(BIG_DATABASE_URL)
    report_dashboards(*dashboard_timings(), (small, big))
    report_group_by([group_by_comparison(DATABASE_URL), group_by_comparison(BIG_DATABASE_URL)])
    report_reports(time_regional_reports(BIG_DATABASE_URL))
    report_lag(*lag_under_load(DATABASE_URL))  # the log every projection has caught up


def events_in(url: str) -> int:
    app = pages.app_for(url)
    with app.app_context():
        count = log_size()
        db.engine.dispose()
    return count

