"""Mentoring pairs and groups: who mentors whom, in which form, for how long."""

from flask import Flask

from nastavnik.tenants.pairs import events  # noqa: F401 - registers the event types
from nastavnik.tenants.pairs.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
