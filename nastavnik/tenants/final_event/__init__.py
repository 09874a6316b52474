"""The final event of the year (roadmap 6.2–6.3): date, format, participants, programme,
nominations; the documents print it and the mentors it singles out."""

from flask import Flask

from nastavnik.platform.scopes import add_school_section
from nastavnik.tenants.final_event import (
    documents,
    events,  # noqa: F401 - registers the event types
    indicators,  # noqa: F401 - declares its indicators
)
from nastavnik.tenants.final_event.permissions import FINAL_EVENT
from nastavnik.tenants.final_event.views import bp

__all__ = ["documents", "init_app"]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    add_school_section("Итоговое мероприятие", "final_event.index", FINAL_EVENT.read, order=60)
