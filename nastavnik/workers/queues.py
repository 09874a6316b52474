"""Queue names in one place, and the Redis connection every enqueue uses."""

import functools

from flask import current_app
from redis import Redis
from rq import Queue

DEFAULT = "default"
PROJECTIONS = "projections"
REPORTS = "reports"
ALL = (PROJECTIONS, REPORTS, DEFAULT)


def redis_connection(url: str | None = None) -> Redis:
    return _client(url or current_app.config["REDIS_URL"])


@functools.lru_cache(maxsize=16)
def _client(url: str) -> Redis:
    # One client (and connection pool) per URL and process, not a new TCP connection per
    # commit. Short timeouts: a request that nudges a worker must not hang when Redis is away.
    return Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


def get_queue(name: str, connection: Redis | None = None) -> Queue:
    return Queue(name, connection=connection or redis_connection())
