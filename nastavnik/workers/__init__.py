"""Background work on RQ: queues, jobs, schedules."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Workers add their command-line groups here as they arrive."""
