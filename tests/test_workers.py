"""RQ wiring: coalesced nudges, the scheduled catch-up, Redis outages, killed workers.

Workers here are real: ``rq worker`` and ``flask workers schedule`` subprocesses against
the test database, the scheduler's loop in a thread, or an in-process ``SimpleWorker``.
Redis outages use a throwaway server on a free port, never the shared one.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from conftest import TEST_DATABASE_URL, TEST_REDIS_URL, make_test_app
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
from nastavnik.workers import scheduler
from nastavnik.workers.jobs import advance_job_id, advance_projection, catch_up
from nastavnik.workers.projections import find, projections, status
from nastavnik.workers.projections.engine import BATCH_SIZE
from nastavnik.workers.queues import DEFAULT, PROJECTIONS, get_queue, redis_connection
from nastavnik.workers.scheduler import CATCH_UP_JOB_ID, enqueue_catch_up

BIN = Path(sys.executable).parent
ACTIVITY = find("school_year_activity")
NUDGES = sorted(advance_job_id(p.name) for p in projections())


@pytest.fixture
def queue():
    connection = redis_connection(TEST_REDIS_URL)
    connection.flushdb()
    yield get_queue(PROJECTIONS, connection)
    connection.flushdb()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayRedis:
    """A private ``redis-server`` without persistence: a restart comes back empty."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.pidfile = Path(f"/tmp/nastavnik-test-redis-{self.port}.pid")

    def start(self) -> None:
        subprocess.run(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--daemonize", "yes",
                        "--pidfile", str(self.pidfile)], check=True, capture_output=True)
        for _ in range(50):
            try:
                Redis.from_url(self.url).ping()
                return
            except RedisError:
                time.sleep(0.1)
        raise RuntimeError("throwaway Redis did not start")

    def stop(self) -> None:
        if self.pidfile.exists():
            pid = int(self.pidfile.read_text())
            os.kill(pid, signal.SIGTERM)
            for _ in range(50):
                if not Path(f"/proc/{pid}").exists():
                    break
                time.sleep(0.1)
            self.pidfile.unlink(missing_ok=True)


@pytest.fixture
def own_redis(app, monkeypatch):
    server = ThrowawayRedis()
    server.start()
    monkeypatch.setitem(app.config, "REDIS_URL", server.url)
    yield server
    server.stop()


def environment(redis_url: str, **env: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": TEST_DATABASE_URL, "REDIS_URL": redis_url,
            "NASTAVNIK_ENV": "testing", "SECRET_KEY": "test-secret", **env}


def rq_process(redis_url: str, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "rq"), *args, "--url", redis_url],
                            env=environment(redis_url, **env), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def scheduler_process(redis_url: str) -> tuple[subprocess.Popen, list[str]]:
    """``flask workers schedule`` and the lines of its log, collected as they come."""
    process = subprocess.Popen([str(BIN / "flask"), "--app", "wsgi", "workers", "schedule",
                                "--interval", "0.5"], env=environment(redis_url),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True).start()
    return process, lines


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

    # The scheduler starts while Redis is still away, and must not give up.
    schedule, log = scheduler_process(own_redis.url)
    assert wait_for(lambda: any("Redis unavailable" in line for line in log), 60), log
    time.sleep(1)
    assert schedule.poll() is None, "the scheduler exited while Redis was down"
    own_redis.start()
    runner = worker(own_redis.url)
    try:
        assert wait_for(lambda: projected_total() == 5), "the scheduled catch-up never ran"
    finally:
        runner.terminate()
        runner.wait(10)
        schedule.terminate()  # SIGTERM: the loop ends cleanly
        assert schedule.wait(10) == 0
    assert status(ACTIVITY).lag_events == 0
    assert sum("Redis unavailable" in line for line in log) == 1, log
    assert sum("is back" in line for line in log) == 1, log


def test_a_worker_killed_mid_batch_loses_and_repeats_nothing(app, queue):
    count = BATCH_SIZE * 12 // 5  # two whole batches and part of a third
    places = make_schools(db.session, schools=20, municipalities=2)
    with Session(db.engine) as session:
        append_batch(session, event_rows(places, count, ["teacher.added"]))
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
    # batch two left no trace
    assert checkpoint() == BATCH_SIZE and projected_total() == BATCH_SIZE

    queue.enqueue(catch_up)  # as the cron would, every few seconds
    restarted = worker(TEST_REDIS_URL, "--burst")
    assert restarted.wait(300) == 0  # a liveness guard: catching up 15 more projections
    assert projected_total() == count
    assert status(ACTIVITY).lag_events == 0


def test_failed_jobs_are_kept_and_counted_in_the_status(app, queue):
    queue.enqueue(advance_projection, "no_such_projection")
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert FailedJobRegistry(queue=queue).count == 1
    output = app.test_cli_runner().invoke(args=["projections", "status"]).output
    assert "Упавших задач в очереди «projections»: 1" in output


def run_scheduler(redis_url: str, interval: float) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    loop = threading.Thread(target=scheduler.run, args=(redis_url, stop), daemon=True,
                            kwargs={"interval": interval, "max_backoff": 4 * interval})
    loop.start()
    return loop, stop


def test_the_scheduler_rides_out_a_redis_restart_and_resumes_by_itself(app, own_redis,
                                                                       caplog):
    caplog.set_level(logging.WARNING, logger=scheduler.__name__)
    queue = get_queue(PROJECTIONS, Redis.from_url(own_redis.url))
    loop, stop = run_scheduler(own_redis.url, interval=0.1)
    try:
        assert wait_for(lambda: queue.job_ids == [CATCH_UP_JOB_ID], 10)
        for _ in range(2):  # two outages, each logged once, each followed by a resume
            own_redis.stop()
            time.sleep(1.5)  # a dozen ticks into the outage
            assert loop.is_alive(), "the scheduler died with Redis"
            own_redis.start()  # comes back empty: the queued catch-up was lost
            assert wait_for(lambda: queue.job_ids == [CATCH_UP_JOB_ID], 10), \
                "the scheduler did not enqueue again after Redis came back"
    finally:
        stop.set()
        loop.join(10)
    assert not loop.is_alive()
    messages = [r.getMessage() for r in caplog.records if r.name == scheduler.__name__]
    assert sum("Redis unavailable" in m for m in messages) == 2, messages
    assert sum("is back" in m for m in messages) == 2, messages


def test_ticks_without_a_worker_leave_exactly_one_catch_up(app, queue):
    assert [enqueue_catch_up(queue) for _ in range(20)] == [True] + [False] * 19
    # Two schedulers started by mistake, ticking fast against each other.
    loops = [run_scheduler(TEST_REDIS_URL, interval=0.01) for _ in range(2)]
    time.sleep(1.5)
    for loop, stop in loops:
        stop.set()
        loop.join(10)
    assert queue.job_ids == [CATCH_UP_JOB_ID] and queue.count == 1

    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert queue.count == 0 and queue.connection.exists(f"rq:job:{CATCH_UP_JOB_ID}") == 0
    assert enqueue_catch_up(queue) is True  # the next tick queues the next one


def test_the_daily_job_runs_once_a_day_however_often_the_scheduler_ticks(app, queue,
                                                                          travel_to):
    daily = get_queue(DEFAULT, queue.connection)
    travel_to("2027-09-01")
    scheduler.enqueue_daily_jobs(daily)
    SimpleWorker([daily], connection=queue.connection).work(burst=True)
    for _ in range(3):
        scheduler.enqueue_daily_jobs(daily)
    assert daily.count == 0  # the finished job's id holds the day
    # ...for the whole day, not for RQ's default 500 seconds.
    assert queue.connection.ttl("rq:job:open-roadmaps-20270901") > 23 * 3600
    travel_to("2027-09-02")
    scheduler.enqueue_daily_jobs(daily)
    assert daily.job_ids == ["open-roadmaps-20270902"]


def test_a_failed_catch_up_does_not_block_the_next(app, queue, caplog):
    assert enqueue_catch_up(queue)
    unreachable = make_test_app(
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://postgres@127.0.0.1:1/nastavnik_nowhere")
    with unreachable.app_context():  # the worker runs the job against a database it can't reach
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert FailedJobRegistry(queue=queue).count == 1
    assert enqueue_catch_up(queue) is True, "a failed catch-up blocked its successors"
    assert queue.job_ids == [CATCH_UP_JOB_ID]
    assert "ended as failed" in caplog.text
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert queue.count == 0 and FailedJobRegistry(queue=queue).count == 0
