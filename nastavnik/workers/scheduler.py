"""The scheduler: a catch-up job for the projections every few seconds, through outages.

``flask --app wsgi workers schedule`` runs ``run`` until SIGTERM. It replaces ``rq cron``,
which exits when Redis goes away and so left the projections behind until the next write.
Here a lost connection is logged once per outage and retried with a growing pause (up to
``MAX_BACKOFF`` seconds); the loop resumes by itself when Redis is back.

Once a day it also queues the opening of the new academic year's roadmaps
(``workers/yearly.py``), idempotent, so 1 September opens every school's roadmap.

One catch-up at a time: it is enqueued under a fixed job id with ``unique=True``, so while
one waits in the queue (no worker running) or runs, further ticks add nothing. A catch-up
that failed or was abandoned by a killed worker keeps its id in Redis for the failure TTL;
it is logged and removed so that the next one can be queued at once.
"""

from __future__ import annotations

import logging
import re
import threading
from contextlib import suppress

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus

from nastavnik.platform import clock
from nastavnik.workers.jobs import FAILURE_TTL, catch_up
from nastavnik.workers.queues import DEFAULT, PROJECTIONS, get_queue, redis_connection
from nastavnik.workers.yearly import open_roadmaps_of_the_year

logger = logging.getLogger(__name__)

INTERVAL = 5.0
MAX_BACKOFF = 30.0
CATCH_UP_JOB_ID = "scheduled-catch-up"
DAY_SECONDS = 24 * 3600
EXCEPTION_LINE = re.compile(r"^[\w.]+(Error|Exception|Exit|Interrupt)\b")
ENDED = {JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED, JobStatus.FINISHED}


def enqueue_catch_up(queue: Queue) -> bool:
    """Queue one catch-up unless one is already waiting or running; True if queued."""
    for _ in range(2):
        try:
            queue.enqueue(catch_up, job_id=CATCH_UP_JOB_ID, unique=True, result_ttl=0,
                          failure_ttl=FAILURE_TTL)
            return True
        except DuplicateJobError:
            if not _clear_ended(queue):
                return False
    return False


def enqueue_daily_jobs(queue: Queue) -> None:
    """Queue today's yearly-calendar job once: the job id carries the date, and the finished
    job is kept for the day, so its id blocks the ticks that follow (RQ's default of 500 s
    would let a tick every 5 s queue it again some eight minutes later)."""
    with suppress(DuplicateJobError):
        queue.enqueue(open_roadmaps_of_the_year, job_id=f"open-roadmaps-{clock.today():%Y%m%d}",
                      unique=True, result_ttl=DAY_SECONDS, failure_ttl=FAILURE_TTL)


def _clear_ended(queue: Queue) -> bool:
    """Remove the previous catch-up if it has ended; True if the id is free again."""
    try:
        previous = Job.fetch(CATCH_UP_JOB_ID, connection=queue.connection)
    except NoSuchJobError:
        return True  # expired between the enqueue and the look-up
    status = previous.get_status(refresh=False)
    if status not in ENDED:
        return False
    logger.warning("The previous projection catch-up ended as %s (%s); queueing a new one",
                   status.value, _error_line(previous))
    previous.delete()
    return True


def _error_line(job: Job) -> str:
    """The exception line of the job's traceback: one line in the log, not the whole trace."""
    result = job.latest_result()
    lines = (result.exc_string or "").splitlines() if result else []
    errors = [line for line in lines if EXCEPTION_LINE.match(line)]
    return errors[-1] if errors else "no error recorded"


def run(redis_url: str, stop: threading.Event, interval: float = INTERVAL,
        max_backoff: float = MAX_BACKOFF) -> None:
    """Enqueue the catch-up every ``interval`` seconds until ``stop`` is set."""
    connection = redis_connection(redis_url)
    queue, daily = get_queue(PROJECTIONS, connection), get_queue(DEFAULT, connection)
    pause, outage = interval, False
    while not stop.is_set():
        try:
            enqueue_catch_up(queue)
            enqueue_daily_jobs(daily)
        except (RedisConnectionError, RedisTimeoutError) as error:
            if not outage:
                logger.warning("Redis unavailable at %s, the scheduler waits for it: %s",
                               redis_url, error)
            outage = True
            pause = min(pause * 2, max_backoff)
        else:
            if outage:
                logger.warning("Redis at %s is back, the scheduler resumes", redis_url)
            outage, pause = False, interval
        stop.wait(pause)
