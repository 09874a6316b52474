"""Monitoring of the quality of mentoring (roadmap 6.1): questionnaires to the mentor and
mentees when a pair's program ends (and mid-way at the curator's wish), answered in the
account or through a personal link; results per pair and school; indicators above."""

from flask import Flask

from nastavnik.platform.events import event_recorded
from nastavnik.platform.scopes import add_school_section
from nastavnik.tenants.monitoring import (
    events,  # noqa: F401 - registers the event types
    indicators,  # noqa: F401 - declares its indicators
)
from nastavnik.tenants.monitoring.permissions import MONITORING


def init_app(app: Flask) -> None:
    from nastavnik.tenants.monitoring.services import on_event_recorded
    from nastavnik.tenants.monitoring.views import bp, links_bp

    app.register_blueprint(bp)
    app.register_blueprint(links_bp)
    add_school_section("Мониторинг", "monitoring.index", MONITORING.read, order=37)
    add_school_section("Мой мониторинг", "monitoring.mine", MONITORING.answer_own, order=38)
    # A finished pair's participants are asked in the same transaction that finished it.
    event_recorded.connect(on_event_recorded)
