"""Personalized mentoring programs (roadmap 5.2): one per pair or group, worked in by the
mentor and the mentee, overseen and approved by the curator, printed as a document."""

from flask import Flask

from nastavnik.platform.events import event_recorded
from nastavnik.platform.scopes import add_school_panel, add_school_section
from nastavnik.tenants.programs import (
    events,  # noqa: F401 - registers the event types
    indicators,  # noqa: F401 - declares its indicators
)
from nastavnik.tenants.programs.permissions import PROGRAMS
from nastavnik.tenants.roadmap.evidence_pages import add_evidence_page


def init_app(app: Flask) -> None:
    from nastavnik.tenants.programs.services import on_event_recorded
    from nastavnik.tenants.programs.views import bp, own_programs_panel

    app.register_blueprint(bp)
    add_school_panel(own_programs_panel)
    add_school_section("Программы", "programs.index", PROGRAMS.read, order=32)
    add_school_section("Моя программа", "programs.mine", PROGRAMS.work, order=35)
    # A formed pair gets its draft program in the same transaction, however it was formed.
    event_recorded.connect(on_event_recorded)
    add_evidence_page("program.approved", "Персонализированные программы пар и групп",
                      "programs.index", PROGRAMS.read)
