"""The mentee and mentor banks (roadmap stages 2 and 3)."""

from flask import Flask

from nastavnik.platform.events import event_recorded
from nastavnik.platform.scopes import add_school_panel, add_school_section
from nastavnik.tenants.banks import (
    events,  # noqa: F401 - registers the event types
    indicators,  # noqa: F401 - declares its indicators
)
from nastavnik.tenants.banks.permissions import BANKS


def init_app(app: Flask) -> None:
    from nastavnik.tenants.banks.services import on_event_recorded
    from nastavnik.tenants.banks.views import bank_panel, bp, links_bp

    app.register_blueprint(bp)
    app.register_blueprint(links_bp)
    add_school_panel(bank_panel)
    add_school_section("Банки", "banks.index", BANKS.read, order=20)
    # Statuses follow pairs and consents through the log, in the writer's transaction.
    event_recorded.connect(on_event_recorded)
