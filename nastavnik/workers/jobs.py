"""RQ jobs that advance projections, and the nudge that enqueues them after a commit.

A job runs inside the application, built once per worker process (``worker_app``), not
per job. When the caller already has an application context (a test running a
``SimpleWorker`` in-process), the job uses it.

Nudges are coalesced: one job id per projection with ``unique=True``, so a burst of 1,000
commits queues one job, which reads every event up to the head when it runs. A nudge that
arrives while that job is already running is dropped; the catch-up job that the scheduler
enqueues every few seconds (``scheduler.py``) picks those events up, and also everything
written while Redis was away. Redis being down never fails a request: the events are
safe in the database, and the nudge is only logged as lost.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from flask import Flask, current_app, has_app_context
from redis.exceptions import RedisError
from rq import Retry
from rq.exceptions import DuplicateJobError

from nastavnik.workers.figures import store_figures
from nastavnik.workers.projections import advance, find, projections
from nastavnik.workers.queues import PROJECTIONS, get_queue

logger = logging.getLogger(__name__)
RETRY = Retry(max=3, interval=[1, 5, 15])
FAILURE_TTL = 7 * 24 * 3600  # failed jobs stay visible in the FailedJobRegistry a week


@functools.cache
def worker_app() -> Flask:
    from nastavnik import create_app

    return create_app()


@contextmanager
def app_context() -> Iterator[None]:
    if has_app_context():
        yield
        return
    with worker_app().app_context():
        yield


def advance_projection(name: str) -> int:
    """Job: bring one projection up to the head of the log."""
    with app_context():
        projection = find(name)
        if projection is None:
            raise LookupError(f"unknown projection {name}")
        return advance(projection)


def catch_up() -> dict[str, int]:
    """Job (scheduled): bring every projection up to the head, then keep the dashboards'
    figures at the new position (``workers/figures.py``)."""
    with app_context():
        applied = {projection.name: advance(projection) for projection in projections()}
        store_figures()
        return applied


def advance_job_id(name: str) -> str:
    return f"advance-projection-{name}"


def nudge(_sender=None, **_extra) -> None:
    """``events_committed`` receiver: ask a worker to advance every projection."""
    if not has_app_context():
        return
    try:
        queue = get_queue(PROJECTIONS)
        for projection in projections():
            # A duplicate means one is already waiting; it will read these events too.
            with suppress(DuplicateJobError):
                queue.enqueue(advance_projection, projection.name,
                              job_id=advance_job_id(projection.name), unique=True,
                              result_ttl=0, failure_ttl=FAILURE_TTL, retry=RETRY)
    except RedisError as error:
        logger.warning("Redis unavailable at %s, projections not nudged (catch-up will "
                       "follow): %s", current_app.config["REDIS_URL"], error)
