"""The ``rq cron`` configuration: ``rq cron nastavnik/workers/schedule.py --url REDIS_URL``.

The catch-up job runs every few seconds so that a projection moves even when a nudge was
lost (Redis away at commit time, or a nudge dropped while the previous job was running).
"""

from rq import cron

from nastavnik.workers.jobs import FAILURE_TTL, catch_up
from nastavnik.workers.queues import DEFAULT, PROJECTIONS
from nastavnik.workers.yearly import open_roadmaps_of_the_year

CATCH_UP_SECONDS = 5

cron.register(catch_up, PROJECTIONS, interval=CATCH_UP_SECONDS, result_ttl=0,
              failure_ttl=FAILURE_TTL)
# Daily, so 1 September opens every school's roadmap; idempotent on the other days.
cron.register(open_roadmaps_of_the_year, DEFAULT, cron="10 0 * * *",
              failure_ttl=FAILURE_TTL)
