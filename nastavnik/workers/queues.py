"""Queue names in one place, and the Redis connection every enqueue uses."""

from flask import current_app
from redis import Redis
from rq import Queue

DEFAULT = "default"
PROJECTIONS = "projections"
REPORTS = "reports"
ALL = (PROJECTIONS, REPORTS, DEFAULT)


def redis_connection(url: str | None = None) -> Redis:
    # Short timeouts: a request that nudges a worker must not hang when Redis is away.
    return Redis.from_url(url or current_app.config["REDIS_URL"],
                          socket_connect_timeout=1, socket_timeout=2)


def get_queue(name: str, connection: Redis | None = None) -> Queue:
    return Queue(name, connection=connection or redis_connection())
