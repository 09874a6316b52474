"""RQ wiring: coalesced nudges, the scheduled catch-up, Redis outages, killed workers.

Workers here are real: ``rq worker`` and ``rq cron`` subprocesses against the test
database, or an in-process ``SimpleWorker``. The Redis outage uses a throwaway server on
port 6391, never the shared one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import TEST_DATABASE_URL, TEST_REDIS_URL
from redis import Redis
from redis.exceptions import RedisError
from rq import SimpleWorker
from rq.registry import FailedJobRegistry
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench.generate import event_rows, make_schools
from nastavnik.extensions import db
from nastavnik.platform.aggregates import ProjectionCheckpoint, SchoolYearActivity
from nastavnik.platform.events import Event, append_batch, record
from nastavnik.workers.jobs import advance_job_id, advance_projection, catch_up
from nastavnik.workers.projections import find, projections, status
from nastavnik.workers.queues import PROJECTIONS, get_queue, redis_connection

BIN = Path(sys.executable).parent
ACTIVITY = find("school_year_activity")
NUDGES = sorted(advance_job_id(p.name) for p in projections())
OWN_REDIS_PORT = 6391
OWN_REDIS_PIDFILE = Path(f"/tmp/redis-{OWN_REDIS_PORT}.pid")


@pytest.fixture
def queue():
    connection = redis_connection(TEST_REDIS_URL)
    connection.flushdb()
    yield get_queue(PROJECTIONS, connection)
    connection.flushdb()


class ThrowawayRedis:
    url = f"redis://127.0.0.1:{OWN_REDIS_PORT}/0"

    def start(self) -> None:
        subprocess.run(["redis-server", "--port", str(OWN_REDIS_PORT), "--save", "",
                        "--appendonly", "no", "--daemonize", "yes",
                        "--pidfile", str(OWN_REDIS_PIDFILE)], check=True, capture_output=True)
        for _ in range(50):
            try:
                Redis.from_url(self.url).ping()
                return
            except RedisError:
                time.sleep(0.1)
        raise RuntimeError("throwaway Redis did not start")

    def stop(self) -> None:
        if OWN_REDIS_PIDFILE.exists():
            pid = int(OWN_REDIS_PIDFILE.read_text())
            os.kill(pid, signal.SIGTERM)
            for _ in range(50):
                if not Path(f"/proc/{pid}").exists():
                    break
                time.sleep(0.1)
            OWN_REDIS_PIDFILE.unlink(missing_ok=True)


@pytest.fixture
def own_redis(app, monkeypatch):
    server = ThrowawayRedis()
    server.start()
    monkeypatch.setitem(app.config, "REDIS_URL", server.url)
    yield server
    server.stop()


def rq_process(redis_url: str, *args: str, **env: str) -> subprocess.Popen:
    environment = {**os.environ, "DATABASE_URL": TEST_DATABASE_URL, "REDIS_URL": redis_url,
                   "NASTAVNIK_ENV": "testing", "SECRET_KEY": "test-secret", **env}
    return subprocess.Popen([str(BIN / "rq"), *args, "--url", redis_url],
                            env=environment, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def worker(redis_url: str, *extra: str, **env: str) -> subprocess.Popen:
    return rq_process(redis_url, "worker", "--worker-class", "rq.SimpleWorker", *extra,
                      PROJECTIONS, **env)


def add_events(school, count: int) -> None:
    for _ in range(count):
        record("teacher.added", {"teacher": str(uuid.uuid4()), "young_specialist": True},
               school=school)
        db.session.commit()


def projected_total() -> int:
    db.session.expire_all()
    return int(db.session.scalar(select(func.coalesce(func.sum(SchoolYearActivity.count), 0))))


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_burst_of_commits_queues_one_nudge(make_school, queue):
    add_events(make_school(), 30)
    assert sorted(queue.job_ids) == NUDGES  # one per projection, however many commits
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert projected_total() == 30 and status(ACTIVITY).lag_events == 0
    assert queue.count == 0


def test_writes_succeed_while_redis_is_down_and_projections_catch_up_after(
        make_school, own_redis, caplog):
    school = make_school()
    own_redis.stop()
    add_events(school, 5)  # no exception: the events are safe in the database
    assert db.session.scalar(select(func.count()).select_from(Event)) == 5
    assert "Redis unavailable" in caplog.text

    own_redis.start()
    scheduler = rq_process(own_redis.url, "cron", "nastavnik/workers/schedule.py")
    runner = worker(own_redis.url)
    try:
        assert wait_for(lambda: projected_total() == 5), "the scheduled catch-up never ran"
    finally:
        for process in (scheduler, runner):
            process.terminate()
            process.wait(10)
    assert status(ACTIVITY).lag_events == 0


def test_a_worker_killed_mid_batch_loses_and_repeats_nothing(app, queue):
    places = make_schools(db.session, schools=20, municipalities=2)
    with Session(db.engine) as session:
        append_batch(session, event_rows(places, 12_000, ["teacher.added"]))
        session.commit()
    assert sorted(queue.job_ids) == NUDGES  # the nudges, one per projection

    slow = worker(TEST_REDIS_URL, NASTAVNIK_PROJECTION_BATCH_DELAY="2")

    def checkpoint() -> int:
        db.session.expire_all()
        row = db.session.get(ProjectionCheckpoint, "school_year_activity")
        return row.position if row else 0

    try:
        assert wait_for(lambda: checkpoint() > 0), "the slow worker never finished a batch"
        time.sleep(0.7)  # well inside the second batch's open transaction
    finally:
        slow.send_signal(signal.SIGKILL)
        slow.wait(10)
    assert checkpoint() == 5000 and projected_total() == 5000  # batch two left no trace

    queue.enqueue(catch_up)  # as the cron would, every few seconds
    restarted = worker(TEST_REDIS_URL, "--burst")
    assert restarted.wait(60) == 0
    assert projected_total() == 12_000
    assert status(ACTIVITY).lag_events == 0


def test_failed_jobs_are_kept_and_counted_in_the_status(app, queue):
    queue.enqueue(advance_projection, "no_such_projection")
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert FailedJobRegistry(queue=queue).count == 1
    output = app.test_cli_runner().invoke(args=["projections", "status"]).output
    assert "Упавших задач в очереди «projections»: 1" in output
